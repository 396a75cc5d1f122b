"""A real aural server on loopback for the API tests: uvicorn in a thread, a real SQLite file."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import uvicorn

from aural.api.app import create_app
from aural.billing.db import init_db
from aural.billing.ledger import Ledger
from aural.config import Settings
from aural.providers.base import Provider


def funded_ledger(db: Path, account: str, micros: int) -> tuple[Ledger, str]:
    """A migrated SQLite file with one account holding `micros` of credit; returns it and a key."""
    ledger = Ledger(init_db(f"sqlite:///{db}"))
    ledger.create_account(account)
    ledger.add_credit(account, micros, "test credit")
    _, key = ledger.create_key(account)
    return ledger, key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(db: Path, providers: dict[str, Provider] | None = None, **settings: object) -> Iterator[str]:
    """Serve a fresh app on 127.0.0.1 and yield its base URL; stops it afterwards."""
    cfg = Settings(database_url=f"sqlite:///{db}", preload_models=False, **settings)
    app = create_app(cfg, providers=providers)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           limit_concurrency=200))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def cli(env: dict, *args: str) -> dict:
    """Run an `aural` command with --json in its own process and return the parsed output."""
    out = subprocess.run([sys.executable, "-m", "aural", *args, "--json"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def start_server(env: dict, workers: int = 1) -> tuple[subprocess.Popen, str]:
    """`aural serve` as its own process on a free loopback port; waits for /healthz."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "aural", "serve", "--port", str(port), "--workers", str(workers)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("aural serve did not start: " + (proc.stdout.read() if proc.stdout else ""))


def stop_server(proc: subprocess.Popen) -> str:
    """Stop a server started by `start_server`; returns everything it logged."""
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out or ""
