"""Idempotency-Keys: the first response to (account, key) is stored and replayed for 24 hours.

A pending key carries a lease (renewed with the request's hold by `Holds.renew_leases`); a pending key
whose lease lapsed (its worker died) is claimed afresh.
"""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from aural.billing.db import idempotency_keys
from aural.billing.records import IdempotencyClaim
from aural.billing.store import Store, as_utc, utc_now

# How long an Idempotency-Key keeps its first response.
IDEMPOTENCY_TTL = timedelta(hours=24)


class IdempotencyKeys(Store):
    """Claim, complete, abandon and purge Idempotency-Key records."""

    def claim_idempotency_key(self, account_id: int, key: str, fingerprint: str,
                              lease_s: float) -> IdempotencyClaim:
        """Claim (account, key) for a request whose content hashes to `fingerprint`, or say why not.

        A record older than 24 h, or a pending one whose lease lapsed (its worker died), is replaced.
        The unique (account_id, key) constraint decides between two requests racing for one key."""
        now = utc_now()

        def work(conn: Connection) -> IdempotencyClaim:
            row = conn.execute(sa.select(idempotency_keys).where(
                idempotency_keys.c.account_id == account_id, idempotency_keys.c.key == key)).first()
            if row is not None:
                created = as_utc(row.created_at)
                lapsed = row.state == "pending" and (row.locked_until is None or as_utc(row.locked_until) < now)
                if created is not None and now - created < IDEMPOTENCY_TTL and not lapsed:
                    if row.fingerprint != fingerprint:
                        return IdempotencyClaim("mismatch")
                    if row.state == "pending":
                        return IdempotencyClaim("in_flight")
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
        cutoff = utc_now() - IDEMPOTENCY_TTL
        return self._write(lambda conn: conn.execute(
            idempotency_keys.delete().where(idempotency_keys.c.created_at < cutoff)).rowcount)
