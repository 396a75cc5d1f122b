"""Reading `Evidence` into the facts answers are written from: sources heard, instruments, the music's
feel, the voice's pitch, vocal attributes, and a view of one part of the clip.

Pure functions of the evidence; no wording beyond short names (wording.py writes sentences).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from aural.answer import sounds as S
from aural.answer import vocabulary as V
from aural.answer.thresholds import GENDER_SURE, GUESS_MIN, INSTRUMENT_MIN, LISTED_MIN, LOW_TEMPO_CONF, UNVOICED_WHISPER
from aural.answer.wording import conf, join_list, when
from aural.languages import too_few_words
from aural.listen import ontology
from aural.listen.evidence import Evidence, SoundEvent
from aural.listen.plan import INTENT_PARTS
from aural.listen.vocal import VOCAL_CLASSES
from aural.listen.voice_norms import TYPICAL_PITCH_HZ


def answerable(ev: Evidence, intent: str) -> bool:
    """Whether every evidence part the intent reads was analysed (a listening plan may leave some out)."""
    return all(ev.was_analysed(p) for p in INTENT_PARTS.get(intent, ()))


def merge_spans(spans: list[tuple[float, float]], gap: float = 0.5) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + gap:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


@dataclass
class Source:
    """One sound class heard: its merged spans and peak score."""

    label: str
    index: int
    spans: list[tuple[float, float]]
    score: float

    @property
    def name(self) -> str:
        return S.plain_name(self.label)


def sources(ev: Evidence, indices: set[int]) -> list[Source]:
    """The classes in `indices` that were heard (one per label, spans merged), strongest first."""
    by: dict[str, list[SoundEvent]] = {}
    for e in ev.events:
        if e.index in indices:
            by.setdefault(e.label, []).append(e)
    out = [Source(label, es[0].index, S.sharpen_starts(ev, {label}, merge_spans([(e.start, e.end) for e in es])),
                  max(e.score for e in es))
           for label, es in by.items()]
    return sorted(out, key=lambda s: (-s.score, s.spans[0][0]))


def listed_sources(ev: Evidence, limit: int = 5, min_score: float = LISTED_MIN) -> list[S.Heard]:
    """Distinct sources worth naming (one per family, no speech or music: those are said apart)."""
    heard = [h for h in S.heard_sources(ev, include_speech=False) if h.score >= min_score and not h.generic]
    return heard[:limit]


def source_phrase(h: S.Heard, with_conf: bool = True) -> str:
    tail = f", {conf(h.score)}" if with_conf else ""
    return f"{h.name} ({when(h.spans)}{tail})"


def speech_span(ev: Evidence) -> str:
    segs = ev.speech.segments
    return when([(segs[0].start, segs[-1].end)]) if segs else ""


def language_name(ev: Evidence) -> str | None:
    lang = ev.speech.language
    return lang.name if lang is not None and not lang.uncertain else None


# ---------------------------------------------------------------- music

def _instrument_heads() -> frozenset[str]:
    """Broad names an answer leaves out when something more exact is heard ('Orchestra' as well)."""
    return ontology.family_head_labels() | {"Orchestra"}


def instruments(ev: Evidence) -> tuple[list[tuple[str, float]], tuple[str, float] | None]:
    """(instruments heard, a weak best guess when none is heard clearly)."""
    ranked = sorted(ev.music.instruments, key=lambda x: -x.score) if ev.music.present else []
    heard: list[tuple[str, float]] = []
    for inst in ranked:
        if inst.score < INSTRUMENT_MIN:
            continue
        name = V.display_name(inst.label)
        if inst.label in _instrument_heads() and len(ranked) > 1:
            continue
        if any(h.split()[-1].rstrip("s") in [w.rstrip("s") for w in name.split()] for h, _ in heard):
            continue  # 'electric piano' after 'piano', 'snare drum' after 'drum'
        heard.append((name, inst.score))
    guess = None
    if not heard and ranked and ranked[0].score >= GUESS_MIN:
        guess = (V.display_name(ranked[0].label), ranked[0].score)
    return heard[:5], guess


def tempo_word(bpm: float) -> str:
    if bpm < 76:
        return "slow"
    if bpm < 108:
        return "moderate"
    if bpm < 140:
        return "upbeat"
    return "fast"


def music_feel(ev: Evidence) -> tuple[str, float, float]:
    """A derived mood word with (arousal, valence) from mode, tempo and energy."""
    m = ev.music
    valence = {"major": 0.5, "minor": -0.4}.get(m.mode or "", 0.0) * (0.5 + 0.5 * m.key_confidence)
    energy = m.energy if m.energy is not None else 0.5
    tempo = m.tempo_bpm if (m.tempo_bpm and m.tempo_confidence >= LOW_TEMPO_CONF) else 100.0
    arousal = max(-1.0, min(1.0, 1.6 * (energy - 0.5) + (tempo - 105) / 120))
    if valence >= 0.2:
        word = "bright and upbeat" if arousal > 0.2 else "warm and relaxed"
    elif valence <= -0.2:
        word = "dark and tense" if arousal > 0.2 else "melancholic"
    else:
        word = "driving and energetic" if arousal > 0.3 else ("calm" if arousal < -0.2 else "steady and neutral")
    return word, arousal, valence


def feel_basis(ev: Evidence) -> str:
    m = ev.music
    bits = []
    if m.mode and m.key_confidence >= 0.3:
        bits.append(f"the {m.mode} key")
    if m.tempo_bpm and m.tempo_confidence >= LOW_TEMPO_CONF:
        bits.append(f"the {tempo_word(m.tempo_bpm)} tempo")
    if m.energy is not None:
        bits.append(f"{'high' if m.energy > 0.65 else 'low' if m.energy < 0.35 else 'middling'} energy")
    return join_list(bits) or "the overall sound"


def music_summary(ev: Evidence) -> str:
    """'a blues track at about 125 BPM in G minor' — the nearest evidence for questions it can't answer."""
    m = ev.music
    if not m.present:
        return ""
    genre = next((V.display_name(g.label) for g in m.genres if g.score >= 0.2), None)
    heard, _ = instruments(ev)
    what = f"{genre} music" if genre else ("music with " + join_list([n for n, _ in heard[:2]]) if heard else "music")
    bits = [what]
    if m.tempo_bpm and m.tempo_confidence >= LOW_TEMPO_CONF:
        bits.append(f"at about {m.tempo_bpm:.0f} BPM")
    if m.key and m.mode and m.key_confidence >= 0.4:
        bits.append(f"in {m.key} {m.mode}")
    return " ".join(bits)


