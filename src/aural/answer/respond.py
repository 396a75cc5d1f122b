"""The answerer's entry point: evidence + question -> (answer text, parsed question or None)."""

from __future__ import annotations

from typing import Any

from aural.answer.summary import summarize
from aural.listen.evidence import Evidence


def respond(evidence: Evidence, question: str) -> tuple[str, dict[str, Any] | None]:
    return summarize(evidence, question), None
