"""Billing: pricing (pure), the database, and the ledger of accounts, keys, holds and charges.

The API's flow per request: `Ledger.authenticate` -> `pricing.quote` -> `Ledger.hold(quote.cost_micros)`
-> run the provider -> `Ledger.settle` (or `Ledger.release` on failure).
"""

from aural.billing.db import init_db, make_engine, make_sessionmaker
from aural.billing.ledger import (Account, ApiKey, DuplicateError, Hold, HoldStateError, Ledger,
                                  NotFoundError, UsageRow)
from aural.billing.pricing import (USD_MICROS, InvalidDurationError, Quote, billable_minutes,
                                   cost_micros, estimate_duration_from_size, micros_to_usd, quote,
                                   usd_to_micros, validate_duration_hint)

__all__ = [
    "USD_MICROS", "Account", "ApiKey", "DuplicateError", "Hold", "HoldStateError",
    "InvalidDurationError", "Ledger", "NotFoundError", "Quote", "UsageRow", "billable_minutes",
    "cost_micros", "estimate_duration_from_size", "init_db", "make_engine", "make_sessionmaker",
    "micros_to_usd", "quote", "usd_to_micros", "validate_duration_hint",
]
