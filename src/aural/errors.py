"""The error types below the API. Each carries the API's error code and HTTP status."""

from __future__ import annotations


class AuralError(Exception):
    """Base of every error aural raises on purpose."""

    code: str = "internal_error"
    status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidAudioError(AuralError):
    """The upload is not audio we can decode (empty, not audio, no audio stream, truncated to nothing)."""

    code = "invalid_request"
    status = 400


class AudioTooLongError(InvalidAudioError):
    """The decoded audio is longer than the configured maximum."""


class ModelUnavailableError(AuralError):
    """A bundled model's weight package is missing or damaged."""

    code = "provider_error"
    status = 502


class AuthError(AuralError):
    """The API key is missing, unknown or revoked."""

    code = "auth_error"
    status = 401


class NotEnabledError(AuralError):
    """The account's audio gate is off."""

    code = "not_enabled"
    status = 404


class BillingError(AuralError):
    """The account's balance does not cover the request's cost."""

    code = "billing_error"
    status = 402


class InvalidRequestError(AuralError):
    """A missing, empty or malformed request field."""

    code = "invalid_request"
    status = 400


class PayloadTooLargeError(AuralError):
    """The upload is over the size limit (the spec keeps the code invalid_request, status 413)."""

    code = "invalid_request"
    status = 413


class NotAnAudioModelError(AuralError):
    """`model` names no audio SKU or alias of the requested kind."""

    code = "not_an_audio_model"
    status = 400


class ModelNotFoundError(AuralError):
    """GET /v1/models/{id} names no SKU or alias served here."""

    code = "model_not_found"
    status = 404


class RateLimitedError(AuralError):
    """Too many requests for one key; `retry_after_s` says when to try again."""

    code = "rate_limit_exceeded"
    status = 429

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class ProviderError(AuralError):
    """The model provider failed; the hold is released and nothing is charged."""

    code = "provider_error"
    status = 502


class IdempotencyConflictError(AuralError):
    """An Idempotency-Key reused with a different request, or while its first request is still running."""

    code = "idempotency_conflict"
    status = 409


class ServiceUnavailableError(AuralError):
    """The database (or another dependency) did not answer within its deadline; nothing was charged.
    `retry_after_s` says when to try again."""

    code = "service_unavailable"
    status = 503

    def __init__(self, message: str, retry_after_s: float = 5.0) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


def too_large_message(max_bytes: int) -> str:
    """The 413 message for an upload over `max_bytes` (the API, the playground and the MCP tools say it)."""
    return f"the file is larger than the {max_bytes // (1024 * 1024)} MB limit"
