"""Request-size cap while the body streams in, and the per-key rate limiter."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aural.api.errors import error_response
from aural.billing.ledger import Ledger
from aural.errors import RateLimitedError, too_large_message

# Room for the multipart boundaries and the small text fields around the file itself.
FORM_OVERHEAD_BYTES = 256 * 1024
# Scope key set when a body passed the cap mid-stream.
TOO_LARGE = "aural.body_too_large"


class BodyLimitMiddleware:
    """Refuse a body over the cap: at once from Content-Length, else as soon as the count passes it.

    The count is enforced inside `receive`: past the cap it reports a disconnect and marks the scope
    (TOO_LARGE), so the route stops reading, never holds more than the cap, and answers 413.
    """

    def __init__(self, app: ASGIApp, max_upload_bytes: int) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes
        self.max_body = max_upload_bytes + FORM_OVERHEAD_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT"):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_body:
                    # No "Connection: close": closing with the body still arriving makes the kernel
                    # reset the socket, and the client can lose the 413 itself. The server reads and
                    # drops the rest (lingering close) and the connection stays usable.
                    response = error_response(413, "invalid_request", too_large_message(self.max_upload_bytes))
                    await response(scope, receive, send)
                    return
        seen = 0
        max_body = self.max_body

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_body:
                    scope[TOO_LARGE] = True
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, limited_receive, send)


class RateLimiter:
    """Sliding-window counters kept in the database (Ledger.take_token), so every worker and replica
    on one database shares them: `per_minute` requests per key, and `auth_failures_per_minute` failed keys
    per client address. 0 turns either off."""

    def __init__(self, ledger: Ledger, per_minute: int, auth_failures_per_minute: int = 0) -> None:
        self.ledger = ledger
        self.per_minute = per_minute
        self.auth_failures_per_minute = auth_failures_per_minute

    def check(self, key: str) -> None:
        """Take one request from the key's bucket (key: the secret's sha256), or 429."""
        if self.per_minute <= 0:
            return
        wait = self.ledger.take_token("key:" + key[:64], self.per_minute)
        if wait > 0:
            raise RateLimitedError("too many requests for this API key; retry later", wait)

    def check_address(self, address: str) -> None:
        """429 while this address has used up its failed-key allowance (takes nothing)."""
        if self.auth_failures_per_minute <= 0 or not address:
            return
        wait = self.ledger.take_token("auth:" + address[:90], self.auth_failures_per_minute, consume=False)
        if wait > 0:
            raise RateLimitedError("too many failed API keys from this address; retry later", wait)

    def failed_auth(self, address: str) -> None:
        """Count one failed key against the address."""
        if self.auth_failures_per_minute <= 0 or not address:
            return
        try:
            self.ledger.take_token("auth:" + address[:90], self.auth_failures_per_minute)
        except Exception:  # counting must never turn a 401 into something else
            pass
