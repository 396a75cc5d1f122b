"""The audio routes' multipart form: read once under the body cap, after the key is checked, with typed
fields whose errors are this API's 400s.

How a request's form is read:
1. `FormRoute` (the audio routers' route class) reads the body itself, before FastAPI's handler would,
   with aural's limits (4 files, 32 fields, 256 kB per text part) through `BodyLimitMiddleware`'s capped
   `receive`, so the upload is never held past the cap; a body that is not multipart, is malformed, ends
   early or passes the cap is not answered yet: its error waits in the scope.
2. `MultipartForm` (a dependency after `AudioAccount`) raises that error, so a bad key is still 401
   before anything about the body is said.
3. The typed fields (`Annotated[..., Form()]` below) are validated by FastAPI; every check that fails
   raises a `field_error` with the message a client has always had, which errors.py answers as 400
   invalid_request. Checks that depend on the operator's settings (upload size, question length) run in
   dependencies, chained so that the fields fail in the order they always have: file, question, model,
   then the rest.
"""

from __future__ import annotations

from typing import Annotated, Any, Callable, Literal

from fastapi import Depends, File, Form, UploadFile as UploadField
from fastapi.routing import APIRoute
from pydantic import BeforeValidator, ValidationError, ValidatorFunctionWrapHandler, WithJsonSchema, WrapValidator
from pydantic_core import PydanticCustomError
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from aural.api.deps import AudioAccount, StateDep
from aural.api.errors import FIELD_ERROR, FILE_REQUIRED
from aural.api.limits import TOO_LARGE
from aural.catalog import Sku
from aural.errors import AuralError, InvalidRequestError, PayloadTooLargeError, too_large_message
from aural.languages import LANGUAGE_NAMES, language_code

MAX_TEXT_FIELD_BYTES = 256 * 1024
MAX_FILES = 4
MAX_FIELDS = 32
# Scope key of the form's read error, raised by MultipartForm once the key has been checked.
FORM_ERROR = "aural.form_error"

ResponseFormat = Literal["json", "text", "srt", "vtt", "verbose_json"]
Granularity = Literal["segment", "word"]
FORMATS: tuple[str, ...] = ResponseFormat.__args__  # type: ignore[attr-defined]
GRANULARITIES: tuple[str, ...] = Granularity.__args__  # type: ignore[attr-defined]


# ---------------------------------------------------------------- reading the body

class _ReadForm(Request):
    """The request as FastAPI's handler sees it: its form is the one already read under the cap."""

    def __init__(self, request: Request, form: FormData) -> None:
        super().__init__(request.scope, request.receive)
        self._read = form

    async def form(self, **_: Any) -> FormData:  # type: ignore[override]
        return self._read


async def read_form(request: Request) -> FormData:
    """The multipart form, read with aural's limits; every malformed case is an AuralError."""
    ctype = request.headers.get("content-type", "")
    if not ctype.lower().startswith("multipart/form-data"):
        raise InvalidRequestError("the body must be multipart/form-data with a 'file' field")
    try:
        return await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=MAX_TEXT_FIELD_BYTES)
    except ClientDisconnect:
        if request.scope.get(TOO_LARGE):
            raise PayloadTooLargeError(too_large_message(request.app.state.aural.settings.max_upload_bytes)) from None
        raise InvalidRequestError("the request body ended before it was complete") from None
    except HTTPException as exc:
        raise InvalidRequestError(f"malformed multipart body: {exc.detail}") from None


class FormRoute(APIRoute):
    """A route whose multipart body aural reads (see the module's docstring, step 1)."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()

        async def read_then_handle(request: Request) -> Response:
            try:
                form = await read_form(request)
            except AuralError as exc:
                request.scope[FORM_ERROR] = exc
                form = FormData()
            return await handler(_ReadForm(request, form))

        return read_then_handle


async def multipart_form(request: Request, account: AudioAccount) -> FormData:
    """The form FormRoute read, once the key has passed; the body's own error otherwise."""
    error = request.scope.get(FORM_ERROR)
    if error is not None:
        raise error
    return await request.form()


MultipartForm = Annotated[FormData, Depends(multipart_form)]


# ---------------------------------------------------------------- field checks with the API's words

def field_error(message: str) -> PydanticCustomError:
    return PydanticCustomError(FIELD_ERROR, "{message}", {"message": message})


def _text(name: str, value: Any, max_chars: int | None, required: bool = False) -> Any:
    """A text field stripped (None when blank); a file in its place, or a text too long, is an error."""
    if isinstance(value, UploadFile):
        raise field_error(f"'{name}' must be a text field, not a file")
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        if required:
            raise field_error(f"'{name}' is required")
        return None
    if max_chars is not None and len(text) > max_chars:
        raise field_error(f"'{name}' is longer than {max_chars} characters")
    return text


def text(name: str, max_chars: int | None = None, required: bool = False) -> BeforeValidator:
    return BeforeValidator(lambda v: _text(name, v, max_chars, required))


def checked(name: str, message: str, max_chars: int | None = None, default: Any = None,
            prepare: Callable[[Any], Any] = lambda v: v) -> WrapValidator:
    """A typed field read as text first (see `_text`), then `prepare`d and validated by its type; a value
    the type refuses gets `message`."""
    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        value = _text(name, value, max_chars)
        if value is None:
            return default
        try:
            return handler(prepare(value))
        except (ValidationError, ValueError):
            raise field_error(message) from None
    return WrapValidator(check)


