"""Rate limits: sliding-window counters kept in the database, so every worker process shares them.

Each name counts its requests in short fixed slots, SLOTS to a window (5 s slots for a 60 s window),
aligned to the epoch and kept as a ring of SLOTS + 1 counts in one row. At time t the rolling window
(t - 60 s, t] lies inside the current slot and the SLOTS before it, so their sum is an upper bound on
the requests of the last minute: a request is allowed when that sum + 1 <= the limit. So no 60 s
span ever passes more than the limit (with several workers too: one conditional UPDATE per take).
The price of the bound: the oldest slot counts in full until it has wholly left the window, so a
client pacing itself at exactly the limit can be told to wait up to one slot (5 s) longer than a
strict per-request log would.

This is the sliding-window counter Cloudflare describes with the window cut finer: theirs keeps two
counts and weights the previous window by its part still inside, which assumes that window's
requests were evenly spread; a burst late in one window followed by more right after the boundary
then passes up to ~2x the limit in 60 s (simulated: a stream of one attempt per 0.1 s passes 159-203
in some 60 s spans at a limit of 120).

Limits below one per minute use a longer window holding one request (0.5/min: one per 120 s);
fractional limits allow floor(limit) per window.
"""

from __future__ import annotations

import functools
import math
import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from aural.billing.db import RATE_SLOTS as SLOTS
from aural.billing.db import rate_buckets
from aural.billing.store import Store

RING = SLOTS + 1  # the current slot and the SLOTS before it
# A wait is rounded up by this much, so a client that sleeps exactly `Retry-After` is past the slot
# boundary whatever the float rounding of `now` (about 2.4e-7 s near today's epoch seconds).
_MARGIN_S = 1e-3


def window_for(per_minute: float) -> tuple[float, float]:
    """(window seconds, requests allowed per window) for a limit of `per_minute`."""
    if not per_minute > 0 or math.isinf(per_minute):
        raise ValueError(f"a rate limit needs a positive, finite per_minute, not {per_minute!r}")
    if per_minute < 1:
        return 60.0 / per_minute, 1.0
    return 60.0, float(per_minute)


def wait_for(limit: float, slot_s: float, now: float, counts: dict[int, int]) -> float:
    """Seconds from `now` until one more request fits, given the counts of the slots still counted
    at `now` (slot number -> requests) and nothing else coming in; 0.0 when it fits now. The slots
    leave the count oldest first, each when the slot SLOTS after it begins."""
    slot = math.floor(now / slot_s)
    total = sum(counts.values())
    if total + 1 <= limit:
        return 0.0
    for gone in range(slot - SLOTS, slot + 1):
        total -= counts.get(gone, 0)
        if total + 1 <= limit:
            return (gone + RING) * slot_s - now + _MARGIN_S
    raise AssertionError("unreachable: every slot leaves and the limit allows one")


class RateLimits(Store):
    """One shared sliding-window counter per name."""

    def take_token(self, bucket: str, per_minute: float, *, consume: bool = True,
                   now: float | None = None) -> float:
        """At most `per_minute` requests in any rolling minute, shared by every process on this
        database. Counts one request (or, with consume=False, only looks) and returns 0.0, or returns
        the seconds until one would be allowed if nothing else came in (nothing counted; the
        Retry-After). One conditional UPDATE, so concurrent workers never both take the last place
        (SQLite: one writer, BEGIN IMMEDIATE; PostgreSQL: the row lock, the condition re-checked on
        the locked row)."""
        window_s, limit = window_for(per_minute)
        slot_s = window_s / SLOTS
        take = _take_statement()

        def work(conn: Connection) -> float:
            # The clock is read once the transaction has begun (for SQLite, holding the writer lock),
            # so writers see it in order. The statement is built once: nothing but the UPDATE itself
            # runs while the lock is held.
            at = time.time() if now is None else now
            slot = math.floor(at / slot_s)
            here = slot % RING
            if consume:
                done = conn.execute(take, {"b_bucket": bucket, "b_window_s": window_s, "b_slot": slot,
                                           "b_oldest": slot - SLOTS, "b_here": here, "b_limit": limit})
                if done.rowcount == 1:
                    return 0.0
            row = conn.execute(sa.select(rate_buckets).where(rate_buckets.c.bucket == bucket)).first()
            if row is None:
                if consume:
                    conn.execute(rate_buckets.insert().values(
                        bucket=bucket, window_s=window_s, slot_no=slot,
                        **{f"slot_{r}": int(r == here) for r in range(RING)}))
                return 0.0
            return wait_for(limit, slot_s, at, _live_counts(row, window_s, slot))

        for _ in range(3):
            try:
                return self._write(work) if consume else self._read(work)
            except IntegrityError:
                continue  # two workers created the row at once: the update path now applies
        return slot_s


@functools.lru_cache(maxsize=1)
def _take_statement() -> sa.Update:
    """The one conditional UPDATE of a take, with the bucket, window, slot and limit as parameters."""
    c = rate_buckets.c
    window_s, slot = sa.bindparam("b_window_s", type_=sa.Float), sa.bindparam("b_slot", type_=sa.BigInteger)
    oldest, here = sa.bindparam("b_oldest", type_=sa.BigInteger), sa.bindparam("b_here", type_=sa.Integer)
    same_size = c.window_s == window_s
    # Ring column r holds the latest slot number s <= slot_no with s = r (mod RING); it still counts
    # while s >= slot - SLOTS (a row ahead of this clock counts in full).
    columns = [c[f"slot_{r}"] for r in range(RING)]
    live = [sa.and_(same_size, c.slot_no - (c.slot_no - r) % RING >= oldest) for r in range(RING)]
    in_window = sum((sa.case((ok, col), else_=0) for ok, col in zip(live, columns)), sa.literal(0))
    values: dict[str, Any] = {
        f"slot_{r}": sa.case((sa.and_(here == r, same_size, c.slot_no >= slot, ok), col + 1),
                             (here == r, 1), (ok, col), else_=0)
        for r, (ok, col) in enumerate(zip(live, columns))}
    values["slot_no"] = sa.case((sa.and_(same_size, c.slot_no > slot), c.slot_no), else_=slot)
    values["window_s"] = window_s
    return (rate_buckets.update()
            .where(c.bucket == sa.bindparam("b_bucket", type_=sa.String),
                   in_window + 1 <= sa.bindparam("b_limit", type_=sa.Float))
            .values(**values))


def _live_counts(row: Any, window_s: float, slot: int) -> dict[int, int]:
    """The stored ring as slot number -> count, for the slots still counted at `slot`."""
    if row.window_s != window_s:
        return {}  # the limit changed since: the old counts are in slots of another size
    last = int(row.slot_no)
    counts: dict[int, int] = {}
    for r in range(RING):
        number = last - (last - r) % RING
        if number >= slot - SLOTS and getattr(row, f"slot_{r}"):
            counts[min(number, slot)] = counts.get(min(number, slot), 0) + int(getattr(row, f"slot_{r}"))
    return counts
