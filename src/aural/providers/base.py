"""What a provider can do, as protocols. Providers know nothing of billing, HTTP or accounts.

A provider implements what it can: an `Understander` answers questions about a clip, a `Transcriber`
turns its speech into text, a `Translator` turns speech in any language into English. The registry
(registry.py) picks the provider of a SKU by the SKU's kind, and a SKU routed to a provider that lacks
the capability gets a provider error (502) there, not from a stub.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, Union, runtime_checkable

from aural.audio.decode import Clip
from aural.listen.evidence import Evidence, TranscriptSegment


@dataclass(frozen=True)
class Answer:
    text: str
    evidence: Evidence | None = None
    question: dict[str, Any] | None = None  # the parsed question, when the provider parses one


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str | None
    duration_s: float
    segments: list[TranscriptSegment] = field(default_factory=list)


@runtime_checkable
class Understander(Protocol):
    """Answers a question about how a clip sounds (SKUs of kind 'understand')."""

    def understand(self, clip: Clip, question: str) -> Answer: ...


@runtime_checkable
class Transcriber(Protocol):
    """Turns a clip's speech into text in its own language (SKUs of kind 'transcribe')."""

    def transcribe(self, clip: Clip, language: str | None, prompt: str | None,
                   word_timestamps: bool = True) -> Transcript: ...


@runtime_checkable
class Translator(Protocol):
    """Turns speech in any language into English text (Whisper's translate task)."""

    def translate(self, clip: Clip, prompt: str | None, word_timestamps: bool = False) -> Transcript: ...


# Whatever the registry holds: a provider has at least one of the capabilities above.
Provider = Union[Understander, Transcriber]
