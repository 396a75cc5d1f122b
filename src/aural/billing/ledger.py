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
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from aural.billing.db import accounts, api_keys, holds, idempotency_keys, ledger, rate_buckets, read_only
from aural.errors import AuthError, BillingError, NotEnabledError, ServiceUnavailableError

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


# How long an Idempotency-Key keeps its first response.
IDEMPOTENCY_TTL = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class IdempotencyClaim:
    """What `claim_idempotency_key` found: "new" (this request owns the key now), "replay" (the stored
    first response), "mismatch" (the key was used for a different request), "in_flight" (its first
    request is still running)."""

    outcome: Literal["new", "replay", "mismatch", "in_flight"]
    status_code: int | None = None
    media_type: str | None = None
    headers: dict[str, str] | None = None
    body: bytes | None = None


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


def _unavailable(exc: BaseException) -> ServiceUnavailableError:
    reason = "the database is busy" if isinstance(exc, OperationalError) and _is_busy(exc) else \
        "the database did not answer"
    return ServiceUnavailableError(f"{reason}; nothing was charged, retry shortly")


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _account(row: Any) -> Account:
    return Account(id=row.id, name=row.name, audio_enabled=bool(row.audio_enabled),
                   balance_micros=int(row.balance_micros), created_at=_utc(row.created_at))  # type: ignore[arg-type]


