"""Black-box: `aural serve` as its own process (two workers), an account made by the CLI, and the
spec's own curl examples run unchanged against it."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import httpx
import numpy as np
import pytest

from aural.demo import siren

from api_server import cli, start_server, stop_server as stop
from audio_tools import ffmpeg_encode, write_wav

PRICE = 648
pytestmark = pytest.mark.skipif(shutil.which("curl") is None or shutil.which("espeak-ng") is None,
                                reason="curl and espeak-ng are needed")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    d = tmp_path_factory.mktemp("blackbox")
    env = {**os.environ, "AURAL_DATABASE_URL": f"sqlite:///{d / 'aural.db'}", "AURAL_PRELOAD_MODELS": "0",
           "AURAL_RATE_LIMIT_PER_MINUTE": "0"}
    # The spec's clips: a scene (music-like tones under a siren), a call recording, a music clip.
    scene = 0.25 * siren(8.0)
    scene[: len(scene) // 2] *= 0.2
    write_wav(d / "scene.wav", scene)
    ffmpeg_encode(d / "scene.wav", d / "scene.mp3")
    subprocess.run(["espeak-ng", "-v", "en", "-w", str(d / "call.wav"),
                    "I have been waiting for an hour and nobody has called me back. This is not acceptable."],
                   check=True)
    ffmpeg_encode(d / "call.wav", d / "call-recording.mp3")
    t = np.arange(6 * 16000) / 16000
    chord = sum(np.sin(2 * np.pi * f * t) for f in (261.6, 329.6, 392.0)) * 0.15
    write_wav(d / "clip.wav", chord * (0.6 + 0.4 * (np.sin(2 * np.pi * 2 * t) > 0)))
    ffmpeg_encode(d / "clip.wav", d / "clip.mp3")
    proc, base = start_server(env, workers=2)
    try:
        yield {"env": env, "dir": d, "base": base}
    finally:
        log = stop(proc)
        assert "aural_sk_" not in log  # keys never reach the logs


SPEC_EXAMPLES = [
    ("scene.mp3", '''curl -s -X POST $BASE/v1/audio/understand -H "Authorization: Bearer $KEY" \\
  -F "file=@scene.mp3" -F "model=audio-understand" \\
  -F "question=Describe the mood, dominant instruments, tempo, and any background sounds."''', None),
    ("call-recording.mp3", '''curl -s -X POST $BASE/v1/audio/understand -H "Authorization: Bearer $KEY" -F "file=@call-recording.mp3" \\
  -F "question=Is the speaker frustrated, neutral, or pleased? One word, then a one-sentence justification."''', None),
    ("clip.mp3", '''DURATION=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 clip.mp3 | awk '{ printf "%d", ($1 + 1) }')
curl -s -X POST $BASE/v1/audio/understand -H "Authorization: Bearer $KEY" -F "file=@clip.mp3" -F "question=What style of music is this?" -F "duration_sec=$DURATION"''', 7),
]


def test_spec_curl_examples_work_unchanged_and_bill_exactly(served: dict) -> None:
    account = cli(served["env"], "accounts", "create", "spec", "--credits-usd", "1")
    assert account["balance_usd"] == 1.0 and account["api_key"].startswith("aural_sk_")
    expected = 1_000_000
    for name, script, hinted in SPEC_EXAMPLES:
        env = {**served["env"], "BASE": served["base"], "KEY": account["api_key"]}
        out = subprocess.run(["bash", "-c", script], cwd=served["dir"], env=env, capture_output=True, text=True,
                             timeout=300)
        body = json.loads(out.stdout)
        assert body["model"] == "aural-listen-1" and body["answer"], body
        billing = body["billing"]
        if hinted:
            assert billing["duration_source"] == "caller_hint" and billing["duration_sec"] == hinted
            minutes = 1
        else:
            size = (served["dir"] / name).stat().st_size
            assert billing["duration_source"] == "size_estimate"
            minutes = max(1, math.ceil(size * 8 / 32000 / 60))
        expected -= minutes * PRICE
        assert billing["billable_minutes"] == minutes and billing["cost_usd"] == minutes * PRICE / 1e6
        assert billing["balance_usd"] == expected / 1e6
    usage = cli(served["env"], "usage", "spec")
    assert len(usage) == 3 and sum(round(r["cost_usd"] * 1e6) for r in usage) == 1_000_000 - expected


def test_error_table_rows_black_box(served: dict) -> None:
    env, base, d = served["env"], served["base"], served["dir"]
    ok = cli(env, "accounts", "create", "rows", "--credits-usd", "0.01")
    key = ok["api_key"]
    files = {"file": ("clip.mp3", (d / "clip.mp3").read_bytes(), "audio/mpeg")}

    def call(k: str | None, data: dict, f: dict | None = files) -> httpx.Response:
        headers = {"Authorization": f"Bearer {k}"} if k else {}
        return httpx.post(base + "/v1/audio/understand", headers=headers, files=f, data=data, timeout=120)

    rows = [
        (call(key, {"question": "q"}, None), 400, "invalid_request"),
        (call(key, {}), 400, "invalid_request"),
        (call(key, {"question": "q", "model": "gpt-4o-mini"}), 400, "not_an_audio_model"),
        (call(None, {"question": "q"}), 401, "auth_error"),
        (call(key, {"question": "q"}, {"file": ("big.mp3", b"\0" * (26 * 1024 * 1024), "audio/mpeg")}),
         413, "invalid_request"),
    ]
    broke = cli(env, "accounts", "create", "broke")["api_key"]
    rows.append((call(broke, {"question": "q"}), 402, "billing_error"))
    gated = cli(env, "accounts", "create", "gated", "--credits-usd", "1", "--audio-disabled")["api_key"]
    rows.append((call(gated, {"question": "q"}), 404, "not_enabled"))
    for response, status, code in rows:
        assert response.status_code == status and response.json()["error"]["code"] == code, response.text
    revoked = cli(env, "keys", "create", "rows")
    cli(env, "keys", "revoke", revoked["key_id"])
    assert call(revoked["secret"], {"question": "q"}).status_code == 401
    balances = {a["name"]: a["balance_usd"] for a in cli(env, "accounts", "list")}
    assert balances["rows"] == 0.01 and balances["broke"] == 0.0 and balances["gated"] == 1.0


def test_fifty_concurrent_requests_over_two_workers_never_overdraw(served: dict) -> None:
    env, base, d = served["env"], served["base"], served["dir"]
    key = cli(env, "accounts", "create", "ten", "--credits-usd", str(10 * PRICE / 1e6))["api_key"]
    data = (d / "scene.mp3").read_bytes()

    def one(_: int) -> int:
        return httpx.post(base + "/v1/audio/understand", headers={"Authorization": f"Bearer {key}"},
                          files={"file": ("s.mp3", data, "audio/mpeg")},
                          data={"question": "Any sirens?", "duration_sec": "3"}, timeout=300).status_code

    with ThreadPoolExecutor(50) as pool:
        codes = list(pool.map(one, range(50)))
    assert codes.count(200) == 10 and codes.count(402) == 40
    accounts = {a["name"]: a for a in cli(env, "accounts", "list")}
    assert accounts["ten"]["balance_usd"] == 0.0
    assert len(cli(env, "usage", "ten")) == 10


def test_a_failing_model_is_502_and_charges_nothing(served: dict, tmp_path: Path) -> None:
    # A server whose model cache cannot be written cannot load YAMNet: the provider fails for real.
    env = {**served["env"], "AURAL_CACHE_DIR": "/dev/null/cache"}
    key = cli(env, "accounts", "create", "unlucky", "--credits-usd", "1")["api_key"]
    proc, base = start_server(env, workers=1)
    try:
        r = httpx.post(base + "/v1/audio/understand", headers={"Authorization": f"Bearer {key}"},
                       files={"file": ("c.mp3", (served["dir"] / "clip.mp3").read_bytes(), "audio/mpeg")},
                       data={"question": "q"}, timeout=60)
    finally:
        stop(proc)
    assert r.status_code == 502 and r.json()["error"]["code"] == "provider_error", r.text
    assert {a["name"]: a for a in cli(env, "accounts", "list")}["unlucky"]["balance_usd"] == 1.0
