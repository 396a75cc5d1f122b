"""Accounts, API keys, and the credit ledger: credits, holds, settlements, releases.

Every balance change is one conditional UPDATE of `accounts.balance_micros` plus its ledger row(s),
in one transaction, so for every account balance == sum(ledger amounts) at every commit.
A request's life: `hold` (quoted cost moves out of the balance) -> `settle` (hold returned, exact
cost charged) or `release` (hold returned on failure). Both ends are idempotent.

Race-freedom does not depend on the backend's isolation level: the balance check IS the UPDATE's
WHERE clause (`balance_micros >= :amount`), evaluated under the row's write lock, and hold state
moves with `WHERE state = 'open'`; the affected row count says who won.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from aural.billing.db import accounts, api_keys, holds, ledger, read_only
from aural.errors import AuthError, BillingError, NotEnabledError

SECRET_PREFIX = "aural_sk_"
KEY_ID_PREFIX = "ak_"
# Record last_used_at at most this often per key, so authentication is not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# SQLite's busy_timeout already waits for the writer lock; these retries cover what it does not
# (e.g. a lock held across the whole timeout under heavy contention).
_RETRIES = 5

HoldState = Literal["open", "settled", "released"]
LedgerKind = Literal["credit", "hold", "release", "charge"]
T = TypeVar("T")


class NotFoundError(LookupError):
    """No account, key or hold by that name/id."""


class DuplicateError(ValueError):
    """The account name or the hold's request id already exists."""


class HoldStateError(ValueError):
    """The hold cannot take this step (settling a released hold, or charging more than held)."""


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    name: str
    audio_enabled: bool
    balance_micros: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A key as listings show it: never the secret."""

    prefix: str
    account_name: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class Hold:
    request_id: str
    account_id: int
    amount_micros: int
    state: HoldState
    balance_after_micros: int


@dataclass(frozen=True, slots=True)
class UsageRow:
    request_id: str
    created_at: datetime
    sku: str | None
    duration_s: float | None
    billable_minutes: int | None
    duration_source: str | None
    cost_micros: int


def hash_secret(secret: str) -> str:
    """sha256 hex of a key's secret: what the database stores and looks keys up by."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; everything stored is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _account(row: Any) -> Account:
    return Account(id=row.id, name=row.name, audio_enabled=bool(row.audio_enabled),
                   balance_micros=int(row.balance_micros), created_at=_utc(row.created_at))  # type: ignore[arg-type]


