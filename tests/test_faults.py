"""Money and service under faults (issue 15): bounded metrics, ids on every response, idempotency,
a locked database, lapsed leases, files that lie about their length, clients that hang up, rate
limits shared by workers, and the protocol details. Real servers on loopback, real SQLite files; a
stand-in provider where the engine's own work is not what is under test."""

from __future__ import annotations

import logging
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from aural.audio.decode import Clip
from aural.audio.probe import probe_bytes
from aural.providers.base import Answer, Transcript

from api_server import funded_ledger, running_server, start_server
from audio_tools import tone, write_wav

PRICE = 648


class SlowProvider:
    """Works `seconds` in small Python steps (so an interrupt lands), counting how each call ended."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.started = threading.Event()
        self.finished = 0
        self.stopped = 0
        self.durations: list[float] = []

    def _work(self, clip: Clip) -> None:
        self.started.set()
        self.durations.append(clip.duration_s)
        end = time.monotonic() + self.seconds
        try:
            while time.monotonic() < end:
                time.sleep(0.01)
        except BaseException:
            self.stopped += 1
            raise
        self.finished += 1

    def understand(self, clip: Clip, question: str) -> Answer:
        self._work(clip)
        return Answer(text=f"heard {clip.duration_s:.1f} s")

    def transcribe(self, clip: Clip, language: str | None, prompt: str | None,
                   word_timestamps: bool = True) -> Transcript:
        self._work(clip)
        return Transcript(text="words", language="en", duration_s=clip.duration_s)


class BrokenProvider:
    """Returns nothing, so the route itself fails: an unhandled error, a 500."""

    def understand(self, clip: Clip, question: str) -> Answer:
        return None  # type: ignore[return-value]

    def transcribe(self, *a: object, **k: object) -> Transcript:
        return None  # type: ignore[return-value]


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write_wav(tmp_path_factory.mktemp("clip") / "t.wav", tone(440, 1.0, 0.3)).read_bytes()


def ask(base: str, key: str, data: bytes, timeout: float = 60, headers: dict | None = None,
        **fields: str) -> httpx.Response:
    return httpx.post(base + "/v1/audio/understand", headers={"Authorization": f"Bearer {key}", **(headers or {})},
                      files={"file": ("t.wav", data, "audio/wav")}, data={"question": "What is it?", **fields},
                      timeout=timeout)


def flac(path: Path, seconds: float, rate: int = 8000) -> Path:
    """Silence as FLAC with the largest frames: a tiny file that decodes to `seconds`."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", f"anullsrc=r={rate}:cl=mono",
                    "-t", str(seconds), "-c:a", "flac", "-frame_size", "65535", "-compression_level", "12",
                    str(path)], check=True)
    return path


# -- 1. metrics and request ids ----------------------------------------------------------------------

def test_metrics_stay_bounded_under_random_paths(tmp_path: Path) -> None:
    # The bar is 20,000 paths under 100 KB; the label set does not depend on the number of
    # paths (checked: the same series after 100 paths as after all of them), so fewer make the point
    # on a loaded 2-core box. AURAL_TEST_METRICS_PATHS=20000 runs the full bar.
    n = int(os.environ.get("AURAL_TEST_METRICS_PATHS", "3000"))
    funded_ledger(tmp_path / "m.db", "a", 1000)
    with running_server(tmp_path / "m.db", rate_limit_per_minute=0) as base:
        with httpx.Client(base_url=base, timeout=10) as client:
            series = None
            for i in range(n):
                path = f"/x{i}" if i % 50 else "/" + uuid.uuid4().hex * 60  # some 2 KB paths too
                assert client.get(path).status_code == 404
                if i == 99:
                    series = _series(client.get("/metrics").text)
            scrape = client.get("/metrics")
    assert scrape.status_code == 200 and scrape.headers["content-type"].startswith("text/plain")
    assert len(scrape.content) < 100_000, len(scrape.content)
    assert _series(scrape.text) == series
    assert f'aural_requests_total{{route="<unmatched>",status="404"}} {float(n)}' in scrape.text
    assert "/x1" not in scrape.text


