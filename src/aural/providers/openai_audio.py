"""OpenAI audio-capable chat models (gpt-4o-audio-preview, gpt-audio, ...) through the official `openai`
SDK: the clip goes as an `input_audio` content part (WAV or MP3), the question as the text part, and
the model's text reply is the answer. `OpenAICompatibleProvider` (openai_compat.py) reuses this for
any server that speaks the same Chat Completions wire format.
"""

from __future__ import annotations

import base64
import os
from typing import Any

from aural.answer.respond import GENERAL_QUESTION
from aural.audio.decode import Clip
from aural.catalog import Sku
from aural.errors import ProviderError
from aural.providers.base import Answer
from aural.providers.http import (CallPolicy, CircuitBreaker, UpstreamError, breaker_for, call_upstream,
                                  retry_after, retryable_status, transport_error)
from aural.providers.transcode import encode

DEFAULT_KEY_ENV = "OPENAI_API_KEY"


def classify_openai(exc: BaseException) -> UpstreamError:
    """An `openai` SDK exception as an UpstreamError."""
    import openai

    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        body = exc.body
        detail = ""
        if isinstance(body, dict):
            inner = body.get("error", body)
            detail = str(inner.get("message") or "") if isinstance(inner, dict) else str(inner)
        elif body is not None:
            detail = str(body)
        return UpstreamError(detail, status=status, retryable=retryable_status(status),
                             retry_after_s=retry_after(exc.response.headers))
    transport = transport_error(exc)
    if transport is not None:
        return transport
    if isinstance(exc, openai.APIResponseValidationError):
        return UpstreamError(f"malformed reply ({exc.message})")
    return UpstreamError(f"malformed reply ({type(exc).__name__})")


class OpenAIAudioProvider:
    """Understand with an OpenAI chat model that takes audio input."""

    provider_name = "openai"
    token_param = "max_completion_tokens"
    default_key_env: str | None = DEFAULT_KEY_ENV
    key_required = True

    def __init__(self, sku: Sku) -> None:
        import openai

        self.sku = sku
        self.key_env = sku.api_key_env or self.default_key_env
        self.api_key = (os.environ.get(self.key_env) or None) if self.key_env else None
        self.label = f"{self.provider_name} upstream model '{sku.upstream_model}'"
        self.breaker: CircuitBreaker = breaker_for((self.provider_name, sku.base_url or "default"),
                                                   sku.breaker_failures, sku.breaker_reset_s)
        self._client = None
        if self.api_key is not None or not (self.key_required or sku.api_key_env):
            self._client = openai.OpenAI(api_key=self.api_key or "EMPTY", base_url=sku.base_url,
                                         timeout=sku.timeout_s, max_retries=0,
                                         default_headers=dict(sku.headers) or None)

    @property
    def client(self):  # -> openai.OpenAI
        if self._client is None:
            raise ProviderError(f"{self.label} is not configured: set the API key in ${self.key_env}")
        return self._client

    # ------------------------------------------------------------ the request

    def audio_part(self, clip: Clip) -> dict[str, Any]:
        data, _ = encode(clip, self.sku.audio_format or "wav")
        return {"type": "input_audio",
                "input_audio": {"data": base64.b64encode(data).decode("ascii"), "format": self.sku.audio_format or "wav"}}

    def request(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"model": self.sku.upstream_model, "messages": messages}
        if self.sku.max_output_tokens:
            kwargs[self.token_param] = self.sku.max_output_tokens
        if self.sku.temperature is not None:
            kwargs["temperature"] = self.sku.temperature
        return kwargs

    def chat(self, messages: list[dict[str, Any]]) -> str:
        """The model's text reply to `messages`, under the SKU's deadline, retries and breaker."""
        client = self.client
        kwargs = self.request(messages)

        def attempt(seconds_left: float) -> str:
            completion = client.chat.completions.create(**kwargs, timeout=seconds_left)
            return reply_text(completion)

        return call_upstream(CallPolicy(self.label, self.sku.timeout_s, self.sku.max_retries), attempt,
                             classify_openai, self.breaker, secrets=[self.api_key])

    def understand(self, clip: Clip, question: str) -> Answer:
        content = [{"type": "text", "text": question.strip() or GENERAL_QUESTION}, self.audio_part(clip)]
        return Answer(text=self.chat([{"role": "user", "content": content}]))


def reply_text(completion: object) -> str:
    """The text of the first choice, or an UpstreamError saying what is malformed about the reply."""
    choices = getattr(completion, "choices", None)
    if not isinstance(choices, list) or not choices:
        raise UpstreamError("malformed reply: no choices")
    message = getattr(choices[0], "message", None)
    content = getattr(message, "content", None)
    if isinstance(content, list):  # some servers answer with content parts
        content = "".join(p.get("text", "") if isinstance(p, dict) else str(getattr(p, "text", "")) for p in content)
    if not isinstance(content, str) or not content.strip():
        refusal = getattr(message, "refusal", None)
        if refusal:
            raise UpstreamError(f"the model refused: {str(refusal)[:200]}")
        reason = getattr(choices[0], "finish_reason", None)
        raise UpstreamError("malformed reply: the model returned no text" + (f" (finish_reason {reason})" if reason else ""))
    return content.strip()
