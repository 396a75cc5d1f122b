"""The answerer's one entry point: evidence + question -> (answer, parsed question); and the listening
plan a question needs, so the engine listens only as far as the answer reads."""

from __future__ import annotations

from typing import Any

from aural.answer.compose import compose
from aural.answer.question import ParsedQuestion, parse_question
from aural.listen.evidence import Evidence
from aural.listen.plan import Plan, plan_for

GENERAL_QUESTION = "Describe the clip."


def parse(question: str) -> ParsedQuestion:
    return parse_question(question.strip() or GENERAL_QUESTION)


def plan_for_question(parsed: ParsedQuestion, include_evidence: bool = False) -> Plan:
    """The evidence parts the answer to `parsed` reads (everything with `include_evidence`)."""
    extra: set[str] = set()
    kinds = {s.kind for s in parsed.sounds}
    if "speech" in kinds or parsed.subject == "speech" or parsed.option_domain == "content":
        extra.add("speech")  # "is anyone talking?", "when does the speech start?", "music or speech?"
    if "silence" in kinds:
        extra.add("levels")
    return plan_for(parsed.intents, include_evidence, extra=extra)


def respond(evidence: Evidence, question: str, parsed: ParsedQuestion | None = None) -> tuple[str, dict[str, Any]]:
    """The deterministic composer's answer, and the parsed question as JSON-ready data."""
    if parsed is None:
        parsed = parse(question)
    return compose(evidence, parsed), parsed.model_dump(mode="json")
