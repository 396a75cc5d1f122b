"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl on a unix socket, no TCP port.

Skips when Debian's PostgreSQL server binaries are missing. As root, the server runs as `postgres`.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Yield a server URL prefix 'postgresql+psycopg://postgres@/{db}?host=...' to format with a db name."""
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    pytest.importorskip("psycopg")
    root = Path(tempfile.mkdtemp(prefix="aural-pg-", dir="/tmp"))
    os.chmod(root, 0o755)
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, sock, log = root / "data", root / "sock", root / "log"
    port = "5499"

    def run(*cmd: str) -> None:
        subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)

    try:
        run("mkdir", str(sock))
        run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
            f"-k {sock} -p {port} -c listen_addresses='' -c fsync=off -c max_connections=200", "start")
        try:
            yield f"postgresql+psycopg://postgres@/{{db}}?host={sock}&port={port}"
        finally:
            subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                           capture_output=True, timeout=60)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def create_database(url_template: str) -> str:
    """A fresh, empty database on the cluster; returns its SQLAlchemy URL."""
    import sqlalchemy as sa

    name = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(url_template.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url_template.format(db=name)
