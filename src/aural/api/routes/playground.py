"""The web playground: one offline page at `/` and `/playground` (HTML, CSS and plain ES modules shipped
in `aural/api/static/`), plus the few server facts the page needs before it uploads anything."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from aural import __version__
from aural.api.deps import StateDep
from aural.errors import PayloadTooLargeError, too_large_message

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = "/playground/static"
# Browsers refuse a module script served with a non-JavaScript type; some systems' tables map .js otherwise.
mimetypes.add_type("text/javascript", ".js")

# The spec's example questions, one click away in the page.
EXAMPLE_QUESTIONS = [
    "Describe the mood, dominant instruments, tempo, and any background sounds.",
    "Is the speaker frustrated, neutral, or pleased? One word, then a one-sentence justification.",
    "What style of music is this?",
    "Is there a siren, and what language is spoken?",
]

# Everything the page loads comes from this server: no CDN, no outside fonts or scripts.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)


@router.get("/")
@router.get("/playground")
async def page() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


@router.get("/playground/config")
async def config(state: StateDep) -> dict:
    """Limits the page checks before sending, in the API's own words."""
    max_bytes = state.settings.max_upload_bytes
    too_large = {"status": PayloadTooLargeError.status, "code": PayloadTooLargeError.code,
                 "message": too_large_message(max_bytes)}  # the 413 the API would answer, shown without uploading
    return {"version": __version__, "max_upload_bytes": max_bytes, "too_large_message": too_large["message"],
            "too_large_error": too_large,
            "max_question_chars": state.settings.max_question_chars, "example_questions": EXAMPLE_QUESTIONS}
