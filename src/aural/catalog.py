"""The catalog: SKUs (what serves a request, at what price) and the aliases clients may use.

One place for model names. `resolve` turns what a client sent as `model` into a concrete SKU of the
kind the route needs, or raises NotAnAudioModelError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from aural.billing.pricing import usd_to_micros
from aural.config import Settings
from aural.errors import NotAnAudioModelError

Kind = Literal["understand", "transcribe"]

LOCAL_UNDERSTAND_SKU = "aural-listen-1"
LOCAL_TRANSCRIBE_SKU = "aural-transcribe-1"
UNDERSTAND_ALIAS = "audio-understand"
TRANSCRIBE_ALIAS = "whisper-1"


@dataclass(frozen=True)
class Sku:
    name: str
    kind: Kind
    provider: str
    price_per_minute_micros: int
    description: str = ""


@dataclass(frozen=True)
class Catalog:
    skus: dict[str, Sku]
    aliases: dict[str, str]

    def resolve(self, name: str | None, kind: Kind) -> Sku:
        """The SKU for `name` (an alias or a SKU), which must be of `kind`."""
        wanted = (name or "").strip() or (UNDERSTAND_ALIAS if kind == "understand" else TRANSCRIBE_ALIAS)
        sku = self.skus.get(self.aliases.get(wanted, wanted))
        if sku is None or sku.kind != kind:
            what = "an audio-understanding" if kind == "understand" else "a transcription"
            raise NotAnAudioModelError(
                f"'{wanted[:100]}' is not {what} model; see GET /v1/models for the models served here")
        return sku

    def aliases_of(self, sku_name: str) -> list[str]:
        return sorted(a for a, target in self.aliases.items() if target == sku_name)


def default_catalog(settings: Settings) -> Catalog:
    skus = [
        Sku(LOCAL_UNDERSTAND_SKU, "understand", "local", usd_to_micros(settings.understand_price_usd_per_minute),
            "aural's offline listening engine: sound events, speech, voice and music evidence"),
        Sku(LOCAL_TRANSCRIBE_SKU, "transcribe", "local", usd_to_micros(settings.transcribe_price_usd_per_minute),
            "Whisper base (int8, CPU) on the speech that voice activity detection finds"),
    ]
    return Catalog(skus={s.name: s for s in skus},
                   aliases={UNDERSTAND_ALIAS: LOCAL_UNDERSTAND_SKU, TRANSCRIBE_ALIAS: LOCAL_TRANSCRIBE_SKU})
