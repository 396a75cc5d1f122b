"""Google Gemini audio understanding through the official `google-genai` SDK.

The clip (MP3 by default) goes inline with the question for small files; above the SKU's
`inline_max_bytes` it goes through the Files API first (resumable upload, wait until ACTIVE, then
a `file_data` part), and the uploaded file is deleted afterwards. The question is the prompt.
"""

from __future__ import annotations

import io
import logging
import os
import time
from typing import Any

from aural.answer.respond import GENERAL_QUESTION
from aural.audio.decode import Clip
from aural.catalog import Sku
from aural.errors import ProviderError
from aural.providers.base import Answer
from aural.providers.http import (CallPolicy, UpstreamError, breaker_for, call_upstream, retry_after,
                                  retryable_status, transport_error)
from aural.providers.transcode import encode

log = logging.getLogger("aural.providers")
KEY_ENVS = ("GEMINI_API_KEY", "GOOGLE_API_KEY")
_POLL_S = 0.5
API_VERSION = "v1beta"  # the documented Gemini API version with the Files API


def classify_gemini(exc: BaseException) -> UpstreamError:
    from google.genai import errors

    if isinstance(exc, errors.APIError):
        status = int(exc.code) if isinstance(exc.code, int) else None
        detail = str(exc.message or exc.status or "")
        headers = getattr(getattr(exc, "response", None), "headers", None)
        return UpstreamError(detail, status=status, retryable=retryable_status(status),
                             retry_after_s=retry_after(headers))
    transport = transport_error(exc)
    if transport is not None:
        return transport
    return UpstreamError(f"malformed reply ({type(exc).__name__})")


class GeminiProvider:
    """Understand with a Gemini model (gemini-2.5-flash and the like)."""

    def __init__(self, sku: Sku) -> None:
        from google import genai
        from google.genai import types

        self.sku = sku
        envs = (sku.api_key_env,) if sku.api_key_env else KEY_ENVS
        self.key_env = envs[0]
        self.api_key = next((os.environ[e] for e in envs if os.environ.get(e)), None)
        self.label = f"gemini upstream model '{sku.upstream_model}'"
        self.breaker = breaker_for(("gemini", sku.base_url or "default"), sku.breaker_failures, sku.breaker_reset_s)
        self._client = None
        if self.api_key:
            options = types.HttpOptions(base_url=sku.base_url, api_version=API_VERSION,
                                        timeout=int(sku.timeout_s * 1000),
                                        headers=dict(sku.headers) or None)
            self._client = genai.Client(api_key=self.api_key, http_options=options)

    @property
    def client(self):  # -> genai.Client
        if self._client is None:
            raise ProviderError(f"{self.label} is not configured: set the API key in ${self.key_env}")
        return self._client

    def understand(self, clip: Clip, question: str) -> Answer:
        from google.genai import types

        client = self.client
        fmt = self.sku.audio_format or "mp3"
        data, mime = encode(clip, fmt)
        prompt = question.strip() or GENERAL_QUESTION
        uploaded: list[Any] = []  # the Files API upload survives a retry of the generate call

        def options(seconds_left: float) -> types.HttpOptions:
            return types.HttpOptions(timeout=max(1, int(seconds_left * 1000)))

        def attempt(seconds_left: float) -> str:
            deadline = time.monotonic() + seconds_left
            if len(data) <= self.sku.inline_max_bytes:
                audio = types.Part.from_bytes(data=data, mime_type=mime)
            else:
                if not uploaded:
                    uploaded.append(self._upload(data, mime, fmt, deadline))
                f = uploaded[0]
                audio = types.Part.from_uri(file_uri=f.uri, mime_type=f.mime_type or mime)
            config = types.GenerateContentConfig(http_options=options(deadline - time.monotonic()),
                                                 max_output_tokens=self.sku.max_output_tokens,
                                                 temperature=self.sku.temperature)
            response = client.models.generate_content(model=self.sku.upstream_model, contents=[prompt, audio],
                                                      config=config)
            return reply_text(response)

        try:
            text = call_upstream(CallPolicy(self.label, self.sku.timeout_s, self.sku.max_retries), attempt,
                                 classify_gemini, self.breaker, secrets=[self.api_key])
        finally:
            for f in uploaded:
                try:
                    client.files.delete(name=f.name, config=types.DeleteFileConfig(http_options=options(5)))
                except Exception as exc:  # the answer stands; the file expires upstream after 48 h anyway
                    log.warning("%s: could not delete uploaded file (%s)", self.label, type(exc).__name__)
        return Answer(text=text)

    def _upload(self, data: bytes, mime: str, fmt: str, deadline: float):  # -> types.File
        from google.genai import types

        client = self.client
        left = deadline - time.monotonic()
        f = client.files.upload(file=io.BytesIO(data), config=types.UploadFileConfig(
            mime_type=mime, display_name=f"aural-clip.{fmt}",
            http_options=types.HttpOptions(timeout=max(1, int(left * 1000)))))
        while getattr(f.state, "name", f.state) == "PROCESSING":
            if time.monotonic() + _POLL_S >= deadline:
                raise UpstreamError("timed out", timeout=True)
            time.sleep(_POLL_S)
            f = client.files.get(name=f.name, config=types.GetFileConfig(
                http_options=types.HttpOptions(timeout=max(1, int((deadline - time.monotonic()) * 1000)))))
        state = getattr(f.state, "name", f.state)
        if state == "FAILED" or not f.uri:
            raise UpstreamError(f"the Files API could not take the audio (state {state})")
        return f


def reply_text(response: object) -> str:
    candidates = getattr(response, "candidates", None)
    if not candidates:
        feedback = getattr(response, "prompt_feedback", None)
        reason = getattr(feedback, "block_reason", None) if feedback is not None else None
        if reason:
            raise UpstreamError(f"the model declined the prompt (block reason {getattr(reason, 'value', reason)})")
        raise UpstreamError("malformed reply: no candidates")
    content = getattr(candidates[0], "content", None)
    parts = getattr(content, "parts", None) or []
    text = "".join(p.text for p in parts if getattr(p, "text", None) and not getattr(p, "thought", False))
    if not text.strip():
        reason = getattr(candidates[0], "finish_reason", None)
        raise UpstreamError("malformed reply: the model returned no text"
                            + (f" (finish reason {getattr(reason, 'value', reason)})" if reason else ""))
    return text.strip()
