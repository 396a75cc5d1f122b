"""The provider protocol. Providers know nothing of billing, HTTP or accounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from aural.audio.decode import Clip
from aural.listen.evidence import Evidence, TranscriptSegment


@dataclass(frozen=True)
class Answer:
    text: str
    evidence: Evidence | None = None
    question: dict | None = None  # the parsed question, when the provider parses one


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str | None
    duration_s: float
    segments: list[TranscriptSegment] = field(default_factory=list)


class Provider(Protocol):
    def understand(self, clip: Clip, question: str) -> Answer: ...

    def transcribe(self, clip: Clip, language: str | None, prompt: str | None,
                   word_timestamps: bool = True) -> Transcript: ...


@runtime_checkable
class Translator(Protocol):
    """A provider that also turns speech in any language into English text (Whisper's translate task)."""

    def translate(self, clip: Clip, prompt: str | None, word_timestamps: bool = False) -> Transcript: ...
