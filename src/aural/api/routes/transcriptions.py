"""POST /v1/audio/transcriptions: OpenAI-compatible speech to text, billed per minute."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from aural.api.billing_flow import Billed, run_billed
from aural.api.deps import AudioAccount, StateDep
from aural.api.errors import ERROR_RESPONSES
from aural.api.forms import read_form, text_field, upload_field
from aural.errors import InvalidRequestError
from aural.listen.speech import LANGUAGE_NAMES
from aural.providers.base import Transcript

router = APIRouter(tags=["audio"])

FORMATS = ("json", "text", "srt", "vtt", "verbose_json")
GRANULARITIES = ("segment", "word")

_FORM = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary"},
        "model": {"type": "string", "default": "whisper-1"},
        "language": {"type": "string", "description": "ISO-639-1 code; detected when absent"},
        "prompt": {"type": "string", "description": "text to guide spelling and style"},
        "response_format": {"type": "string", "enum": list(FORMATS), "default": "json"},
        "timestamp_granularities[]": {"type": "array", "items": {"type": "string", "enum": list(GRANULARITIES)},
                                      "description": "with verbose_json: segment (default) and/or word"},
        "duration_sec": {"type": "number", "description": "duration hint; billing rounds up from it"},
    }}}}}}


@router.post("/v1/audio/transcriptions", openapi_extra=_FORM, responses=ERROR_RESPONSES,
             summary="Transcribe speech (OpenAI-compatible)")
async def transcriptions(request: Request, state: StateDep, account: AudioAccount) -> Response:
    settings = state.settings
    form = await read_form(request)
    upload = upload_field(form, settings.max_upload_bytes)
    sku = state.catalog.resolve(text_field(form, "model", max_chars=200), "transcribe")
    fmt = (text_field(form, "response_format", max_chars=20) or "json").lower()
    if fmt not in FORMATS:
        raise InvalidRequestError(f"'response_format' must be one of {', '.join(FORMATS)}")
    language = text_field(form, "language", max_chars=10)
    if language is not None:
        language = language.lower()
        if language not in LANGUAGE_NAMES:
            raise InvalidRequestError(f"'language' must be an ISO-639-1 code, not '{language}'")
    prompt = text_field(form, "prompt", max_chars=settings.max_question_chars)
    granularities = [g.strip() for key in ("timestamp_granularities[]", "timestamp_granularities")
                     for v in form.getlist(key) if isinstance(v, str) for g in v.split(",") if g.strip()]
    if any(g not in GRANULARITIES for g in granularities):
        raise InvalidRequestError("'timestamp_granularities[]' takes segment and/or word")
    hint = text_field(form, "duration_sec", max_chars=64)
    provider = state.provider_for(sku)
    result, billed = await run_billed(state, account, request.state.request_id, sku, upload, hint, "transcriptions",
                                      lambda clip: provider.transcribe(clip, language, prompt,
                                                                       "word" in granularities))
    return render(result, fmt, granularities or ["segment"], billed)


def render(t: Transcript, fmt: str, granularities: list[str], billed: Billed) -> Response:
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
        "task": "transcribe",
        "language": LANGUAGE_NAMES.get(t.language or "", "unknown").lower(),
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
