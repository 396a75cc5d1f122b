"""GET /v1/models and /v1/models/{id}: the SKUs and aliases served here, in the OpenAI list shape with
the fields hosted-API clients read (pricing, pricing_mode, quality_tier, release_stage, aliases)."""

from __future__ import annotations

from fastapi import APIRouter

from aural.api.deps import StateDep
from aural.api.schemas import ErrorBody, ModelCard, ModelList
from aural.errors import ModelNotFoundError

router = APIRouter(tags=["models"])


@router.get("/v1/models", response_model=ModelList, response_model_exclude_unset=True,
            summary="List the models (SKUs and aliases) served here")
async def list_models(state: StateDep) -> dict:
    return state.catalog.listing()


@router.get("/v1/models/{model_id:path}", response_model=ModelCard, response_model_exclude_unset=True,
            summary="One model (SKU or alias) served here",
            responses={404: {"model": ErrorBody, "description": "model_not_found"}})
async def retrieve_model(model_id: str, state: StateDep) -> dict:
    card = state.catalog.model_card(model_id)
    if card is None:
        raise ModelNotFoundError(f"the model '{model_id[:100]}' does not exist here; see GET /v1/models")
    return card
