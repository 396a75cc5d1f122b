"""The one error shape of every route: {"error": {"code", "message", "type"}}."""

from __future__ import annotations

import logging
from typing import Any, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from aural.api.schemas import ErrorBody
from aural.errors import AuralError, RateLimitedError, ServiceUnavailableError

# The error type and the message of a missing file of api/forms.py's typed fields (defined here, below
# forms.py, which imports the routes' dependencies).
FIELD_ERROR = "aural_field"
FILE_REQUIRED = "'file' is required: attach the audio as a multipart file field"

log = logging.getLogger("aural.api")

# error.code -> error.type (the family a client can switch on).
ERROR_TYPES = {
    "invalid_request": "invalid_request_error",
    "not_an_audio_model": "invalid_request_error",
    "model_not_found": "invalid_request_error",
    "auth_error": "authentication_error",
    "billing_error": "billing_error",
    "not_enabled": "permission_error",
    "rate_limit_exceeded": "rate_limit_error",
    "provider_error": "provider_error",
    "idempotency_conflict": "invalid_request_error",
    "service_unavailable": "server_error",
    "not_found": "invalid_request_error",
    "method_not_allowed": "invalid_request_error",
    "internal_error": "server_error",
}

# The error rows of the audio routes, for OpenAPI.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {s: {"model": ErrorBody, "description": d} for s, d in [
    (400, "invalid_request (missing or malformed field, undecodable audio) or not_an_audio_model"),
    (401, "auth_error: API key missing or invalid"),
    (402, "billing_error: not enough credit"),
    (404, "not_enabled: the account's audio gate is off"),
    (413, "invalid_request: file larger than 25 MB"),
    (409, "idempotency_conflict: the Idempotency-Key was used with a different request, or its first "
          "request is still running"),
    (429, "rate_limit_exceeded: too many requests for this key or failed keys from this address (see Retry-After)"),
    (502, "provider_error: the model provider failed; nothing was charged"),
    (503, "service_unavailable: the database did not answer in time; nothing was charged (see Retry-After)"),
]}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "type": ERROR_TYPES.get(code, "server_error")}}
    return JSONResponse(body, status_code=status, headers=headers)


def validation_message(errors: Sequence[Any]) -> str:
    """The message of a request's first invalid field: a typed form field's own words (api/forms.py
    raises them as FIELD_ERROR), "'name' is required" for a missing one, else where and what."""
    first = errors[0] if errors else {}
    loc = [str(p) for p in first.get("loc", ()) if p != "body"]
    if first.get("type") == FIELD_ERROR:
        return str(first.get("msg"))
    if first.get("type") == "missing" and first.get("loc", ("",))[0] == "body" and len(loc) == 1:
        return FILE_REQUIRED if loc[0] == "file" else f"'{loc[0]}' is required"
    return f"{'.'.join(loc) or 'request'}: {first.get('msg', 'invalid')}"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AuralError)
    async def _aural(request: Request, exc: AuralError) -> JSONResponse:
        request.state.error_code = exc.code
        headers = None
        if isinstance(exc, (RateLimitedError, ServiceUnavailableError)):
            headers = {"Retry-After": str(max(1, int(exc.retry_after_s + 0.999)))}
        return error_response(exc.status, exc.code, exc.message, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        request.state.error_code = "invalid_request"
        return error_response(400, "invalid_request", validation_message(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "invalid_request")
        request.state.error_code = code
        # Keep the exception's headers: a 405 carries Allow (RFC 9110 15.5.6).
        return error_response(exc.status_code, code, str(exc.detail), dict(exc.headers or {}) or None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error in %s", request.url.path)
        request.state.error_code = "internal_error"
        return error_response(500, "internal_error", "internal error; the request was not charged")
