"""Small query operators over `Evidence`: count, order, when, how long, trend, and a part of the clip.

Each returns plain data (numbers, times, names); topic writers turn them into sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from aural.answer import sounds as S
from aural.answer.facts import merge_spans
from aural.answer.slots import NamedSound
from aural.answer.wording import plural
from aural.listen import ontology
from aural.listen.evidence import Evidence
from aural.listen.onsets import profile_similarity

# ---------------------------------------------------------------- count


@dataclass(frozen=True)
class Count:
    n: int
    times: tuple[float, ...]
    method: str          # 'onsets' (bursts inside the sound's spans) or 'spans' (separate stretches)
    spans: tuple[tuple[float, float], ...]
    repeats: int = 0     # of the onsets, those outside the spans that sound like the ones inside


def count_events(ev: Evidence, labels: set[str]) -> Count | None:
    """How many times the sound made of these classes occurs: the bursts (onsets) the engine found inside
    its spans, merged over classes; without onsets, the separate stretches. None when it was not heard."""
    events = [e for e in ev.events if e.label in labels]
    if not events:
        return None
    spans = tuple(merge_spans([(e.start, e.end) for e in events], gap=0.0))
    onsets: list[float] = []
    for e in events:
        onsets += list(getattr(e, "onsets", None) or [])
    if onsets:
        times = [t for t in _dedupe(sorted(onsets), 0.12) if not _taken_over(ev, labels, spans, t)]
        more = repeats_of(ev, times)
        return Count(len(times) + len(more), tuple(sorted(times + more)), "onsets", spans, len(more))
    return Count(len(spans), tuple(a for a, _ in spans), "spans", spans)


# A source named at least this clearly accounts for the bursts inside its spans...
NAMED_SOURCE_MIN = 0.4
# ...unless it is a steady bed (white or pink noise, static, hum), which makes no bursts of its own.
STEADY_FAMILIES = {"noise"}


def _covered(ev: Evidence, named_min: float) -> list[tuple[float, float]]:
    """Where a burst has a known maker: speech, music and the spans of the non-steady sources named at
    least `named_min`."""
    covered: list[tuple[float, float]] = [(s.start - 0.15, s.end + 0.15) for s in ev.speech.segments]
    covered += [(s.start, s.end) for s in ev.music.spans] if ev.music.present else []
    for h in S.heard_sources(ev, include_speech=False, include_music=True):
        if not h.generic and h.score >= named_min and h.family not in STEADY_FAMILIES:
            covered += [(a - 0.1, b) for a, b in h.spans]
    return covered


def unnamed_bursts(ev: Evidence, named_min: float = NAMED_SOURCE_MIN) -> tuple[float, ...]:
    """The clip's distinct bursts (`Evidence.transients`) that nothing heard clearly accounts for: outside
    speech, music and the spans of every source the event model names with some confidence. What a
    count falls back on when the asked sound was not recognised: the bursts are real, their name is not."""
    covered = _covered(ev, named_min)
    return tuple(t for t in ev.transients if not any(a <= t <= b for a, b in covered))


# A source named with high confidence (`wording.confidence_word`) accounts for its bursts even when a count
# asks for another sound; one named less surely may be the asked sound misnamed (YAMNet hears synthetic
# knocks as 'Chop' at 0.5, claps as 'Camera' at 0.5-0.68).
CLEAR_SOURCE_MIN = 0.8


@dataclass(frozen=True)
class Bursts:
    """The bursts a count falls back on when the asked sound was not recognised by name: `times`, or none
    with `explained`, the bursts a clearly named source accounts for; `heard_as`, the name they were heard
    under (weakly for `times`; None when nothing named them)."""
    times: tuple[float, ...]
    heard_as: str | None = None
    explained: tuple[float, ...] = ()


def bursts_to_count(ev: Evidence) -> Bursts:
    """The bursts that may be an unrecognised sound: those nothing names, with the ones that sound like
    them under a weakly named source (the event model named some knocks 'Chop'); failing those, the bursts
    only a weakly named source accounts for (two claps heard as a camera shutter), said with that name.
    Bursts under speech, music, a steady bed or a clearly named source are never counted."""
    weakly = unnamed_bursts(ev, CLEAR_SOURCE_MIN)             # named weakly or not at all
    clear = [t for t in unnamed_bursts(ev, float("inf")) if t not in weakly]   # outside speech and music
    # The clearly named sound again where the event model did not name it.
    like_clear = {t for t in repeats_of(ev, clear) if t in weakly} if clear else set()
    free = tuple(t for t in unnamed_bursts(ev) if t not in like_clear)
    loose = tuple(t for t in weakly if t not in like_clear)
    if free:
        alike = [t for t in repeats_of(ev, list(free)) if t in loose]
        return Bursts(tuple(sorted(set(free) | set(alike))))
    if loose:
        return Bursts(loose, heard_as=_named_over(ev, loose, NAMED_SOURCE_MIN))
    return Bursts((), _named_over(ev, tuple(clear), CLEAR_SOURCE_MIN) if clear else None,
                  tuple(sorted(set(clear) | like_clear)))


def _named_over(ev: Evidence, times: tuple[float, ...], named_min: float) -> str | None:
    """The name of the source named at least `named_min` whose spans hold most of `times`."""
    best: tuple[int, float, str] | None = None
    for h in S.heard_sources(ev, include_speech=False):
        if h.generic or h.score < named_min or h.family in STEADY_FAMILIES:
            continue
        n = sum(any(a - 0.1 <= t <= b for a, b in h.spans) for t in times)
        if n and (best is None or (n, h.score) > best[:2]):
            best = (n, h.score, h.name)
    return best[2] if best else None


REPEAT_SIM = 0.94      # a burst outside the sound's spans that sounds this much like those inside is one more
REPEAT_RISE = 0.3      # ...when it adds at least this share of their (median) energy rise


def repeats_of(ev: Evidence, times: list[float]) -> list[float]:
    """Bursts elsewhere in the clip that sound like the ones at `times` (their spectral rise profiles match,
    `onsets.profile_similarity`): the repeats the event model did not name, a quieter beep under noise, a
    bark it missed. Not inside speech; none when the bursts at `times` have no profile."""
    prof = ev.transient_profiles
    known = [i for i, t in enumerate(ev.transients[: len(prof)]) if any(abs(t - x) <= 0.08 for x in times)]
    if not known:
        return []
    template = [prof[i] for i in known]
    floor = REPEAT_RISE * float(np.median([sum(p) for p in template]))
    speech = [(s.start - 0.15, s.end + 0.15) for s in ev.speech.segments] if ev.speech.present else []
    out = []
    for i, t in enumerate(ev.transients[: len(prof)]):
        if i in known or any(abs(t - x) < 0.15 for x in times) or any(a <= t <= b for a, b in speech):
            continue
        if sum(prof[i]) >= floor and max(profile_similarity(prof[i], p) for p in template) >= REPEAT_SIM:
            out.append(t)
    return out


def _taken_over(ev: Evidence, labels: set[str], spans: tuple[tuple[float, float], ...], t: float) -> bool:
    """Whether the burst at `t` is the attack of another sound that takes over (it starts there, late in
    this sound's span, and goes on after it): YAMNet's coarse spans overlap the next sound's start."""
    fams = {S.family(lab) for lab in labels}
    start, end = spans[0][0], spans[-1][1]
    extent: dict[str, list[float]] = {}
    for e in ev.events:
        fam = S.family(e.label)
        if fam in fams or e.label in S.NOT_SOURCES or e.label in S.GENERIC or e.score < 0.3:
            continue
        first = min(e.onsets) if e.onsets else e.start
        a = extent.setdefault(fam, [first, e.end, 0.15 if e.onsets else 0.5])
        if first < a[0]:
            a[0], a[2] = first, 0.15 if e.onsets else 0.5
        a[1] = max(a[1], e.end)
    return any(abs(a - t) <= tol and a >= max(start + 0.5, end - 1.5) and b >= end + 1.0
               for a, b, tol in extent.values())


def _dedupe(times: list[float], gap: float) -> list[float]:
    out: list[float] = []
    for t in times:
        if not out or t - out[-1] >= gap:
            out.append(t)
    return out


def count_words(ev: Evidence) -> int:
    return len(ev.speech.text.split())


# ---------------------------------------------------------------- order


@dataclass(frozen=True)
class Occurrence:
    name: str
    family: str
    start: float
    end: float
    score: float


BURST_S = 0.2   # how long an unnamed burst is taken to sound, for where a run of them ends


def timeline(ev: Evidence, min_score: float = 0.25) -> list[Occurrence]:
    """Each source heard (speech and music included), by when it first starts."""
    out: list[Occurrence] = []
    if ev.speech.present and ev.speech.segments:
        segs = ev.speech.segments
        out.append(Occurrence("speech", "speech", segs[0].start, segs[-1].end, ev.speech.confidence))
    if ev.music.present and ev.music.spans:
        sp = ev.music.spans
        out.append(Occurrence("music", "music", sp[0].start, sp[-1].end, ev.music.confidence))
    for h in S.heard_sources(ev, include_speech=False):
        if h.generic or h.score < min_score or not h.spans:
            continue
        out.append(Occurrence(h.name, h.family, h.spans[0][0], h.spans[-1][1], h.score))
    bursts = unnamed_bursts(ev)
    if bursts:   # knocks YAMNet did not name still come before the siren
        n = len(bursts)
        name = "a short burst" if n == 1 else f"a run of {plural(n, 'short burst')}"
        out.append(Occurrence(f"{name} (not recognised by name)", "bursts", bursts[0], bursts[-1] + BURST_S,
                              min_score))
    out.sort(key=lambda o: (round(o.start, 1), -o.score))
    return out


def first(ev: Evidence) -> list[Occurrence]:
    """The sources that start first (those within half a second of the earliest)."""
    tl = timeline(ev)
    if not tl:
        return []
    t0 = tl[0].start
    return [o for o in tl if o.start <= t0 + 0.5]


def last(ev: Evidence) -> list[Occurrence]:
    """The sources still sounding at the end, latest-ending first."""
    tl = timeline(ev)
    if not tl:
        return []
    t1 = max(o.end for o in tl)
    return sorted([o for o in tl if o.end >= t1 - 0.5], key=lambda o: (-o.end, -o.score))


STAND_IN_MIN = 0.25    # a sibling source heard at least this clearly can stand in for an unrecognised one


def stand_in(ev: Evidence, labels: set[str]) -> tuple[str, tuple[float, float]] | None:
    """What may be the named sound when its own classes were not heard: the clearest source heard that
    shares at least two AudioSet groups with them (a stream for rain: Natural sounds > Water; a tap for a
    knock), else the clip's unnamed bursts (a knock YAMNet did not name). (its name, (first start, last
    end)); None when nothing can stand in."""
    asked = [g for g in (ontology.groups_of(lab) for lab in labels) if g]
    best: tuple[tuple[int, float], str, tuple[float, float]] | None = None
    for h in S.heard_sources(ev, include_speech=False):
        if h.generic or h.score < STAND_IN_MIN or not h.spans or h.label in labels or not asked:
            continue
        shared = max(len(a & ontology.groups_of(h.label)) for a in asked)
        key = (shared, h.salience)
        if shared >= 2 and (best is None or key > best[0]):
            best = (key, h.name, (h.spans[0][0], h.spans[-1][1]))
    if best is not None:
        return best[1], best[2]
    bursts = unnamed_bursts(ev)
    return ("short bursts", (bursts[0], bursts[-1])) if bursts else None


def guess_occurrence(ev: Evidence, ns: NamedSound | None, other_start: float) -> tuple[str, tuple[float, float]] | None:
    """For an order question whose named sound `ns` was not heard: its `stand_in`, when it
    starts apart from the other sound (at `other_start`) and so can be ordered against it."""
    if ns is None or ns.kind != "class":
        return None
    sub = stand_in(ev, set(ns.labels) | set(ns.related))
    return sub if sub is not None and abs(sub[1][0] - other_start) > 0.25 else None


def occurrence_of(ev: Evidence, labels: set[str], kind: str = "class") -> tuple[float, float] | None:
    """(first start, last end) of a named sound, speech or music."""
    if kind == "speech":
        segs = ev.speech.segments
        return (segs[0].start, segs[-1].end) if ev.speech.present and segs else None
    if kind == "music":
        sp = ev.music.spans
        return (sp[0].start, sp[-1].end) if ev.music.present and sp else None
    spans = [(e.start, e.end) for e in ev.events if e.label in labels]
    if not spans:
        return None
    return min(a for a, _ in spans), max(b for _, b in spans)


# ---------------------------------------------------------------- trend


@dataclass(frozen=True)
class Trend:
    slope_per_min: float   # units per minute
    change: float          # fitted end minus fitted start
    r2: float
    start: float
    end: float


def fit_trend(values: list[float] | np.ndarray, hop_s: float) -> Trend | None:
    """A least-squares line through a curve sampled every `hop_s` seconds."""
    y = np.asarray(values, dtype=float)
    y = y[np.isfinite(y)]
    if y.size < 3:
        return None
    t = np.arange(y.size) * hop_s
    a, b = np.polyfit(t, y, 1)
    fit = a * t + b
    ss = float(((y - y.mean()) ** 2).sum())
    r2 = 1.0 - float(((y - fit) ** 2).sum()) / ss if ss > 1e-9 else 0.0
    return Trend(a * 60.0, float(fit[-1] - fit[0]), max(0.0, r2), float(fit[0]), float(fit[-1]))


def loudness_trend(ev: Evidence) -> Trend | None:
    """The loudness trend (dB): the engine's fitted line over the non-silent curve, else a fit of the curve."""
    lv: Any = ev.levels
    tr = getattr(lv, "trend", None)
    if tr is not None:
        return Trend(float(tr.slope_db_per_min), float(tr.change_db), float(tr.r2), float(tr.start_db),
                     float(tr.end_db))
    curve = getattr(lv, "curve_db", None)
    hop = getattr(lv, "curve_hop_s", None)
    if not curve or not hop:
        return None
    y = np.asarray(curve, dtype=float)
    y = np.where(y < max(float(np.percentile(y, 10)), -70.0), np.nan, y)  # silence would fake a fade
    return fit_trend(y, float(hop))


def tempo_trend(ev: Evidence) -> tuple[float, float, list[tuple[float, float, float]]] | None:
    """(first bpm, last bpm, the curve) from the music's tempo over time, when measured."""
    curve = getattr(ev.music, "tempo_curve", None)
    if not curve:
        return None
    rows = [(float(_get(c, "start")), float(_get(c, "end")), float(_get(c, "bpm"))) for c in curve
            if _get(c, "bpm")]
    if len(rows) < 2:
        return None
    return rows[0][2], rows[-1][2], rows


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


# ---------------------------------------------------------------- a part of the clip


def window(ev: Evidence, start: float, end: float) -> Evidence:
    """The evidence of one part of the clip: events (and their onsets), bursts, speech, words and music spans
    inside [start, end] (clipped to it); clip-wide measures (levels, key, tempo) stay as they are."""
    def inside(a: float, b: float) -> bool:
        return b > start and a < end

    clip = ev.model_copy(deep=True)
    clip.events = [e.model_copy(update={"start": max(e.start, start), "end": min(e.end, end),
                                        "onsets": [t for t in e.onsets if start <= t < end]})
                   for e in ev.events if inside(e.start, e.end)]
    # bursts (and their profiles, which follow them one to one) inside the part only: a count there
    # counts its own
    kept = [i for i, t in enumerate(ev.transients) if start <= t < end]
    clip.transients = [ev.transients[i] for i in kept]
    clip.transient_profiles = [ev.transient_profiles[i] for i in kept if i < len(ev.transient_profiles)]
    labels = {e.label for e in clip.events}
    clip.labels = [lab for lab in ev.labels if lab.label in labels]
    sp = clip.speech
    sp.segments = [s for s in sp.segments if inside(s.start, s.end)]
    sp.transcript = [t for t in sp.transcript if inside(t.start, t.end)]
    sp.text = " ".join(t.text.strip() for t in sp.transcript)
    sp.present = bool(sp.segments) and ev.speech.present
    clip.music.spans = [s for s in clip.music.spans if inside(s.start, s.end)]
    clip.music.present = bool(clip.music.spans) and ev.music.present
    return clip


__all__ = ["Bursts", "bursts_to_count", "Count", "count_events", "count_words", "repeats_of", "stand_in",
           "guess_occurrence", "unnamed_bursts", "Occurrence", "timeline", "first", "last", "occurrence_of",
           "Trend", "fit_trend", "loudness_trend", "tempo_trend", "window"]
