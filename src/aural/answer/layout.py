"""Putting the answer in the asked form: one word, a few words, N sentences, a word limit, a list, prose.

`fit_answer` takes the lead (the chosen option or Yes/No with its sentences) and one `Part` per intent,
in the asked order, and lays them out. Merging joins sentences with semicolons so an intent is never
dropped to meet a sentence count; padding adds only sentences that are true of the clip.
"""

from __future__ import annotations

import re

from aural.answer.facts import answerable
from aural.answer.parts import Part
from aural.answer.question import ParsedQuestion
from aural.answer.topics import WRITERS
from aural.answer.wording import lower_first, sentence_case
from aural.listen.evidence import Evidence


def merge(sentences: list[str]) -> str:
    """Several sentences as one: 'A.', 'B.' -> 'A; b.'"""
    out = ""
    for s in sentences:
        s = s.strip()
        if not out:
            out = s
            continue
        if out.endswith("."):
            out = out[:-1]
        out += "; " + lower_first(s)
    return out


def fit_count(sentences: list[str], n: int, padding: list[str]) -> list[str]:
    """Exactly `n` sentences: merge neighbours (keeping order) or add true padding sentences."""
    n = max(1, n)
    sents = [s for s in sentences if s.strip()]
    if len(sents) > n:
        size, extra = divmod(len(sents), n)
        out, i = [], 0
        for k in range(n):
            take = size + (1 if k < extra else 0)
            out.append(merge(sents[i:i + take]))
            i += take
        return out
    for p in padding:
        if len(sents) >= n:
            break
        if p not in sents:
            sents.append(p)
    return sents


def limit_words(text: str, n: int) -> str:
    words = text.split()
    if len(words) <= n:
        return text
    cut = " ".join(words[:n]).rstrip(",;:—-")
    return cut if cut.endswith((".", "!", "?")) else cut + "…"


def _padding(ev: Evidence, used: list[str]) -> list[str]:
    extra = ["description"]
    if ev.speech.present:
        extra += ["language", "emotion", "speaker_gender"]
    if ev.music.present:
        extra += ["instruments", "tempo", "key"]
    if ev.scene:
        extra.append("scene")
    pads: list[str] = []
    for intent in [i for i in extra if answerable(ev, i)]:
        pq = ParsedQuestion(text="", intents=[intent])
        pads += [s for s in WRITERS[intent](ev, pq).sentences if s not in used and s not in pads]
    pads += [f"The clip is {ev.source.duration_s:.0f} seconds long.",
             "These observations come from the audio alone, so treat them as estimates.",
             "Times are given from the start of the clip.",
             "Nothing beyond what the engine detected is assumed.",
             "No other source of information was used."]
    return [p for p in pads if p not in used]


def _phrase(text: str) -> str:
    """A short answer as a phrase: 'a dog barking' -> 'A dog barking.'"""
    text = text.strip().rstrip(".")
    return sentence_case(text) + "." if text else text


def fit_answer(lead: str | None, lead_sentences: list[str], parts: list[Part], pq: ParsedQuestion,
               ev: Evidence) -> str:
    fmt = pq.format
    is_choice = bool(pq.options)
    if fmt.one_word:
        word = lead or (parts[0].short if parts and parts[0].short else "Unclear")
        word = word if len(word.split()) <= 3 else word.split()[0]
        if fmt.justification:
            # One word stays one word; an uncertain pick says so in its justification.
            word = word.replace(" (uncertain)", "")
            reason = lead_sentences if lead else (parts[0].sentences if parts else [])
            if lead and not is_choice:  # 'Yes — a siren ...' -> the reason after the word
                reason = [sentence_case(re.sub(r"^(?:Yes|No)\s*[—,-]\s*", "", s)) for s in reason]
            reason = fit_count(reason, fmt.justification_sentences or 1, _padding(ev, reason))
            return f"{word}. " + " ".join(reason)
        return word

    if fmt.few_words and not fmt.as_list and not fmt.sentences:
        bits = ([lead] if lead else []) + [p.short for p in parts if p.short and p.short != lead]
        text = _phrase("; ".join(bits[:3]) if bits else "Nothing clear")
        if lead and len(bits) > 1:
            text = _phrase(f"{lead} — {'; '.join(bits[1:3])}")
        return limit_words(text, fmt.max_words or 8)

    groups: list[list[str]] = []
    if lead is not None:
        if is_choice:
            first = f"{lead} — {lower_first(lead_sentences[0])}" if lead_sentences else f"{lead}."
            groups.append([first] + lead_sentences[1:])
        else:
            sents = list(lead_sentences) or [f"{lead}."]
            if not re.match(re.escape(lead) + r"\b", sents[0]):
                sents[0] = f"{lead} — {lower_first(sents[0])}"
            groups.append(sents)
    for p in parts:
        groups.append(p.sentences[:1] if fmt.brief or fmt.max_words else list(p.sentences))
    if not groups:
        groups = [["The engine found nothing to say about this question in the audio."]]

    if fmt.as_list:
        lines: list[str] = []
        if lead is not None:
            lines.append(" ".join(groups[0]))
            rest = groups[1:]
        else:
            rest = groups
        if len(parts) == 1 and parts[0].items and lead is None:
            lines += [f"- {item}" for item in parts[0].items]
        elif len(rest) == 1:
            lines += [f"- {s}" for s in rest[0]]
        else:
            lines += [f"- {' '.join(g)}" for g in rest]
        text = "\n".join(lines)
        return limit_words(text, fmt.max_words) if fmt.max_words else text

    sentences = [s for g in groups for s in g]
    if fmt.sentences:
        sentences = fit_count(sentences, fmt.sentences, _padding(ev, sentences))
    text = " ".join(sentences)
    if fmt.max_words:
        text = limit_words(text, fmt.max_words)
    return text


__all__ = ["fit_answer", "fit_count", "merge", "limit_words"]
