"""The ledger's records and errors: what `Ledger` calls return and raise (plain frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

HoldState = Literal["open", "settled", "released"]
LedgerKind = Literal["credit", "hold", "release", "charge"]


class NotFoundError(LookupError):
    """No account, key or hold by that name/id."""


class DuplicateError(ValueError):
    """The account name or the hold's request id already exists."""


class HoldStateError(ValueError):
    """The hold cannot take this step (settling a released hold, or charging more than held)."""


@dataclass(frozen=True, slots=True)
class IdempotencyClaim:
    """What `claim_idempotency_key` found: "new" (this request owns the key now), "replay" (the stored
    first response), "mismatch" (the key was used for a different request), "in_flight" (its first
    request is still running)."""

    outcome: Literal["new", "replay", "mismatch", "in_flight"]
    status_code: int | None = None
    media_type: str | None = None
    headers: dict[str, str] | None = None
    body: bytes | None = None


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    name: str
    audio_enabled: bool
    balance_micros: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A key as listings show it: never the secret."""

    prefix: str
    account_name: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class Hold:
    request_id: str
    account_id: int
    amount_micros: int
    state: HoldState
    balance_after_micros: int


@dataclass(frozen=True, slots=True)
class UsageRow:
    request_id: str
    created_at: datetime
    sku: str | None
    duration_s: float | None
    billable_minutes: int | None
    duration_source: str | None
    cost_micros: int
