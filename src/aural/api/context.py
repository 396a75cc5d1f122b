"""Every request's context: its ids, its log line and its metrics, 500s included.

`RequestContextMiddleware` is the outermost of aural's middleware (plain ASGI, so a client's
disconnect stays visible to the routes). It gives every request a server id (`req_...`, the ledger's
key) and a correlation id (the client's `X-Request-Id` when it is sane, else the server id), echoes
the correlation id in `X-Request-Id` on every response, turns an unhandled exception into the
API's 500 body, and counts and logs each request once, labelled by its *route template*
(`/v1/models/{model_id:path}`, not the raw path; unknown paths share UNMATCHED), so `/metrics` stays
bounded whatever paths clients send.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any
from starlette.routing import Match, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aural.api.errors import error_response
from aural.api.metrics import Metrics

log = logging.getLogger("aural.api")

# The route label of every path no route matches (404s of any path, scanners, typos).
UNMATCHED = "<unmatched>"
# Query parameters that carry a key in some clients; refused (401) so the key never lands in a log.
KEY_QUERY_PARAMS = frozenset({"api_key", "apikey", "api-key", "key", "token", "access_token", "auth", "authorization"})


def new_request_id() -> str:
    return "req_" + uuid.uuid4().hex[:24]


def sane_client_id(value: str) -> bool:
    """A client's X-Request-Id we are willing to echo: 8-64 characters of [A-Za-z0-9_-]."""
    return 8 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isascii() \
        and value.replace("-", "").replace("_", "").isalnum()


def plain_route(scope: Scope, app: Any) -> str | None:
    """The template of a plain route or mount of `app` (/openapi.json, /docs, static files) matching
    `scope`; checked before the app runs, since a mount rewrites the scope's root path."""
    for candidate in getattr(getattr(app, "router", None), "routes", ()):
        if isinstance(candidate, (Route, Mount)) and candidate.matches(scope)[0] != Match.NONE:
            return candidate.path  # included routers are skipped: they set scope["route"] themselves
    return None


def route_template(scope: Scope, plain: str | None = None) -> str:
    """The path template of the route that served `scope`, else UNMATCHED, so the label set is the
    route table: `plain` (see plain_route), else the API route FastAPI's router recorded in
    scope["route"] (a method-only match, i.e. a 405, too)."""
    if plain:
        return plain
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


def _query_names(scope: Scope) -> set[str]:
    raw = scope.get("query_string", b"") or b""
    if not raw:
        return set()
    names = set()
    for part in raw.split(b"&"):
        name = part.split(b"=", 1)[0]
        try:
            names.add(name.decode("latin-1").lower())
        except Exception:  # pragma: no cover - latin-1 decodes anything
            continue
    return names


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: Metrics, routes_of: Any = None) -> None:
        self.app = app
        self.metrics = metrics
        self.routes_of = routes_of  # the FastAPI app, for its plain routes and mounts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        server_id = new_request_id()
        client_id = ""
        for name, value in scope.get("headers", ()):
            if name == b"x-request-id":
                client_id = value.decode("latin-1")
                break
        request_id = client_id if sane_client_id(client_id) else server_id
        state = scope.setdefault("state", {})
        state["request_id"] = request_id          # the correlation id (echoed)
        state["ledger_id"] = server_id            # the ledger's key: always ours, never the client's
        state["error_code"] = None
        status = {"code": 0, "started": False}
        plain = plain_route(scope, self.routes_of)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["started"] = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        t0 = time.perf_counter()
        try:
            if _query_names(scope) & KEY_QUERY_PARAMS:
                state["error_code"] = "auth_error"
                response = error_response(401, "auth_error", "API keys are accepted only in the Authorization "
                                          "header (Bearer), never in the URL; this key should be rotated")
                await response(scope, receive, send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("%s unhandled error in %s %s", request_id, scope.get("method"), route_template(scope, plain))
            state["error_code"] = "internal_error"
            if not status["started"]:
                response = error_response(500, "internal_error", "internal error; the request was not charged")
                await response(scope, receive, send_with_id)
            else:
                status["code"] = 500
        finally:
            elapsed = time.perf_counter() - t0
            route = route_template(scope, plain)
            code = status["code"] or 499  # 499: the client went away before any response
            self.metrics.requests.labels(route, str(code)).inc()
            self.metrics.latency.labels(route).observe(elapsed)
            if state.get("error_code"):
                self.metrics.errors.labels(state["error_code"]).inc()
            # Never log keys, bodies, audio or query strings: method, route, status, time and the ids.
            extra = f" ({server_id})" if request_id != server_id else ""
            log.info("%s%s %s %s %d %.3fs", request_id, extra, scope.get("method"), route, code, elapsed)