class Ledger:
    """The accounts-and-credit store. Thread-safe and process-safe; holds no state but the engine."""

    def __init__(self, engine: Engine | sessionmaker[Session]) -> None:
        if isinstance(engine, sessionmaker):
            bind = engine.kw.get("bind")
            if not isinstance(bind, Engine):
                raise TypeError("the sessionmaker must be bound to an Engine")
            engine = bind
        self.engine = engine
        self._reader = read_only(engine)

    # -- transactions --------------------------------------------------------------------------

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in one write transaction, retried when SQLite reports the database busy."""
        for attempt in range(_RETRIES):
            try:
                with self.engine.begin() as conn:
                    return work(conn)
            except OperationalError as exc:
                if not _is_busy(exc) or attempt == _RETRIES - 1:
                    raise
                time.sleep(0.05 * 2 ** attempt + secrets.randbelow(50) / 1000)
        raise AssertionError("unreachable")

    def _read(self, work: Callable[[Connection], T]) -> T:
        with self._reader.connect() as conn:
            return work(conn)

    # -- accounts ------------------------------------------------------------------------------

    def create_account(self, name: str, audio_enabled: bool = True) -> Account:
        name = name.strip()
        if not name:
            raise ValueError("account name must not be empty")

        def work(conn: Connection) -> Account:
            conn.execute(accounts.insert().values(name=name, audio_enabled=audio_enabled,
                                                  balance_micros=0, created_at=_now()))
            return self._account_by(conn, accounts.c.name == name)

        try:
            return self._write(work)
        except IntegrityError:
            raise DuplicateError(f"account {name!r} already exists") from None

    def get_account(self, name: str) -> Account:
        return self._read(lambda conn: self._account_by(conn, accounts.c.name == name))

    def list_accounts(self) -> list[Account]:
        def work(conn: Connection) -> list[Account]:
            return [_account(r) for r in conn.execute(sa.select(accounts).order_by(accounts.c.name))]
        return self._read(work)

    def set_audio_enabled(self, name: str, enabled: bool) -> Account:
        def work(conn: Connection) -> Account:
            done = conn.execute(accounts.update().where(accounts.c.name == name)
                                .values(audio_enabled=enabled))
            if done.rowcount != 1:
                raise NotFoundError(f"no account {name!r}")
            return self._account_by(conn, accounts.c.name == name)
        return self._write(work)

    @staticmethod
    def _account_by(conn: Connection, where: sa.ColumnElement[bool]) -> Account:
        row = conn.execute(sa.select(accounts).where(where)).first()
        if row is None:
            raise NotFoundError("no such account")
        return _account(row)

    @staticmethod
    def _account_id(conn: Connection, name: str) -> int:
        account_id = conn.execute(sa.select(accounts.c.id).where(accounts.c.name == name)).scalar()
        if account_id is None:
            raise NotFoundError(f"no account {name!r}")
        return int(account_id)

    # -- keys ----------------------------------------------------------------------------------

    def create_key(self, account_name: str) -> tuple[str, str]:
        """A new key for the account: (prefix, secret). The secret is shown this once and only
        its sha256 is stored; the prefix is the key's public id for listings and revocation."""
        for _ in range(5):  # a prefix collision (32 random bits) is unlikely; retry, don't fail
            prefix = KEY_ID_PREFIX + secrets.token_hex(4)
            secret = SECRET_PREFIX + secrets.token_urlsafe(32)

            def work(conn: Connection) -> None:
                account_id = self._account_id(conn, account_name)
                conn.execute(api_keys.insert().values(account_id=account_id, prefix=prefix,
                                                      hash=hash_secret(secret), created_at=_now()))
            try:
                self._write(work)
            except IntegrityError:
                continue
            return prefix, secret
        raise RuntimeError("could not allocate a unique key prefix")

    def revoke_key(self, prefix: str) -> bool:
        """Revoke the key; True if this call revoked an active key, False if no active key has
        that prefix (unknown, or already revoked)."""
        def work(conn: Connection) -> bool:
            done = conn.execute(api_keys.update()
                                .where(api_keys.c.prefix == prefix, api_keys.c.revoked_at.is_(None))
                                .values(revoked_at=_now()))
            return done.rowcount == 1
        return self._write(work)

    def list_keys(self, account_name: str) -> list[ApiKey]:
        def work(conn: Connection) -> list[ApiKey]:
            self._account_id(conn, account_name)
            rows = conn.execute(
                sa.select(api_keys, accounts.c.name.label("account_name"))
                .join(accounts, accounts.c.id == api_keys.c.account_id)
                .where(accounts.c.name == account_name).order_by(api_keys.c.id))
            return [ApiKey(prefix=r.prefix, account_name=r.account_name, created_at=_utc(r.created_at),  # type: ignore[arg-type]
                           revoked_at=_utc(r.revoked_at), last_used_at=_utc(r.last_used_at))
                    for r in rows]
        return self._read(work)

    def authenticate(self, secret: str | None, *, require_audio: bool = False) -> Account:
        """The account owning `secret`. AuthError when missing, unknown or revoked;
        NotEnabledError too when `require_audio` and the account's audio gate is off."""
        if not secret:
            raise AuthError("missing API key")
        digest = hash_secret(secret)

        def work(conn: Connection) -> Any:
            return conn.execute(
                sa.select(api_keys.c.id.label("key_id"), api_keys.c.hash, api_keys.c.revoked_at,
                          api_keys.c.last_used_at, accounts)
                .join(accounts, accounts.c.id == api_keys.c.account_id)
                .where(api_keys.c.hash == digest)).first()

        row = self._read(work)
        # The indexed lookup finds the row; the constant-time compare is the actual check.
        if row is None or not hmac.compare_digest(row.hash, digest) or row.revoked_at is not None:
            raise AuthError("invalid API key")
        account = _account(row)
        self._touch_key(row.key_id, _utc(row.last_used_at))
        if require_audio:
            self.require_audio_enabled(account)
        return account

    @staticmethod
    def require_audio_enabled(account: Account) -> None:
        if not account.audio_enabled:
            raise NotEnabledError("audio understanding is not enabled for this account")

    def _touch_key(self, key_id: int, last_used_at: datetime | None) -> None:
        now = _now()
        if last_used_at is not None and now - last_used_at < LAST_USED_RESOLUTION:
            return
        try:
            self._write(lambda conn: conn.execute(
                api_keys.update().where(api_keys.c.id == key_id).values(last_used_at=now)))
        except OperationalError:
            pass  # bookkeeping only: never fail a request because the timestamp could not be saved

    # -- money ---------------------------------------------------------------------------------

    def add_credit(self, name: str, micros: int, note: str | None = None) -> int:
        """Credit the account; returns the balance after."""
        if isinstance(micros, bool) or not isinstance(micros, int) or micros <= 0:
            raise ValueError("credit must be a positive integer of micro-dollars")

        def work(conn: Connection) -> int:
            account_id = self._account_id(conn, name)
            conn.execute(accounts.update().where(accounts.c.id == account_id)
                         .values(balance_micros=accounts.c.balance_micros + micros))
            balance = self._balance(conn, account_id)
            self._append(conn, account_id, "credit", micros, balance, note=note)
            return balance
        return self._write(work)

    def hold(self, account_id: int, request_id: str, amount_micros: int) -> Hold:
        """Move `amount_micros` from the balance into a hold for `request_id`, atomically.
        BillingError (nothing changes) when the balance does not cover it."""
        if isinstance(amount_micros, bool) or not isinstance(amount_micros, int) or amount_micros < 0:
            raise ValueError("hold amount must be a non-negative integer of micro-dollars")

        def work(conn: Connection) -> Hold:
            # The check and the debit are one statement: no read-then-write window to race in.
            done = conn.execute(
                accounts.update()
                .where(accounts.c.id == account_id, accounts.c.balance_micros >= amount_micros)
                .values(balance_micros=accounts.c.balance_micros - amount_micros))
            if done.rowcount != 1:
                if conn.execute(sa.select(accounts.c.id).where(accounts.c.id == account_id)).first() is None:
                    raise NotFoundError(f"no account id {account_id}")
                raise BillingError("not enough credit for this request")
            balance = self._balance(conn, account_id)
            conn.execute(holds.insert().values(request_id=request_id, account_id=account_id,
                                               amount_micros=amount_micros, state="open",
                                               created_at=_now()))
            self._append(conn, account_id, "hold", -amount_micros, balance, request_id=request_id)
            return Hold(request_id=request_id, account_id=account_id, amount_micros=amount_micros,
                        state="open", balance_after_micros=balance)

        try:
            return self._write(work)
        except IntegrityError:
            raise DuplicateError(f"request {request_id!r} already has a hold") from None

    def settle(self, request_id: str, cost_micros: int, sku: str, duration_s: float,
               billable_minutes: int, duration_source: str) -> int:
        """Return the hold and charge the exact cost (<= the hold), in one transaction; returns the
        balance after. Idempotent: settling a settled hold changes nothing and returns the balance."""
        if isinstance(cost_micros, bool) or not isinstance(cost_micros, int) or cost_micros < 0:
            raise ValueError("cost must be a non-negative integer of micro-dollars")

        def work(conn: Connection) -> int:
            hold = self._hold_row(conn, request_id)
            if hold.state == "settled":
                return self._balance(conn, hold.account_id)
            if hold.state == "released":
                raise HoldStateError(f"hold {request_id!r} was released; nothing to settle")
            if cost_micros > hold.amount_micros:
                raise HoldStateError(f"cost {cost_micros} exceeds the hold {hold.amount_micros}")
            if not self._close_hold(conn, request_id, "settled"):
                # Another worker closed it between our read and our update (PostgreSQL).
                return self._balance(conn, hold.account_id)
            conn.execute(accounts.update().where(accounts.c.id == hold.account_id)
                         .values(balance_micros=accounts.c.balance_micros
                                 + (hold.amount_micros - cost_micros)))
            after = self._balance(conn, hold.account_id)
            self._append(conn, hold.account_id, "release", hold.amount_micros,
                         after + cost_micros, request_id=request_id)
            self._append(conn, hold.account_id, "charge", -cost_micros, after, request_id=request_id,
                         sku=sku, duration_s=duration_s, billable_minutes=billable_minutes,
                         duration_source=duration_source)
            return after
        return self._write(work)

    def release(self, request_id: str) -> bool:
        """Return an open hold to the balance (the request failed). True if this call released it;
        False if it was already settled or released."""
        def work(conn: Connection) -> bool:
            hold = self._hold_row(conn, request_id)
            if hold.state != "open" or not self._close_hold(conn, request_id, "released"):
                return False
            conn.execute(accounts.update().where(accounts.c.id == hold.account_id)
                         .values(balance_micros=accounts.c.balance_micros + hold.amount_micros))
            self._append(conn, hold.account_id, "release", hold.amount_micros,
                         self._balance(conn, hold.account_id), request_id=request_id)
            return True
        return self._write(work)

    def release_stale_holds(self, older_than: timedelta) -> list[str]:
        """Release holds left open longer than `older_than` (a worker died mid-request);
        returns their request ids. Safe to run while requests are in flight with a generous age."""
        cutoff = _now() - older_than

        def work(conn: Connection) -> list[str]:
            return list(conn.execute(sa.select(holds.c.request_id)
                                     .where(holds.c.state == "open", holds.c.created_at < cutoff)).scalars())
        return [rid for rid in self._read(work) if self.release(rid)]

    def usage(self, account_name: str, limit: int = 100) -> list[UsageRow]:
        """The account's charges, newest first."""
        def work(conn: Connection) -> list[UsageRow]:
            account_id = self._account_id(conn, account_name)
            rows = conn.execute(sa.select(ledger)
                                .where(ledger.c.account_id == account_id, ledger.c.kind == "charge")
                                .order_by(ledger.c.id.desc()).limit(limit))
            return [UsageRow(request_id=r.request_id, created_at=_utc(r.created_at),  # type: ignore[arg-type]
                             sku=r.sku, duration_s=r.duration_s, billable_minutes=r.billable_minutes,
                             duration_source=r.duration_source, cost_micros=-int(r.amount_micros))
                    for r in rows]
        return self._read(work)

    def check_invariants(self) -> list[str]:
        """Every broken bookkeeping rule, as text (empty when the books are right): each balance
        equals the sum of its ledger rows and the last row's balance_after, never negative; each hold
        has one 'hold' row, and one 'release' row once closed."""
        def work(conn: Connection) -> list[str]:
            problems: list[str] = []
            sums = dict(conn.execute(sa.select(ledger.c.account_id, sa.func.sum(ledger.c.amount_micros))
                                     .group_by(ledger.c.account_id)).all())
            for acc in conn.execute(sa.select(accounts)):
                total = int(sums.get(acc.id) or 0)
                if acc.balance_micros != total:
                    problems.append(f"{acc.name}: balance {acc.balance_micros} != ledger sum {total}")
                if acc.balance_micros < 0:
                    problems.append(f"{acc.name}: negative balance {acc.balance_micros}")
                last = conn.execute(sa.select(ledger.c.balance_after_micros)
                                    .where(ledger.c.account_id == acc.id)
                                    .order_by(ledger.c.id.desc()).limit(1)).scalar()
                if last is not None and last != acc.balance_micros:
                    problems.append(f"{acc.name}: last balance_after {last} != balance {acc.balance_micros}")
            counts = {(r.request_id, r.kind): r.n for r in conn.execute(
                sa.select(ledger.c.request_id, ledger.c.kind, sa.func.count().label("n"))
                .where(ledger.c.kind.in_(("hold", "release"))).group_by(ledger.c.request_id, ledger.c.kind))}
            for h in conn.execute(sa.select(holds)):
                if counts.get((h.request_id, "hold"), 0) != 1:
                    problems.append(f"hold {h.request_id}: {counts.get((h.request_id, 'hold'), 0)} hold rows")
                want = 0 if h.state == "open" else 1
                if counts.get((h.request_id, "release"), 0) != want:
                    problems.append(f"hold {h.request_id} ({h.state}): "
                                    f"{counts.get((h.request_id, 'release'), 0)} release rows")
            return problems
        return self._read(work)

    # -- helpers -------------------------------------------------------------------------------

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
                                            balance_after_micros=balance_after, created_at=_now(),
                                            **fields))
