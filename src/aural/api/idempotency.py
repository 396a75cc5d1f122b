"""`Idempotency-Key`, as payment APIs have it: the same key from the same account within 24 h gets
the first response again and is charged once; the same key with a different request is 409.

The record lives in the database (`idempotency_keys`), so every worker and replica sees it. A
request claims its key before any money moves; while it runs the claim is 'pending' (a second
request with that key gets 409, retry later) and its lease is renewed by the hold keeper, so a key
whose worker died frees itself. A 2xx response is stored and replayed with `Idempotent-Replayed:
true`; any other outcome charged nothing, so the claim is dropped and a retry runs afresh.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Awaitable, Callable

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from aural.api.billing_flow import refund_on_failure
from aural.api.state import AppState
from aural.billing.ledger import Account
from aural.errors import IdempotencyConflictError, InvalidRequestError

log = logging.getLogger("aural.api")

HEADER = "idempotency-key"
MAX_KEY_CHARS = 255
# Response headers worth replaying (billing travels in headers for the text formats).
_REPLAYED_HEADERS = ("x-aural-cost-usd", "x-aural-balance-usd", "x-aural-billable-minutes", "server-timing")


async def fingerprint(route: str, form: FormData) -> str:
    """sha256 of the route and the parsed form: each field's name and value, a file by its bytes.
    (Not the raw body: its multipart boundary differs on every retry.)"""
    h = hashlib.sha256(route.encode())
    for name, value in sorted(form.multi_items(), key=lambda kv: kv[0]):
        h.update(b"\0" + name.encode("utf-8", "replace") + b"\0")
        if isinstance(value, UploadFile):
            data = await value.read()
            await value.seek(0)
            h.update(b"file:" + await run_in_threadpool(lambda: hashlib.sha256(data).digest()))
        else:
            h.update(b"text:" + value.encode("utf-8", "replace"))
    return h.hexdigest()


async def idempotent(request: Request, state: AppState, account: Account, form: FormData,
                     produce: Callable[[], Awaitable[Response]]) -> Response:
    """Run `produce` under the request's Idempotency-Key, if it sent one."""
    key = request.headers.get(HEADER)
    if key is None:
        return await refund_on_failure(request, state, produce)
    key = key.strip()
    if not (1 <= len(key) <= MAX_KEY_CHARS) or not key.isascii() or not key.isprintable():
        raise InvalidRequestError(f"'Idempotency-Key' must be 1-{MAX_KEY_CHARS} printable ASCII characters")
    ledger, keeper = state.ledger, state.keeper
    fp = await fingerprint(request.url.path, form)
    claim = await run_in_threadpool(ledger.claim_idempotency_key, account.id, key, fp, state.settings.hold_lease_s)
    if claim.outcome == "mismatch":
        raise IdempotencyConflictError("this Idempotency-Key was already used with a different request; "
                                       "use a new key for a new request")
    if claim.outcome == "in_flight":
        raise IdempotencyConflictError("a request with this Idempotency-Key is still in progress; retry later")
    if claim.outcome == "replay":
        headers = dict(claim.headers or {})
        headers["Idempotent-Replayed"] = "true"
        return Response(claim.body or b"", status_code=claim.status_code or 200, headers=headers,
                        media_type=claim.media_type)
    keeper.track_key(account.id, key)
    try:
        response = await refund_on_failure(request, state, produce)
    except BaseException:
        keeper.untrack_key(account.id, key)
        with anyio.CancelScope(shield=True):
            try:
                await run_in_threadpool(ledger.abandon_idempotency_key, account.id, key)
            except Exception:  # its lease lapses; a retry then claims it afresh
                pass
        raise
    keeper.untrack_key(account.id, key)
    body = getattr(response, "body", None)
    try:
        if 200 <= response.status_code < 300 and isinstance(body, (bytes, bytearray)):
            headers = {k: v for k, v in response.headers.items() if k.lower() in _REPLAYED_HEADERS}
            await run_in_threadpool(ledger.complete_idempotency_key, account.id, key, response.status_code,
                                    response.media_type or response.headers.get("content-type"), headers, bytes(body))
        else:
            await run_in_threadpool(ledger.abandon_idempotency_key, account.id, key)
    except Exception as exc:
        # Charged, but the record could not be saved: its lease lapses and a retry would run again.
        log.warning("%s: Idempotency-Key record not saved (%s); a retry with it would run again",
                    request.state.request_id, exc)
    return response
