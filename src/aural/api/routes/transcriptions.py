"""POST /v1/audio/transcriptions and /v1/audio/translations: OpenAI-compatible speech to text (in its own
language, or translated to English by Whisper's translate task), billed, limited and gated alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.datastructures import FormData, UploadFile

from aural.api.billing_flow import Billed, run_billed
from aural.api.deps import AudioAccount, StateDep
from aural.api.errors import ERROR_RESPONSES
from aural.api.forms import (AudioUpload, DurationHint, FormRoute, GranularitiesAlias, GranularitiesField,
                             LanguageField, MultipartForm, PromptField, ResponseFormat, ResponseFormatField,
                             TemperatureField, TranscribeSku, prompt_within)
from aural.api.idempotency import idempotent
from aural.api.schemas import (BillingBlock, Segment, TranscriptionResponse, Usage, VerboseTranscriptionResponse,
                               Word, dump)
from aural.api.state import AppState
from aural.audio.decode import Clip
from aural.billing.ledger import Account
from aural.catalog import Sku
from aural.errors import ProviderError
from aural.languages import LANGUAGE_NAMES
from aural.providers.base import Transcript, Translator
from aural.providers.registry import transcriber_for

router = APIRouter(tags=["audio"], route_class=FormRoute)

Task = Literal["transcribe", "translate"]

_TEXT = {"description": "response_format text, srt or vtt (billing in the X-Aural-* headers)",
         "content": {"text/plain": {"schema": {"type": "string"}}, "text/vtt": {"schema": {"type": "string"}}}}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "response_format json (TranscriptionResponse) or verbose_json "
                         "(VerboseTranscriptionResponse); text, srt and vtt come as text",
          "content": {"application/json": {"schema": {"anyOf": [
              {"$ref": "#/components/schemas/TranscriptionResponse"},
              {"$ref": "#/components/schemas/VerboseTranscriptionResponse"}]}},
              **_TEXT["content"]}},
    **ERROR_RESPONSES,
}


@dataclass(frozen=True)
class SpeechOptions:
    """The fields checked before the prompt's length, and the prompt (its limit is the operator's)."""

    sku: Sku
    fmt: ResponseFormat
    language: str | None
    prompt: str | None


async def transcribe_options(state: StateDep, sku: TranscribeSku, response_format: ResponseFormatField = "json",
                             language: LanguageField = None, prompt: PromptField = None) -> SpeechOptions:
    return SpeechOptions(sku, response_format, language, prompt_within(prompt, state.settings.max_question_chars))


async def translate_options(state: StateDep, sku: TranscribeSku, response_format: ResponseFormatField = "json",
                            prompt: PromptField = None) -> SpeechOptions:
    return SpeechOptions(sku, response_format, None, prompt_within(prompt, state.settings.max_question_chars))


@router.post("/v1/audio/transcriptions", response_model=TranscriptionResponse | VerboseTranscriptionResponse,
             responses=_RESPONSES, summary="Transcribe speech (OpenAI-compatible)")
async def transcriptions(request: Request, state: StateDep, account: AudioAccount, form: MultipartForm,
                         upload: AudioUpload, options: Annotated[SpeechOptions, Depends(transcribe_options)],
                         temperature: TemperatureField = None, timestamp_granularities: GranularitiesField = [],
                         granularities_alias: GranularitiesAlias = [],
                         duration_sec: DurationHint = None) -> Response:
    return await speech_to_text(request, state, account, form, upload, options, "transcribe",
                                timestamp_granularities + granularities_alias, duration_sec)


@router.post("/v1/audio/translations", response_model=TranscriptionResponse | VerboseTranscriptionResponse,
             responses=_RESPONSES, summary="Translate speech in any language to English text (OpenAI-compatible)")
async def translations(request: Request, state: StateDep, account: AudioAccount, form: MultipartForm,
                       upload: AudioUpload, options: Annotated[SpeechOptions, Depends(translate_options)],
                       temperature: TemperatureField = None, timestamp_granularities: GranularitiesField = [],
                       granularities_alias: GranularitiesAlias = [], duration_sec: DurationHint = None) -> Response:
    return await speech_to_text(request, state, account, form, upload, options, "translate",
                                timestamp_granularities + granularities_alias, duration_sec)


async def speech_to_text(request: Request, state: AppState, account: Account, form: FormData, upload: UploadFile,
                         options: SpeechOptions, task: Task, granularities: list[str], hint: str | None) -> Response:
    """The one flow of both routes: run Whisper's `task` on the checked fields under run_billed, render in
    the requested format."""
    sku, fmt, language, prompt = options.sku, options.fmt, options.language, options.prompt
    provider = state.provider_for(sku)
    words = "word" in granularities

    def run(clip: Clip) -> Transcript:
        if task == "transcribe":
            return transcriber_for(provider, sku).transcribe(clip, language, prompt, words)
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
    billing = BillingBlock(**block)
    if fmt == "json":
        return JSONResponse(dump(TranscriptionResponse(text=t.text, billing=billing)), headers=headers)
    body = VerboseTranscriptionResponse(
        task=task,
        # A translation's language is that of its text, English (as OpenAI's verbose_json says).
        language="english" if task == "translate" else LANGUAGE_NAMES.get(t.language or "", "unknown").lower(),
        duration=round(t.duration_s, 3), text=t.text,
        usage=Usage(type="duration", seconds=int(-(-t.duration_s // 1))), billing=billing)
    if "segment" in granularities:
        body.segments = [Segment(id=i, seek=0, start=s.start, end=s.end, text=s.text, tokens=[], temperature=0.0)
                         for i, s in enumerate(t.segments)]
    if "word" in granularities:
        body.words = [Word(word=w.text, start=w.start, end=w.end) for s in t.segments for w in s.words]
    return JSONResponse(dump(body), headers=headers)


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
