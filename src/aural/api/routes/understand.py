"""POST /v1/audio/understand: a question about how a clip sounds, answered and billed per minute."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from aural.api.billing_flow import run_billed
from aural.api.deps import AudioAccount, StateDep
from aural.api.errors import ERROR_RESPONSES
from aural.api.forms import bool_field, read_form, text_field, upload_field
from aural.providers.local import LocalProvider
from aural.api.idempotency import idempotent

router = APIRouter(tags=["audio"])

_FORM = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file", "question"],
    "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "mp3, wav, m4a, ogg, webm or flac; at most 25 MB"},
        "question": {"type": "string", "minLength": 1, "maxLength": 4000,
                     "description": "free-form question about how the clip sounds"},
        "model": {"type": "string", "default": "audio-understand", "maxLength": 200,
                  "description": "the alias audio-understand or a pinned audio SKU (GET /v1/models)"},
        "duration_sec": {"type": "number", "exclusiveMinimum": 0, "maximum": 86400,
                         "description": "duration hint in seconds; billing rounds up from it (the processed "
                                        "duration is billed instead when it is over 10 % + 2 s longer)"},
        "include_evidence": {"type": "boolean", "default": False,
                             "description": "aural extension: also return the evidence the answer used"},
    }}}}}}


@router.post("/v1/audio/understand", openapi_extra=_FORM, responses=ERROR_RESPONSES,
             summary="Answer a question about how an audio clip sounds")
async def understand(request: Request, state: StateDep, account: AudioAccount) -> Response:
    settings = state.settings
    form = await read_form(request)
    upload = upload_field(form, settings.max_upload_bytes)
    question = text_field(form, "question", required=True, max_chars=settings.max_question_chars)
    sku = state.catalog.resolve(text_field(form, "model", max_chars=200), "understand")
    include_evidence = bool_field(form, "include_evidence")
    hint = text_field(form, "duration_sec", max_chars=64)
    provider = state.provider_for(sku)

    async def answer_it() -> Response:
        answer, billed = await run_billed(state, request, account, sku, upload, hint, "understand",
                                          lambda clip: understand_with(provider, clip, question or "",
                                                                       include_evidence))
        body: dict = {"answer": answer.text, "model": sku.name, "billing": billed.block()}
        if include_evidence and answer.evidence is not None:
            body["evidence"] = answer.evidence.model_dump(mode="json")
            if answer.question is not None:
                body["question"] = answer.question
        return JSONResponse(body, headers={"Server-Timing": billed.server_timing()})

    return await idempotent(request, state, account, form, answer_it)


def understand_with(provider, clip, question: str, include_evidence: bool):
    """The provider's answer; the local engine is told when all the evidence is wanted (it otherwise
    listens only as far as the question needs)."""
    if include_evidence and isinstance(provider, LocalProvider):
        return provider.understand(clip, question, include_evidence=True)
    return provider.understand(clip, question)
