"""The HTTP API over loopback: the spec's success shape, every row of its error table, and a ledger
that stays exact. Real server, real SQLite file, real audio through the real engine."""

from __future__ import annotations

import math
import socket
import sqlite3
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from aural.listen.evidence import SCHEMA_VERSION

from aural.billing.pricing import usd_to_micros
from aural.audio.decode import Clip
from aural.providers.base import Answer, Transcript

from api_server import funded_ledger, running_server
from audio_tools import tone, write_wav

PRICE = 648  # micro-dollars per minute for aural-listen-1


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    d = tmp_path_factory.mktemp("api")
    db = d / "aural.db"
    ledger, key = funded_ledger(db, "acme", usd_to_micros("1"))
    clip = write_wav(d / "tone.wav", tone(440, 1.0, 0.3))
    with running_server(db, rate_limit_per_minute=0) as base:
        yield {"base": base, "ledger": ledger, "key": key, "clip": clip, "dir": d, "db": db}


def post(env: dict, path: str = "/v1/audio/understand", key: str | None = "default", files: dict | None = None,
         data: dict | None = None, **kw: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {env['key'] if key == 'default' else key}"} if key else {}
    if files is None:
        files = {"file": ("tone.wav", env["clip"].read_bytes(), "audio/wav")}
    return httpx.post(env["base"] + path, headers=headers, files=files, data=data or {}, timeout=120, **kw)


def balance(env: dict, name: str = "acme") -> int:
    return env["ledger"].get_account(name).balance_micros


def assert_error(r: httpx.Response, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"]["code"] == code and body["error"]["message"] and body["error"]["type"]


def test_hinted_request_bills_one_minute_exactly(env: dict) -> None:
    before = balance(env)
    r = post(env, data={"question": "What sounds are there?", "model": "audio-understand", "duration_sec": "5"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["model"] == "aural-listen-1" and body["answer"]
    assert body["billing"] == {"duration_sec": 5.0, "billable_minutes": 1, "cost_usd": 0.000648,
                               "balance_usd": (before - PRICE) / 1e6, "duration_source": "caller_hint"}
    assert balance(env) == before - PRICE
    assert r.headers["x-request-id"].startswith("req_")
    assert "evidence" not in body


def test_unhinted_request_bills_from_the_size_estimate(env: dict) -> None:
    big = write_wav(env["dir"] / "long.wav", tone(300, 20.0, 0.2))  # 640 kB -> 160 s at 32 kbps
    size = big.stat().st_size
    before = balance(env)
    r = post(env, files={"file": ("long.wav", big.read_bytes(), "audio/wav")}, data={"question": "Describe it."})
    assert r.status_code == 200, r.text
    billing = r.json()["billing"]
    minutes = math.ceil(size * 8 / 32000 / 60)
    assert billing["duration_source"] == "size_estimate"
    assert billing["duration_sec"] == pytest.approx(size * 8 / 32000, abs=0.001)
    assert billing["billable_minutes"] == minutes
    assert billing["cost_usd"] == minutes * PRICE / 1e6
    assert balance(env) == before - minutes * PRICE


def test_include_evidence_returns_the_evidence(env: dict) -> None:
    r = post(env, data={"question": "Is there music?", "include_evidence": "true"})
    assert r.status_code == 200
    ev = r.json()["evidence"]
    assert ev["schema_version"] == SCHEMA_VERSION and ev["source"]["duration_s"] == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize("files,data,status,code", [
    ("none", {"question": "hi"}, 400, "invalid_request"),
    ("default", {}, 400, "invalid_request"),
    ("default", {"question": "   "}, 400, "invalid_request"),
    ("default", {"question": "x" * 100_000}, 400, "invalid_request"),
    ("default", {"question": "q", "duration_sec": "ten"}, 400, "invalid_request"),
    ("default", {"question": "q", "duration_sec": "-5"}, 400, "invalid_request"),
    ("default", {"question": "q", "duration_sec": "NaN"}, 400, "invalid_request"),
    ("default", {"question": "q", "duration_sec": "1e12"}, 400, "invalid_request"),
    ("default", {"question": "q", "model": "no-such-model"}, 400, "not_an_audio_model"),
    ("default", {"question": "q", "model": "gpt-4o"}, 400, "not_an_audio_model"),
    ("default", {"question": "q", "model": "whisper-1"}, 400, "not_an_audio_model"),
    ("text", {"question": "q"}, 400, "invalid_request"),
    ("empty", {"question": "q"}, 400, "invalid_request"),
])
def test_bad_fields_get_documented_errors_and_no_charge(env: dict, files: str, data: dict, status: int,
                                                        code: str) -> None:
    before = balance(env)
    choice = {
        "none": {"other": ("x.txt", b"x", "text/plain")},
        "default": None,
        "text": {"file": ("notes.mp3", b"just some words, not audio\n" * 50, "audio/mpeg")},
        "empty": {"file": ("empty.mp3", b"", "audio/mpeg")},
    }[files]
    r = post(env, files=choice, data=data)
    assert_error(r, status, code)
    assert balance(env) == before


def test_wrong_content_type(env: dict) -> None:
    r = httpx.post(env["base"] + "/v1/audio/understand", headers={"Authorization": f"Bearer {env['key']}"},
                   json={"question": "q"})
    assert_error(r, 400, "invalid_request")


def test_upload_over_25_mb_gets_413_before_the_body_is_read(env: dict) -> None:
    before = balance(env)
    blob = b"\0" * (26 * 1024 * 1024)
    r = post(env, files={"file": ("big.mp3", blob, "audio/mpeg")}, data={"question": "q"})
    assert_error(r, 413, "invalid_request")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap is enforced while streaming
        boundary = b"--xyz\r\n"
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\n'
        for _ in range(27):
            yield b"\0" * (1024 * 1024)

    r = httpx.post(env["base"] + "/v1/audio/understand", content=chunks(), timeout=60,
                   headers={"Authorization": f"Bearer {env['key']}",
                            "Content-Type": "multipart/form-data; boundary=xyz"})
    assert_error(r, 413, "invalid_request")
    assert balance(env) == before


def test_413_keeps_the_connection_usable(env: dict) -> None:
    # The server must not close while the body still arrives (a reset can eat the 413): it answers
    # early, drops the rest, and the same connection then takes the next request.
    host, port = env["base"].removeprefix("http://").split(":")
    body = b"\0" * (26 * 1024 * 1024)
    head = (f"POST /v1/audio/understand HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {env['key']}\r\n"
            f"Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: {len(body)}\r\n\r\n")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(head.encode() + body)
        first = s.recv(65536)
        s.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        second = b""
        while b"\r\n\r\n" not in second:
            chunk = s.recv(65536)
            assert chunk, "the server closed the connection after the 413"
            second += chunk
    assert first.startswith(b"HTTP/1.1 413") and b'"invalid_request"' in first
    assert b"connection: close" not in first.lower()
    assert second.startswith(b"HTTP/1.1 200")


def test_body_that_stops_midway_charges_nothing(env: dict) -> None:
    before = balance(env)
    host, port = env["base"].removeprefix("http://").split(":")
    body = (b"--xyz\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\nq\r\n"
            b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n" + b"RIFF" * 1000)
    head = (f"POST /v1/audio/understand HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {env['key']}\r\n"
            f"Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: {len(body) + 100000}\r\n\r\n")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(head.encode() + body)
        s.shutdown(socket.SHUT_WR)
        s.recv(4096)
    assert balance(env) == before
    assert httpx.get(env["base"] + "/healthz").status_code == 200
    assert env["ledger"].check_invariants() == []


def test_server_start_releases_holds_a_dead_worker_left(tmp_path: Path) -> None:
    ledger, key = funded_ledger(tmp_path / "stale.db", "acme", 10_000)
    ledger.hold(ledger.get_account("acme").id, "req_dead_worker", 648)
    assert ledger.get_account("acme").balance_micros == 10_000 - 648
    with running_server(tmp_path / "stale.db", stale_hold_minutes=0) as base:
        assert httpx.get(base + "/healthz").status_code == 200
        assert ledger.get_account("acme").balance_micros == 10_000
    assert ledger.check_invariants() == []


def test_missing_invalid_and_revoked_keys_get_401(env: dict) -> None:
    assert_error(post(env, key=None, data={"question": "q"}), 401, "auth_error")
    assert_error(post(env, key="aural_sk_nope", data={"question": "q"}), 401, "auth_error")
    key_id, secret = env["ledger"].create_key("acme")
    assert post(env, key=secret, data={"question": "q"}).status_code == 200
    env["ledger"].revoke_key(key_id)
    assert_error(post(env, key=secret, data={"question": "q"}), 401, "auth_error")


def test_gate_off_gets_404_and_zero_balance_gets_402(env: dict) -> None:
    ledger = env["ledger"]
    ledger.create_account("gated", audio_enabled=False)
    ledger.add_credit("gated", 10_000, "t")
    _, gated = ledger.create_key("gated")
    assert_error(post(env, key=gated, data={"question": "q"}), 404, "not_enabled")
    ledger.create_account("broke")
    _, broke = ledger.create_key("broke")
    assert_error(post(env, key=broke, data={"question": "q"}), 402, "billing_error")
    assert balance(env, "broke") == 0 and balance(env, "gated") == 10_000


def test_fifty_concurrent_requests_against_credit_for_ten(env: dict) -> None:
    ledger = env["ledger"]
    ledger.create_account("ten")
    ledger.add_credit("ten", 10 * PRICE, "exactly ten minutes")
    _, key = ledger.create_key("ten")
    data = env["clip"].read_bytes()

    def one(_: int) -> int:
        return httpx.post(env["base"] + "/v1/audio/understand", headers={"Authorization": f"Bearer {key}"},
                          files={"file": ("t.wav", data, "audio/wav")},
                          data={"question": "What is it?", "duration_sec": "1"}, timeout=300).status_code

    with ThreadPoolExecutor(50) as pool:
        codes = list(pool.map(one, range(50)))
    assert codes.count(200) == 10 and codes.count(402) == 40, codes
    assert balance(env, "ten") == 0
    assert ledger.check_invariants() == []
    assert len(ledger.usage("ten", 100)) == 10


class _FailingProvider:
    """Stands in for an upstream model service that fails, with its internals in the exception text."""

    def understand(self, clip: Clip, question: str) -> Answer:
        raise ConnectionError("upstream reset the connection at 10.0.0.7:8443")

    def transcribe(self, clip: Clip, language: str | None, prompt: str | None,
                   word_timestamps: bool = True) -> Transcript:
        raise TimeoutError("upstream timed out at 10.0.0.7:8443")


def _open_holds(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM holds WHERE state = 'open'").fetchone()[0]


def test_provider_failure_is_502_and_releases_the_hold(env: dict, tmp_path: Path) -> None:
    db = tmp_path / "fail.db"
    ledger, key = funded_ledger(db, "a", 5000)
    with running_server(db, providers={"local": _FailingProvider()}) as base:
        for path, exc in (("/v1/audio/understand", "ConnectionError"), ("/v1/audio/transcriptions", "TimeoutError")):
            before = ledger.get_account("a").balance_micros
            r = httpx.post(base + path, headers={"Authorization": f"Bearer {key}"},
                           files={"file": ("t.wav", env["clip"].read_bytes(), "audio/wav")},
                           data={"question": "q"}, timeout=60)
            assert_error(r, 502, "provider_error")
            # The documented message names the failure's kind only: no upstream text, address or port.
            assert r.json()["error"]["message"] == f"the model provider failed ({exc}); nothing was charged"
            assert "10.0.0.7" not in r.text and "upstream" not in r.text
            # No leak: the hold placed for the request is released, not settled and not left open.
            assert ledger.get_account("a").balance_micros == before == 5000
            assert _open_holds(db) == 0
    assert ledger.check_invariants() == []


def test_rate_limit_gives_429_with_retry_after(env: dict, tmp_path: Path) -> None:
    db = tmp_path / "rl.db"
    ledger, key = funded_ledger(db, "a", 100_000)
    with running_server(db, rate_limit_per_minute=2) as base:
        codes = []
        for _ in range(3):
            r = httpx.post(base + "/v1/audio/understand", headers={"Authorization": f"Bearer {key}"},
                           data={"question": "q"}, timeout=60)
            codes.append(r.status_code)
        assert codes[:2] == [400, 400]  # no file: still counted against the key's rate
        assert_error(r, 429, "rate_limit_exceeded")
        assert int(r.headers["retry-after"]) >= 1


@pytest.mark.parametrize("state", ["loading", "ready"])
def test_readyz_says_whether_every_model_is_loaded(env: dict, monkeypatch: pytest.MonkeyPatch, state: str) -> None:
    # The server runs in this process: the route reads this module's models.loaded().
    loaded = {"yamnet": True, "whisper": state == "ready", "emotion": state == "ready"}
    monkeypatch.setattr("aural.listen.models.loaded", lambda: dict(loaded))
    r = httpx.get(env["base"] + "/readyz")
    assert r.status_code == (200 if state == "ready" else 503)
    assert r.json() == {"status": state, "models": loaded}


def test_models_health_metrics_and_openapi(env: dict) -> None:
    models = httpx.get(env["base"] + "/v1/models").json()["data"]
    by_id = {m["id"]: m for m in models}
    assert by_id["aural-listen-1"]["kind"] == "understand"
    assert by_id["aural-listen-1"]["price_per_minute_usd"] == 0.000648
    assert by_id["audio-understand"]["alias_of"] == "aural-listen-1"
    assert by_id["whisper-1"]["alias_of"] == "aural-transcribe-1"
    assert httpx.get(env["base"] + "/healthz").json() == {"status": "ok"}
    metrics = httpx.get(env["base"] + "/metrics").text
    assert 'aural_requests_total{route="/v1/audio/understand",status="200"}' in metrics
    assert "aural_errors_total" in metrics and "aural_charged_microdollars_total" in metrics
    spec = httpx.get(env["base"] + "/openapi.json").json()
    form = spec["paths"]["/v1/audio/understand"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"file", "question", "model", "duration_sec", "include_evidence"} <= set(form["properties"])
    responses = spec["paths"]["/v1/audio/understand"]["post"]["responses"]
    assert {"400", "401", "402", "404", "413", "502"} <= set(responses) and "422" not in responses
    assert form["properties"]["include_evidence"]["type"] == "boolean" and set(form["required"]) == {"file", "question"}
    transcribe = spec["paths"]["/v1/audio/transcriptions"]["post"]["requestBody"]["content"]["multipart/form-data"]
    fields = transcribe["schema"]["properties"]
    assert fields["response_format"]["enum"] == ["json", "text", "srt", "vtt", "verbose_json"]
    assert_error(httpx.get(env["base"] + "/v1/nope"), 404, "not_found")


@pytest.fixture(scope="module")
def speech_wav(env: dict) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    path = env["dir"] / "speech.wav"
    subprocess.run(["espeak-ng", "-v", "en", "-w", str(path),
                    "The weather today is sunny. Tomorrow it will rain in the afternoon."], check=True)
    return path


@pytest.mark.parametrize("fmt", ["json", "text", "srt", "vtt", "verbose_json"])
def test_transcriptions_formats(env: dict, speech_wav: Path, fmt: str) -> None:
    before = balance(env)
    r = post(env, "/v1/audio/transcriptions", files={"file": ("s.wav", speech_wav.read_bytes(), "audio/wav")},
             data={"model": "whisper-1", "response_format": fmt, "timestamp_granularities[]": "word",
                   "duration_sec": "5"})
    assert r.status_code == 200, r.text
    assert balance(env) == before - 324 and r.headers["x-aural-billable-minutes"] == "1"
    text = r.text.lower()
    assert "weather" in text or "rain" in text
    if fmt == "json":
        assert set(r.json()) >= {"text"}
    elif fmt == "srt":
        assert r.text.startswith("1\n00:00:0") and " --> " in r.text
    elif fmt == "vtt":
        assert r.text.startswith("WEBVTT\n\n00:00:0")
    elif fmt == "verbose_json":
        body = r.json()
        assert body["language"] == "english" and body["words"] and body["duration"] == pytest.approx(5, abs=1.5)


def test_transcriptions_reject_bad_fields(env: dict, speech_wav: Path) -> None:
    files = {"file": ("s.wav", speech_wav.read_bytes(), "audio/wav")}
    assert_error(post(env, "/v1/audio/transcriptions", files=files, data={"response_format": "xml"}),
                 400, "invalid_request")
    assert_error(post(env, "/v1/audio/transcriptions", files=files, data={"language": "klingon"}),
                 400, "invalid_request")
    assert_error(post(env, "/v1/audio/transcriptions", files=files, data={"model": "audio-understand"}),
                 400, "not_an_audio_model")


def test_the_api_key_never_reaches_the_database_or_errors(env: dict) -> None:
    r = post(env, key=env["key"] + "x", data={"question": "q"})
    assert env["key"] not in r.text
    assert env["key"].encode() not in Path(env["db"]).read_bytes()
