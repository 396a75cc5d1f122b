"""Accounts, API keys, and the credit ledger: credits, holds, settlements, releases.

Every balance change is one conditional UPDATE of `accounts.balance_micros` plus its ledger row(s),
in one transaction, so for every account balance == sum(ledger amounts) at every commit.
A request's life: `hold` (quoted cost moves out of the balance) -> `settle` (hold returned, exact
cost charged) or `release` (hold returned on failure). Both ends are idempotent.

Race-freedom does not depend on the backend's isolation level: the balance check IS the UPDATE's
WHERE clause (`balance_micros >= :amount`), evaluated under the row's write lock, and hold state
moves with `WHERE state = 'open'`; the affected row count says who won.

`Ledger` is assembled from one module per job, each a `Store` (store.py: the engine, retried write
transactions, row helpers) with its methods:
- accounts.py     accounts, API keys, authentication
- holds.py        credit, holds, settle/refund/release, leases
- idempotency.py  Idempotency-Key records
- rate_limits.py  shared sliding-window rate counters
- reports.py      usage and the bookkeeping invariants
Its records and errors live in records.py; this module re-exports them, so callers import from here.
"""

from __future__ import annotations

from aural.billing.accounts import KEY_ID_PREFIX, LAST_USED_RESOLUTION, SECRET_PREFIX, Accounts, hash_secret
from aural.billing.holds import Holds
from aural.billing.idempotency import IDEMPOTENCY_TTL, IdempotencyKeys
from aural.billing.rate_limits import RateLimits
from aural.billing.records import (Account, ApiKey, DuplicateError, Hold, HoldState, HoldStateError,
                                   IdempotencyClaim, LedgerKind, NotFoundError, UsageRow)
from aural.billing.reports import Reports

__all__ = [
    "IDEMPOTENCY_TTL", "KEY_ID_PREFIX", "LAST_USED_RESOLUTION", "SECRET_PREFIX", "Account", "ApiKey",
    "DuplicateError", "Hold", "HoldState", "HoldStateError", "IdempotencyClaim", "Ledger", "LedgerKind",
    "NotFoundError", "UsageRow", "hash_secret",
]


class Ledger(Accounts, Holds, IdempotencyKeys, RateLimits, Reports):
    """The accounts-and-credit store. Thread-safe and process-safe; holds no state but the engine."""
