"""A real aural server on loopback for the API tests: uvicorn in a thread, a real SQLite file."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import uvicorn

from aural.api.app import create_app
from aural.config import Settings
from aural.providers.base import Provider


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
