"""POST /v1/audio/understand: a question about how a clip sounds, answered and billed per minute."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Request

from aural.api.billing_flow import charged
from aural.api.deps import AudioAccount, StateDep
from aural.api.errors import ERROR_SCHEMA
from aural.api.forms import bool_field, read_form, text_field, upload_field
from aural.audio.decode import decode_bytes
from aural.billing.pricing import quote as price_quote
from aural.errors import AuralError, ProviderError
from aural.providers.base import Answer

router = APIRouter(tags=["audio"])

_ERRORS = {str(s): {"description": d, "content": {"application/json": {"schema": ERROR_SCHEMA}}} for s, d in [
    (400, "invalid_request (missing or malformed field, undecodable audio) or not_an_audio_model"),
    (401, "auth_error: API key missing or invalid"),
    (402, "billing_error: not enough credit"),
    (404, "not_enabled: the account's audio gate is off"),
    (413, "invalid_request: file larger than 25 MB"),
    (429, "rate_limit_exceeded: too many requests for this key (see Retry-After)"),
    (502, "provider_error: the model provider failed; nothing was charged"),
]}

_FORM = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file", "question"],
    "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "mp3, wav, m4a, ogg, webm or flac; at most 25 MB"},
        "question": {"type": "string", "description": "free-form question about how the clip sounds"},
        "model": {"type": "string", "default": "audio-understand",
                  "description": "the alias audio-understand or a pinned audio SKU (GET /v1/models)"},
        "duration_sec": {"type": "number", "description": "duration hint; billing rounds up from it"},
        "include_evidence": {"type": "boolean", "default": False,
                             "description": "aural extension: also return the evidence the answer used"},
    }}}}}}


@router.post("/v1/audio/understand", openapi_extra=_FORM, responses=_ERRORS,
             summary="Answer a question about how an audio clip sounds")
async def understand(request: Request, state: StateDep, account: AudioAccount) -> dict:
    settings = state.settings
    form = await read_form(request)
    upload = upload_field(form, settings.max_upload_bytes)
    question = text_field(form, "question", required=True, max_chars=settings.max_question_chars)
    sku = state.catalog.resolve(text_field(form, "model", max_chars=200), "understand")
    quote = price_quote(upload.size or 0, text_field(form, "duration_sec", max_chars=64),
                        sku.price_per_minute_micros, max_hint_s=settings.max_duration_hint_s)
    include_evidence = bool_field(form, "include_evidence")
    provider = state.provider(sku.provider)
    data = await upload.read()

    def run() -> Answer:
        clip = decode_bytes(data, settings.max_duration_s)
        state.metrics.audio_seconds.labels("understand", sku.name).inc(clip.duration_s)
        try:
            return provider.understand(clip, question or "")
        except AuralError:
            raise
        except Exception as exc:
            raise ProviderError(f"the model provider failed: {type(exc).__name__}") from exc

    async def work() -> Answer:
        return await anyio.to_thread.run_sync(run, limiter=state.analyses)

    answer, billed = await charged(state, account, request.state.request_id, sku, quote, work)
    body: dict = {"answer": answer.text, "model": sku.name, "billing": billed.block()}
    if include_evidence and answer.evidence is not None:
        body["evidence"] = answer.evidence.model_dump(mode="json")
        if answer.question is not None:
            body["question"] = answer.question
    return body
