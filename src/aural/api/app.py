"""The app factory: `create_app()` builds the FastAPI app; `aural serve` runs it under uvicorn."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import AsyncIterator

import anyio
from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from aural import __version__
from aural.api.errors import install_error_handlers
from aural.api.limits import BodyLimitMiddleware, RateLimiter
from aural.api.metrics import Metrics
from aural.api.routes import health, models as models_route, playground, transcriptions, understand
from aural.api.state import AppState
from aural.billing.db import init_db, make_engine
from aural.billing.ledger import Ledger
from aural.catalog import load_catalog
from aural.config import Settings, get_settings
from aural.listen import models
from aural.providers.base import Provider
from aural.providers.registry import build_providers

log = logging.getLogger("aural.api")


def _log_to_stderr() -> None:
    """Request lines go to stderr next to uvicorn's own (each worker process sets this up once)."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def create_app(settings: Settings | None = None, providers: dict[str, Provider] | None = None) -> FastAPI:
    settings = settings or get_settings()
    _log_to_stderr()
    # Migrations run here unless `aural serve` already ran them once before starting its workers.
    # The catalog first: a broken AURAL_CATALOG file stops the server with a clear CatalogError.
    catalog = load_catalog(settings)
    engine = make_engine(settings.database_url) if settings.database_ready else init_db(settings.database_url)
    state = AppState(
        settings=settings,
        catalog=catalog,
        ledger=Ledger(engine),
        # One provider per remote SKU, one shared local engine; `providers` (tests) replace entries.
        providers=build_providers(catalog, settings, providers),
        analyses=anyio.CapacityLimiter(settings.max_concurrent_analyses),
        rate_limiter=RateLimiter(settings.rate_limit_per_minute),
        metrics=Metrics(),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        released = state.ledger.release_stale_holds(timedelta(minutes=settings.stale_hold_minutes))
        if released:  # credit a dead worker left on hold goes back to its accounts
            log.warning("released %d stale hold(s): %s", len(released), ", ".join(released))
        if settings.preload_models:
            threading.Thread(target=models.preload, name="aural-preload", daemon=True).start()
        yield
        engine.dispose()

    app = FastAPI(title="aural", version=__version__, lifespan=lifespan,
                  description="Self-hosted audio understanding: ask how a clip sounds. "
                              "Drop-in for POST /v1/audio/understand, with OpenAI-compatible transcriptions.")
    app.state.aural = state
    install_error_handlers(app)
    for router in (understand.router, transcriptions.router, models_route.router, health.router):
        app.include_router(router)
    app.include_router(playground.router)
    app.mount(playground.STATIC_URL, StaticFiles(directory=playground.STATIC_DIR), name="playground-static")

    @app.middleware("http")
    async def request_context(request: Request, call_next) -> Response:  # type: ignore[no-untyped-def]
        request_id = request.headers.get("x-request-id", "")
        if not (8 <= len(request_id) <= 64 and request_id.replace("-", "").replace("_", "").isalnum()):
            request_id = "req_" + uuid.uuid4().hex[:24]
        request.state.request_id = request_id
        request.state.error_code = None
        route = request.url.path
        t0 = time.perf_counter()
        response = await call_next(request)
        elapsed = time.perf_counter() - t0
        response.headers["X-Request-Id"] = request_id
        state.metrics.requests.labels(route, str(response.status_code)).inc()
        state.metrics.latency.labels(route).observe(elapsed)
        if request.state.error_code:
            state.metrics.errors.labels(request.state.error_code).inc()
        # Never log keys, bodies or audio: method, path, status, time and the request id only.
        log.info("%s %s %s %d %.3fs", request_id, request.method, route, response.status_code, elapsed)
        return response

    app.add_middleware(BodyLimitMiddleware, max_upload_bytes=settings.max_upload_bytes)
    return app
