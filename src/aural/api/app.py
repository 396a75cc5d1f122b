"""The app factory: `create_app()` builds the FastAPI app; `aural serve` runs it under uvicorn."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import AsyncIterator

import anyio
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from aural import __version__
from aural.api.billing_flow import LongAnalyses
from aural.api.context import RequestContextMiddleware
from aural.api.docs import install_docs
from aural.api.errors import install_error_handlers
from aural.api.limits import BodyLimitMiddleware, RateLimiter
from aural.api.metrics import Metrics
from aural.api.routes import health, models as models_route, playground, transcriptions, understand
from aural.api.state import AppState
from aural.billing.db import init_db, make_engine
from aural.billing.keeper import HoldKeeper
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


def _openapi_without_422(app: FastAPI) -> dict:
    """The generated schema, less FastAPI's 422 rows (invalid fields are this API's 400, errors.py), with
    each multipart form inline."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.get("components", {}).get("schemas", {})
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)
                # Each form's fields inline, where clients and readers of the spec look for them.
                for media in operation.get("requestBody", {}).get("content", {}).values():
                    ref = media.get("schema", {}).get("$ref", "")
                    if ref.startswith("#/components/schemas/Body_"):
                        media["schema"] = components.pop(ref.rsplit("/", 1)[1])
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(settings: Settings | None = None, providers: dict[str, Provider] | None = None) -> FastAPI:
    settings = settings or get_settings()
    _log_to_stderr()
    # Migrations run here unless `aural serve` already ran them once before starting its workers.
    # The catalog first: a broken AURAL_CATALOG file stops the server with a clear CatalogError.
    catalog = load_catalog(settings)
    if not settings.database_ready:
        init_db(settings.database_url).dispose()
    # The API's engine waits at most db_deadline_s for a lock or a connection, then answers 503.
    engine = make_engine(settings.database_url, deadline_s=settings.db_deadline_s)
    ledger = Ledger(engine, deadline_s=settings.db_deadline_s)
    state = AppState(
        settings=settings,
        catalog=catalog,
        ledger=ledger,
        # One provider per remote SKU, one shared local engine; `providers` (tests) replace entries.
        providers=build_providers(catalog, settings, providers),
        analyses=anyio.CapacityLimiter(settings.max_concurrent_analyses),
        rate_limiter=RateLimiter(ledger, settings.rate_limit_per_minute, settings.auth_failures_per_minute),
        metrics=Metrics(),
        keeper=HoldKeeper(ledger, lease_s=settings.hold_lease_s, sweep_s=settings.hold_sweep_s),
        long_analyses=LongAnalyses(settings.max_long_analyses_per_key),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        released = state.ledger.release_stale_holds(timedelta(minutes=settings.stale_hold_minutes))
        if released:  # credit a dead worker left on hold goes back to its accounts
            log.warning("released %d stale hold(s): %s", len(released), ", ".join(released))
        state.keeper.start()  # renews this worker's leases, sweeps lapsed ones, retries failed releases
        if settings.preload_models:
            threading.Thread(target=models.preload, name="aural-preload", daemon=True).start()
        yield
        state.keeper.stop()  # releases what this worker still holds
        engine.dispose()

    app = FastAPI(title="aural", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Self-hosted audio understanding: ask how a clip sounds. "
                              "Drop-in for POST /v1/audio/understand, with OpenAI-compatible transcriptions.")
    app.state.aural = state
    install_error_handlers(app)
    for router in (understand.router, transcriptions.router, models_route.router, health.router):
        app.include_router(router)
    app.include_router(playground.router)
    install_docs(app)
    app.openapi = lambda: _openapi_without_422(app)  # type: ignore[method-assign]
    app.mount(playground.STATIC_URL, StaticFiles(directory=playground.STATIC_DIR), name="playground-static")

    app.add_middleware(BodyLimitMiddleware, max_upload_bytes=settings.max_upload_bytes)
    # Added last, so outermost: its id, log line and count cover every response, 413s and 500s too.
    app.add_middleware(RequestContextMiddleware, metrics=state.metrics, routes_of=app)
    return app
