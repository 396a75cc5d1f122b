"""Probe, price, hold, run, settle or release: the one place a request's money moves.

The rules:
- The upload is probed (audio/probe.py: a packet scan, no decode) before it is priced or queued:
  undecodable files are refused at once (400), and the price is checked against what the engine
  will really process (the one deviation from the hosted API's rule, see `price_for`).
- The hold is placed with a lease (billing/keeper.py renews it while the work runs; a dead worker's
  hold comes back when it lapses).
- Every way out after the hold ends in exactly one settle or one release: the work fails, the
  client hangs up (its analysis is interrupted), the server shuts down (the task is cancelled), or
  the settle itself cannot be saved (database locked or down past its deadline: 503, the hold is
  released, retried with backoff until it lands). So a request is charged once, only when it
  succeeded and its charge was saved.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, TypeVar

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request

from aural.api.cancel import AnalysisCancelled, Interrupter
from aural.api.state import AppState
from aural.audio.decode import Clip, decode_bytes
from aural.audio.probe import Probe, probe_bytes
from aural.billing.ledger import Account, HoldStateError
from aural.billing.pricing import Quote, micros_to_usd, priced, quote
from aural.catalog import Sku
from aural.config import Settings
from aural.errors import AuralError, ProviderError, RateLimitedError, ServiceUnavailableError

T = TypeVar("T")
R = TypeVar("R")
log = logging.getLogger("aural.api")

# The processed audio may exceed the billed duration by this much before it is billed instead.
DECODED_MARGIN_RATIO = 0.10
DECODED_MARGIN_S = 2.0


class ClientGoneError(AuralError):
    """The client disconnected; its analysis was stopped and nothing was charged (never sent)."""

    code = "client_closed_request"
    status = 499


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


def price_for(spec_quote: Quote, processed_s: float | None, settings: Settings, price_per_minute: int) -> Quote:
    """The price to charge, given the spec's quote (caller hint or size estimate) and the duration of
    audio the engine processes (probed or decoded).

    - AURAL_BILL_DECODED_DURATION: always the processed duration.
    - Otherwise the spec's quote, except (aural's one deviation from the hosted API, off with
      AURAL_STRICT_HOSTED_BILLING) when the processed audio is longer than the quoted duration by
      more than 10 % + 2 s: then the processed duration, duration_source "decoded". A file cannot
      buy hours of analysis for one minute's price, and an honest hint or estimate is never raised.
    """
    if processed_s is None or processed_s <= 0:
        return spec_quote
    if settings.bill_decoded_duration:
        return priced(processed_s, "decoded", price_per_minute)
    if settings.strict_hosted_billing:
        return spec_quote
    if processed_s > spec_quote.duration_s * (1 + DECODED_MARGIN_RATIO) + DECODED_MARGIN_S:
        return priced(processed_s, "decoded", price_per_minute)
    return spec_quote


class LongAnalyses:
    """Per-key count of analyses of long audio running in this process (AURAL_MAX_LONG_ANALYSES_PER_KEY)."""

    def __init__(self, per_key: int) -> None:
        self.per_key = per_key
        self._running: dict[str, int] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> None:
        if self.per_key <= 0:
            return
        with self._lock:
            if self._running.get(key, 0) >= self.per_key:
                raise RateLimitedError(f"at most {self.per_key} long analyses run at once per API key; "
                                       "retry when one has finished", 30.0)
            self._running[key] = self._running.get(key, 0) + 1

    def release(self, key: str) -> None:
        if self.per_key <= 0:
            return
        with self._lock:
            left = self._running.get(key, 0) - 1
            if left > 0:
                self._running[key] = left
            else:
                self._running.pop(key, None)


async def _wait_for_disconnect(request: Request) -> None:
    """Return when the client disconnects (the body has been read, so the next message is that)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def _shielded(fn: Callable[..., T], *args: object) -> T:
    """Run a ledger call in a thread even while this task is being cancelled (shutdown, client gone)."""
    with anyio.CancelScope(shield=True):
        return await run_in_threadpool(fn, *args)


async def refund_on_failure(request: Request, state: AppState, produce: Callable[[], Awaitable[R]]) -> R:
    """Run a billed route's body; if it fails after its charge was saved (building the response
    raised), credit the charge back: a failed request is never charged."""
    try:
        return await produce()
    except BaseException:
        settled = getattr(request.state, "settled", None)
        if settled:
            try:
                await _shielded(state.ledger.refund, settled)
            except Exception:  # the ledger still shows the charge; log it for the operator
                log.exception("%s: could not refund the charge of a failed request", settled)
        raise


