"""Providers for a catalog: one shared local engine, one remote provider per remote SKU, picked by the
SKU's kind.

`build_providers` returns a dict keyed by provider name for the local engine ("local", shared by every
local SKU) and by SKU name for each remote SKU; `provider_for` looks a SKU up in such a dict (SKU name
first, then provider name), which keeps `create_app(providers={"local": ...})` working for tests.
`understander_for` and `transcriber_for` add the capability the SKU's kind needs: a provider that lacks
it is a provider error (502), as a provider that cannot be reached is.
"""

from __future__ import annotations

import logging
from typing import Mapping

from aural.catalog import Catalog, Sku
from aural.config import Settings
from aural.errors import ProviderError
from aural.providers.base import Provider, Transcriber, Understander
from aural.providers.local import LocalProvider

log = logging.getLogger("aural.providers")


def build_provider(sku: Sku) -> Provider:
    """The provider that serves one SKU (a new LocalProvider for a local one)."""
    if sku.provider == "local":
        return LocalProvider()
    # The remote providers are imported when a catalog names one: each needs its SDK (openai,
    # google-genai), which an offline install may lack; build_providers logs that and goes on.
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


def understander_for(provider: Provider, sku: Sku) -> Understander:
    """`provider` as the understander of `sku`, or ProviderError when it cannot answer questions."""
    if not isinstance(provider, Understander):
        raise ProviderError(f"SKU '{sku.name}' transcribes; it does not answer questions")
    return provider


def transcriber_for(provider: Provider, sku: Sku) -> Transcriber:
    """`provider` as the transcriber of `sku`, or ProviderError when it cannot transcribe (the error a
    request for transcription routed to an answering-only provider has always had)."""
    if not isinstance(provider, Transcriber):
        raise ProviderError(f"SKU '{sku.name}' answers questions; it does not transcribe")
    return provider
