"""The JSON bodies of the API as pydantic models: what the routes build and what /openapi.json shows."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    code: str = Field(description="the error code of the spec's table (invalid_request, auth_error, ...)")
    message: str
    type: str = Field(description="the code's family (invalid_request_error, authentication_error, ...)")


class ErrorBody(BaseModel):
    """Every error of every route."""

    error: ErrorDetail


class BillingBlock(BaseModel):
    duration_sec: float
    billable_minutes: int
    cost_usd: float
    balance_usd: float = Field(description="the account balance after the charge")
    duration_source: Literal["caller_hint", "size_estimate", "decoded"]


class UnderstandResponse(BaseModel):
    answer: str
    model: str = Field(description="the SKU that served the request, never the alias")
    billing: BillingBlock
    evidence: dict[str, Any] | None = Field(None, description="with include_evidence: what the answer read")
    question: dict[str, Any] | None = Field(None, description="with include_evidence: the parsed question")


class TranscriptionResponse(BaseModel):
    """response_format json."""

    text: str
    billing: BillingBlock


class Segment(BaseModel):
    id: int
    seek: int = 0
    start: float
    end: float
    text: str
    tokens: list[int] = []
    temperature: float = 0.0


class Word(BaseModel):
    word: str
    start: float
    end: float


class Usage(BaseModel):
    type: Literal["duration"] = "duration"
    seconds: int


class VerboseTranscriptionResponse(BaseModel):
    """response_format verbose_json (OpenAI's shape, plus billing); segments and words as asked."""

    task: Literal["transcribe", "translate"]
    language: str
    duration: float
    text: str
    usage: Usage
    billing: BillingBlock
    segments: list[Segment] | None = None
    words: list[Word] | None = None


class Pricing(BaseModel):
    mode: Literal["per-minute"]
    per_minute_usd: float


class ModelCard(BaseModel):
    """One SKU (with its aliases and description) or one alias (with alias_of)."""

    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str
    kind: Literal["understand", "transcribe"]
    provider: str
    pricing: Pricing
    pricing_mode: Literal["per-minute"]
    price_per_minute_usd: float
    quality_tier: str | None = None
    release_stage: str | None = None
    aliases: list[str] | None = None
    description: str | None = None
    alias_of: str | None = None


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
    aliases: dict[str, str]


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready", "loading"]
    models: dict[str, bool]


def dump(model: BaseModel) -> dict[str, Any]:
    """A response body: the fields that were set (optional parts appear only when given)."""
    return model.model_dump(mode="json", exclude_unset=True)