def _series(text: str) -> set[str]:
    return {line.rsplit(" ", 1)[0] for line in text.splitlines()
            if line and not line.startswith("#") and "/metrics" not in line}


class Lines(logging.Handler):
    """Collects the aural.api log lines (that logger does not propagate to pytest's caplog)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.logger = logging.getLogger("aural.api")

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def __enter__(self) -> "Lines":
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self)


def test_a_500_carries_a_request_id_a_log_line_and_a_count(tmp_path: Path, clip: bytes) -> None:
    ledger, key = funded_ledger(tmp_path / "e.db", "a", 10_000)
    with running_server(tmp_path / "e.db", providers={"local": BrokenProvider()}) as base:
        with Lines() as logged:
            r = ask(base, key, clip, headers={"X-Request-Id": "trace-5000-abcdef"})
            # the access line is written once the response has gone out: on a busy machine, just after
            deadline = time.monotonic() + 5.0
            while not any(" 500 " in line for line in logged.lines) and time.monotonic() < deadline:
                time.sleep(0.02)
        metrics = httpx.get(base + "/metrics").text
    assert r.status_code == 500 and r.json()["error"]["code"] == "internal_error"
    assert r.headers["x-request-id"] == "trace-5000-abcdef"
    assert any("trace-5000-abcdef" in line and " 500 " in line for line in logged.lines), logged.lines
    assert 'aural_requests_total{route="/v1/audio/understand",status="500"} 1.0' in metrics
    assert 'aural_errors_total{code="internal_error"} 1.0' in metrics
    # It failed after its charge was saved: the charge was credited back.
    assert ledger.get_account("a").balance_micros == 10_000 and ledger.open_holds() == []
    assert ledger.check_invariants() == []


# -- 2. request ids are not ledger keys; Idempotency-Key ------------------------------------------------

def test_a_reused_x_request_id_is_only_a_correlation_id(tmp_path: Path, clip: bytes) -> None:
    ledger, key = funded_ledger(tmp_path / "r.db", "a", 100_000)
    ledger.create_account("b")
    ledger.add_credit("b", 100_000)
    _, key_b = ledger.create_key("b")
    with running_server(tmp_path / "r.db", providers={"local": SlowProvider()}) as base:
        same = {"X-Request-Id": "client-chosen-id-1"}
        codes = [ask(base, k, clip, headers=same, duration_sec="5") for k in (key, key, key_b)]
    assert [r.status_code for r in codes] == [200, 200, 200], [r.text for r in codes]
    assert all(r.headers["x-request-id"] == "client-chosen-id-1" for r in codes)
    assert ledger.get_account("a").balance_micros == 100_000 - 2 * PRICE
    assert len(ledger.usage("a")) == 2 and ledger.check_invariants() == []


def test_idempotency_key_replays_and_charges_once(tmp_path: Path, clip: bytes) -> None:
    ledger, key = funded_ledger(tmp_path / "i.db", "a", 100_000)
    ledger.create_account("b")
    ledger.add_credit("b", 100_000)
    _, key_b = ledger.create_key("b")
    provider = SlowProvider()
    with running_server(tmp_path / "i.db", providers={"local": provider}) as base:
        idem = {"Idempotency-Key": "order-42"}
        first = ask(base, key, clip, headers=idem, duration_sec="5")
        again = ask(base, key, clip, headers=idem, duration_sec="5")
        other_body = ask(base, key, clip, headers=idem, duration_sec="6")
        other_account = ask(base, key_b, clip, headers=idem, duration_sec="5")
    assert first.status_code == 200 and again.status_code == 200, again.text
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert other_body.status_code == 409 and other_body.json()["error"]["code"] == "idempotency_conflict"
    assert other_account.status_code == 200
    assert provider.finished == 2  # the replay ran nothing
    assert ledger.get_account("a").balance_micros == 100_000 - PRICE
    assert ledger.get_account("b").balance_micros == 100_000 - PRICE
    assert ledger.check_invariants() == []


def test_idempotency_key_while_the_first_is_running_is_409(tmp_path: Path, clip: bytes) -> None:
    ledger, key = funded_ledger(tmp_path / "i2.db", "a", 100_000)
    provider = SlowProvider(3.0)
    with running_server(tmp_path / "i2.db", providers={"local": provider}) as base:
        with ThreadPoolExecutor(1) as pool:
            first = pool.submit(ask, base, key, clip, 60, {"Idempotency-Key": "k1"})
            assert provider.started.wait(10)
            second = ask(base, key, clip, headers={"Idempotency-Key": "k1"})
            assert first.result().status_code == 200
    assert second.status_code == 409 and second.json()["error"]["code"] == "idempotency_conflict"
    assert ledger.get_account("a").balance_micros == 100_000 - PRICE


# -- 3. one money flow: a locked database, lapsed leases ------------------------------------------------

def _lock_sqlite(db: Path, seconds: float, locked: threading.Event) -> threading.Thread:
    def hold_lock() -> None:
        conn = sqlite3.connect(db, isolation_level=None, timeout=30)
        conn.execute("BEGIN EXCLUSIVE")
        locked.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()
    thread = threading.Thread(target=hold_lock, daemon=True)
    thread.start()
    return thread


def test_settle_with_the_database_locked_is_a_prompt_503_and_strands_nothing(tmp_path: Path, clip: bytes) -> None:
    db = tmp_path / "lock.db"
    ledger, key = funded_ledger(db, "a", 100_000)
    provider = SlowProvider(1.5)
    with running_server(db, providers={"local": provider}, db_deadline_s=2.0, rate_limit_per_minute=0,
                        auth_failures_per_minute=0) as base:
        with ThreadPoolExecutor(1) as pool:
            t0 = time.monotonic()
            pending = pool.submit(ask, base, key, clip, 60)
            assert provider.started.wait(10)
            locked = threading.Event()
            locker = _lock_sqlite(db, 8.0, locked)
            assert locked.wait(5)
            r = pending.result()
            elapsed = time.monotonic() - t0
        assert r.status_code == 503, r.text
        assert r.json()["error"]["code"] == "service_unavailable" and int(r.headers["retry-after"]) >= 1
        assert elapsed < 1.5 + 2.0 + 3.0, elapsed  # the work, the deadline, a little slack
        locker.join()
        deadline = time.monotonic() + 20  # the keeper retries the release with backoff
        while time.monotonic() < deadline and ledger.open_holds():
            time.sleep(0.2)
    assert ledger.open_holds() == []
    assert ledger.get_account("a").balance_micros == 100_000
    assert ledger.check_invariants() == []


def test_hold_with_the_database_locked_is_a_prompt_503(tmp_path: Path, clip: bytes) -> None:
    db = tmp_path / "lock2.db"
    ledger, key = funded_ledger(db, "a", 100_000)
    with running_server(db, providers={"local": SlowProvider()}, db_deadline_s=1.0, rate_limit_per_minute=0,
                        auth_failures_per_minute=0) as base:
        locked = threading.Event()
        locker = _lock_sqlite(db, 4.0, locked)
        assert locked.wait(5)
        t0 = time.monotonic()
        r = ask(base, key, clip)
        elapsed = time.monotonic() - t0
        locker.join()
        assert r.status_code == 503 and r.json()["error"]["code"] == "service_unavailable", r.text
        assert elapsed < 3.5, elapsed
        assert ask(base, key, clip).status_code == 200  # and it serves again once the lock is gone
    assert ledger.get_account("a").balance_micros == 100_000 - PRICE and ledger.open_holds() == []


def test_a_hold_whose_lease_lapsed_comes_back(tmp_path: Path) -> None:
    db = tmp_path / "lease.db"
    ledger, _ = funded_ledger(db, "a", 10_000)
    account = ledger.get_account("a")
    ledger.hold(account.id, "req_crashed_worker", PRICE, lease_s=0.5)   # its worker died: no renewals
    ledger.hold(account.id, "req_no_lease_young", PRICE)               # pre-lease hold: the old rule
    with running_server(db, hold_lease_s=1.0, hold_sweep_s=0.3):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and ledger.hold_state("req_crashed_worker") == "open":
            time.sleep(0.1)
    assert ledger.hold_state("req_crashed_worker") == "released"
    assert ledger.hold_state("req_no_lease_young") == "open"
    assert ledger.get_account("a").balance_micros == 10_000 - PRICE
    assert ledger.check_invariants() == []


def test_a_long_request_keeps_its_hold_by_renewing_the_lease(tmp_path: Path, clip: bytes) -> None:
    ledger, key = funded_ledger(tmp_path / "renew.db", "a", 10_000)
    with running_server(tmp_path / "renew.db", providers={"local": SlowProvider(3.0)}, hold_lease_s=1.0,
                        hold_sweep_s=0.2) as base:
        r = ask(base, key, clip)
    assert r.status_code == 200, r.text
    assert ledger.get_account("a").balance_micros == 10_000 - PRICE and ledger.check_invariants() == []


# -- 4. billing that the file cannot game ------------------------------------------------------------------

def test_probe_reads_a_tiny_flac_of_two_hours_without_decoding(tmp_path: Path) -> None:
    data = flac(tmp_path / "long.flac", 6900).read_bytes()
    assert len(data) < 25_000
    t0 = time.monotonic()
    probe = probe_bytes(data)
    assert time.monotonic() - t0 < 1.0
    assert probe.duration_s == pytest.approx(6900, abs=1)


def test_audio_longer_than_billed_is_billed_as_decoded(tmp_path: Path) -> None:
    data = flac(tmp_path / "ten.flac", 600).read_bytes()   # 10 min in a few KB: the estimate says 1 min
    ledger, key = funded_ledger(tmp_path / "d.db", "a", 100_000)
    provider = SlowProvider()
    with running_server(tmp_path / "d.db", providers={"local": provider}) as base:
        by_size = ask(base, key, data)
        by_hint = ask(base, key, data, duration_sec="0.001")
        honest = ask(base, key, data, duration_sec="590")   # within 10 % + 2 s: the hint stands
    for r in (by_size, by_hint):
        assert r.status_code == 200, r.text
        assert r.json()["billing"]["duration_source"] == "decoded"
        assert r.json()["billing"]["billable_minutes"] == 10
    assert honest.json()["billing"]["duration_source"] == "caller_hint"
    assert ledger.get_account("a").balance_micros == 100_000 - 30 * PRICE
    with running_server(tmp_path / "d.db", providers={"local": provider}, strict_hosted_billing=True) as base:
        strict = ask(base, key, data, duration_sec="0.001")
    assert strict.json()["billing"]["duration_source"] == "caller_hint"
    assert strict.json()["billing"]["billable_minutes"] == 1
    assert ledger.check_invariants() == []


def test_audio_past_the_limit_is_refused_before_any_slot(tmp_path: Path) -> None:
    data = flac(tmp_path / "two_h.flac", 6900).read_bytes()
    ledger, key = funded_ledger(tmp_path / "lim.db", "a", 100_000)
    provider = SlowProvider()
    with running_server(tmp_path / "lim.db", providers={"local": provider}, max_duration_s=3600) as base:
        t0 = time.monotonic()
        r = ask(base, key, data)
        assert time.monotonic() - t0 < 2.0
    assert r.status_code == 400 and "limit" in r.json()["error"]["message"]
    assert provider.durations == [] and ledger.get_account("a").balance_micros == 100_000


def test_random_bytes_get_their_400_at_once_while_long_analyses_run(tmp_path: Path, clip: bytes) -> None:
    ledger, key = funded_ledger(tmp_path / "q.db", "a", 100_000)
    ledger.create_account("b")
    ledger.add_credit("b", 100_000)
    _, key_b = ledger.create_key("b")
    provider = SlowProvider(6.0)
    with running_server(tmp_path / "q.db", providers={"local": provider}, max_concurrent_analyses=2,
                        rate_limit_per_minute=0) as base:
        with ThreadPoolExecutor(2) as pool:
            busy = [pool.submit(ask, base, k, clip, 60) for k in (key, key_b)]
            time.sleep(1.0)  # both slots taken
            t0 = time.monotonic()
            r = ask(base, key, random.Random(1).randbytes(20_000))
            took = time.monotonic() - t0
            assert [f.result().status_code for f in busy] == [200, 200]
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_request"
    assert took < 1.0, took


def test_long_analyses_are_capped_per_key(tmp_path: Path) -> None:
    data = flac(tmp_path / "long.flac", 120).read_bytes()
    ledger, key = funded_ledger(tmp_path / "cap.db", "a", 100_000)
    provider = SlowProvider(3.0)
    with running_server(tmp_path / "cap.db", providers={"local": provider}, long_analysis_s=60,
                        max_long_analyses_per_key=1, rate_limit_per_minute=0) as base:
        with ThreadPoolExecutor(1) as pool:
            first = pool.submit(ask, base, key, data, 60)
            assert provider.started.wait(10)
            second = ask(base, key, data)
            assert first.result().status_code == 200
    assert second.status_code == 429 and second.json()["error"]["code"] == "rate_limit_exceeded"
    assert int(second.headers["retry-after"]) >= 1


# -- 5. a client that hangs up ------------------------------------------------------------------------------

def test_a_client_that_hangs_up_stops_its_analysis_and_pays_nothing(tmp_path: Path, clip: bytes) -> None:
    ledger, key = funded_ledger(tmp_path / "gone.db", "a", 10_000)
    provider = SlowProvider(20.0)
    with running_server(tmp_path / "gone.db", providers={"local": provider}) as base:
        host, port = base.removeprefix("http://").split(":")
        body = (b"--xyz\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\nWhat is it?\r\n"
                b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.wav\"\r\n"
                b"Content-Type: audio/wav\r\n\r\n" + clip + b"\r\n--xyz--\r\n")
        head = (f"POST /v1/audio/understand HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\n"
                f"Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: {len(body)}\r\n\r\n")
        s = socket.create_connection((host, int(port)), timeout=10)
        s.sendall(head.encode() + body)
        assert provider.started.wait(10)
        s.close()
        t0 = time.monotonic()
        while time.monotonic() - t0 < 10 and provider.stopped == 0:
            time.sleep(0.05)
        stopped_after = time.monotonic() - t0
        time.sleep(0.5)
        metrics = httpx.get(base + "/metrics").text
    assert provider.stopped == 1 and provider.finished == 0 and stopped_after < 3.0
    assert ledger.get_account("a").balance_micros == 10_000 and ledger.open_holds() == []
    assert 'status="499"' in metrics
    assert ledger.check_invariants() == []


# -- 6. rate limits shared by workers; failed keys per address ---------------------------------------------

def _drained(proc: subprocess.Popen) -> list[str]:
    """Read the server's output as it comes (a full pipe would block its logging, then the server)."""
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True).start()
    return lines


