"""The web playground in a real browser: `aural serve` as its own process, an account made by the CLI,
Debian's headless Chromium driven by Playwright, a clip the test makes (a siren under espeak-ng speech).

Screenshots go to $AURAL_ARTIFACTS (default: a folder under the system temp dir), never into git.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path
from typing import Iterator

import httpx
import numpy as np
import pytest

from aural.api.routes.playground import STATIC_DIR
from aural.demo import DEMO_SENTENCE, siren

from api_server import cli, start_server, stop_server
from audio_tools import SR, write_wav

CHROMIUM = os.environ.get("AURAL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
PRICE_USD = 0.000648
SPEECH_START_S = 1.0
CLIP_S = 12.0

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is needed for the test clip"),
]


def artifacts_dir() -> Path:
    d = Path(os.environ.get("AURAL_ARTIFACTS") or Path(tempfile.gettempdir()) / "aural-artifacts") / "playground"
    d.mkdir(parents=True, exist_ok=True)
    return d


def make_clip(d: Path) -> tuple[Path, float]:
    """12 s: a siren throughout, a spoken sentence from 1 s. Returns the path and where speech ends."""
    subprocess.run(["espeak-ng", "-v", "en", "-s", "150", "-w", str(d / "speech.wav"), DEMO_SENTENCE],
                   check=True, capture_output=True, timeout=30)
    with wave.open(str(d / "speech.wav")) as w:
        rate = w.getframerate()
        speech = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
    if rate != SR:
        speech = np.interp(np.arange(int(len(speech) * SR / rate)) * rate / SR, np.arange(len(speech)), speech)
    voiced = np.flatnonzero(np.abs(speech) > 0.02)
    speech = speech[voiced[0]: voiced[-1] + 1]
    mix = 0.12 * siren(CLIP_S)
    start = int(SPEECH_START_S * SR)
    mix[start: start + len(speech)] += 0.9 * speech
    return write_wav(d / "siren-under-speech.wav", mix), SPEECH_START_S + len(speech) / SR


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    d = tmp_path_factory.mktemp("playground")
    env = {**os.environ, "AURAL_DATABASE_URL": f"sqlite:///{d / 'aural.db'}", "AURAL_PRELOAD_MODELS": "0",
           "AURAL_RATE_LIMIT_PER_MINUTE": "0"}
    proc, base = start_server(env)
    try:
        yield {"env": env, "dir": d, "base": base}
    finally:
        log = stop_server(proc)
        assert "aural_sk_" not in log  # keys never reach the server's log


def test_page_is_served_offline_at_root_and_playground(served: dict) -> None:
    for path in ("/", "/playground"):
        r = httpx.get(served["base"] + path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert "http://" not in r.text and "https://" not in r.text  # nothing fetched from outside
    assert '<script type="module" src="/playground/static/main.js">' in r.text
    cfg = httpx.get(served["base"] + "/playground/config").json()
    assert cfg["max_upload_bytes"] == 25 * 1024 * 1024
    assert cfg["too_large_message"] == "the file is larger than the 25 MB limit"
    assert cfg["too_large_error"] == {"status": 413, "code": "invalid_request",
                                      "message": "the file is larger than the 25 MB limit"}
    assert "/playground" not in httpx.get(served["base"] + "/openapi.json").text


def test_every_module_is_served_as_javascript(served: dict) -> None:
    """The modules main.js reaches by its imports, each served with a JavaScript type (browsers refuse a
    module script otherwise), each a file of the package, none of them long."""
    seen: set[str] = set()
    todo = ["main.js"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        r = httpx.get(f"{served['base']}/playground/static/{name}")
        assert r.status_code == 200, name
        assert r.headers["content-type"].split(";")[0] in ("text/javascript", "application/javascript"), name
        assert len(r.text.splitlines()) <= 250, f"{name} has grown past 250 lines"
        todo += re.findall(r'^import [^;]*? from "\./([\w-]+\.js)";', r.text, re.M)
    shipped = {p.name for p in STATIC_DIR.glob("*.js")}
    assert seen == shipped, (seen, shipped)  # no module left unreached, none missing
    assert {"state.js", "api.js", "recorder.js", "timeline.js", "curves.js", "playback.js", "format.js"} <= seen


def _spans(page, lane: str, label: str) -> list[tuple[float, float]]:
    loc = page.locator(f'[data-lane="{lane}"] button.span[data-label="{label}"]')
    return [(float(s), float(e)) for s, e in loc.evaluate_all(
        "els => els.map(b => [b.dataset.start, b.dataset.end])")]


def _span_geometry_s(page, lane: str, label: str, duration: float) -> float:
    """Where the first span of a lane row is drawn, converted back to seconds from its pixel offset."""
    span = page.locator(f'[data-lane="{lane}"] button.span[data-label="{label}"]').first
    box = span.bounding_box()
    track = span.locator("xpath=..").bounding_box()
    assert box and track
    return (box["x"] - track["x"]) / track["width"] * duration


def test_playground_end_to_end_in_chromium(served: dict) -> None:
    base, env, d = served["base"], served["env"], served["dir"]
    key = cli(env, "accounts", "create", "playground", "--credits-usd", "1")["api_key"]
    clip, speech_end = make_clip(d)
    big = d / "too-big.wav"
    with open(big, "wb") as f:
        f.truncate(25 * 1024 * 1024 + 1)
    shots = artifacts_dir()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 900}, color_scheme="light")
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            # A module that fails to load, link or run shows up here (and the page never gets ready).
            page_errors: list[str] = []
            console_errors: list[tuple[str, str]] = []
            page.on("pageerror", lambda e: page_errors.append(str(e)))
            page.on("console", lambda m: console_errors.append((m.text, m.location.get("url", "")))
                    if m.type == "error" else None)
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready='1']")
            assert page.evaluate("document.querySelectorAll('#examples button.example').length") == 4
            options = page.locator("#model option").all_inner_texts()
            assert any(o.startswith("audio-understand") and "$0.000648/min" in o for o in options), options

            # The key is kept in local storage, and the clip's duration and size show before sending.
            page.fill("#key", key)
            assert page.evaluate("localStorage.getItem('aural.apiKey')") == key
            page.set_input_files("#file", str(clip))
            page.wait_for_selector("#clip-info[data-duration]")
            info = page.locator("#clip-info")
            assert abs(float(info.get_attribute("data-duration") or 0) - CLIP_S) < 0.05
            assert "12.00 s" in info.inner_text() and "KB" in info.inner_text()
            page.get_by_role("button", name="Is there a siren, and what language is spoken?").click()
            assert page.input_value("#question") == "Is there a siren, and what language is spoken?"
            page.click("#send")
            page.wait_for_selector("#answer:visible, #error:visible", timeout=120_000)
            assert page.is_hidden("#error"), page.inner_text("#error")
            assert "siren" in page.inner_text("#answer").lower()

            # The billing block: the decoded duration went as duration_sec, so 1 minute at the list price.
            billing = {k: page.inner_text(f'#billing [data-k="{k}"] dd') for k in
                       ("model", "duration_source", "billable_minutes", "cost_usd", "balance_usd")}
            assert billing == {"model": "aural-listen-1", "duration_source": "caller_hint", "billable_minutes": "1",
                               "cost_usd": f"${PRICE_USD:.6f}", "balance_usd": f"${1 - PRICE_USD:.6f}"}, billing

            # The evidence lanes: a siren over the clip, speech from 1 s to where the sentence ends.
            page.wait_for_selector('[data-lane="events"] button.span')
            sirens = _spans(page, "events", "Siren")
            assert sirens, page.inner_text("#lanes")
            assert min(s for s, _ in sirens) <= 1.0 and max(e for _, e in sirens) >= CLIP_S - 1.0, sirens
            speech = _spans(page, "speech", "Speech")
            assert speech, page.inner_text("#lanes")
            assert abs(min(s for s, _ in speech) - SPEECH_START_S) <= 1.0, speech
            assert abs(max(e for _, e in speech) - speech_end) <= 1.0, (speech, speech_end)
            assert abs(_span_geometry_s(page, "events", "Siren", CLIP_S) - min(s for s, _ in sirens)) <= 1.0
            assert abs(_span_geometry_s(page, "speech", "Speech", CLIP_S) - min(s for s, _ in speech)) <= 1.0
            assert page.locator('[data-lane="speech"] button.span[data-label="Transcript"]').count() >= 1
            assert page.locator('[data-lane="music"]').count() == 1
            assert page.locator('[data-lane="voice"] canvas.curve').count() == 2

            # Click a span to play it; keyboard works on spans as well (they are buttons).
            page.locator('[data-lane="events"] button.span[data-label="Siren"]').first.click()
            assert page.inner_text("#playing").startswith("Playing Siren")
            page.keyboard.press("Escape")
            assert page.inner_text("#playing") == ""
            page.locator('[data-lane="speech"] button.span[data-label="Speech"]').first.focus()
            page.keyboard.press("Enter")
            assert page.inner_text("#playing").startswith("Playing Speech")
            page.keyboard.press("Escape")

            # Copy as curl / Python (httpx): the request just made, the key masked.
            page.click("#copy-curl")
            curl = page.input_value("#snippet")
            assert "curl -X POST " + base + "/v1/audio/understand" in curl and "$AURAL_API_KEY" in curl
            assert "--form-string 'question=Is there a siren, and what language is spoken?'" in curl
            assert "--form-string 'include_evidence=true'" in curl and "duration_sec=12.000" in curl
            page.click("#copy-python")
            python = page.input_value("#snippet")
            assert "httpx.post(" in python and '"duration_sec": "12.000"' in python
            assert key not in curl and key not in python
            compile(python, "snippet.py", "exec")
            page.screenshot(path=str(shots / "result-light-1100.png"), full_page=True)

            # The same page at 375 px wide, in dark mode.
            page.set_viewport_size({"width": 375, "height": 812})
            page.emulate_media(color_scheme="dark")
            page.wait_for_timeout(300)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            page.screenshot(path=str(shots / "result-dark-375.png"), full_page=True)
            page.set_viewport_size({"width": 1100, "height": 900})
            page.emulate_media(color_scheme="light")

            # A wrong key: the 401 with its code and the server's own message (the page keeps no copy of it).
            page.fill("#key", "aural_sk_not_a_real_key")
            page.click("#send")
            error = page.locator("#error")
            error.wait_for(state="visible", timeout=60_000)
            assert error.get_attribute("data-status") == "401" and error.get_attribute("data-code") == "auth_error"
            wrong = httpx.post(base + "/v1/audio/understand", headers={"Authorization": "Bearer aural_sk_not_a_real_key"},
                               files={"file": ("a.wav", clip.read_bytes(), "audio/wav")}, data={"question": "?"})
            assert wrong.status_code == 401
            text = error.inner_text()
            assert text.startswith("401 auth_error") and wrong.json()["error"]["message"] in text, text
            page.screenshot(path=str(shots / "error-401.png"))

            # Over 25 MB: refused in the page with the API's 413 words; nothing is uploaded.
            sent = sum(1 for u in requests if u.endswith("/v1/audio/understand"))
            page.set_input_files("#file", str(big))
            clip_error = page.locator("#clip-error")
            clip_error.wait_for(state="visible")
            assert clip_error.get_attribute("data-status") == "413"
            assert "the file is larger than the 25 MB limit" in clip_error.inner_text()
            assert page.is_disabled("#send")
            page.locator("#ask").evaluate("f => f.requestSubmit()")
            page.wait_for_timeout(200)
            assert sum(1 for u in requests if u.endswith("/v1/audio/understand")) == sent
            clip_error.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "refused-413.png"))

            # An empty question is refused in the page, in its own words, before anything is sent.
            page.set_input_files("#file", str(clip))
            page.wait_for_selector("#clip-info[data-duration]")
            page.fill("#question", "  ")
            sent = sum(1 for u in requests if u.endswith("/v1/audio/understand"))
            page.click("#send")
            error.wait_for(state="visible")
            assert error.get_attribute("data-code") == "no_question" and "Type a question" in error.inner_text()
            assert sum(1 for u in requests if u.endswith("/v1/audio/understand")) == sent

            # Offline: every request the page made went to this server.
            assert requests and all(u.startswith(base) or u.startswith("data:") for u in requests), requests
            # Nothing went wrong in the page: no uncaught error, and no console error but the browser's
            # own line for the 401 it was made to get.
            assert not page_errors, page_errors
            unexpected = [(t, u) for t, u in console_errors
                          if not (u.endswith("/v1/audio/understand") and "401" in t)]
            assert not unexpected, console_errors
        finally:
            browser.close()