class Ledger:
    """The accounts-and-credit store. Thread-safe and process-safe; holds no state but the engine."""

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

    # -- transactions --------------------------------------------------------------------------

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
        except ServiceUnavailableError:
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

    def hold(self, account_id: int, request_id: str, amount_micros: int, lease_s: float | None = None) -> Hold:
        """Move `amount_micros` from the balance into a hold for `request_id`, atomically.
        BillingError (nothing changes) when the balance does not cover it. With `lease_s` the hold
        carries a lease the holder renews (`renew_leases`); once it lapses, `release_expired_holds`
        in any worker gives the credit back."""
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
            now = _now()
            conn.execute(holds.insert().values(request_id=request_id, account_id=account_id,
                                               amount_micros=amount_micros, state="open", created_at=now,
                                               lease_until=None if lease_s is None
                                               else now + timedelta(seconds=lease_s)))
            self._append(conn, account_id, "hold", -amount_micros, balance, request_id=request_id)
            return Hold(request_id=request_id, account_id=account_id, amount_micros=amount_micros,
                        state="open", balance_after_micros=balance)

        try:
            return self._write(work)
        except IntegrityError:
            raise DuplicateError(f"request {request_id!r} already has a hold") from None

    def increase_hold(self, request_id: str, extra_micros: int) -> int:
        """Hold `extra_micros` more for an open hold (the audio turned out longer than priced), as one
        more 'hold' ledger row; returns the hold's new amount. BillingError (nothing changes) when the
        balance does not cover it; HoldStateError when the hold is no longer open."""
        if isinstance(extra_micros, bool) or not isinstance(extra_micros, int) or extra_micros < 0:
            raise ValueError("extra must be a non-negative integer of micro-dollars")

        def work(conn: Connection) -> int:
            hold = self._hold_row(conn, request_id)
            if hold.state != "open":
                raise HoldStateError(f"hold {request_id!r} is {hold.state}")
            if extra_micros == 0:
                return int(hold.amount_micros)
            done = conn.execute(
                accounts.update()
                .where(accounts.c.id == hold.account_id, accounts.c.balance_micros >= extra_micros)
                .values(balance_micros=accounts.c.balance_micros - extra_micros))
            if done.rowcount != 1:
                raise BillingError("not enough credit for the audio's full duration")
            grown = conn.execute(holds.update().where(holds.c.request_id == request_id, holds.c.state == "open")
                                 .values(amount_micros=holds.c.amount_micros + extra_micros))
            if grown.rowcount != 1:  # closed meanwhile (PostgreSQL): roll the debit back with the rest
                raise HoldStateError(f"hold {request_id!r} closed while growing it")
            self._append(conn, hold.account_id, "hold", -extra_micros, self._balance(conn, hold.account_id),
                         request_id=request_id)
            return int(hold.amount_micros) + extra_micros
        return self._write(work)

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

    def refund(self, request_id: str, note: str = "refund: the response failed after the charge") -> bool:
        """Credit back a settled request's charge, once (a 'credit' row carrying its request id).
        For a request that failed after its charge was saved. True if this call refunded it."""
        def work(conn: Connection) -> bool:
            hold = self._hold_row(conn, request_id)
            if hold.state != "settled":
                return False
            if conn.execute(sa.select(ledger.c.id).where(ledger.c.request_id == request_id,
                                                         ledger.c.kind == "credit")).first() is not None:
                return False
            charged = -int(conn.execute(sa.select(sa.func.sum(ledger.c.amount_micros))
                                        .where(ledger.c.request_id == request_id, ledger.c.kind == "charge"))
                           .scalar() or 0)
            if charged <= 0:
                return False
            conn.execute(accounts.update().where(accounts.c.id == hold.account_id)
                         .values(balance_micros=accounts.c.balance_micros + charged))
            self._append(conn, hold.account_id, "credit", charged, self._balance(conn, hold.account_id),
                         request_id=request_id, note=note)
            return True
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
            # A hold with a live lease belongs to a worker still renewing it, however old.
            return list(conn.execute(sa.select(holds.c.request_id)
                                     .where(holds.c.state == "open", holds.c.created_at < cutoff,
                                            sa.or_(holds.c.lease_until.is_(None), holds.c.lease_until < _now())))
                        .scalars())
        return [rid for rid in self._read(work) if self.release(rid)]

    def release_expired_holds(self) -> list[str]:
        """Release open holds whose lease ran out (their worker stopped renewing: it died or hung);
        returns their request ids. Every worker runs this every few seconds."""
        now = _now()

        def work(conn: Connection) -> list[str]:
            return list(conn.execute(sa.select(holds.c.request_id)
                                     .where(holds.c.state == "open", holds.c.lease_until.is_not(None),
                                            holds.c.lease_until < now)).scalars())
        return [rid for rid in self._read(work) if self.release(rid)]

    def renew_leases(self, lease_s: float, request_ids: list[str],
                     idempotency: list[tuple[int, str]] | None = None) -> None:
        """Push the leases of these open holds (and pending Idempotency-Keys) `lease_s` ahead."""
        until = _now() + timedelta(seconds=lease_s)

        def work(conn: Connection) -> None:
            if request_ids:
                conn.execute(holds.update().where(holds.c.request_id.in_(request_ids), holds.c.state == "open")
                             .values(lease_until=until))
            for account_id, key in idempotency or ():
                conn.execute(idempotency_keys.update()
                             .where(idempotency_keys.c.account_id == account_id, idempotency_keys.c.key == key,
                                    idempotency_keys.c.state == "pending")
                             .values(locked_until=until))
        self._write(work)

    def hold_state(self, request_id: str) -> HoldState | None:
        """The hold's state, or None when there is none."""
        def work(conn: Connection) -> HoldState | None:
            return conn.execute(sa.select(holds.c.state).where(holds.c.request_id == request_id)).scalar()
        return self._read(work)

    def open_holds(self, account_id: int | None = None) -> list[Hold]:
        """Holds still open (requests in flight, or stranded), oldest first."""
        def work(conn: Connection) -> list[Hold]:
            q = sa.select(holds).where(holds.c.state == "open").order_by(holds.c.id)
            if account_id is not None:
                q = q.where(holds.c.account_id == account_id)
            return [Hold(request_id=r.request_id, account_id=r.account_id, amount_micros=int(r.amount_micros),
                         state="open", balance_after_micros=0) for r in conn.execute(q)]
        return self._read(work)

    # -- idempotency keys ----------------------------------------------------------------------

    def claim_idempotency_key(self, account_id: int, key: str, fingerprint: str,
                              lease_s: float) -> IdempotencyClaim:
        """Claim (account, key) for a request whose content hashes to `fingerprint`, or say why not.

        A record older than 24 h, or a pending one whose lease lapsed (its worker died), is replaced.
        The unique (account_id, key) constraint decides between two requests racing for one key."""
        now = _now()

        def work(conn: Connection) -> IdempotencyClaim:
            row = conn.execute(sa.select(idempotency_keys).where(
                idempotency_keys.c.account_id == account_id, idempotency_keys.c.key == key)).first()
            if row is not None:
                created = _utc(row.created_at)
                lapsed = row.state == "pending" and (row.locked_until is None or _utc(row.locked_until) < now)
                if created is not None and now - created < IDEMPOTENCY_TTL and not lapsed:
                    if row.fingerprint != fingerprint:
                        return IdempotencyClaim("mismatch")
                    if row.state == "pending":
                        return IdempotencyClaim("in_flight")
                    import json

                    return IdempotencyClaim("replay", int(row.status_code), row.media_type,
                                            json.loads(row.headers or "{}"), bytes(row.body or b""))
                conn.execute(idempotency_keys.delete().where(idempotency_keys.c.id == row.id))
            conn.execute(idempotency_keys.insert().values(
                account_id=account_id, key=key, fingerprint=fingerprint, state="pending", created_at=now,
                locked_until=now + timedelta(seconds=lease_s)))
            return IdempotencyClaim("new")

        for _ in range(3):
            try:
                return self._write(work)
            except IntegrityError:
                continue  # another request inserted the key between our read and insert: read again
        return IdempotencyClaim("in_flight")

    def complete_idempotency_key(self, account_id: int, key: str, status_code: int, media_type: str | None,
                                 headers: dict[str, str], body: bytes) -> None:
        """Store the first response under (account, key)."""
        import json

        self._write(lambda conn: conn.execute(
            idempotency_keys.update()
            .where(idempotency_keys.c.account_id == account_id, idempotency_keys.c.key == key,
                   idempotency_keys.c.state == "pending")
            .values(state="done", status_code=status_code, media_type=media_type,
                    headers=json.dumps(headers), body=body, locked_until=None)))

    def abandon_idempotency_key(self, account_id: int, key: str) -> None:
        """Forget a pending key (its request failed and charged nothing): a retry runs afresh."""
        self._write(lambda conn: conn.execute(
            idempotency_keys.delete().where(idempotency_keys.c.account_id == account_id,
                                            idempotency_keys.c.key == key,
                                            idempotency_keys.c.state == "pending")))

    def purge_idempotency_keys(self) -> int:
        """Delete records older than 24 h; returns how many."""
        cutoff = _now() - IDEMPOTENCY_TTL
        return self._write(lambda conn: conn.execute(
            idempotency_keys.delete().where(idempotency_keys.c.created_at < cutoff)).rowcount)

    # -- rate limits ---------------------------------------------------------------------------

    def take_token(self, bucket: str, per_minute: float, *, consume: bool = True,
                   now: float | None = None) -> float:
        """A token bucket shared by every process on this database: `per_minute` tokens, refilled
        continuously. Takes one token (or, with consume=False, only looks) and returns 0.0, or returns
        the seconds until one is available (nothing taken). One conditional UPDATE, so concurrent
        workers never both take the last token (SQLite: one writer; PostgreSQL: the row lock)."""
        rate = per_minute / 60.0
        cap = float(per_minute)
        now = time.time() if now is None else now
        refilled = sa.case(
            (rate_buckets.c.tokens + (now - rate_buckets.c.updated_at) * rate > cap, cap),
            else_=rate_buckets.c.tokens + (now - rate_buckets.c.updated_at) * rate)

        def work(conn: Connection) -> float:
            if consume:
                done = conn.execute(rate_buckets.update()
                                    .where(rate_buckets.c.bucket == bucket, refilled >= 1.0)
                                    .values(tokens=refilled - 1.0, updated_at=now))
                if done.rowcount == 1:
                    return 0.0
            row = conn.execute(sa.select(rate_buckets.c.tokens, rate_buckets.c.updated_at)
                               .where(rate_buckets.c.bucket == bucket)).first()
            if row is None:
                if consume:
                    conn.execute(rate_buckets.insert().values(bucket=bucket, tokens=cap - 1.0, updated_at=now))
                return 0.0
            tokens = min(cap, row.tokens + max(0.0, now - row.updated_at) * rate)
            return 0.0 if tokens >= 1.0 else (1.0 - tokens) / rate

        for _ in range(3):
            try:
                return self._write(work) if consume else self._read(work)
            except IntegrityError:
                continue  # two workers created the bucket at once: the update path now applies
        return 1.0 / rate

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
        has one 'hold' row (more when it grew) summing to its amount, and one 'release' row of its
        amount once closed."""
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
            rows = conn.execute(
                sa.select(ledger.c.request_id, ledger.c.kind, sa.func.count().label("n"),
                          sa.func.sum(ledger.c.amount_micros).label("total"))
                .where(ledger.c.kind.in_(("hold", "release"))).group_by(ledger.c.request_id, ledger.c.kind)).all()
            counts = {(r.request_id, r.kind): r.n for r in rows}
            totals = {(r.request_id, r.kind): int(r.total or 0) for r in rows}
            for h in conn.execute(sa.select(holds)):
                if counts.get((h.request_id, "hold"), 0) < 1:
                    problems.append(f"hold {h.request_id}: no hold row")
                elif -totals[(h.request_id, "hold")] != h.amount_micros:
                    problems.append(f"hold {h.request_id}: hold rows {-totals[(h.request_id, 'hold')]} "
                                    f"!= amount {h.amount_micros}")
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
