"""Writing the answer: `Evidence` + `ParsedQuestion` -> text, faithfully and in the asked form.

Each asked intent becomes a `Part` from its writer (`answer/topics/`), written only from the evidence.
A multiple choice picks one offered option (`choices.py`), echoed first and spelled as asked, or says
it can't tell when the evidence supports none; a yes/no question answers Yes, No or "Can't tell" first
(`yes_no.py`); a question about part of the clip reads only that part. The format directives are
applied last (`layout.py`). Deterministic: the same evidence and question always give the same answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from aural.answer.choices import Choice, choose
from aural.answer.layout import fit_answer
from aural.answer.parts import Part
from aural.answer.queries import window
from aural.answer.question import DOMAIN_INTENT, ParsedQuestion, parse_question
from aural.answer.slots import resolve_window
from aural.answer.topics import WRITERS
from aural.answer.wording import clock, confidence_word, lower_first, sentence_case
from aural.answer.yes_no import decide
from aural.listen.evidence import Evidence


@dataclass
class Answer:
    text: str
    lead: str | None
    parts: list[Part]
    choice: Choice | None


def _focus(ev: Evidence, pq: ParsedQuestion) -> tuple[Evidence, str | None]:
    """The evidence of the part of the clip asked about, and how to say which part."""
    span = resolve_window(pq.window, ev.source.duration_s)
    if span is None or span[1] - span[0] < 0.5:
        return ev, None
    return window(ev, *span), f"Between {clock(span[0])} and {clock(span[1])}"


def _lettered(option: str, pq: ParsedQuestion) -> str:
    """An option offered with a letter is given with it ('B) sad'), or as the letter alone when that is
    what was asked ('Answer with the letter.')."""
    if not pq.option_labels or option not in pq.options:
        return option
    label = pq.option_labels[pq.options.index(option)]
    if pq.format.letter:
        return label
    return option if pq.format.one_word else f"{label}) {option}"


def build(ev: Evidence, pq: ParsedQuestion) -> Answer:
    ev, where = _focus(ev, pq)
    parts = [WRITERS[i](ev, pq) for i in pq.intents if i in WRITERS]
    if where and parts and parts[0].sentences:
        parts[0].sentences[0] = f"{where}: {lower_first(parts[0].sentences[0])}"
    lead: str | None = None
    lead_sentences: list[str] = []
    choice: Choice | None = None
    if pq.options:
        choice = choose(ev, pq)
        covered = pq.option_intent or DOMAIN_INTENT.get(pq.option_domain or "", "")
        if choice.supported or pq.format.one_word or pq.format.letter:
            lead = _lettered(choice.option, pq)
            lead = lead if choice.supported else f"{lead} (uncertain)"
            lead_sentences = [choice.reason]
        else:
            lead = choice.unsure
            lead_sentences = [choice.reason]
        parts = [p for p in parts if p.topic not in (covered, "sound_presence" if pq.option_domain == "sound" else "")]
    elif pq.yes_no:
        got = decide(ev, pq, parts)
        if got is not None:
            lead, lead_sentences, used = got
            parts = [p for p in parts if p is not used]
            for p in parts:  # one Yes/No leads the answer: the other parts drop theirs
                if p.sentences:
                    p.sentences[0] = sentence_case(re.sub(r"^(?:Yes|No) — ", "", p.sentences[0]))
    text = fit_answer(lead, lead_sentences, parts, pq, ev)
    return Answer(text, lead, parts, choice)


def compose(ev: Evidence, pq: ParsedQuestion | str) -> str:
    """The answer text for a question (parsed or raw) from the evidence."""
    if isinstance(pq, str):
        pq = parse_question(pq)
    ans = build(ev, pq)
    if pq.format.as_json:
        return json.dumps(answer_json(ev, pq, ans), ensure_ascii=False)
    return ans.text


def answer_json(ev: Evidence, pq: ParsedQuestion, ans: Answer | None = None) -> dict[str, Any]:
    """A JSON object: the plain answer, the choice or yes/no, and one value per asked intent."""
    if ans is None:
        ans = build(ev, pq)
    out: dict[str, Any] = {"answer": ans.text}
    if ans.choice is not None:
        out["choice"] = ans.choice.option if ans.choice.supported else None
        out["confidence"] = confidence_word(ans.choice.confidence)
        out["justification"] = ans.choice.reason
    elif pq.yes_no and ans.lead in ("Yes", "No"):
        out["yes"] = ans.lead == "Yes"
    for p in [WRITERS[i](ev, pq) for i in pq.intents if i in WRITERS]:
        out[p.topic] = p.value
    return out


__all__ = ["compose", "build", "answer_json", "Answer", "Part"]
