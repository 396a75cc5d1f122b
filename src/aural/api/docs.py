"""Swagger UI at /docs and ReDoc at /redoc, served from this server: no CDN, so they work offline.

The assets come from the pinned `fastapi-offline` wheel (MIT; it vendors Swagger UI, Apache-2.0, and
ReDoc, MIT): only its static files are used, located with `find_spec` and served under DOCS_ASSETS.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_ASSETS = "/docs/assets"


def assets_dir() -> Path | None:
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "static"
    return path if (path / "swagger-ui-bundle.js").is_file() else None


def install_docs(app: FastAPI) -> None:
    """Add /docs, /redoc and their assets (the app is built with docs_url=None, redoc_url=None)."""
    assets = assets_dir()
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    async def swagger() -> HTMLResponse:
        if assets is None:
            return HTMLResponse("<p>Swagger UI assets are not installed (pip install fastapi-offline); "
                                "the schema is at <a href='/openapi.json'>/openapi.json</a>.</p>", status_code=503)
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API",
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png")

    @router.get("/redoc")
    async def redoc() -> HTMLResponse:
        if assets is None:
            return HTMLResponse("<p>ReDoc assets are not installed (pip install fastapi-offline).</p>", status_code=503)
        return get_redoc_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API",
                              redoc_js_url=f"{DOCS_ASSETS}/redoc.standalone.js",
                              redoc_favicon_url=f"{DOCS_ASSETS}/favicon.png", with_google_fonts=False)

    app.include_router(router)
    if assets is not None:
        app.mount(DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")
