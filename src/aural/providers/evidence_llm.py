"""Evidence-grounded answers from a text-only chat model.

The local engine listens (the same evidence the offline composer uses); the evidence and the question
go to any OpenAI-compatible chat model (a llama.cpp or Ollama server, vLLM, OpenAI itself), which writes
the answer. The answer is then checked the way the composer's own answers are built: the question is
parsed by the same parser (options, yes/no, format directives, named sounds and languages), the
composer's choice and Yes/No are the reference, and a sound, instrument or language the evidence does
not hold may not appear. A failed check falls back to the composer's answer (on_check_failure =
"fallback", the default), fails the request ("error"), or is ignored ("off").
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache

from aural.answer.respond import ComposedAnswer, ParsedQuestion, limit_words, parse, reference, respond, sound_terms
from aural.audio.decode import Clip
from aural.catalog import Sku
from aural.errors import ProviderError
from aural.languages import LANGUAGE_NAMES
from aural.listen import ontology, pipeline
from aural.listen.evidence import Evidence
from aural.providers.base import Answer
from aural.providers.openai_compat import OpenAICompatibleProvider

log = logging.getLogger("aural.providers")

# A composer choice at least this confident is what the evidence says; the model may not contradict it.
CHOICE_FIRM = 0.6
_MAX_EVENTS = 60
_NEGATION = re.compile(r"\b(?:no|not|without|nor|neither|absent|absence|lacks?|isn't|aren't|wasn't|weren't|"
                       r"none|never)\b[^.;!?]{0,40}$")
# Words too general to be a claim about one sound (they name what every clip has or a whole domain).
_GENERIC = {"music", "speech", "silence", "noise", "sound", "voice", "water", "crowd", "engine", "horn", "wind",
            "police", "car", "percussion", "orchestra", "musical instrument", "keyboard", "bell", "drum",
            # words with other senses in an answer ('a walking bass line', 'the song's construction')
            "walking", "construction", "sea", "slam", "infant", "ticking", "crackling", "buzzing", "chirping",
            "boiling", "squeak", "creak", "idling", "eating", "drinking"}

SYSTEM_PROMPT = (
    "You answer questions about an audio clip that you cannot hear. You are given the evidence an audio "
    "analysis engine extracted from it, as JSON: sound events with times in seconds from the start and "
    "confidence scores, speech (language, transcript), voice (emotion, gender estimates), music (tempo, key, "
    "instruments, genres, moods) and levels. Use only facts in the evidence. Never name a sound, instrument or "
    "language that the evidence does not contain, and say in words when a confidence is low. "
    "Follow the requested answer format exactly and write nothing else.")


class EvidenceLLMProvider:
    """The local engine's evidence + the question -> a text chat model's answer, checked."""

    def __init__(self, sku: Sku, chat: OpenAICompatibleProvider | None = None) -> None:
        self.sku = sku
        self.chat = chat or OpenAICompatibleProvider(sku)
        self.label = f"evidence-llm upstream model '{sku.upstream_model}'"

    def understand(self, clip: Clip, question: str) -> Answer:
        evidence = pipeline.listen(clip)  # all of it: the model reads the whole evidence
        pq = parse(question)
        messages = [{"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": user_prompt(evidence, pq)}]
        text = clean(self.chat.chat(messages))
        problems = [] if self.sku.on_check_failure == "off" else \
            check_answer(text, evidence, pq, reference(evidence, pq))
        if problems:
            summary = "; ".join(problems[:3])
            if self.sku.on_check_failure == "error":
                raise ProviderError(f"{self.label} wrote an answer that failed the evidence check: {summary}")
            log.warning("%s: answer failed the evidence check (%s); using the composer's answer",
                        self.label, summary)
            text, _ = respond(evidence, question, pq)
        return Answer(text=text, evidence=evidence, question=pq.model_dump(mode="json"))


# ---------------------------------------------------------------- the prompt

def evidence_json(ev: Evidence) -> str:
    """The evidence as compact JSON for the prompt: no timings or word times, the strongest events."""
    data = ev.model_dump(mode="json", exclude={"timings_s"})
    events = sorted(data.get("events", []), key=lambda e: -e.get("score", 0))[:_MAX_EVENTS]
    data["events"] = sorted(events, key=lambda e: e.get("start", 0))
    for seg in data.get("speech", {}).get("transcript", []):
        seg.pop("words", None)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def format_instructions(pq: ParsedQuestion) -> list[str]:
    fmt = pq.format
    out: list[str] = []
    if pq.options:
        out.append("Begin the answer with exactly one of these options, spelled as given: "
                   + ", ".join(pq.options) + ".")
    elif pq.yes_no:
        out.append("Begin the answer with Yes or No.")
    if fmt.as_json:
        out.append("Answer with one JSON object and nothing else.")
    elif fmt.one_word:
        if fmt.justification:
            n = fmt.justification_sentences or 1
            out.append(f"Answer with one word followed by a period, then a justification of exactly {n} "
                       f"sentence{'s' if n > 1 else ''}.")
        else:
            out.append("Answer with exactly one word.")
    else:
        if fmt.sentences:
            out.append(f"Answer in exactly {fmt.sentences} sentence{'s' if fmt.sentences > 1 else ''}.")
        if fmt.max_words:
            out.append(f"Use at most {fmt.max_words} words.")
        if fmt.as_list:
            out.append("Answer as a list: one item per line, each line starting with '- '.")
        if fmt.brief and not fmt.sentences:
            out.append("Be brief.")
    return out


def user_prompt(ev: Evidence, pq: ParsedQuestion) -> str:
    rules = format_instructions(pq)
    return ("Evidence (JSON):\n" + evidence_json(ev) + "\n\nQuestion: " + pq.text
            + ("\n\nFormat: " + " ".join(rules) if rules else ""))


def clean(text: str) -> str:
    """The reply without a code fence around it or thinking tags before it."""
    text = re.sub(r"(?s)^\s*<think>.*?</think>\s*", "", text).strip()
    m = re.fullmatch(r"(?s)```[a-zA-Z]*\s*\n(.*?)\n?```", text)
    return (m.group(1) if m else text).strip()


# ---------------------------------------------------------------- the check

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def sentences_of(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def _starts_with(text: str, word: str) -> bool:
    body = re.sub(r"^[\s*_#>\"'`-]+", "", text).lower()
    return re.match(re.escape(word.lower()) + r"(?![a-z0-9])", body) is not None


def check_answer(text: str, ev: Evidence, pq: ParsedQuestion, reference: ComposedAnswer) -> list[str]:
    """What is wrong with `text` as an answer to `pq` from `ev` (empty when nothing is).
    `reference` is the composer's answer (`aural.answer.respond.reference`)."""
    problems: list[str] = []
    fmt = pq.format
    if not text.strip():
        return ["the answer is empty"]
    # The chosen option, or Yes/No, as the composer decides it from the evidence.
    if pq.options:
        chosen = [o for o in pq.options if _starts_with(text, o)]
        if not chosen:
            problems.append("it does not begin with one of the offered options (" + ", ".join(pq.options) + ")")
        elif reference.choice is not None and reference.choice.confidence >= CHOICE_FIRM and \
                reference.choice.option.lower() not in {c.lower() for c in chosen}:
            problems.append(f"it chose '{chosen[0]}' where the evidence points to '{reference.choice.option}'")
    elif pq.yes_no and reference.lead in ("Yes", "No"):
        if not (_starts_with(text, "yes") or _starts_with(text, "no")):
            problems.append("it does not begin with Yes or No")
        elif not _starts_with(text, reference.lead):
            problems.append(f"the evidence says {reference.lead}")
    # The asked form.
    if fmt.as_json:
        try:
            if not isinstance(json.loads(text), dict):
                problems.append("it is not a JSON object")
        except ValueError:
            problems.append("it is not valid JSON")
    elif fmt.one_word:
        first, _, rest = text.partition(".") if fmt.justification else (text, "", "")
        if len(re.findall(r"[\w'-]+", first)) != 1:
            problems.append("it is not one word" + (" before the justification" if fmt.justification else ""))
        elif fmt.justification:
            n = len(sentences_of(rest))
            want = fmt.justification_sentences or 1
            if fmt.justification_sentences and n != want:
                problems.append(f"the justification has {n} sentences, not {want}")
    else:
        if fmt.sentences and not fmt.as_list:
            n = len(sentences_of(text))
            if n != fmt.sentences:
                problems.append(f"it has {n} sentences, not {fmt.sentences}")
        if fmt.max_words and limit_words(text, fmt.max_words) != text:
            problems.append(f"it is longer than {fmt.max_words} words")
        if fmt.as_list and not re.search(r"(?m)^\s*(?:[-*•]|\d+[.)])\s+\S", text):
            problems.append("it is not a list")
    # Facts outside the evidence.
    problems += [f"it names {what} that the evidence does not hold" for what in unsupported_mentions(text, ev, pq)]
    return problems


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[str, re.Pattern[str], frozenset[int]], ...]:
    """(term, pattern, AudioSet classes) for the synonym table's sound names and every instrument name."""
    out = []
    for term, idx in sorted(sound_terms().items(), key=lambda t: -len(t[0])):
        if term in _GENERIC or len(term) < 3:
            continue
        pattern = re.compile(r"(?<![\w-])" + re.escape(term) + r"(?:s|es)?(?![\w-])", re.IGNORECASE)
        out.append((term, pattern, frozenset(idx)))
    return tuple(out)


