"""The catalog: SKUs (what serves a request, at what price) and the aliases clients may use.

One place for model names. `resolve` turns what a client sent as `model` into a concrete SKU of the
kind the route needs, or raises NotAnAudioModelError. `load_catalog` adds the SKUs of the TOML file
named by AURAL_CATALOG (remote providers: Gemini, OpenAI, OpenAI-compatible servers, evidence-grounded
text models) to the built-in local ones; see docs/providers.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from aural.billing.pricing import micros_to_usd, usd_to_micros
from aural.config import Settings
from aural.errors import NotAnAudioModelError

Kind = Literal["understand", "transcribe"]

LOCAL_UNDERSTAND_SKU = "aural-listen-1"
LOCAL_TRANSCRIBE_SKU = "aural-transcribe-1"
UNDERSTAND_ALIAS = "audio-understand"
TRANSCRIBE_ALIAS = "whisper-1"
# What hosted-API clients (watch-cli) send for transcription; a built-in alias next to whisper-1.
HOSTED_TRANSCRIBE_ALIAS = "transcribe"
# The built-in aliases and the kind of SKU each must name (a catalog may point them elsewhere).
BUILTIN_ALIASES: dict[str, Kind] = {UNDERSTAND_ALIAS: "understand", TRANSCRIBE_ALIAS: "transcribe",
                                    HOSTED_TRANSCRIBE_ALIAS: "transcribe"}
# The hosted API's pinned SKU names. A catalog SKU may claim one as an alias (a Gemini SKU claims
# gemini-3-flash-audio); unclaimed, a request naming it is told which name to use here instead.
HOSTED_SKUS: dict[str, Kind] = {"gemini-3-flash-audio": "understand", "whisper-v3-turbo": "transcribe"}
# `created` in GET /v1/models: one fixed date for every SKU (SKUs are versioned by name, not dated).
CATALOG_CREATED = 1767225600  # 2026-01-01T00:00:00Z
_KIND_WORDS: dict[Kind, str] = {"understand": "an audio-understanding", "transcribe": "a transcription"}
_ROUTES: dict[Kind, str] = {"understand": "/v1/audio/understand", "transcribe": "/v1/audio/transcriptions"}
QualityTier = Literal["fast", "standard", "premium"]
ReleaseStage = Literal["preview", "beta", "stable", "deprecated"]


ProviderName = Literal["local", "gemini", "openai", "openai-compatible", "evidence-llm"]
AudioFormat = Literal["wav", "mp3", "flac"]
# Providers that need an upstream model name and the ones that must be told where the server is.
_NEEDS_MODEL = {"gemini", "openai", "openai-compatible", "evidence-llm"}
_NEEDS_BASE_URL = {"openai-compatible", "evidence-llm"}


class CatalogError(ValueError):
    """The catalog file is missing, not TOML, or holds an invalid SKU."""


@dataclass(frozen=True)
class Sku:
    name: str
    kind: Kind
    provider: str
    price_per_minute_micros: int
    description: str = ""
    # Remote providers only (the local engine ignores these).
    upstream_model: str | None = None
    base_url: str | None = None            # None: the SDK's default endpoint (gemini, openai)
    api_key_env: str | None = None         # the environment variable holding the upstream key
    timeout_s: float = 60.0                # the whole upstream call, retries included
    max_retries: int = 2                   # extra attempts on 429, 5xx and connection failures
    audio_format: str | None = None        # what the audio is transcoded to: wav, mp3 or flac
    inline_max_bytes: int = 14 * 1024 * 1024  # gemini: larger audio goes through the Files API
    max_output_tokens: int | None = 1024
    temperature: float | None = None
    headers: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    on_check_failure: Literal["fallback", "error", "off"] = "fallback"  # evidence-llm: a failed check
    breaker_failures: int = 5              # consecutive failures that open the circuit
    breaker_reset_s: float = 30.0          # how long an open circuit refuses calls
    quality_tier: QualityTier = "standard"  # shown by GET /v1/models, as hosted-API clients read it
    release_stage: ReleaseStage = "stable"


@dataclass(frozen=True)
class Catalog:
    skus: dict[str, Sku]
    aliases: dict[str, str]

    def resolve(self, name: str | None, kind: Kind) -> Sku:
        """The SKU for `name` (an alias or a SKU), which must be of `kind`; NotAnAudioModelError says
        which name to send instead."""
        wanted = (name or "").strip() or (UNDERSTAND_ALIAS if kind == "understand" else TRANSCRIBE_ALIAS)
        sku = self.lookup(wanted)
        if sku is not None and sku.kind == kind:
            return sku
        use = UNDERSTAND_ALIAS if kind == "understand" else HOSTED_TRANSCRIBE_ALIAS
        quoted = f"'{wanted[:100]}'"
        if sku is not None:
            raise NotAnAudioModelError(f"{quoted} is not {_KIND_WORDS[kind]} model: it is {_KIND_WORDS[sku.kind]} "
                                       f"model, for POST {_ROUTES[sku.kind]}; use '{use}' here")
        if HOSTED_SKUS.get(wanted) == kind:
            raise NotAnAudioModelError(f"{quoted} is the hosted API's pinned SKU and is not served here; use "
                                       f"'{use}' (served here by {self.aliases.get(use, use)})")
        raise NotAnAudioModelError(f"{quoted} is not {_KIND_WORDS[kind]} model; use '{use}' "
                                   "or see GET /v1/models for the models served here")

    def lookup(self, name: str) -> Sku | None:
        """The SKU a model name (alias or SKU) stands for, of any kind; None when unknown."""
        return self.skus.get(self.aliases.get(name, name))

    def aliases_of(self, sku_name: str) -> list[str]:
        return sorted(a for a, target in self.aliases.items() if target == sku_name)

    def model_card(self, name: str) -> dict | None:
        """GET /v1/models/{name}: one SKU or alias in the OpenAI model shape plus what hosted-API clients
        read (pricing, pricing_mode, quality_tier, release_stage); None when the name is unknown."""
        sku = self.lookup(name)
        if sku is None:
            return None
        price = micros_to_usd(sku.price_per_minute_micros)
        card: dict = {"id": name, "object": "model", "created": CATALOG_CREATED, "owned_by": "aural",
                      "kind": sku.kind, "provider": sku.provider,
                      "pricing": {"mode": "per-minute", "per_minute_usd": price}, "pricing_mode": "per-minute",
                      "price_per_minute_usd": price, "quality_tier": sku.quality_tier,
                      "release_stage": sku.release_stage}
        if name == sku.name:
            card.update(aliases=self.aliases_of(sku.name), description=sku.description)
        else:
            card["alias_of"] = sku.name
        return card

    def listing(self) -> dict:
        """GET /v1/models: every SKU, then every alias, and the alias -> SKU map."""
        names = [*self.skus, *sorted(self.aliases)]
        return {"object": "list", "data": [self.model_card(n) for n in names],
                "aliases": dict(sorted(self.aliases.items()))}


def default_catalog(settings: Settings) -> Catalog:
    skus = [
        Sku(LOCAL_UNDERSTAND_SKU, "understand", "local", usd_to_micros(settings.understand_price_usd_per_minute),
            "aural's offline listening engine: sound events, speech, voice and music evidence"),
        Sku(LOCAL_TRANSCRIBE_SKU, "transcribe", "local", usd_to_micros(settings.transcribe_price_usd_per_minute),
            "Whisper base (int8, CPU) on the speech that voice activity detection finds", quality_tier="fast"),
    ]
    targets = {"understand": LOCAL_UNDERSTAND_SKU, "transcribe": LOCAL_TRANSCRIBE_SKU}
    return Catalog(skus={s.name: s for s in skus},
                   aliases={alias: targets[kind] for alias, kind in BUILTIN_ALIASES.items()})


# ---------------------------------------------------------------- the TOML file


class _SkuEntry(BaseModel):
    """One [[sku]] table of the catalog file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")
    provider: ProviderName
    kind: Kind = "understand"
    upstream_model: str | None = Field(None, min_length=1, max_length=300)
    base_url: str | None = None
    api_key_env: str | None = Field(None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    price_per_minute_usd: Decimal = Field(ge=0, le=1000)
    timeout_s: float = Field(60.0, gt=0, le=3600)
    max_retries: int = Field(2, ge=0, le=10)
    audio_format: AudioFormat | None = None
    inline_max_bytes: int = Field(14 * 1024 * 1024, ge=0, le=20 * 1024 * 1024)
    max_output_tokens: int | None = Field(1024, ge=1, le=1_000_000)
    temperature: float | None = Field(None, ge=0, le=2)
    headers: dict[str, str] = Field(default_factory=dict)
    on_check_failure: Literal["fallback", "error", "off"] = "fallback"
    breaker_failures: int = Field(5, ge=1, le=1000)
    breaker_reset_s: float = Field(30.0, gt=0, le=3600)
    description: str = Field("", max_length=500)
    quality_tier: QualityTier = "standard"
    release_stage: ReleaseStage = "stable"

    @field_validator("price_per_minute_usd", mode="before")
    @classmethod
    def _price(cls, v: object) -> object:
        if isinstance(v, bool):
            raise ValueError("must be a number")
        return repr(v) if isinstance(v, float) else v  # 0.001 stays exactly 0.001

    @field_validator("base_url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is None:
            return v
        u = urlparse(v)
        if u.scheme not in ("http", "https") or not u.netloc:
            raise ValueError("must be an http:// or https:// URL")
        if u.username or u.password:
            raise ValueError("must not hold credentials; name the key's variable in api_key_env")
        return v.rstrip("/")

    def to_sku(self) -> Sku:
        if self.kind == "transcribe" and self.provider != "local":
            raise ValueError("only the local provider serves kind 'transcribe'; remote SKUs are 'understand'")
        if self.provider in _NEEDS_MODEL and not self.upstream_model:
            raise ValueError(f"provider '{self.provider}' needs upstream_model")
        if self.provider in _NEEDS_BASE_URL and not self.base_url:
            raise ValueError(f"provider '{self.provider}' needs base_url")
        fmt = self.audio_format or ("mp3" if self.provider == "gemini" else "wav")
        if self.provider == "openai" and fmt == "flac":
            raise ValueError("OpenAI input_audio takes wav or mp3, not flac")
        desc = self.description or (f"{self.upstream_model} via {self.provider}" if self.upstream_model
                                    else f"{self.provider} provider")
        return Sku(self.name, self.kind, self.provider, usd_to_micros(self.price_per_minute_usd), desc,
                   upstream_model=self.upstream_model, base_url=self.base_url, api_key_env=self.api_key_env,
                   timeout_s=self.timeout_s, max_retries=self.max_retries, audio_format=fmt,
                   inline_max_bytes=self.inline_max_bytes, max_output_tokens=self.max_output_tokens,
                   temperature=self.temperature, headers=dict(self.headers),
                   on_check_failure=self.on_check_failure, breaker_failures=self.breaker_failures,
                   breaker_reset_s=self.breaker_reset_s, quality_tier=self.quality_tier,
                   release_stage=self.release_stage)


def _where(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "value"


def parse_catalog_toml(text: str, source: str = "catalog") -> tuple[list[Sku], dict[str, str]]:
    """The SKUs and aliases of a catalog file's text; CatalogError says what is wrong and where."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{source}: not valid TOML: {exc}") from None
    unknown = sorted(set(doc) - {"sku", "aliases"})
    if unknown:
        raise CatalogError(f"{source}: unknown top-level key(s) {', '.join(unknown)}; expected [[sku]] and [aliases]")
    entries = doc.get("sku", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CatalogError(f"{source}: 'sku' must be an array of tables ([[sku]])")
    skus: list[Sku] = []
    for i, raw in enumerate(entries):
        label = f"{source}: sku[{i}]" + (f" ('{raw['name']}')" if isinstance(raw.get("name"), str) else "")
        try:
            skus.append(_SkuEntry.model_validate(raw).to_sku())
        except ValidationError as exc:
            problems = "; ".join(f"{_where(e['loc'])}: {e['msg']}" for e in exc.errors())
            raise CatalogError(f"{label}: {problems}") from None
        except ValueError as exc:
            raise CatalogError(f"{label}: {exc}") from None
    names = [s.name for s in skus]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise CatalogError(f"{source}: SKU name(s) defined twice: {', '.join(dupes)}")
    aliases = doc.get("aliases", {})
    if not isinstance(aliases, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()):
        raise CatalogError(f"{source}: [aliases] must map alias names to SKU names (strings)")
    return skus, dict(aliases)


def load_catalog(settings: Settings) -> Catalog:
    """The built-in SKUs, plus (and overridden by) those of the TOML file named by AURAL_CATALOG."""
    base = default_catalog(settings)
    path = settings.catalog
    if path is None:
        return base
    p = Path(path).expanduser()
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"AURAL_CATALOG={p}: cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise CatalogError(f"AURAL_CATALOG={p}: not UTF-8 text") from None
    extra, aliases = parse_catalog_toml(text, str(p))
    skus = dict(base.skus)
    for sku in extra:
        if sku.name in base.aliases:
            raise CatalogError(f"{p}: SKU name '{sku.name}' is an alias; map aliases in [aliases] instead")
        skus[sku.name] = sku
    merged = {**base.aliases, **aliases}
    for alias, target in merged.items():
        if target not in skus:
            raise CatalogError(f"{p}: alias '{alias}' names unknown SKU '{target}'")
        if alias in skus:
            raise CatalogError(f"{p}: alias '{alias}' is also a SKU name")
        default_kind = BUILTIN_ALIASES.get(alias) or HOSTED_SKUS.get(alias)
        if default_kind and skus[target].kind != default_kind:
            raise CatalogError(f"{p}: alias '{alias}' must name a{'n' if default_kind[0] == 'u' else ''} "
                               f"{default_kind} SKU, not '{target}'")
    return Catalog(skus=skus, aliases=merged)
