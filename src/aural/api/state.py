"""What the app holds for its lifetime, built once by the factory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import anyio

from aural.api.limits import RateLimiter
from aural.api.metrics import Metrics
from aural.billing.keeper import HoldKeeper
from aural.billing.ledger import Ledger
from aural.catalog import Catalog, Sku
from aural.config import Settings
from aural.errors import ProviderError
from aural.providers.base import Provider
from aural.providers.registry import provider_for

if TYPE_CHECKING:  # billing_flow imports this module: a cycle at run time
    from aural.api.billing_flow import LongAnalyses


@dataclass
class AppState:
    settings: Settings
    catalog: Catalog
    ledger: Ledger
    providers: dict[str, Provider]
    analyses: anyio.CapacityLimiter
    rate_limiter: RateLimiter
    metrics: Metrics
    keeper: HoldKeeper
    long_analyses: "LongAnalyses"

    def provider_for(self, sku: Sku) -> Provider:
        """The provider serving `sku`: its own (remote SKUs), else its provider's (the local engine)."""
        return provider_for(self.providers, sku)

    def provider(self, name: str) -> Provider:
        try:
            return self.providers[name]
        except KeyError:
            raise ProviderError(f"provider '{name}' is not configured on this server") from None