def _stop(proc: subprocess.Popen, lines: list[str]) -> str:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    time.sleep(0.2)
    return "".join(lines)


def test_rate_limit_is_shared_by_two_workers(tmp_path: Path) -> None:
    db = tmp_path / "rl.db"
    ledger, key = funded_ledger(db, "a", 100_000)
    env = {**os.environ, "AURAL_DATABASE_URL": f"sqlite:///{db}", "AURAL_RATE_LIMIT_PER_MINUTE": "120",
           "AURAL_PRELOAD_MODELS": "0", "AURAL_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join(sys.path)}
    proc, base = start_server(env, workers=2)
    output = _drained(proc)
    try:
        def one(_: int) -> int:  # no file: a cheap 400 when the limit lets it through, else 429
            return httpx.post(base + "/v1/audio/understand", headers={"Authorization": f"Bearer {key}"},
                              data={"question": "q"}, timeout=30).status_code
        t0 = time.monotonic()
        with ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(one, range(400)))
        elapsed = time.monotonic() - t0
    finally:
        _stop(proc, output)
    passed = codes.count(400)
    assert codes.count(429) + passed == 400, {c: codes.count(c) for c in set(codes)}
    # One sliding window for both workers: never more than 120 in any minute, and nothing of the burst
    # leaves the window within a minute, so exactly 120. (The token bucket passed 120 + 2 a second of
    # burst, 147; two per-process limits would pass twice the limit.)
    print(f"burst: {passed} of 400 passed in {elapsed:.1f} s")
    assert passed == 120 if elapsed < 55 else passed <= 120, (passed, elapsed)


