"""Yes/no deciders: a yes/no question gets Yes or No first, from the part that answers it, or an honest
"Can't tell" when the evidence can't decide it."""

from __future__ import annotations

import re

from aural.answer import vocabulary as V
from aural.answer.choices import affinity
from aural.answer.parts import Part
from aural.answer.topics.sound import t_sound_presence
from aural.answer.topics.speech import emotion_is_hard
from aural.answer.question import ParsedQuestion
from aural.answer.wording import pct, without_yes_no
from aural.languages import LANGUAGE_NAMES
from aural.listen.evidence import Evidence

_LIMITS = ("limit_meaning", "limit_sarcasm", "limit_identity", "era")
# Intents whose yes/no question about a named sound is answered by whether that sound is heard.
_PRESENCE_LEADS = {"instruments", "music_presence", "vocals", "speaking_style", "sound_list", "main_sound",
                   "description", "scene", "indoor_outdoor", "live_studio", "lead_instrument", "genre", "silence",
                   "audio_quality", "phone_quality"}


def _language(ev: Evidence, pq: ParsedQuestion) -> tuple[str, list[str]] | None:
    if not pq.languages:
        return None
    asked = pq.languages[0]
    name = LANGUAGE_NAMES.get(asked, asked)
    lang = ev.speech.language
    if not ev.speech.present or lang is None:
        return "No", [f"No — no speech was detected, so it is not in {name}."]
    if lang.code == asked:
        hedge = ", though the identification is uncertain" if lang.uncertain else ""
        return "Yes", [f"Yes — the speech is in {name} ({pct(lang.probability)} probability{hedge})."]
    return "No", [f"No — the speech sounds like {lang.name} ({pct(lang.probability)} probability), not {name}."]


def _asked_words(pq: ParsedQuestion) -> set[str]:
    return set(re.findall(r"[a-z][a-z\-]+", pq.text.lower()))


def _matches(part: Part, pq: ParsedQuestion) -> bool | None:
    """Does the question's own word agree with the part's short answer? ('Is the speaker a child?' and
    'adult' -> False). None when the question names nothing the part can be compared with."""
    words = _asked_words(pq)
    short = part.short.lower()
    for table in (V.AGE_WORDS, V.GENDER_WORDS, V.PLACE_WORDS, V.LIVE_WORDS, V.STYLE_WORDS, V.TREND_WORDS,
                  V.INTONATION_WORDS, V.PITCH_WORDS, V.SPEED_WORDS):
        asked = {table[w] for w in words if w in table}
        if not asked:
            continue
        have = table.get(short, short)
        if isinstance(have, float):  # pitch and speed words: the same side of the middle
            return any((a > 0) == (have > 0) and (a != 0) == (have != 0) for a in asked)
        if short in table or any(str(a) in short for a in asked):
            return have in asked or any(str(a) in short for a in asked)
    return None


# What a yes/no question asks of a part with a direction: (pattern over the question, the short answer
# that makes it Yes). "Does the volume drop off?" asks 'quieter'; "Does it stay the same?" asks 'steady'.
_DIRECTIONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "loudness_trend": ((r"\b(?:louder|increase|rise|rises|build|builds|grow|grows|crescendo|swell|fade[sd]? in)\b",
                        ("louder",)),
                       (r"\b(?:quieter|softer|drop|drops|decrease|fade[sd]? (?:out|away)|die[sd]? (?:down|away)|"
                        r"diminish|decrescendo|taper)\b", ("quieter",)),
                       (r"\b(?:same|steady|even|constant|stable|consistent|flat|level)\b", ("steady",)),
                       (r"\b(?:change|changes|vary|varies|fluctuate)\b", ("louder", "quieter", "varies"))),
    "tempo_change": ((r"\b(?:speed up|speeds up|faster|accelerat\w*|quicken)\b", ("speeds up",)),
                     (r"\b(?:slow down|slows down|slower|decelerat\w*|ritard\w*|drag)\b", ("slows down",)),
                     (r"\b(?:same|steady|even|constant|stable|consistent)\b", ("steady",)),
                     (r"\b(?:change|changes|vary|varies|drift)\b", ("speeds up", "slows down", "varies", "irregular"))),
    "reverb": ((r"\b(?:dry|dead|close)\b", ("dry",)),
               (r"\b(?:echo\w*|reverb\w*|big room|large room|hall|church|cathedral|cave|roomy|spacious)\b",
                ("room", "hall"))),
    "live_studio": ((r"\b(?:studio)\b", ("studio",)), (r"\b(?:live|audience|concert|crowd)\b", ("live",))),
    "question_intonation": ((r"\b(?:statement|telling)\b", ("statement",)),
                            (r"\b(?:question|asking|ask)\b", ("question",))),
}


def _direction(part: Part, pq: ParsedQuestion) -> bool | None:
    """Yes or No for a part whose answer has a direction, judged against the direction asked; None when
    the question names none."""
    q = pq.text.lower()
    for pattern, yes_when in _DIRECTIONS.get(part.topic, ()):
        if re.search(pattern, q):
            return part.short in yes_when
    return None


