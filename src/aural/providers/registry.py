"""Providers for a catalog: one shared local engine, one remote provider per remote SKU.

`build_providers` returns a dict keyed by provider name for the local engine ("local", shared by every
local SKU) and by SKU name for each remote SKU; `provider_for` looks a SKU up in such a dict (SKU name
first, then provider name), which keeps `create_app(providers={"local": ...})` working for tests.
"""

from __future__ import annotations

import logging
from typing import Mapping

from aural.catalog import Catalog, Sku
from aural.config import Settings
from aural.errors import ProviderError
from aural.providers.base import Provider

log = logging.getLogger("aural.providers")


def build_provider(sku: Sku) -> Provider:
    """The provider that serves one SKU (a new LocalProvider for a local one)."""
    if sku.provider == "local":
        from aural.providers.local import LocalProvider

        return LocalProvider()
    if sku.provider == "gemini":
        from aural.providers.gemini import GeminiProvider

        return GeminiProvider(sku)
    if sku.provider == "openai":
        from aural.providers.openai_audio import OpenAIAudioProvider

        return OpenAIAudioProvider(sku)
    if sku.provider == "openai-compatible":
        from aural.providers.openai_compat import OpenAICompatibleProvider

        return OpenAICompatibleProvider(sku)
    if sku.provider == "evidence-llm":
        from aural.providers.evidence_llm import EvidenceLLMProvider

        return EvidenceLLMProvider(sku)
    raise ValueError(f"unknown provider '{sku.provider}'")


def build_providers(catalog: Catalog, settings: Settings | None = None,
                    overrides: Mapping[str, Provider] | None = None) -> dict[str, Provider]:
    """Every provider the catalog needs. `overrides` (by provider or SKU name) replace what would be
    built; a remote SKU whose provider cannot be built is left out (its requests get 502) and logged."""
    providers: dict[str, Provider] = dict(overrides or {})
    for sku in catalog.skus.values():
        key = "local" if sku.provider == "local" else sku.name
        if key in providers:
            continue
        try:
            providers[key] = build_provider(sku)
        except Exception as exc:  # a missing SDK must not take the other SKUs down
            log.error("SKU '%s' (%s) is unavailable: %s", sku.name, sku.provider, type(exc).__name__)
    return providers


def provider_for(providers: Mapping[str, Provider], sku: Sku) -> Provider:
    provider = providers.get(sku.name) or providers.get(sku.provider)
    if provider is None:
        raise ProviderError(f"model '{sku.name}' ({sku.provider}) is not configured on this server")
    return provider
