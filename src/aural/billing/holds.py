"""Credit, holds, charges: every balance change and its ledger row(s), in one transaction.

A request's life: `hold` (quoted cost moves out of the balance) -> `settle` (hold returned, exact cost
charged) or `release` (hold returned on failure). Both ends are idempotent. Leases: a hold taken with
`lease_s` stays its worker's while `renew_leases` pushes the lease ahead; `release_expired_holds` (any
worker) gives back the credit of holds whose lease lapsed.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from aural.billing.db import accounts, holds, idempotency_keys, ledger
from aural.billing.records import DuplicateError, Hold, HoldState, HoldStateError, NotFoundError
from aural.billing.store import Store, utc_now
from aural.errors import BillingError


class Holds(Store):
    """Credits, holds, settlements, refunds, releases and the leases that keep holds alive."""

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
            now = utc_now()
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
        cutoff = utc_now() - older_than

        def work(conn: Connection) -> list[str]:
            # A hold with a live lease belongs to a worker still renewing it, however old.
            return list(conn.execute(sa.select(holds.c.request_id)
                                     .where(holds.c.state == "open", holds.c.created_at < cutoff,
                                            sa.or_(holds.c.lease_until.is_(None), holds.c.lease_until < utc_now())))
                        .scalars())
        return [rid for rid in self._read(work) if self.release(rid)]

    def release_expired_holds(self) -> list[str]:
        """Release open holds whose lease ran out (their worker stopped renewing: it died or hung);
        returns their request ids. Every worker runs this every few seconds."""
        now = utc_now()

        def work(conn: Connection) -> list[str]:
            return list(conn.execute(sa.select(holds.c.request_id)
                                     .where(holds.c.state == "open", holds.c.lease_until.is_not(None),
                                            holds.c.lease_until < now)).scalars())
        return [rid for rid in self._read(work) if self.release(rid)]

    def renew_leases(self, lease_s: float, request_ids: list[str],
                     idempotency: list[tuple[int, str]] | None = None) -> None:
        """Push the leases of these open holds (and pending Idempotency-Keys) `lease_s` ahead."""
        until = utc_now() + timedelta(seconds=lease_s)

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
