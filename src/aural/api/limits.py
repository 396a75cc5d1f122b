"""Request-size cap while the body streams in, and a per-key token-bucket rate limiter."""

from __future__ import annotations

import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aural.api.errors import error_response
from aural.errors import RateLimitedError

# Room for the multipart boundaries and the small text fields around the file itself.
FORM_OVERHEAD_BYTES = 256 * 1024
# Scope key set when a body passed the cap mid-stream.
TOO_LARGE = "aural.body_too_large"


def too_large_message(max_bytes: int) -> str:
    return f"the file is larger than the {max_bytes // (1024 * 1024)} MB limit"


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
    """Token bucket per key: `per_minute` requests, refilled continuously. Per process."""

    def __init__(self, per_minute: int) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        if self.rate <= 0:
            return
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                raise RateLimitedError("too many requests for this API key; retry later",
                                       (1.0 - tokens) / self.rate)
            self._buckets[key] = (tokens - 1.0, now)