def _flag(value: Any) -> Any:
    lowered = value.lower() if isinstance(value, str) else value
    return {"true": True, "1": True, "yes": True, "on": True,
            "false": False, "0": False, "no": False, "off": False}.get(lowered, "not a flag")


def _words(values: Any) -> Any:
    """Repeated fields and comma-separated values alike: ['segment,word'] -> ['segment', 'word']."""
    if not isinstance(values, list):
        values = [values]
    return [g.strip() for v in values if isinstance(v, str) for g in v.split(",") if g.strip()]



def _language(value: Any) -> Any:
    code = _text("language", value, 10)
    if code is None:
        return None
    try:
        return language_code(code)
    except InvalidRequestError as exc:
        raise field_error(exc.message) from None


def _file(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        raise field_error(FILE_REQUIRED) from None


# ---------------------------------------------------------------- the fields

FileField = Annotated[UploadField, File(description="mp3, wav, m4a, ogg, webm or flac; at most 25 MB"),
                      WrapValidator(_file)]
def _model_field(default: str) -> Any:
    return Annotated[str | None, Form(description="an alias or a SKU (GET /v1/models)"), text("model", 200),
                     WithJsonSchema({"type": "string", "maxLength": 200, "default": default})]


# A form field is never null: the optional ones are documented as the plain type they are sent as.
UnderstandModelField = _model_field("audio-understand")
TranscribeModelField = _model_field("whisper-1")
QuestionField = Annotated[str, Form(min_length=1, json_schema_extra={"maxLength": 4000},
                                    description="free-form question about how the clip sounds "
                                                "(at most AURAL_MAX_QUESTION_CHARS characters, 4000 by default)"),
                          text("question", required=True)]
DurationHint = Annotated[str | None, Form(
    max_length=64, description="duration hint in seconds, a number in (0, 86400]; billing rounds up from it "
                               "(understand: the processed duration is billed instead when it is over 10 % + 2 s "
                               "longer). Checked by billing after the audio is probed, so an undecodable file is "
                               "reported first."), text("duration_sec", 64),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 86400})]
IncludeEvidence = Annotated[bool, Form(description="aural extension: also return the evidence the answer used"),
                            checked("include_evidence", "'include_evidence' must be true or false", 64, False, _flag)]
ResponseFormatField = Annotated[ResponseFormat, Form(), checked(
    "response_format", f"'response_format' must be one of {', '.join(FORMATS)}", 20, "json", str.lower)]
LanguageField = Annotated[str | None, Form(description="ISO-639-1 code; detected when absent"),
                          BeforeValidator(_language), WithJsonSchema({"type": "string", "maxLength": 10})]
PromptField = Annotated[str | None, Form(description="text to guide spelling and style (at most "
                                                     "AURAL_MAX_QUESTION_CHARS characters, 4000 by default)"),
                        text("prompt"), WithJsonSchema({"type": "string", "maxLength": 4000})]
TemperatureField = Annotated[float | None, Form(
    ge=0, le=1, description="accepted for compatibility; the local engine decodes greedily and raises the "
                            "temperature only to retry a failed segment"),
    checked("temperature", "'temperature' must be a number from 0 to 1", 32),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1})]
_GRANULARITY_MESSAGE = "'timestamp_granularities[]' takes segment and/or word"
GranularitiesField = Annotated[list[Granularity], Form(
    alias="timestamp_granularities[]", description="with verbose_json: segment (default) and/or word"),
    checked("timestamp_granularities[]", _GRANULARITY_MESSAGE, None, [], _words)]
GranularitiesAlias = Annotated[list[Granularity], Form(
    alias="timestamp_granularities", description="the same as timestamp_granularities[], as some clients send it"),
    checked("timestamp_granularities[]", _GRANULARITY_MESSAGE, None, [], _words)]


# ---------------------------------------------------------------- fields that need the settings

async def audio_upload(state: StateDep, form: MultipartForm, file: FileField) -> UploadFile:
    """The uploaded audio: within the operator's size limit (413) and not empty."""
    size = file.size or 0
    if size > state.settings.max_upload_bytes:
        raise PayloadTooLargeError(too_large_message(state.settings.max_upload_bytes))
    if size == 0:
        raise InvalidRequestError("'file' is empty")
    return file


AudioUpload = Annotated[UploadFile, Depends(audio_upload)]


async def question_text(state: StateDep, upload: AudioUpload, question: QuestionField) -> str:
    """The question, within the operator's length limit (checked after the file, as always)."""
    limit = state.settings.max_question_chars
    if len(question) > limit:
        raise InvalidRequestError(f"'question' is longer than {limit} characters")
    return question


Question = Annotated[str, Depends(question_text)]


async def understand_sku(state: StateDep, question: Question, model: UnderstandModelField = None) -> Sku:
    """The understand SKU `model` names (the alias audio-understand when absent), after the question."""
    return state.catalog.resolve(model, "understand")


async def transcribe_sku(state: StateDep, upload: AudioUpload, model: TranscribeModelField = None) -> Sku:
    """The transcription SKU `model` names (whisper-1's SKU when absent), after the file."""
    return state.catalog.resolve(model, "transcribe")


UnderstandSku = Annotated[Sku, Depends(understand_sku)]
TranscribeSku = Annotated[Sku, Depends(transcribe_sku)]


def prompt_within(prompt: str | None, limit: int) -> str | None:
    if prompt is not None and len(prompt) > limit:
        raise InvalidRequestError(f"'prompt' is longer than {limit} characters")
    return prompt
