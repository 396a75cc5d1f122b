"""The billing database: schema (SQLAlchemy Core tables), engine factory, migrations.

SQLite by default, PostgreSQL (or any SQLAlchemy backend) by URL. The SQL is portable: no
SQLite-only features. SQLite gets WAL, a busy timeout, foreign keys, and real transactions whose
BEGIN is IMMEDIATE by default, so a write transaction takes the single writer lock up front
instead of failing half way when it upgrades from a read (several uvicorn workers share the file).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Execution option read by the SQLite BEGIN hook: "IMMEDIATE" (default, for writes) or "DEFERRED"
# (for read-only work, which then never waits on the writer lock under WAL).
SQLITE_BEGIN_OPTION = "aural_sqlite_begin"
_MIGRATION_LOCK_KEY = int.from_bytes(b"aural-db", "big") & 0x7FFF_FFFF_FFFF_FFFF

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

# The tables below must match the migrations (tests compare them with Alembic's autogenerate).
accounts = sa.Table(
    "accounts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("audio_enabled", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("balance_micros", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("balance_micros >= 0", name="balance_not_negative"),
)

api_keys = sa.Table(
    "api_keys", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False, index=True),
    sa.Column("prefix", sa.String(32), nullable=False, unique=True),
    # sha256 hex of the full secret; the secret itself is never stored.
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
)

ledger = sa.Table(
    "ledger", metadata,
    # BIGINT on servers; INTEGER on SQLite, where only that spelling is the auto-incrementing rowid.
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("amount_micros", sa.BigInteger, nullable=False),
    sa.Column("balance_after_micros", sa.BigInteger, nullable=False),
    sa.Column("request_id", sa.String(100), nullable=True, index=True),
    sa.Column("sku", sa.String(100), nullable=True),
    sa.Column("duration_s", sa.Float, nullable=True),
    sa.Column("billable_minutes", sa.Integer, nullable=True),
    sa.Column("duration_source", sa.String(32), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.String(500), nullable=True),
    sa.CheckConstraint("kind IN ('credit', 'hold', 'release', 'charge')", name="kind"),
    sa.Index("ix_ledger_account_id_id", "account_id", "id"),
)

holds = sa.Table(
    "holds", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("request_id", sa.String(100), nullable=False, unique=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False, index=True),
    sa.Column("amount_micros", sa.BigInteger, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # The holder renews this while it works; once it passes, any worker may release the hold (the
    # holder died). NULL (holds from before 0003): the stale_hold_minutes rule applies.
    sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True, index=True),
    sa.CheckConstraint("state IN ('open', 'settled', 'released')", name="state"),
    sa.CheckConstraint("amount_micros >= 0", name="amount_not_negative"),
)

# Idempotency-Key: the first response to (account, key) for 24 h; a pending row is a request in flight.
idempotency_keys = sa.Table(
    "idempotency_keys", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("key", sa.String(255), nullable=False),
    # sha256 of the route and the parsed form (fields and the file's bytes), not of the raw body,
    # whose multipart boundary changes on every retry.
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("status_code", sa.Integer, nullable=True),
    sa.Column("media_type", sa.String(100), nullable=True),
    sa.Column("headers", sa.Text, nullable=True),
    sa.Column("body", sa.LargeBinary, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    sa.UniqueConstraint("account_id", "key"),
    sa.CheckConstraint("state IN ('pending', 'done')", name="state"),
    sa.Index("ix_idempotency_keys_created_at", "created_at"),
)

# Sliding-window rate counters shared by every worker and replica (rate limits per key, failed keys
# per address; billing/rate_limits.py): a ring of RATE_SLOTS + 1 request counts, one per slot of
# window_s / RATE_SLOTS seconds; slot_no is the latest slot counted, numbered from the epoch (wall
# clock: shared across hosts), and ring column r holds slot numbers equal to r modulo the ring.
RATE_SLOTS = 12
rate_buckets = sa.Table(
    "rate_buckets", metadata,
    sa.Column("bucket", sa.String(100), primary_key=True),
    sa.Column("window_s", sa.Float, nullable=False),
    sa.Column("slot_no", sa.BigInteger, nullable=False),
    *(sa.Column(f"slot_{r}", sa.Integer, nullable=False) for r in range(RATE_SLOTS + 1)),
)


def default_database_url() -> str:
    # Deferred (startup): the settings (pydantic-settings) load only when a URL must be looked up, so the
    # admin CLI's `--help` (which imports the ledger) does not load them.
    from aural.config import get_settings

    return get_settings().database_url


def _sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL, or None for other backends and in-memory databases."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or url.query.get("mode") == "memory":
        return None
    return Path(database)


def make_engine(url: str | URL | None = None, *, deadline_s: float | None = None, **kwargs: Any) -> Engine:
    """An Engine for `url` (default: settings.database_url), with the SQLite hooks installed.

    `deadline_s` bounds how long one statement waits for a lock or a connection (the API's short
    deadline, after which it answers 503): SQLite's busy timeout, PostgreSQL's connect and lock
    timeouts, the pool's wait. None keeps the generous defaults (admin commands, migrations)."""
    parsed = make_url(url if url is not None else default_database_url())
    backend = parsed.get_backend_name()
    if backend == "sqlite" and _sqlite_file(parsed) is None:
        # One shared connection, or every pooled connection would see its own empty database.
        kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False})
    if deadline_s is not None and backend == "postgresql":
        connect_args = dict(kwargs.get("connect_args") or {})
        connect_args.setdefault("connect_timeout", max(1, int(deadline_s)))
        connect_args.setdefault("options", f"-c lock_timeout={int(deadline_s * 1000)}")
        kwargs["connect_args"] = connect_args
    if deadline_s is not None and backend != "sqlite":
        kwargs.setdefault("pool_timeout", deadline_s)
    engine = sa.create_engine(parsed, **kwargs)
    if backend == "sqlite":
        busy_ms = SQLITE_BUSY_TIMEOUT_MS if deadline_s is None else max(1, int(deadline_s * 1000))
        _install_sqlite_hooks(engine, in_memory=_sqlite_file(parsed) is None, busy_timeout_ms=busy_ms)
    return engine


