"""The answerer's one entry point: evidence + question -> (answer, parsed question); and the listening
plan a question needs, so the engine listens only as far as the answer reads."""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

from aural.answer import vocabulary
from aural.answer.compose import Answer as ComposedAnswer, build, compose
from aural.answer.layout import limit_words
from aural.answer.question import ParsedQuestion, parse_question
from aural.listen import ontology
from aural.listen.evidence import Evidence
from aural.listen.plan import Plan, plan_for

# The question asked when none is given, by every provider (local, remote and evidence-grounded).
GENERAL_QUESTION = "Describe the clip."


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """The question model's matrices are tiny: BLAS threads only wait on each other, badly so on a busy
    machine (a new question took 0.86 s with OpenBLAS's threads and 0.05 s with one, on 2 shared cores)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def parse(question: str) -> ParsedQuestion:
    with _one_blas_thread():
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
    with _one_blas_thread():
        return compose(evidence, parsed), parsed.model_dump(mode="json")


def reference(evidence: Evidence, parsed: ParsedQuestion) -> ComposedAnswer:
    """The composer's answer with its parts (`lead`: Yes/No or the chosen option; `choice` with its
    confidence; `text`): what a check of another writer's answer to `parsed` compares against."""
    with _one_blas_thread():
        return build(evidence, parsed)


def sound_terms() -> dict[str, set[int]]:
    """Every sound and instrument name the answerer reads in a question (the synonym table's phrases and
    each instrument's display name), with the AudioSet class indices it stands for."""
    terms: dict[str, set[int]] = {}
    for phrase in vocabulary.SOUND_SYNONYMS:
        m = vocabulary.synonym_match(phrase)
        if m is not None and m.all:
            terms.setdefault(phrase, set()).update(m.all)
    names = ontology.class_names()
    for i in ontology.indices("Musical instrument"):
        terms.setdefault(vocabulary.display_name(names[i]), set()).add(i)
    return terms


__all__ = ["GENERAL_QUESTION", "ComposedAnswer", "ParsedQuestion", "limit_words", "parse", "plan_for_question",
           "reference", "respond", "sound_terms"]
