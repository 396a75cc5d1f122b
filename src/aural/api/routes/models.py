"""GET /v1/models: the SKUs and aliases served here, with kind, provider and price."""

from __future__ import annotations

from fastapi import APIRouter

from aural.api.deps import StateDep
from aural.billing.pricing import micros_to_usd

router = APIRouter(tags=["models"])


@router.get("/v1/models", summary="List the models (SKUs and aliases) served here")
async def list_models(state: StateDep) -> dict:
    catalog = state.catalog
    data: list[dict] = []
    for sku in catalog.skus.values():
        data.append({"id": sku.name, "object": "model", "owned_by": "aural", "kind": sku.kind,
                     "provider": sku.provider, "price_per_minute_usd": micros_to_usd(sku.price_per_minute_micros),
                     "aliases": catalog.aliases_of(sku.name), "description": sku.description})
    for alias, target in sorted(catalog.aliases.items()):
        sku = catalog.skus[target]
        data.append({"id": alias, "object": "model", "owned_by": "aural", "kind": sku.kind,
                     "provider": sku.provider, "price_per_minute_usd": micros_to_usd(sku.price_per_minute_micros),
                     "alias_of": target})
    return {"object": "list", "data": data}
