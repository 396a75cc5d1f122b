"""The ledger's base: one engine, write transactions retried while the database is busy (up to a
deadline), reads on a read-only connection, and the row helpers every part of `Ledger` shares.
The parts (accounts, holds, idempotency, rate_limits, reports) each add one job's methods on top.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from aural.billing.db import accounts, holds, ledger, read_only
from aural.billing.records import Account, HoldState, LedgerKind, NotFoundError
from aural.errors import ServiceUnavailableError

# SQLite's busy_timeout already waits for the writer lock; these retries cover what it does not
# (e.g. a lock held across the whole timeout under heavy contention).
_RETRIES = 5

T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; everything stored is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def _unavailable(exc: BaseException) -> ServiceUnavailableError:
    reason = "the database is busy" if isinstance(exc, OperationalError) and _is_busy(exc) else \
        "the database did not answer"
    return ServiceUnavailableError(f"{reason}; nothing was charged, retry shortly")


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def account_record(row: Any) -> Account:
    return Account(id=row.id, name=row.name, audio_enabled=bool(row.audio_enabled),
                   balance_micros=int(row.balance_micros), created_at=as_utc(row.created_at))  # type: ignore[arg-type]


class Store:
    """The engine and the transaction discipline under every `Ledger` method."""

    def __init__(self, engine: Engine | sessionmaker[Session], deadline_s: float | None = None) -> None:
        """`deadline_s`: the most one call may spend waiting for the database (locks, retries,
        connections) before it raises ServiceUnavailableError; None retries as long as before (admin
        commands). Build the engine with `make_engine(..., deadline_s=...)` so one wait is bounded too."""
        if isinstance(engine, sessionmaker):
            bind = engine.kw.get("bind")
            if not isinstance(bind, Engine):
                raise TypeError("the sessionmaker must be bound to an Engine")
            engine = bind
        self.engine = engine
        self.deadline_s = deadline_s
        self._reader = read_only(engine)

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in one write transaction, retried with backoff while the database is busy, up to
        the deadline. ServiceUnavailableError when it stays busy or cannot be reached (the transaction
        rolled back: nothing changed)."""
        start = time.monotonic()
        for attempt in range(_RETRIES):
            try:
                with self.engine.begin() as conn:
                    return work(conn)
            except IntegrityError:
                raise
            except OperationalError as exc:
                pause = 0.05 * 2 ** attempt + secrets.randbelow(50) / 1000
                out_of_time = self.deadline_s is not None and time.monotonic() - start + pause > self.deadline_s
                if not _is_busy(exc) or attempt == _RETRIES - 1 or out_of_time:
                    raise _unavailable(exc) from exc
                time.sleep(pause)
            except (PoolTimeoutError, InterfaceError) as exc:
                raise _unavailable(exc) from exc
        raise AssertionError("unreachable")

    def _read(self, work: Callable[[Connection], T]) -> T:
        try:
            with self._reader.connect() as conn:
                return work(conn)
        except (OperationalError, PoolTimeoutError) as exc:
            raise _unavailable(exc) from exc

    # -- row helpers ---------------------------------------------------------------------------

    @staticmethod
    def _account_by(conn: Connection, where: sa.ColumnElement[bool]) -> Account:
        row = conn.execute(sa.select(accounts).where(where)).first()
        if row is None:
            raise NotFoundError("no such account")
        return account_record(row)

    @staticmethod
    def _account_id(conn: Connection, name: str) -> int:
        account_id = conn.execute(sa.select(accounts.c.id).where(accounts.c.name == name)).scalar()
        if account_id is None:
            raise NotFoundError(f"no account {name!r}")
        return int(account_id)

    @staticmethod
    def _balance(conn: Connection, account_id: int) -> int:
        return int(conn.execute(sa.select(accounts.c.balance_micros)
                                .where(accounts.c.id == account_id)).scalar_one())

    @staticmethod
    def _hold_row(conn: Connection, request_id: str) -> Any:
        row = conn.execute(sa.select(holds).where(holds.c.request_id == request_id)).first()
        if row is None:
            raise NotFoundError(f"no hold for request {request_id!r}")
        return row

    @staticmethod
    def _close_hold(conn: Connection, request_id: str, state: HoldState) -> bool:
        done = conn.execute(holds.update()
                            .where(holds.c.request_id == request_id, holds.c.state == "open")
                            .values(state=state))
        return done.rowcount == 1

    @staticmethod
    def _append(conn: Connection, account_id: int, kind: LedgerKind, amount: int, balance_after: int,
                **fields: Any) -> None:
        conn.execute(ledger.insert().values(account_id=account_id, kind=kind, amount_micros=amount,
                                            balance_after_micros=balance_after, created_at=utc_now(),
                                            **fields))