# ---------------------------------------------------------------- voice

def gender(ev: Evidence) -> tuple[str, float] | None:
    g = ev.voice.gender if ev.voice else None
    return (g.label, g.confidence) if g is not None else None


def pitch_reading(ev: Evidence) -> tuple[float, float, str | None] | None:
    """(median Hz, semitones from a typical voice, gender) of the voice, if measured. The typical voice is
    the gender estimate's, blended by its probabilities when it is unsure (a 150 Hz voice is neither)."""
    v = ev.voice
    if not (ev.speech.present and v and v.pitch_median_hz):
        return None
    g = v.gender.label if v.gender and v.gender.confidence >= GENDER_SURE else None
    p_female = v.gender.scores.get("female", 0.5) if v.gender and v.gender.scores else 0.5
    typical = TYPICAL_PITCH_HZ["male"] ** (1 - p_female) * TYPICAL_PITCH_HZ["female"] ** p_female
    return v.pitch_median_hz, 12 * math.log2(v.pitch_median_hz / typical), g


# A typical speaking pace: (mean, spread) of words and of syllable-like onsets per second.
TYPICAL_WPS = (3.0, 0.8)
TYPICAL_SPS = (5.0, 1.0)


def speech_pace(ev: Evidence) -> float | None:
    """How fast the speaker talks against a typical pace, in spreads (0 typical, + faster), averaging words
    and syllables per second (words depend on the language's word length, syllables less); None unmeasured."""
    v = ev.voice
    if not (ev.speech.present and v):
        return None
    z = [(r - mid) / spread for r, (mid, spread) in ((v.speaking_rate_wps, TYPICAL_WPS),
                                                     (v.speaking_rate_sps, TYPICAL_SPS)) if r]
    return sum(z) / len(z) if z else None


def class_score(ev: Evidence, labels: tuple[str, ...] | list[str]) -> float:
    """The best clip-level score (or event peak) of any of these AudioSet classes; 0 when unheard."""
    want = set(labels)
    best = max([lab.score for lab in ev.labels if lab.label in want] + [0.0])
    return max([best] + [e.mean_score for e in ev.events if e.label in want])


def unvoiced_speech(ev: Evidence) -> float:
    """How surely the speech is whispered (0-1), from the voice itself: words spoken over a second or more
    with (almost) no voiced frames. YAMNet's Whispering class misses much whispered speech; the vocal folds
    never vibrate in a whisper, so pitch tracking finds nothing to follow."""
    v = ev.voice
    if v is None or not ev.speech.present or "voice" not in ev.analysed or ev.speech.speech_seconds < 1.0:
        return 0.0
    if too_few_words(ev.speech.text) and (ev.speech.transcribed_seconds > 0 or ev.speech.text.strip()):
        return 0.0  # a breath, a sigh or a laugh passes for speech without words
    return round(max(0.0, min(1.0, (UNVOICED_WHISPER - v.voiced_ratio) / UNVOICED_WHISPER)) * 0.65, 3)


def vocal(ev: Evidence, name: str) -> float:
    """How strongly a vocal attribute was heard (0-1): the engine's vocal attributes when it has them,
    else the YAMNet classes behind the name; a whisper also from unvoiced speech."""
    own = unvoiced_speech(ev) if name == "whisper" else 0.0
    attrs: Any = getattr(ev, "vocal", None)
    if attrs:
        for a in attrs:
            if getattr(a, "label", None) == name:
                return max(own, float(a.score))
        return own
    return max(own, class_score(ev, VOCAL_CLASSES.get(name, ())))


def vocal_spans(ev: Evidence, name: str) -> list[tuple[float, float]]:
    want = set(VOCAL_CLASSES.get(name, ()))
    spans = merge_spans([(e.start, e.end) for e in ev.events if e.label in want])
    if not spans and name == "whisper" and unvoiced_speech(ev) > 0:
        spans = merge_spans([(s.start, s.end) for s in ev.speech.segments])
    return spans


def in_group(ev: Evidence, group: str) -> list[Source]:
    return sources(ev, set(ontology.indices(group)))


__all__ = ["answerable", "Source", "sources", "listed_sources", "source_phrase", "merge_spans", "speech_span", "language_name",
           "instruments", "speech_pace", "tempo_word", "music_feel", "feel_basis", "music_summary", "gender", "pitch_reading",
           "vocal", "vocal_spans", "unvoiced_speech", "class_score", "VOCAL_CLASSES", "in_group"]
