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
