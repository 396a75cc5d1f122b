"""Putting the answer in the asked form: one word, N sentences, a word limit, a list, or plain prose.

`fit_answer` takes the lead (the chosen option or Yes/No with its sentences) and one `Part` per
topic, in the asked order, and lays them out. Merging joins sentences with semicolons so a topic is
never dropped to meet a sentence count; padding adds only sentences that are true of the clip.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from aural.answer.compose import Part
    from aural.answer.question import ParsedQuestion
    from aural.listen.evidence import Evidence

_KEEP_CASE = re.compile(r"^(?:[A-Z]{2,}|I\b|[A-Z][a-z]+ish\b|English|French|German|Spanish|Italian|Portuguese|"
                        r"Dutch|Russian|Chinese|Japanese|Korean|Arabic|Hindi|Polish|Turkish|Swedish|Greek|Czech|"
                        r"Ukrainian|Hebrew|Finnish|Catalan|Vietnamese|Indonesian|Malay|[A-G](?:#|b)? (?:major|minor)"
                        r"|YAMNet|Whisper)")


def sentence_case(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def lower_first(s: str) -> str:
    if not s or _KEEP_CASE.match(s):
        return s
    return s[:1].lower() + s[1:]


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


def _words(text: str) -> list[str]:
    return text.split()


def limit_words(text: str, n: int) -> str:
    words = _words(text)
    if len(words) <= n:
        return text
    cut = " ".join(words[:n]).rstrip(",;:—-")
    return cut if cut.endswith((".", "!", "?")) else cut + "…"


def _padding(ev: "Evidence", used: list[str]) -> list[str]:
    from aural.answer.compose import TOPIC_FNS
    from aural.answer.question import ParsedQuestion

    extra = ["description"]
    if ev.speech.present:
        extra += ["language", "emotion", "gender"]
    if ev.music.present:
        extra += ["instruments", "tempo", "key"]
    if ev.scene:
        extra.append("scene")
    pads: list[str] = []
    for topic in extra:
        pq = ParsedQuestion(text="", topics=[topic])
        pads += [s for s in TOPIC_FNS[topic](ev, pq).sentences if s not in used and s not in pads]
    pads += [f"The clip is {ev.source.duration_s:.0f} seconds long.",
             "These observations come from the audio alone, so treat them as estimates.",
             "Times are given from the start of the clip.",
             "Nothing beyond what the engine detected is assumed.",
             "No other source of information was used."]
    return [p for p in pads if p not in used]


def fit_answer(lead: str | None, lead_sentences: list[str], parts: list["Part"], pq: "ParsedQuestion",
               ev: "Evidence") -> str:
    fmt = pq.format
    is_choice = bool(pq.options)
    if fmt.one_word:
        word = lead or (parts[0].short if parts and parts[0].short else "Unclear")
        if fmt.justification:
            reason = lead_sentences if lead else (parts[0].sentences if parts else [])
            if lead and not is_choice:  # 'Yes — a siren ...' -> the reason after the word
                reason = [sentence_case(re.sub(r"^(?:Yes|No)\s*[—,-]\s*", "", s)) for s in reason]
            reason = fit_count(reason, fmt.justification_sentences or 1, _padding(ev, reason))
            return f"{word}. " + " ".join(reason)
        return word

    groups: list[list[str]] = []
    if lead is not None:
        if is_choice:
            first = f"{lead} — {lower_first(lead_sentences[0])}" if lead_sentences else f"{lead}."
            groups.append([first] + lead_sentences[1:])
        else:
            groups.append(list(lead_sentences) or [f"{lead}."])
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


__all__ = ["fit_answer", "fit_count", "merge", "limit_words", "sentence_case", "lower_first"]
