"""Hold, run, settle or release: the one place a request's money moves.

The hold is placed before any audio work; any failure after it releases the hold, so a request is
charged exactly once, and only when it succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable, TypeVar

from starlette.concurrency import run_in_threadpool

from aural.api.state import AppState
from aural.billing.ledger import Account
from aural.billing.pricing import Quote, micros_to_usd
from aural.catalog import Sku

T = TypeVar("T")


@dataclass(frozen=True)
class Billed:
    quote: Quote
    balance_micros: int

    def block(self) -> dict:
        q = self.quote
        return {
            "duration_sec": round(q.duration_s, 3),
            "billable_minutes": q.billable_minutes,
            "cost_usd": micros_to_usd(q.cost_micros),
            "balance_usd": micros_to_usd(self.balance_micros),
            "duration_source": q.duration_source,
        }


async def charged(state: AppState, account: Account, request_id: str, sku: Sku, quote: Quote,
                  work: Callable[[], Awaitable[T]]) -> tuple[T, Billed]:
    """Hold the quote's cost (402 when short), await `work`, then settle; release on any failure."""
    ledger = state.ledger
    await run_in_threadpool(ledger.hold, account.id, request_id, quote.cost_micros)
    try:
        result = await work()
    except BaseException:
        await run_in_threadpool(ledger.release, request_id)
        raise
    balance = await run_in_threadpool(ledger.settle, request_id, quote.cost_micros, sku.name, quote.duration_s,
                                      quote.billable_minutes, quote.duration_source)
    state.metrics.charged_micros.labels(sku.name).inc(quote.cost_micros)
    return result, Billed(quote, balance)