def _emotion(ev: Evidence, pq: ParsedQuestion, part: Part) -> tuple[str, list[str]] | None:
    asked = [w for w in _asked_words(pq) if w in V.EMOTION_WORDS]
    emo = ev.voice.emotion if ev.voice else None
    if not asked or emo is None:
        return None
    support = sum(p * affinity(asked[0], k) for k, p in emo.scores.items()) if emo.scores else \
        affinity(asked[0], emo.label)
    if emotion_is_hard(emo) and 0.25 <= support <= 0.5:
        return "Hard to tell", part.sentences
    yes = support > 0.4 or affinity(asked[0], emo.label) >= 0.8
    return ("Yes" if yes else "No"), part.sentences


# Parts whose answer is a number a question can compare ('more than three times?'), and the unit it is in.
_NUMBERS = {"event_count": None, "speaker_count": None, "word_count": None, "duration": "seconds", "tempo": "bpm",
            "instruments": None, "speaker_age": None}
# The ages (years) a voice heard as a baby, a child or an adult may have: 'is the speaker over 50?' of an
# adult voice can't be told, 'under 10?' can.
_AGE_YEARS = {"baby": (0.0, 2.0), "child": (3.0, 12.0), "adult": (20.0, 100.0)}


def _number(p: Part) -> float | None:
    """The number a part answers with: a count (of bursts, speakers, words, instruments named), seconds
    (duration) or BPM (tempo); None without one (an instrument only guessed, a count not made)."""
    if p.topic == "instruments":
        return float(len(p.value)) if isinstance(p.value, list) and (p.value or p.short == "none") else None
    if p.topic == "duration" and isinstance(p.value, dict):
        return p.value.get("seconds")
    if p.topic == "tempo" and isinstance(p.value, dict):
        return p.value.get("bpm")
    try:
        return float(p.short)
    except ValueError:
        return None


def _compared(pq: ParsedQuestion, parts: list[Part]) -> tuple[str, list[str], Part] | None:
    """'Does the dog bark more than three times?': Yes or No from the first part that counts or measures
    what the question compares, in a unit it can be compared in."""
    c = pq.comparison
    if c is None:
        return None
    for p in parts:
        if p.topic not in _NUMBERS or (c.unit is not None and c.unit != _NUMBERS[p.topic]):
            continue
        if p.topic == "speaker_age" and p.short in _AGE_YEARS:
            ends = {c.holds(a) for a in _AGE_YEARS[p.short]}   # the comparisons are monotonic in the age
            lead = "Can't tell" if len(ends) > 1 or c.op == "==" else "Yes" if ends.pop() else "No"
            return lead, [without_yes_no(s) for s in p.sentences], p
        x = _number(p)
        if x is not None:
            return ("Yes" if c.holds(x) else "No"), [without_yes_no(s) for s in p.sentences], p
        if p.topic == "tempo" and p.short != "unclear":   # no music, so no tempo ('the speaker talks at ...')
            return "No", [without_yes_no(s) for s in p.sentences], p
        if p.short != "none":   # counted or measured, but not surely ('many', a guess, no steady beat)
            return "Can't tell", p.sentences, p
        return None             # nothing there to count: the part's own No leads
    return None


def decide(ev: Evidence, pq: ParsedQuestion, parts: list[Part]) -> tuple[str, list[str], Part | None] | None:
    """(lead word, lead sentences, the part they come from) for a yes/no question, or None."""
    compared = _compared(pq, parts)
    if compared is not None:
        return compared
    if pq.sounds:
        sp = next((p for p in parts if p.topic in ("sound_presence", "sound_timing", "event_count")), None)
        if sp is not None and sp.topic == "sound_presence":
            return sp.short or ("Yes" if sp.sentences[0].startswith("Yes") else "No"), sp.sentences, sp
        own = parts and parts[0].topic == "speaking_style" and parts[0].yes is not None  # the voice answered it
        if sp is None and parts and parts[0].topic in _PRESENCE_LEADS and not own:
            # "Is there a guitar?" read as an instruments question: whether the named sound is there leads.
            pres = t_sound_presence(ev, pq)
            # A writer that already answered with the presence ('Is the person whispering?') is that lead.
            # ...and the silence writer says what the presence of silence says ('12% of the clip is silent')
            said = parts[0].sentences == pres.sentences or \
                (parts[0].topic == "silence" and all(ns.kind == "silence" for ns in pq.sounds))
            same = parts[0] if said else None
            return pres.short, pres.sentences, same
    lang = _language(ev, pq)
    if lang is not None:
        return lang[0], lang[1], next((p for p in parts if p.topic == "language"), None)
    for p in parts:
        if p.topic in _LIMITS:
            return "Can't tell", p.sentences, p
        if p.topic == "emotion":
            got = _emotion(ev, pq, p)
            if got is not None:
                return got[0], got[1], p
            continue
        direction = _direction(p, pq)
        if direction is not None and p.short not in ("none", "unclear", "can't tell", "silent"):
            return ("Yes" if direction else "No"), [without_yes_no(s) for s in p.sentences], p
        match = _matches(p, pq) if p.short else None
        if p.yes is not None and match is None:
            lead = "Yes" if p.yes else "No"
            return lead, [without_yes_no(s) for s in p.sentences], p
        if match is not None and p.short not in ("none", "unclear", "can't tell"):
            return ("Yes" if match else "No"), [without_yes_no(s) for s in p.sentences], p
        if p.short in ("none", "unclear", "can't tell"):
            return ("No" if p.short == "none" and p.topic not in ("speaker_gender", "emotion") else "Can't tell"), \
                p.sentences, p
    return None


__all__ = ["decide"]
