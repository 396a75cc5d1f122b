"""Price, hold, run, settle or release: the one place a request's money moves.

The hold is placed before the model runs; any failure after it releases the hold, so a request is
charged exactly once, and only when it succeeded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, TypeVar

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from aural.api.state import AppState
from aural.audio.decode import Clip, decode_bytes
from aural.billing.ledger import Account
from aural.billing.pricing import Quote, micros_to_usd, quote, quote_decoded
from aural.catalog import Sku
from aural.errors import AuralError, ProviderError

T = TypeVar("T")


@dataclass(frozen=True)
class Billed:
    quote: Quote
    balance_micros: int
    engine_s: float = 0.0  # time in the decoder and the model, for the Server-Timing header

    def server_timing(self) -> str:
        return f"engine;dur={self.engine_s * 1000:.1f}"

    def block(self) -> dict:
        q = self.quote
        return {
            "duration_sec": round(q.duration_s, 3),
            "billable_minutes": q.billable_minutes,
            "cost_usd": micros_to_usd(q.cost_micros),
            "balance_usd": micros_to_usd(self.balance_micros),
            "duration_source": q.duration_source,
        }


async def run_billed(state: AppState, account: Account, request_id: str, sku: Sku, upload: UploadFile,
                     duration_hint: str | None, route: str, call: Callable[[Clip], T]) -> tuple[T, Billed]:
    """Price the upload, hold the cost (402 when short), decode and run `call` off the event loop,
    then settle; release the hold on any failure. Undecodable audio is 400 and costs nothing."""
    settings = state.settings
    data = await upload.read()

    def decode() -> Clip:
        return decode_bytes(data, settings.max_duration_s)

    clip: Clip | None = None
    if settings.bill_decoded_duration:
        clip = await anyio.to_thread.run_sync(decode, limiter=state.analyses)
        price = quote_decoded(clip.duration_s, sku.price_per_minute_micros)
    else:
        price = quote(len(data), duration_hint, sku.price_per_minute_micros, max_hint_s=settings.max_duration_hint_s)

    def work() -> T:
        audio = clip if clip is not None else decode()
        state.metrics.audio_seconds.labels(route, sku.name).inc(audio.duration_s)
        try:
            return call(audio)
        except AuralError:
            raise
        except Exception as exc:  # the provider's own failure: never leak its details or keys
            raise ProviderError(f"the model provider failed ({type(exc).__name__}); nothing was charged") from exc

    ledger = state.ledger
    await run_in_threadpool(ledger.hold, account.id, request_id, price.cost_micros)
    t0 = time.perf_counter()
    try:
        result = await anyio.to_thread.run_sync(work, limiter=state.analyses)
    except BaseException:
        await run_in_threadpool(ledger.release, request_id)
        raise
    engine_s = time.perf_counter() - t0
    balance = await run_in_threadpool(ledger.settle, request_id, price.cost_micros, sku.name, price.duration_s,
                                      price.billable_minutes, price.duration_source)
    state.metrics.charged_micros.labels(sku.name).inc(price.cost_micros)
    return result, Billed(price, balance, engine_s)
