"""POST /v1/audio/understand: a question about how a clip sounds, answered and billed per minute."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from aural.api.billing_flow import run_billed
from aural.api.deps import AudioAccount, StateDep
from aural.api.errors import ERROR_RESPONSES
from aural.api.forms import (AudioUpload, DurationHint, FormRoute, IncludeEvidence, MultipartForm, Question,
                             UnderstandSku)
from aural.api.idempotency import idempotent
from aural.api.schemas import BillingBlock, UnderstandResponse, dump
from aural.audio.decode import Clip
from aural.catalog import Sku
from aural.providers.base import Answer, Provider
from aural.providers.local import LocalProvider
from aural.providers.registry import understander_for

router = APIRouter(tags=["audio"], route_class=FormRoute)


@router.post("/v1/audio/understand", response_model=UnderstandResponse, responses=ERROR_RESPONSES,
             summary="Answer a question about how an audio clip sounds")
async def understand(request: Request, state: StateDep, account: AudioAccount, form: MultipartForm,
                     upload: AudioUpload, question: Question, sku: UnderstandSku,
                     include_evidence: IncludeEvidence = False, duration_sec: DurationHint = None) -> Response:
    provider = state.provider_for(sku)

    async def answer_it() -> Response:
        answer, billed = await run_billed(state, request, account, sku, upload, duration_sec, "understand",
                                          lambda clip: understand_with(provider, sku, clip, question,
                                                                       include_evidence))
        body = UnderstandResponse(answer=answer.text, model=sku.name, billing=BillingBlock(**billed.block()))
        if include_evidence and answer.evidence is not None:
            body.evidence = answer.evidence.model_dump(mode="json")
            if answer.question is not None:
                body.question = answer.question
        return JSONResponse(dump(body), headers={"Server-Timing": billed.server_timing()})

    return await idempotent(request, state, account, form, answer_it)


def understand_with(provider: Provider, sku: Sku, clip: Clip, question: str, include_evidence: bool) -> Answer:
    """The provider's answer; the local engine is told when all the evidence is wanted (it otherwise
    listens only as far as the question needs)."""
    if include_evidence and isinstance(provider, LocalProvider):
        return provider.understand(clip, question, include_evidence=True)
    return understander_for(provider, sku).understand(clip, question)