async def run_billed(state: AppState, request: Request, account: Account, sku: Sku, upload: UploadFile,
                     duration_hint: str | None, route: str, call: Callable[[Clip], T]) -> tuple[T, Billed]:
    """Probe and price the upload, hold the cost (402 when short), decode and run `call` off the event
    loop (interrupted if the client leaves), then settle; release the hold on every other way out."""
    settings = state.settings
    ledger = state.ledger
    keeper = state.keeper
    request_id = request.state.ledger_id
    data = await upload.read()

    # Before any slot or hold: undecodable files get their 400 now, and the real duration is known.
    probe: Probe = await run_in_threadpool(probe_bytes, data, settings.max_duration_s)
    spec_quote = quote(len(data), duration_hint, sku.price_per_minute_micros, max_hint_s=settings.max_duration_hint_s)
    price = price_for(spec_quote, probe.duration_s, settings, sku.price_per_minute_micros)

    key = getattr(request.state, "key_hash", None) or f"account:{account.id}"
    long = max(price.duration_s, probe.duration_s or 0.0) > settings.long_analysis_s
    if long:
        state.long_analyses.acquire(key)
    interrupter = Interrupter()
    held = price.cost_micros
    try:
        await run_in_threadpool(ledger.hold, account.id, request_id, price.cost_micros, settings.hold_lease_s)
        keeper.track(request_id)
        final = price

        def work() -> tuple[T, float]:
            nonlocal final, held
            t0 = time.perf_counter()
            try:
                with interrupter.guard():
                    audio = decode_bytes(data, settings.max_duration_s)
                    # The backstop of the probe: bill what was decoded when it is longer still.
                    final = price_for(spec_quote, audio.duration_s, settings, sku.price_per_minute_micros)
                    if not settings.bill_decoded_duration and final.cost_micros < price.cost_micros:
                        final = price  # never below what the probe priced (the hold's own amount)
                    if final.cost_micros > held:
                        held = ledger.increase_hold(request_id, final.cost_micros - held)
                    state.metrics.audio_seconds.labels(route, sku.name).inc(audio.duration_s)
                    try:
                        result = call(audio)
                    except AuralError:
                        raise
                    except Exception as exc:  # the provider's own failure: never leak its details or keys
                        raise ProviderError(f"the model provider failed ({type(exc).__name__}); "
                                            "nothing was charged") from exc
            except AnalysisCancelled:
                raise ClientGoneError("the client disconnected; the analysis was stopped") from None
            return result, time.perf_counter() - t0

        outcome: list[tuple[T, float]] = []
        failure: BaseException | None = None
        async with anyio.create_task_group() as tg:
            async def watch() -> None:
                await _wait_for_disconnect(request)
                interrupter.cancel()
                tg.cancel_scope.cancel()

            tg.start_soon(watch)
            try:
                outcome.append(await anyio.to_thread.run_sync(work, limiter=state.analyses))
            except anyio.get_cancelled_exc_class():
                if not interrupter.cancelled:
                    raise  # cancelled from outside (shutdown): the hold is released below
            except Exception as exc:  # kept out of the task group, which would wrap it in a group
                failure = exc
            tg.cancel_scope.cancel()
        if interrupter.cancelled:
            raise ClientGoneError("the client disconnected; the analysis was stopped")
        if failure is not None:
            raise failure
        result, engine_s = outcome[0]
        try:
            balance = await _shielded(ledger.settle, request_id, final.cost_micros, sku.name, final.duration_s,
                                      final.billable_minutes, final.duration_source)
        except HoldStateError:
            # The lease lapsed (this worker could not renew it) and a sweep released the hold.
            raise ServiceUnavailableError("the charge could not be recorded in time; nothing was charged") from None
        keeper.untrack(request_id)
        request.state.settled = request_id  # a failure from here on is refunded (see refund_on_failure)
        state.metrics.charged_micros.labels(sku.name).inc(final.cost_micros)
        return result, Billed(final, balance, engine_s)
    except BaseException:
        # Work failed, settle failed, client gone, shutdown: give the hold back (retried with backoff
        # in the background if the database does not answer; a no-op when no hold was placed or the
        # settle went through).
        if keeper.is_tracked(request_id):
            await _shielded(keeper.release, request_id)
        raise
    finally:
        if long:
            state.long_analyses.release(key)
