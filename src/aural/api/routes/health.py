"""Liveness, readiness (models loaded) and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from aural.api.deps import StateDep
from aural.api.schemas import Health, Readiness, dump
from aural.listen import models

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health, summary="The process is up")
async def healthz() -> Health:
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, summary="Models are loaded and requests will be served at full speed",
            responses={503: {"model": Readiness, "description": "models are still loading"}})
async def readyz() -> JSONResponse:
    loaded = models.loaded()
    ready = all(loaded.values())
    body = Readiness(status="ready" if ready else "loading", models=loaded)
    return JSONResponse(dump(body), status_code=200 if ready else 503)


@router.get("/metrics", summary="Prometheus metrics of this process (text exposition format)",
            response_class=PlainTextResponse,
            responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                             "description": "Prometheus text format 0.0.4, labelled by route template"}})
async def metrics(state: StateDep) -> Response:
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