def _evidence_classes(ev: Evidence) -> set[int]:
    held: set[int] = {e.index for e in ev.events}
    if ev.voice is not None:
        held |= {e.index for e in ev.voice.vocal_events}
    for ls in list(ev.labels) + list(ev.music.instruments):
        try:
            held.add(ontology.index_of(ls.label))
        except KeyError:
            pass
    return held


def unsupported_mentions(text: str, ev: Evidence, pq: ParsedQuestion) -> list[str]:
    """Sounds, instruments and languages named (not negated) in `text` that neither the evidence nor the
    question holds."""
    held = _evidence_classes(ev)
    asked_classes: set[int] = set()
    names = ontology.class_names()
    index = {n: i for i, n in enumerate(names)}
    for ns in pq.sounds:
        asked_classes |= {index[n] for n in list(ns.labels) + list(ns.related) if n in index}
    question = pq.text.lower()
    scene_words = {s.label.lower() for s in ev.scene}
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for term, pattern, classes in _lexicon():
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue  # inside a longer term already judged ('police siren' before 'siren')
            taken.append(m.span())
            if classes & held or classes & asked_classes or term in question or term in scene_words:
                continue
            if _NEGATION.search(text[max(0, m.start() - 60):m.start()]):
                continue
            if f"'{term}'" not in found:
                found.append(f"'{term}'")
    lang = ev.speech.language
    allowed = {LANGUAGE_NAMES.get(c, c) for c in pq.languages}
    if lang is not None:
        allowed.add(lang.name)
        allowed |= {c.label for c in lang.candidates}
    for name in set(LANGUAGE_NAMES.values()) - allowed:
        for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
            if not _NEGATION.search(text[max(0, m.start() - 60):m.start()]) and f"the language {name}" not in found:
                found.append(f"the language {name}")
    return found
