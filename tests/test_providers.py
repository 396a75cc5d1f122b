"""Remote providers through their real SDKs, pointed at fake upstreams on loopback (tests/upstreams.py):
what is sent (audio bytes and MIME type, question, model, key), and what comes back (answers, 4xx/5xx,
429 with retry, timeouts, malformed replies, an open circuit); then the API and the CLI with
AURAL_CATALOG naming an OpenAI-compatible SKU: upstream answer, exact billing, 502 and no charge."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
import uuid
from typing import Iterator

import httpx
import numpy as np
import pytest

from aural.audio.decode import Clip, decode_bytes
from aural.billing.pricing import usd_to_micros
from aural.catalog import Sku
from aural.errors import ProviderError
from aural.providers.evidence_llm import EvidenceLLMProvider, check_answer
from aural.providers.gemini import GeminiProvider
from aural.providers.http import CircuitBreaker, breaker_for
from aural.providers.openai_audio import OpenAIAudioProvider
from aural.providers.openai_compat import OpenAICompatibleProvider
from aural.providers.transcode import encode

from api_server import funded_ledger, running_server
from audio_tools import tone, write_wav
from upstreams import FakeUpstream, Reply, fake_upstream

OPENAI_KEY = "sk-test-0123456789abcdefSECRET"
GEMINI_KEY = "AIzaSyTEST-0123456789abcdefSECRET"


@pytest.fixture(autouse=True)
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_OPENAI_KEY", OPENAI_KEY)
    monkeypatch.setenv("TEST_GEMINI_KEY", GEMINI_KEY)


@pytest.fixture(scope="module")
def clip() -> Clip:
    t = np.arange(16000) / 16000
    return Clip((0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), "wav", "pcm_s16le", 16000, 1)


@pytest.fixture
def openai_up() -> Iterator[FakeUpstream]:
    with fake_upstream("openai") as up:
        yield up


@pytest.fixture
def gemini_up() -> Iterator[FakeUpstream]:
    with fake_upstream("gemini") as up:
        yield up


def sku(up: FakeUpstream, provider: str, **kw: object) -> Sku:
    model = {"gemini": "gemini-2.5-flash", "openai": "gpt-4o-audio-preview"}.get(provider, "qwen2-audio-7b-instruct")
    key_env = {"gemini": "TEST_GEMINI_KEY", "openai": "TEST_OPENAI_KEY"}.get(provider)
    fields = dict(upstream_model=model, base_url=up.base_url, api_key_env=key_env, timeout_s=5.0,
                  audio_format="mp3" if provider == "gemini" else "wav", breaker_failures=50)
    fields.update(kw)
    return Sku(f"test-{provider}", "understand", provider, 1000, **fields)  # type: ignore[arg-type]


def no_secret(message: str) -> None:
    assert OPENAI_KEY not in message and GEMINI_KEY not in message and "SECRET" not in message
    assert "nothing was charged" in message


# ---------------------------------------------------------------- transcoding

@pytest.mark.parametrize("fmt,mime", [("wav", "audio/wav"), ("mp3", "audio/mp3"), ("flac", "audio/flac")])
def test_transcode_round_trips(clip: Clip, fmt: str, mime: str) -> None:
    data, got = encode(clip, fmt)
    assert got == mime
    back = decode_bytes(data)
    assert back.duration_s == pytest.approx(1.0, abs=0.08)
    if fmt != "mp3":
        assert np.abs(back.samples - clip.samples).max() < 1e-3


# ---------------------------------------------------------------- OpenAI and OpenAI-compatible

def test_openai_sends_audio_question_model_and_key(openai_up: FakeUpstream, clip: Clip) -> None:
    answer = OpenAIAudioProvider(sku(openai_up, "openai")).understand(clip, "What do you hear?")
    assert answer.text == openai_up.answer
    (req,) = openai_up.requests
    assert req.path == "/v1/chat/completions" and req.headers["authorization"] == f"Bearer {OPENAI_KEY}"
    body = req.json()
    assert body["model"] == "gpt-4o-audio-preview" and body["max_completion_tokens"] == 1024
    text, audio = body["messages"][0]["content"]
    assert text == {"type": "text", "text": "What do you hear?"}
    assert audio["type"] == "input_audio" and audio["input_audio"]["format"] == "wav"
    wav = base64.b64decode(audio["input_audio"]["data"])
    assert wav[:4] == b"RIFF" and wav == encode(clip, "wav")[0]


def test_openai_compatible_without_a_key_sends_mp3_when_asked(openai_up: FakeUpstream, clip: Clip) -> None:
    provider = OpenAICompatibleProvider(sku(openai_up, "openai-compatible", audio_format="mp3"))
    assert provider.understand(clip, "Describe it.").text == openai_up.answer
    body = openai_up.requests[0].json()
    assert body["model"] == "qwen2-audio-7b-instruct" and body["max_tokens"] == 1024
    audio = body["messages"][0]["content"][1]["input_audio"]
    assert audio["format"] == "mp3" and decode_bytes(base64.b64decode(audio["data"])).duration_s > 0.9
    assert OPENAI_KEY not in openai_up.requests[0].headers.get("authorization", "")


def test_429_and_5xx_are_retried_with_backoff(openai_up: FakeUpstream, clip: Clip) -> None:
    openai_up.queue(openai_up.error(429, "slow down", retry_after="0.2"), openai_up.error(503))
    t0 = time.monotonic()
    assert OpenAIAudioProvider(sku(openai_up, "openai")).understand(clip, "q").text == openai_up.answer
    assert len(openai_up.calls("chat/completions")) == 3 and time.monotonic() - t0 >= 0.2


def test_retries_are_bounded_and_the_error_is_useful(openai_up: FakeUpstream, clip: Clip) -> None:
    openai_up.queue(*[openai_up.error(500, "model crashed") for _ in range(5)])
    with pytest.raises(ProviderError) as info:
        OpenAIAudioProvider(sku(openai_up, "openai", max_retries=1)).understand(clip, "q")
    assert len(openai_up.calls("chat/completions")) == 2
    msg = info.value.message
    assert "HTTP 500 after 2 attempts" in msg and "model crashed" in msg and "gpt-4o-audio-preview" in msg
    no_secret(msg)


def test_a_4xx_is_not_retried_and_the_key_never_leaks(openai_up: FakeUpstream, clip: Clip,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    openai_up.queue(openai_up.error(401, f"Incorrect API key provided: {OPENAI_KEY}"))
    with pytest.raises(ProviderError) as info:
        OpenAIAudioProvider(sku(openai_up, "openai")).understand(clip, "q")
    assert len(openai_up.requests) == 1 and "HTTP 401" in info.value.message
    no_secret(info.value.message)
    assert OPENAI_KEY not in caplog.text


def test_a_hang_past_the_timeout_fails_in_time(openai_up: FakeUpstream, clip: Clip) -> None:
    openai_up.queue(Reply(hang_s=20))
    t0 = time.monotonic()
    with pytest.raises(ProviderError, match=r"did not answer within 1\.5 s"):
        OpenAIAudioProvider(sku(openai_up, "openai", timeout_s=1.5)).understand(clip, "q")
    assert time.monotonic() - t0 < 8  # the upstream hangs for 20 s; slack for a loaded machine


@pytest.mark.parametrize("reply", ["garbage", Reply(body={"id": "x", "choices": []}),
                                   Reply(body={"choices": [{"index": 0, "message": {"role": "assistant",
                                                                                     "content": None}}]})])
def test_malformed_replies(openai_up: FakeUpstream, clip: Clip, reply: Reply | str) -> None:
    openai_up.queue(reply)
    with pytest.raises(ProviderError, match="malformed reply") as info:
        OpenAIAudioProvider(sku(openai_up, "openai")).understand(clip, "q")
    no_secret(info.value.message)


def test_the_circuit_opens_after_repeated_failures(clip: Clip) -> None:
    with fake_upstream("openai") as up:
        provider = OpenAIAudioProvider(sku(up, "openai", max_retries=0, breaker_failures=2, breaker_reset_s=60))
        up.queue(up.error(502), up.error(502))
        for _ in range(2):
            with pytest.raises(ProviderError, match="HTTP 502"):
                provider.understand(clip, "q")
        with pytest.raises(ProviderError, match="circuit open"):
            provider.understand(clip, "q")
        assert len(up.requests) == 2  # the open circuit never called the upstream


def test_a_breaker_keeps_the_settings_of_the_sku_that_asked_for_it() -> None:
    # Two SKUs on one upstream with different settings (or a later SKU on a port an earlier one used): each
    # gets a breaker with its own threshold, so the stricter one still opens after its own count.
    key = ("openai", f"http://127.0.0.1:1/{uuid.uuid4().hex}")
    lax, strict = breaker_for(key, 50, 60.0), breaker_for(key, 2, 60.0)
    assert (lax.threshold, strict.threshold) == (50, 2) and breaker_for(key, 2, 60.0) is strict
    lax.failure()
    strict.failure()
    strict.failure()
    assert (lax.state, strict.state) == ("closed", "open")


def test_breaker_half_opens_after_the_reset_time() -> None:
    now = [0.0]
    b = CircuitBreaker(threshold=1, reset_s=10, clock=lambda: now[0])
    b.failure()
    assert b.before_call() == pytest.approx(10)
    now[0] = 11
    assert b.before_call() is None and b.before_call() is not None  # one trial at a time
    b.failure()
    assert b.state == "open"
    now[0] = 22
    assert b.before_call() is None
    b.success()
    assert b.state == "closed"


def test_a_missing_key_is_a_clear_error(openai_up: FakeUpstream, clip: Clip, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_OPENAI_KEY")
    with pytest.raises(ProviderError, match=r"set the API key in \$TEST_OPENAI_KEY"):
        OpenAIAudioProvider(sku(openai_up, "openai")).understand(clip, "q")
    assert not openai_up.requests


# ---------------------------------------------------------------- Gemini

def test_gemini_inline_audio(gemini_up: FakeUpstream, clip: Clip) -> None:
    answer = GeminiProvider(sku(gemini_up, "gemini")).understand(clip, "What is the mood?")
    assert answer.text == gemini_up.answer
    (req,) = gemini_up.requests
    assert req.path == "/v1beta/models/gemini-2.5-flash:generateContent"
    assert req.headers["x-goog-api-key"] == GEMINI_KEY
    parts = req.json()["contents"][0]["parts"]
    assert parts[0] == {"text": "What is the mood?"}
    inline = parts[1]["inlineData"]
    assert (inline.get("mimeType") or inline.get("mime_type")) == "audio/mp3"  # proto JSON takes either spelling
    data = inline["data"]  # the SDK sends URL-safe base64 without padding; the API takes both alphabets
    assert base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)) == encode(clip, "mp3")[0]


def test_gemini_large_audio_goes_through_the_files_api(gemini_up: FakeUpstream, clip: Clip) -> None:
    gemini_up.file_states = ["PROCESSING", "ACTIVE"]
    provider = GeminiProvider(sku(gemini_up, "gemini", inline_max_bytes=1000, audio_format="wav"))
    assert provider.understand(clip, "Any speech?").text == gemini_up.answer
    start, upload = gemini_up.calls("/upload/v1beta/files")
    assert start.headers["x-goog-upload-protocol"] == "resumable" and start.headers["x-goog-upload-command"] == "start"
    assert start.headers["x-goog-upload-header-content-type"] == "audio/wav"
    assert start.headers["x-goog-api-key"] == GEMINI_KEY
    assert upload.headers["x-goog-upload-command"] == "upload, finalize" and upload.body == encode(clip, "wav")[0]
    (gen,) = gemini_up.calls(":generateContent")
    parts = gen.json()["contents"][0]["parts"]
    file_part = parts[1]["fileData"]
    uri = file_part.get("fileUri") or file_part.get("file_uri")
    assert uri and uri.endswith("/v1beta/files/" + next(iter(gemini_up.files)))
    assert parts[0] == {"text": "Any speech?"}
    assert any(r.method == "DELETE" for r in gemini_up.requests)  # the upload is cleaned up
    assert all(f.get("deleted") for f in gemini_up.files.values())


def test_gemini_errors_retries_and_malformed(gemini_up: FakeUpstream, clip: Clip) -> None:
    provider = GeminiProvider(sku(gemini_up, "gemini", max_retries=1))
    gemini_up.queue(gemini_up.error(503, "overloaded"))
    assert provider.understand(clip, "q").text == gemini_up.answer
    gemini_up.queue(gemini_up.error(400, f"API key not valid: key={GEMINI_KEY}"))
    with pytest.raises(ProviderError, match="HTTP 400") as info:
        provider.understand(clip, "q")
    no_secret(info.value.message)
    gemini_up.queue(Reply(body={"candidates": [], "promptFeedback": {"blockReason": "SAFETY"}}))
    with pytest.raises(ProviderError, match="SAFETY"):
        provider.understand(clip, "q")
    gemini_up.queue(gemini_up.error(500), gemini_up.error(500))
    with pytest.raises(ProviderError, match="HTTP 500 after 2 attempts"):
        provider.understand(clip, "q")


def test_gemini_timeout(gemini_up: FakeUpstream, clip: Clip) -> None:
    gemini_up.queue(Reply(hang_s=20))
    t0 = time.monotonic()
    with pytest.raises(ProviderError, match="did not answer within"):
        GeminiProvider(sku(gemini_up, "gemini", timeout_s=1.5)).understand(clip, "q")
    assert time.monotonic() - t0 < 8  # the upstream hangs for 20 s; slack for a loaded machine


# ---------------------------------------------------------------- evidence-grounded text models

@pytest.fixture(scope="module")
def tone_evidence(clip: Clip):  # -> Evidence
    from aural.listen.pipeline import listen

    return listen(clip)


@pytest.fixture
def grounded(openai_up: FakeUpstream, tone_evidence, monkeypatch: pytest.MonkeyPatch):  # -> factory
    monkeypatch.setattr("aural.listen.pipeline.listen", lambda clip, *a, **k: tone_evidence)

    def make(**kw: object) -> EvidenceLLMProvider:
        return EvidenceLLMProvider(sku(openai_up, "evidence-llm", upstream_model="llama3.2", **kw))
    return make


def test_evidence_llm_sends_evidence_and_question_and_keeps_a_grounded_answer(
        openai_up: FakeUpstream, grounded, clip: Clip) -> None:
    openai_up.answer = "A steady tone plays for about one second."
    answer = grounded().understand(clip, "Describe the clip.")
    assert answer.text == openai_up.answer and answer.evidence is not None and answer.question is not None
    body = openai_up.requests[0].json()
    assert body["model"] == "llama3.2" and body["messages"][0]["role"] == "system"
    user = body["messages"][1]["content"]
    assert "Question: Describe the clip." in user and '"schema_version"' in user
    assert all(isinstance(m["content"], str) for m in body["messages"])  # text only: no audio leaves


def test_evidence_llm_falls_back_when_the_answer_names_what_was_not_heard(
        openai_up: FakeUpstream, grounded, clip: Clip, tone_evidence) -> None:
    from aural.answer.compose import compose

    openai_up.answer = "A dog is barking while a man speaks French over a piano."
    answer = grounded().understand(clip, "Describe the clip.")
    assert answer.text == compose(tone_evidence, "Describe the clip.")
    openai_up.answer = "A dog is barking."
    with pytest.raises(ProviderError, match="'dog'"):
        grounded(on_check_failure="error").understand(clip, "Describe the clip.")
    assert grounded(on_check_failure="off").understand(clip, "Describe the clip.").text == "A dog is barking."


def test_the_check_reuses_the_parser_for_options_and_format(tone_evidence) -> None:
    from aural.answer.compose import build
    from aural.answer.question import parse_question

    def problems(question: str, text: str) -> list[str]:
        pq = parse_question(question)
        return check_answer(text, tone_evidence, pq, build(tone_evidence, pq))

    q = "Is it indoors or outdoors? One word."
    assert any("offered options" in p for p in problems(q, "Maybe"))
    assert any("one word" in p for p in problems(q, "Indoors, I think"))
    assert problems("Describe it in two sentences.", "A steady tone. It lasts a second.") == []
    assert any("3 sentences" in p for p in problems("Describe it in two sentences.", "A tone. Steady. Short."))
    assert any("JSON" in p for p in problems("Describe it as JSON.", "not json"))
    assert problems("Describe it as JSON.", json.dumps({"description": "a steady tone"})) == []
    assert any("language" in p for p in problems("Describe it.", "Someone speaks German."))
    assert problems("Is there a dog?", "No — no dog was detected.") == []
    assert any("evidence says No" in p for p in problems("Is there a dog barking?", "Yes, a dog barks."))


# ---------------------------------------------------------------- the API and the CLI with AURAL_CATALOG

CATALOG = '''
[[sku]]
name = "qwen-audio-local"
provider = "openai-compatible"
base_url = "{base}"
upstream_model = "qwen2-audio-7b-instruct"
api_key_env = "QWEN_KEY"
price_per_minute_usd = 0.001
timeout_s = {timeout}
max_retries = 0
'''


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    d = tmp_path_factory.mktemp("remote")
    up = FakeUpstream("openai", answer="Upbeat synth-pop with a steady four-on-the-floor beat.").start()
    catalog = d / "catalog.toml"
    catalog.write_text(CATALOG.format(base=up.base_url, timeout=1.5))
    db = d / "aural.db"
    ledger, key = funded_ledger(db, "acme", usd_to_micros("1"))
    clip = write_wav(d / "tone.wav", tone(440, 2.0, 0.3))
    mp = pytest.MonkeyPatch()
    mp.setenv("AURAL_CATALOG", str(catalog))
    mp.setenv("QWEN_KEY", "qwen-upstream-SECRET-key")
    try:
        with running_server(db, rate_limit_per_minute=0) as base:
            yield {"base": base, "ledger": ledger, "key": key, "clip": clip, "up": up, "catalog": catalog, "dir": d}
    finally:
        mp.undo()
        up.stop()


def ask(env: dict, **data: str) -> httpx.Response:
    return httpx.post(env["base"] + "/v1/audio/understand", headers={"Authorization": f"Bearer {env['key']}"},
                      files={"file": ("tone.wav", env["clip"].read_bytes(), "audio/wav")},
                      data={"question": "What style of music is this?", "model": "qwen-audio-local", **data},
                      timeout=60)


def balance(env: dict) -> int:
    return env["ledger"].get_account("acme").balance_micros


def test_api_answers_with_the_upstream_and_bills_the_toml_price(served: dict) -> None:
    up = served["up"]
    before = balance(served)
    r = ask(served, duration_sec="90")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["answer"] == up.answer and body["model"] == "qwen-audio-local"
    assert body["billing"] == {"duration_sec": 90.0, "billable_minutes": 2, "cost_usd": 0.002,
                               "balance_usd": (before - 2000) / 1e6, "duration_source": "caller_hint"}
    assert balance(served) == before - 2000
    req = up.requests[-1]
    assert req.headers["authorization"] == "Bearer qwen-upstream-SECRET-key"
    content = req.json()["messages"][0]["content"]
    assert content[0]["text"] == "What style of music is this?"
    assert decode_bytes(base64.b64decode(content[1]["input_audio"]["data"])).duration_s == pytest.approx(2, abs=0.05)
    models = {m["id"]: m for m in httpx.get(served["base"] + "/v1/models").json()["data"]}
    assert models["qwen-audio-local"]["provider"] == "openai-compatible"
    assert models["qwen-audio-local"]["price_per_minute_usd"] == 0.001


@pytest.mark.parametrize("failure", ["500", "hang"])
def test_api_upstream_failure_is_502_and_the_balance_is_unchanged(served: dict, failure: str) -> None:
    up = served["up"]
    up.queue(up.error(500, "CUDA out of memory") if failure == "500" else Reply(hang_s=20))
    before = balance(served)
    t0 = time.monotonic()
    r = ask(served)
    assert r.status_code == 502, r.text
    err = r.json()["error"]
    assert err["code"] == "provider_error" and err["type"] == "provider_error"
    assert ("HTTP 500" in err["message"]) if failure == "500" else ("within 1.5 s" in err["message"])
    assert "SECRET" not in r.text and served["key"] not in r.text
    assert time.monotonic() - t0 < 10
    assert balance(served) == before
    assert served["ledger"].check_invariants() == []


def test_cli_ask_with_model(served: dict) -> None:
    env = {**os.environ, "AURAL_CATALOG": str(served["catalog"]), "QWEN_KEY": "qwen-upstream-SECRET-key"}
    out = subprocess.run([sys.executable, "-m", "aural", "ask", str(served["clip"]), "What is it?",
                          "--model", "qwen-audio-local", "--json"], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert payload["answer"] == served["up"].answer and payload["model"] == "qwen-audio-local"
    assert served["up"].requests[-1].json()["messages"][0]["content"][0]["text"] == "What is it?"
    served["up"].queue(served["up"].error(500))
    out = subprocess.run([sys.executable, "-m", "aural", "ask", str(served["clip"]), "q", "--model",
                          "qwen-audio-local"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "HTTP 500" in out.stderr and "SECRET" not in out.stderr
    out = subprocess.run([sys.executable, "-m", "aural", "ask", str(served["clip"]), "q", "--model", "nope"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "not an audio-understanding model" in out.stderr