def _set_wal(cursor: Any, busy_timeout_ms: int) -> None:
    """Switch the file to WAL. SQLite answers 'database is locked' at once, without its busy handler, when
    another process holds the file (workers starting together on a fresh file): retry within the busy timeout."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    delay = 0.01
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(0.2, delay * 2)


def _install_sqlite_hooks(engine: Engine, *, in_memory: bool, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            if not in_memory:
                _set_wal(cursor, busy_timeout_ms)
                # NORMAL is durable across application crashes in WAL mode; FULL only adds power-loss safety.
                cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(SQLITE_BEGIN_OPTION, "IMMEDIATE")
        if mode not in ("IMMEDIATE", "DEFERRED", "EXCLUSIVE"):
            raise ValueError(f"bad {SQLITE_BEGIN_OPTION}: {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")


def read_only(engine: Engine) -> Engine:
    """The same engine (same pool) whose SQLite transactions begin DEFERRED: for reads only."""
    return engine.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """ORM sessions on `engine`, for callers that prefer them (the ledger itself uses Core)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config(url: str | URL | None = None) -> Config:
    """An Alembic Config built in code, pointing at the packaged migrations (no alembic.ini)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    if url is not None:
        cfg.set_main_option("sqlalchemy.url",
                            make_url(url).render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision`, in one transaction (one writer at a time on SQLite, so
    workers starting together do not race to create the tables)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # PostgreSQL has no database-wide writer lock; serialize migrators explicitly.
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def init_db(url: str | URL | None = None, **engine_kwargs: Any) -> Engine:
    """Create the SQLite file's directory if needed, migrate to head, and return the Engine."""
    parsed = make_url(url if url is not None else default_database_url())
    path = _sqlite_file(parsed)
    if path is not None:
        path.expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(parsed, **engine_kwargs)
    upgrade(engine)
    return engine
