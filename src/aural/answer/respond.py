"""The answerer's one entry point: evidence + question -> (answer, parsed question)."""

from __future__ import annotations

from typing import Any

from aural.answer.compose import compose
from aural.answer.question import parse_question
from aural.listen.evidence import Evidence

GENERAL_QUESTION = "Describe the clip."


def respond(evidence: Evidence, question: str) -> tuple[str, dict[str, Any]]:
    """The deterministic composer's answer, and the parsed question as JSON-ready data."""
    parsed = parse_question(question.strip() or GENERAL_QUESTION)
    return compose(evidence, parsed), parsed.model_dump(mode="json")
