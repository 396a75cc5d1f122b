"""Reading the multipart body: capped, with every malformed case turned into invalid_request."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request

from aural.api.limits import TOO_LARGE, too_large_message
from aural.errors import InvalidRequestError, PayloadTooLargeError
from aural.listen.speech import LANGUAGE_NAMES

MAX_TEXT_FIELD_BYTES = 256 * 1024


async def read_form(request: Request) -> FormData:
    ctype = request.headers.get("content-type", "")
    if not ctype.lower().startswith("multipart/form-data"):
        raise InvalidRequestError("the body must be multipart/form-data with a 'file' field")
    try:
        return await request.form(max_files=4, max_fields=32, max_part_size=MAX_TEXT_FIELD_BYTES)
    except ClientDisconnect:
        if request.scope.get(TOO_LARGE):
            raise PayloadTooLargeError(too_large_message(request.app.state.aural.settings.max_upload_bytes)) from None
        raise InvalidRequestError("the request body ended before it was complete") from None
    except HTTPException as exc:
        raise InvalidRequestError(f"malformed multipart body: {exc.detail}") from None


def upload_field(form: FormData, max_bytes: int) -> UploadFile:
    value = form.get("file")
    if not isinstance(value, UploadFile):
        raise InvalidRequestError("'file' is required: attach the audio as a multipart file field")
    size = value.size or 0
    if size > max_bytes:
        raise PayloadTooLargeError(too_large_message(max_bytes))
    if size == 0:
        raise InvalidRequestError("'file' is empty")
    return value


def text_field(form: FormData, name: str, *, required: bool = False, max_chars: int | None = None) -> str | None:
    value = form.get(name)
    if isinstance(value, UploadFile):
        raise InvalidRequestError(f"'{name}' must be a text field, not a file")
    text = (value or "").strip()
    if not text:
        if required:
            raise InvalidRequestError(f"'{name}' is required")
        return None
    if max_chars is not None and len(text) > max_chars:
        raise InvalidRequestError(f"'{name}' is longer than {max_chars} characters")
    return text


def bool_field(form: FormData, name: str) -> bool:
    text = text_field(form, name)
    if text is None:
        return False
    lowered = text.lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    raise InvalidRequestError(f"'{name}' must be true or false")


def language_code(value: str | None) -> str | None:
    """A transcription language as an ISO-639-1 code Whisper knows (lower-cased), or None (detect it)."""
    if value is None or not value.strip():
        return None
    code = value.strip().lower()
    if code not in LANGUAGE_NAMES:
        raise InvalidRequestError(f"'language' must be an ISO-639-1 code, not '{code[:10]}'")
    return code
