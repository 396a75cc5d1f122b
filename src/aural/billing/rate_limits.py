"""Rate limits: token buckets kept in the database, so every worker process shares them."""

from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from aural.billing.db import rate_buckets
from aural.billing.store import Store


class RateLimits(Store):
    """One shared token bucket per name."""

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
