"""One writer per intent: `WRITERS[intent](evidence, parsed_question) -> Part`."""

from __future__ import annotations

from typing import Callable

from aural.answer.parts import Part
from aural.answer.question import ParsedQuestion
from aural.answer.topics import limits, music, recording, sound, speech
from aural.listen.evidence import Evidence

Writer = Callable[[Evidence, ParsedQuestion], Part]

WRITERS: dict[str, Writer] = {**sound.WRITERS, **speech.WRITERS, **music.WRITERS, **recording.WRITERS,
                              **limits.WRITERS}

__all__ = ["WRITERS", "Writer"]