def test_failed_keys_are_limited_per_address(tmp_path: Path) -> None:
    ledger, key = funded_ledger(tmp_path / "auth.db", "a", 100_000)
    with running_server(tmp_path / "auth.db", auth_failures_per_minute=5) as base:
        codes = [httpx.post(base + "/v1/audio/understand", headers={"Authorization": f"Bearer aural_sk_guess{i}"},
                            data={"question": "q"}, timeout=10).status_code for i in range(8)]
    assert codes[:5] == [401] * 5 and codes[5:] == [429] * 3, codes


# -- 7. protocol details ------------------------------------------------------------------------------------

def test_405_allow_openapi_docs_offline_and_keys_in_urls(tmp_path: Path) -> None:
    ledger, key = funded_ledger(tmp_path / "p.db", "a", 100_000)
    with running_server(tmp_path / "p.db") as base:
        r = httpx.get(base + "/v1/audio/understand")
        assert r.status_code == 405 and r.headers["allow"] == "POST" and r.json()["error"]["code"]
        spec = httpx.get(base + "/openapi.json").json()
        assert spec["components"]["securitySchemes"]["bearer"] == {
            **spec["components"]["securitySchemes"]["bearer"], "type": "http", "scheme": "bearer"}
        op = spec["paths"]["/v1/audio/understand"]["post"]
        assert op["security"] == [{"bearer": []}]
        props = op["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
        assert (props["question"]["minLength"], props["question"]["maxLength"]) == (1, 4000)
        assert props["model"]["maxLength"] == 200
        assert (props["duration_sec"]["exclusiveMinimum"], props["duration_sec"]["maximum"]) == (0, 86400)
        assert {"409", "429", "503"} <= set(op["responses"])
        assert list(spec["paths"]["/metrics"]["get"]["responses"]["200"]["content"]) == ["text/plain"]
        for page, asset in (("/docs", "/docs/assets/swagger-ui-bundle.js"), ("/redoc", "/docs/assets/redoc.standalone.js")):
            html = httpx.get(base + page).text
            assert asset in html and "cdn." not in html and "googleapis" not in html
            assert httpx.get(base + asset).status_code == 200
        with Lines() as logged:
            leaked = httpx.get(base + f"/v1/models?api_key={key}")
            leaked2 = httpx.post(base + f"/v1/audio/understand?key={key}", data={"question": "q"})
    assert leaked.status_code == 401 and leaked.json()["error"]["code"] == "auth_error"
    assert leaked2.status_code == 401 and key not in leaked2.text
    assert logged.lines and all(key not in line for line in logged.lines)


def test_serve_logs_no_query_strings(tmp_path: Path) -> None:
    db = tmp_path / "log.db"
    ledger, key = funded_ledger(db, "a", 100_000)
    env = {**os.environ, "AURAL_DATABASE_URL": f"sqlite:///{db}", "AURAL_PRELOAD_MODELS": "0",
           "AURAL_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": os.pathsep.join(sys.path)}
    proc, base = start_server(env)
    output = _drained(proc)
    try:
        assert httpx.get(base + f"/v1/models?api_key={key}").status_code == 401
    finally:
        out = _stop(proc, output)
    assert " 401 " in out and key not in out and "api_key" not in out
