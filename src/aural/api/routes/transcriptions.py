"""POST /v1/audio/transcriptions and /v1/audio/translations: OpenAI-compatible speech to text (in its own
language, or translated to English by Whisper's translate task), billed, limited and gated alike."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from aural.api.billing_flow import Billed, run_billed
from aural.api.deps import AudioAccount, StateDep
from aural.api.errors import ERROR_RESPONSES
from aural.api.forms import language_code, read_form, text_field, upload_field
from aural.api.idempotency import idempotent
from aural.api.state import AppState
from aural.audio.decode import Clip
from aural.billing.ledger import Account
from aural.errors import InvalidRequestError, ProviderError
from aural.listen.speech import LANGUAGE_NAMES
from aural.providers.base import Transcript, Translator

router = APIRouter(tags=["audio"])

Task = Literal["transcribe", "translate"]
FORMATS = ("json", "text", "srt", "vtt", "verbose_json")
GRANULARITIES = ("segment", "word")

_COMMON_FIELDS = {
    "file": {"type": "string", "format": "binary"},
    "model": {"type": "string", "default": "whisper-1", "maxLength": 200,
              "description": "whisper-1 or transcribe (aliases of aural-transcribe-1), or a transcription SKU"},
    "prompt": {"type": "string", "maxLength": 4000, "description": "text to guide spelling and style"},
    "response_format": {"type": "string", "enum": list(FORMATS), "default": "json"},
    "temperature": {"type": "number", "minimum": 0, "maximum": 1,
                    "description": "accepted for compatibility; the local engine decodes greedily and raises "
                                   "the temperature only to retry a failed segment"},
    "timestamp_granularities[]": {"type": "array", "items": {"type": "string", "enum": list(GRANULARITIES)},
                                  "description": "with verbose_json: segment (default) and/or word"},
    "duration_sec": {"type": "number", "exclusiveMinimum": 0, "maximum": 86400,
                     "description": "duration hint in seconds; billing rounds up from it"},
}


def _form(extra: dict) -> dict:
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"], "properties": {**_COMMON_FIELDS, **extra}}}}}}


@router.post("/v1/audio/transcriptions", responses=ERROR_RESPONSES, summary="Transcribe speech (OpenAI-compatible)",
             openapi_extra=_form({"language": {"type": "string",
                                               "description": "ISO-639-1 code; detected when absent"}}))
async def transcriptions(request: Request, state: StateDep, account: AudioAccount) -> Response:
    return await speech_to_text(request, state, account, "transcribe")


@router.post("/v1/audio/translations", responses=ERROR_RESPONSES,
             summary="Translate speech in any language to English text (OpenAI-compatible)", openapi_extra=_form({}))
async def translations(request: Request, state: StateDep, account: AudioAccount) -> Response:
    return await speech_to_text(request, state, account, "translate")


async def speech_to_text(request: Request, state: AppState, account: Account, task: Task) -> Response:
    """The one flow of both routes: read and check the form, resolve a transcription SKU, run Whisper's
    `task` under run_billed, render in the requested format."""
    settings = state.settings
    form = await read_form(request)
    upload = upload_field(form, settings.max_upload_bytes)
    sku = state.catalog.resolve(text_field(form, "model", max_chars=200), "transcribe")
    fmt = (text_field(form, "response_format", max_chars=20) or "json").lower()
    if fmt not in FORMATS:
        raise InvalidRequestError(f"'response_format' must be one of {', '.join(FORMATS)}")
    language = language_code(text_field(form, "language", max_chars=10)) if task == "transcribe" else None
    prompt = text_field(form, "prompt", max_chars=settings.max_question_chars)
    temperature = text_field(form, "temperature", max_chars=32)
    if temperature is not None:
        try:
            ok = 0.0 <= float(temperature) <= 1.0
        except ValueError:
            ok = False
        if not ok:
            raise InvalidRequestError("'temperature' must be a number from 0 to 1")
    granularities = [g.strip() for key in ("timestamp_granularities[]", "timestamp_granularities")
                     for v in form.getlist(key) if isinstance(v, str) for g in v.split(",") if g.strip()]
    if any(g not in GRANULARITIES for g in granularities):
        raise InvalidRequestError("'timestamp_granularities[]' takes segment and/or word")
    hint = text_field(form, "duration_sec", max_chars=64)
    provider = state.provider_for(sku)
    words = "word" in granularities

    def run(clip: Clip) -> Transcript:
        if task == "transcribe":
            return provider.transcribe(clip, language, prompt, words)
        if not isinstance(provider, Translator):
            raise ProviderError(f"model '{sku.name}' does not translate")
        return provider.translate(clip, prompt, words)

    route = "transcriptions" if task == "transcribe" else "translations"

    async def transcribe_it() -> Response:
        result, billed = await run_billed(state, request, account, sku, upload, hint, route, run)
        return render(result, fmt, granularities or ["segment"], billed, task)

    return await idempotent(request, state, account, form, transcribe_it)


def render(t: Transcript, fmt: str, granularities: list[str], billed: Billed, task: Task = "transcribe") -> Response:
    block = billed.block()
    # Text formats have no room for the billing block, so it travels in headers for every format.
    headers = {"X-Aural-Cost-Usd": repr(block["cost_usd"]), "X-Aural-Balance-Usd": repr(block["balance_usd"]),
               "X-Aural-Billable-Minutes": str(block["billable_minutes"]), "Server-Timing": billed.server_timing()}
    if fmt == "text":
        return PlainTextResponse(t.text + "\n", headers=headers)
    if fmt == "srt":
        return PlainTextResponse(to_srt(t), headers=headers)
    if fmt == "vtt":
        return PlainTextResponse(to_vtt(t), media_type="text/vtt", headers=headers)
    if fmt == "json":
        return JSONResponse({"text": t.text, "billing": block}, headers=headers)
    body: dict = {
        "task": task,
        # A translation's language is that of its text, English (as OpenAI's verbose_json says).
        "language": "english" if task == "translate" else LANGUAGE_NAMES.get(t.language or "", "unknown").lower(),
        "duration": round(t.duration_s, 3),
        "text": t.text,
        "usage": {"type": "duration", "seconds": int(-(-t.duration_s // 1))},
        "billing": block,
    }
    if "segment" in granularities:
        body["segments"] = [{"id": i, "seek": 0, "start": s.start, "end": s.end, "text": s.text,
                             "tokens": [], "temperature": 0.0}
                            for i, s in enumerate(t.segments)]
    if "word" in granularities:
        body["words"] = [{"word": w.text, "start": w.start, "end": w.end} for s in t.segments for w in s.words]
    return JSONResponse(body, headers=headers)


def _stamp(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(t: Transcript) -> str:
    blocks = [f"{i}\n{_stamp(s.start, ',')} --> {_stamp(s.end, ',')}\n{s.text}\n"
              for i, s in enumerate(t.segments, start=1)]
    return "\n".join(blocks)


def to_vtt(t: Transcript) -> str:
    cues = [f"{_stamp(s.start, '.')} --> {_stamp(s.end, '.')}\n{s.text}\n" for s in t.segments]
    return "WEBVTT\n\n" + "\n".join(cues)
