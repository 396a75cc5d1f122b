"""Picking one offered option from the evidence ('Is the speaker frustrated, neutral, or pleased?').

Each option domain has a chooser; a domain without one is answered by its intent's writer, the option
nearest the writer's short answer winning. A `Choice` says whether the evidence supports the pick: an
unsupported pick is said as "can't tell" (or, when one word was demanded, the best-supported option
marked "(uncertain)") — never passed off as a finding.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from aural.answer import sounds as S
from aural.answer import vocabulary as V
from aural.answer.facts import feel_basis, listed_sources, music_feel, pitch_reading, speech_pace
from aural.answer.queries import guess_occurrence, occurrence_of
from aural.answer.question import DOMAIN_INTENT, ParsedQuestion
from aural.answer.slots import resolve_sound
from aural.answer.thresholds import MOOD_MIN, RELATED_WEIGHT
from aural.answer.topics import WRITERS
from aural.answer.topics.recording import indoor_outdoor
from aural.answer.topics.speech import burst_sentences, emotion_cues, emotion_is_hard, pitch_sentence
from aural.answer.wording import clock, conf, join_list, pct, without_yes_no
from aural.languages import code_of
from aural.listen import ontology
from aural.listen.emotion import BURST_AV, CLASS_AV, SPOKEN_BURSTS
from aural.listen.evidence import Evidence


@dataclass
class Choice:
    option: str
    confidence: float
    reason: str
    supported: bool = True
    unsure: str = "Can't tell"   # the lead when the pick is not supported (and one word was not demanded)


def _unsupported(opts: list[str], reason: str, best: int = 0) -> Choice:
    return Choice(opts[best], 0.0, reason, supported=False)


# ---------------------------------------------------------------- emotion

NEUTRAL_LIKE = 0.7   # an option word this close to 'neutral' ('calm') stands for "no emotion heard"


def _word_point(word: str) -> tuple[float, float] | None:
    w = V.EMOTION_WORDS.get(word.lower())
    if not w:
        return None
    pts = [(CLASS_AV[k], v) for k, v in w.items() if k in CLASS_AV]
    if not pts:
        return None
    tot = sum(v for _, v in pts)
    return (sum(p[0] * v for p, v in pts) / tot, sum(p[1] * v for p, v in pts) / tot)


def affinity(option: str, heard: str) -> float:
    """How much hearing `heard` supports the option word: its own weights, else half its closeness on
    the arousal/valence plane (a fearful voice offered 'frustrated, neutral, or pleased' leans frustrated)."""
    w = V.EMOTION_WORDS.get(option.lower())
    if not w:
        return 0.0
    if heard in w:
        return w[heard]
    point = _word_point(option)
    if point is None or heard not in CLASS_AV:
        return 0.0
    return 0.5 * max(0.0, 1.0 - math.dist(point, CLASS_AV[heard]) / 2.0)


def _margin(scores: list[float]) -> float:
    s = sorted(scores, reverse=True)
    if not s or s[0] <= 0:
        return 0.0
    return (s[0] - (s[1] if len(s) > 1 else 0.0)) / s[0]


def emotion_option_support(scores: dict[str, float], label: str, hard: bool, opts: list[str]
                           ) -> tuple[list[float], list[float]]:
    """(support, rank) of each offered option from the voice model's class probabilities: support is the
    probability-weighted affinity; a clear call (`hard` false) ranks by the called label's affinity first.
    The best option is the highest rank, the first offered on a tie."""
    support = [sum(p * affinity(o, k) for k, p in scores.items()) for o in opts]
    if not hard and max(affinity(o, label) for o in opts) > 0:
        return support, [affinity(o, label) + 0.01 * x for o, x in zip(opts, support)]
    return support, support


def burst_affinity(option: str, emotion: str) -> float:
    """How much a vocal burst that sounds like `emotion` (a `BURST_CLASSES` noun) supports the option word:
    1 when both name one feeling ('amusement' and 'happy'), else half their closeness on the arousal/valence
    plane."""
    w, named = V.EMOTION_WORDS.get(option.lower()), V.EMOTION_WORDS.get(emotion)
    if not w:
        return 0.0
    if option.lower() == emotion or (named and max(w, key=w.get) == max(named, key=named.get)):
        return 1.0
    point = _word_point(option)
    if point is None or emotion not in BURST_AV:
        return 0.0
    return 0.5 * max(0.0, 1.0 - math.dist(point, BURST_AV[emotion]) / 2.0)


def _choose_burst_emotion(ev: Evidence, opts: list[str], bursts: list | None = None) -> Choice | None:
    """A laugh, sob or scream (with no speech, or beside speech read unclearly): the option its emotion
    supports (the `bursts`' probabilities, all the clip's by default, weighted by their length), as an
    estimate; None when no burst was heard or no option is a feeling."""
    bursts = list(ev.bursts) if bursts is None else bursts
    if not bursts:
        return None
    w = [max(b.end - b.start, 0.1) for b in bursts]
    probs: dict[str, float] = {}
    for b, x in zip(bursts, w):
        for e, p in b.scores.items():
            probs[e] = probs.get(e, 0.0) + x * p
    probs = {e: p / sum(w) for e, p in probs.items()}
    support = [sum(p * burst_affinity(o, e) for e, p in probs.items()) for o in opts]
    if max(support) <= 0:
        return None
    best = max(range(len(opts)), key=lambda i: (support[i], -i))
    c = min(max(b.confidence for b in bursts), 0.3 + 0.7 * _margin(support), support[best])
    clear = any(b.emotion != "unclear" for b in bursts)
    lead = ("The speech itself gives no clear emotion, but the voice is also heard without words. " if ev.speech.present
            else "There is no speech, but the voice is heard without words. ")
    reason = lead + " ".join(burst_sentences(ev, limit=2, bursts=bursts))
    return Choice(opts[best], c, reason, supported=clear, unsure="Hard to tell")


def _calmest(opts: list[str]) -> int:
    """The offered option nearest 'no emotion heard' ('neutral', else 'calm'), when one word must still be
    given for a clip with no voice; the first option when none is (the pick is marked uncertain either way)."""
    near = [affinity(o, "neutral") for o in opts]
    return max(range(len(opts)), key=lambda i: (near[i], -i)) if max(near) >= NEUTRAL_LIKE else 0


def _choose_emotion(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    emo = ev.voice.emotion if ev.voice else None
    if not ev.speech.present or emo is None:
        burst = _choose_burst_emotion(ev, opts)
        if burst is not None:
            return burst
        if ev.music.present:
            return _choose_music_mood(ev, pq, opts)
        return _unsupported(opts, "There is no speech or music, so no emotion can be heard.", _calmest(opts))
    hard = emotion_is_hard(emo)
    if hard:  # a laugh or a sob read clearly says more than a voice read unclearly (a shout is its delivery)
        wordless = [b for b in ev.bursts
                    if b.sound not in SPOKEN_BURSTS and b.emotion != "unclear" and b.confidence > emo.confidence]
        burst = _choose_burst_emotion(ev, opts, wordless) if wordless else None
        if burst is not None:
            return burst
    support, rank = emotion_option_support(emo.scores, emo.label, hard, opts)
    if max(support) > 0:
        best = max(range(len(opts)), key=lambda i: (rank[i], -i))
        c = min(emo.confidence, 0.3 + 0.7 * _margin(rank), support[best])
    else:  # no word we know: nearest on the arousal/valence plane
        pts = [_word_point(o) for o in opts]
        near = [-math.dist(p, (emo.arousal, emo.valence)) if p else -9.0 for p in pts]
        best = max(range(len(opts)), key=lambda i: (near[i], -i))
        c = min(emo.confidence, 0.3)
    cues = emotion_cues(emo)
    word = V.EMOTION_ADJECTIVE.get(emo.label, emo.label)
    if hard:
        lean = V.EMOTION_ADJECTIVE.get(getattr(emo, "leaning", None) or emo.label, emo.label)
        said = f"gives no clear emotion (it leans {lean})"
    elif emo.label.lower() != opts[best].lower():
        said = f"reads as {word}"
    else:
        said = f"sounds {word}"
    reason = f"The voice {said}" + (f": {cues}" if cues else "") + f"; this is an estimate with {conf(c)}."
    return Choice(opts[best], c, reason, supported=not hard, unsure="Hard to tell")


def _choose_music_mood(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    if not ev.music.present:
        if ev.speech.present and ev.voice and ev.voice.emotion:
            return _choose_emotion(ev, pq, opts)
        return _unsupported(opts, "There is no music or speech, so there is no mood to judge.")
    moods = {V.display_name(x.label).replace(" music", ""): x.score for x in ev.music.moods}
    direct = [moods.get(o.lower(), 0.0) for o in opts]
    if max(direct) >= MOOD_MIN:
        best = max(range(len(opts)), key=lambda i: (direct[i], -i))
        return Choice(opts[best], direct[best], f"The engine heard {opts[best].lower()} music directly "
                                                f"({conf(direct[best])}).")
    word, arousal, valence = music_feel(ev)
    pts = [_word_point(o) or (V.ENERGY_WORDS.get(o.lower(), 0.0), 0.0) for o in opts]
    # Mood words differ mostly in valence (happy / sad), which the mode carries: it weighs double.
    d = [math.hypot(p[0] - arousal, 2 * (p[1] - valence)) for p in pts]
    best = min(range(len(opts)), key=lambda i: (d[i], i))
    return Choice(opts[best], 0.3, f"The music comes across as {word}, judged from {feel_basis(ev)} "
                                   f"(low confidence).")


# ---------------------------------------------------------------- voice, place, content


def _choose_gender(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    g = ev.voice.gender if ev.voice else None
    if not ev.speech.present or g is None:
        return _unsupported(opts, "No voice could be heard clearly enough to judge male or female.")
    for o in opts:
        if V.GENDER_WORDS.get(o.lower()) == g.label:
            hz = ev.voice.pitch_median_hz if ev.voice else None
            reason = (f"The voice's pitch ({hz:.0f} Hz median) points to a {g.label} voice; an estimate with "
                      f"{conf(g.confidence)}." if hz else f"The voice sounds {g.label}; an estimate with "
                                                          f"{conf(g.confidence)}.")
            return Choice(o, g.confidence, reason, supported=g.confidence >= 0.5)
    return _unsupported(opts, f"The voice sounds {g.label}, which none of the options names.")


def _choose_place(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    place, why, c = indoor_outdoor(ev)
    want = {"indoors": "indoor", "outdoors": "outdoor"}.get(place or "")
    pick = next((i for i, o in enumerate(opts) if V.PLACE_WORDS.get(o.lower()) == want), None)
    if place is None or pick is None:
        return _unsupported(opts, "The clip carries no clear indoor cue (room echo, household sounds) or outdoor "
                                  "cue (wind, traffic, animals).")
    return Choice(opts[pick], c, f"It sounds {place}: {why} ({conf(c)}).")


def _choose_content(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    srcs = listed_sources(ev, 1)
    score = {"speech": ev.speech.confidence if ev.speech.present else 0.0,
             "music": ev.music.confidence if ev.music.present else 0.0,
             "silence": ev.levels.silence_ratio if ev.levels.silence_ratio > 0.5 else 0.0,
             "noise": srcs[0].score * 0.9 if srcs else 0.0}
    vals = [score.get(V.CONTENT_WORDS.get(o.lower(), ""), 0.0) for o in opts]
    best = max(range(len(opts)), key=lambda i: (vals[i], -i))
    if vals[best] <= 0:
        return _unsupported(opts, "None of these was detected in the clip.")
    kinds = [k for k in ("speech", "music") if score[k] > 0]
    what = V.CONTENT_WORDS[opts[best].lower()]
    both = f"; both speech and music are present, and {what} is the stronger" if len(kinds) == 2 else ""
    return Choice(opts[best], vals[best], f"The engine detected {what} ({conf(vals[best])}){both}.")


def _nearest(options: list[str], value: float, table: dict[str, float]) -> str:
    known = [i for i, o in enumerate(options) if o.lower() in table]
    pool = known or list(range(len(options)))
    i = min(pool, key=lambda k: (abs(table.get(options[k].lower(), 0.0) - value), k))
    return options[i]


def _choose_speed(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    m = ev.music
    if m.present and m.tempo_bpm and pq.subject != "speech":
        v = max(-1.0, min(1.0, (m.tempo_bpm - 105) / 35))
        return Choice(_nearest(opts, v, V.SPEED_WORDS), m.tempo_confidence,
                      f"The tempo is about {m.tempo_bpm:.0f} BPM ({conf(m.tempo_confidence)}).")
    v = ev.voice
    pace = speech_pace(ev)
    if v and pace is not None:
        pick = _nearest(opts, max(-1.0, min(1.0, pace)), V.SPEED_WORDS)
        said = "about " + " and ".join(f"{r:.1f} {unit}" for r, unit in ((v.speaking_rate_wps, "words"),
                                                                          (v.speaking_rate_sps, "syllables")) if r)
        return Choice(pick, 0.5, f"The speaker talks at {said} per second (moderate confidence).")
    return _unsupported(opts, "There is no music or speech whose pace could be measured.")


def _choose_pitch(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    reading = pitch_reading(ev) if pq.subject != "music" else None
    if reading is None:
        return _unsupported(opts, "There is no voice whose pitch could be measured.")
    hz, level, g = reading
    pick = _nearest(opts, max(-1.0, min(1.0, level / 4.0)), V.PITCH_WORDS)
    c = 0.7 if abs(level) >= 3 else 0.4
    return Choice(pick, c, pitch_sentence(hz, level, g)[:-1] + f" ({conf(c)}).")


def _choose_mode(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    m = ev.music
    if not (m.present and m.mode):
        return _unsupported(opts, "No key could be determined" + ("" if m.present else ": there is no music") + ".")
    pick = next((o for o in opts if m.mode in o.lower().split()), None)
    if pick is None:
        return _unsupported(opts, f"The key sounds like {m.key} {m.mode}, which none of the options names.")
    return Choice(pick, m.key_confidence, f"The key sounds like {m.key} {m.mode} ({conf(m.key_confidence)}).",
                  supported=m.key_confidence >= 0.3)


def _choose_loudness(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    lufs = ev.levels.integrated_lufs
    v = -1.0 if lufs is None else max(-1.0, min(1.0, (lufs + 23) / 10))
    where = "the clip is silent" if lufs is None else f"integrated loudness is {lufs:.0f} LUFS"
    return Choice(_nearest(opts, v, V.LOUDNESS_WORDS), 0.8,
                  f"The {where}, peaking at {ev.levels.peak_dbfs:.0f} dBFS.")


def _choose_energy(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    m = ev.music
    if m.present and m.energy is not None and pq.subject != "speech":
        v = max(-1.0, min(1.0, (m.energy - 0.5) * 2.5))
        return Choice(_nearest(opts, v, V.ENERGY_WORDS), 0.6,
                      f"The music's energy measures {m.energy:.2f} on a 0-1 scale (moderate confidence).")
    if ev.voice and ev.voice.emotion:
        a = ev.voice.emotion.arousal
        return Choice(_nearest(opts, a, V.ENERGY_WORDS), ev.voice.emotion.confidence,
                      f"The speaker's arousal is {a:+.2f} on a -1 to 1 scale ({conf(ev.voice.emotion.confidence)}).")
    return _choose_loudness(ev, pq, opts)


def _choose_language(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    lang = ev.speech.language
    if not ev.speech.present or lang is None:
        return _unsupported(opts, "No speech was detected, so there is no language to name.")
    cand = {c.label: c.score for c in lang.candidates}
    cand.setdefault(lang.code, lang.probability)
    vals = [cand.get(code_of(o) or "", 0.0) for o in opts]
    best = max(range(len(opts)), key=lambda i: (vals[i], -i))
    if vals[best] <= 0.0:
        return _unsupported(opts, f"None of these fits: the speech sounds like {lang.name} "
                                  f"({pct(lang.probability)} probability).", best)
    return Choice(opts[best], vals[best], f"Language identification gives {opts[best]} "
                                          f"{pct(vals[best])} probability ({conf(vals[best])}).",
                  supported=vals[best] >= 0.2)


def _num_value(o: str) -> float:
    m = re.match(r"^(\d+(?:\.\d+)?)", o.strip())
    return float(m.group(1)) if m else float(V.NUMBER_WORDS.get(o.lower().strip(), 0))


def _choose_number(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    intent = next((i for i in pq.intents if i in ("tempo", "event_count", "speaker_count", "word_count")),
                  "event_count")
    if intent == "tempo":
        if not (ev.music.present and ev.music.tempo_bpm):
            return _unsupported(opts, "No tempo could be measured.")
        bpm = ev.music.tempo_bpm
        best = min(range(len(opts)), key=lambda i: (abs(_num_value(opts[i]) - bpm), i))
        return Choice(opts[best], ev.music.tempo_confidence,
                      f"The measured tempo is about {bpm:.0f} BPM ({conf(ev.music.tempo_confidence)}).")
    part = WRITERS[intent](ev, pq)
    try:
        n = float(part.short)
    except ValueError:
        return _unsupported(opts, part.sentences[0])
    best = min(range(len(opts)), key=lambda i: (abs(_num_value(opts[i]) - n), i))
    return Choice(opts[best], 0.5 if intent != "speaker_count" else 0.3, part.sentences[0])


def _nearest_in_ontology(opts: list[str], heard_label: str, default: int) -> int:
    """The option whose classes share the most AudioSet groups with what was heard ('laughing' for throat
    clearing: both human sounds; 'cow' for an unnamed animal)."""
    heard = ontology.groups_of(heard_label)
    shared = [max([len(heard & set(ontology.paths(i))) for i in V.match_sound(o).all] + [0]) for o in opts]
    top = max(shared)
    return default if top == 0 else shared.index(top)


def _choose_sound(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    clip = {lab.label: lab.score for lab in ev.labels}
    peak: dict[str, float] = {}
    for e in ev.events:
        peak[e.label] = max(peak.get(e.label, 0.0), e.score)
    names = ontology.class_names()

    def support(i: int, weight: float) -> float:
        return weight * max(clip.get(names[i], 0.0), peak.get(names[i], 0.0))

    vals, heard = [], []
    for o in opts:
        m = V.match_sound(o)
        # a related class ('pouring' for 'drinking') counts, but less than what the option names
        scored = [(support(i, 1.0), i) for i in m.primary] + [(support(i, RELATED_WEIGHT), i) for i in m.related]
        best_i = max(scored, default=(0.0, None))
        vals.append(best_i[0])
        heard.append(best_i[1])
    best = max(range(len(opts)), key=lambda i: (vals[i], -i))
    if vals[best] <= 0.05:
        main = S.main_sound(ev)
        said = f"; the main sound is {main.name}" if main else ""
        if main is not None:  # a pick that must be made leans to the option nearest what was heard
            best = _nearest_in_ontology(opts, main.label, best)
        return _unsupported(opts, f"None of these was detected{said}.", best)
    label = S.plain_name(names[heard[best]]) if heard[best] is not None else opts[best]
    return Choice(opts[best], vals[best], f"The engine heard {label} ({conf(vals[best])}).",
                  supported=vals[best] >= 0.15)


# ---------------------------------------------------------------- any other domain: the writer's answer


def _tokens(s: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", s.lower())}


def _choose_by_writer(ev: Evidence, pq: ParsedQuestion, opts: list[str], intent: str,
                      table: dict[str, str]) -> Choice:
    part = WRITERS[intent](ev, pq)
    short = part.short.lower()
    said = part.sentences[0] if part.sentences else ""
    # the writer's own Yes / No answers a yes/no question, not the choice ('louder or quieter?')
    said = without_yes_no(said)
    if short in ("none", "unclear", "can't tell", "nothing", ""):
        return _unsupported(opts, said)
    canon = table.get(short, short)
    hits = [i for i, o in enumerate(opts) if table.get(o.lower(), o.lower()) == canon]
    if not hits:
        hits = [i for i, o in enumerate(opts) if _tokens(table.get(o.lower(), o)) & _tokens(canon)]
    if not hits:
        return _unsupported(opts, said + (f" None of the options fits." if said else ""))
    c = 0.6 if "low confidence" not in said else 0.35
    return Choice(opts[hits[0]], c, said)


def _writer_chooser(intent: str, table: dict[str, str]) -> Callable[[Evidence, ParsedQuestion, list[str]], Choice]:
    return lambda ev, pq, opts: _choose_by_writer(ev, pq, opts, intent, table)


def _choose_order(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    """'Which comes first, the siren or the knocking?': the option heard earliest (latest for 'last')."""
    when: list[tuple[float, float] | None] = []
    for o in opts:
        ns = resolve_sound(o)
        when.append(None if ns is None else occurrence_of(ev, set(ns.labels) | set(ns.related), ns.kind))
    heard = [i for i, w in enumerate(when) if w is not None]
    if not heard:
        return _unsupported(opts, "None of these was heard, so there is no order to give.")
    guessed = ""
    if len(opts) == 2 and len(heard) == 1:  # the other not recognised by name: what may be it, as a guess
        i = 1 - heard[0]
        sub = guess_occurrence(ev, resolve_sound(opts[i]), when[heard[0]][0])
        if sub is not None:
            when[i] = sub[1]
            heard = [0, 1]
            guessed = (f"; the {opts[i]} itself was not recognised by name: its time is the {S.bare(sub[0])}'s, "
                       f"if that is it")
    late = bool(re.search(r"\b(?:last|later|end)\b", pq.text.lower()))
    best = max(heard, key=lambda i: when[i][1]) if late else min(heard, key=lambda i: when[i][0])
    missing = [opts[i] for i in range(len(opts)) if when[i] is None]
    order = sorted(heard, key=lambda i: when[i][0])
    said = "; ".join(f"the {opts[i]} from {clock(when[i][0])}" for i in order)
    tail = f"; {join_list(missing, 'or')} was not heard" if missing else guessed
    return Choice(opts[best], 0.6 if not guessed else 0.3, f"In order: {said}{tail}.", supported=len(heard) >= 1)


_CHOOSERS: dict[str, Callable[[Evidence, ParsedQuestion, list[str]], Choice]] = {
    "emotion": _choose_emotion, "music_mood": _choose_music_mood, "gender": _choose_gender,
    "place": _choose_place, "content": _choose_content, "speed": _choose_speed, "mode": _choose_mode,
    "pitch": _choose_pitch, "loudness": _choose_loudness, "energy": _choose_energy,
    "language": _choose_language, "number": _choose_number, "sound": _choose_sound,
    "age": _writer_chooser("speaker_age", V.AGE_WORDS), "live": _writer_chooser("live_studio", V.LIVE_WORDS),
    "intonation": _writer_chooser("question_intonation", V.INTONATION_WORDS),
    "style": _writer_chooser("speaking_style", V.STYLE_WORDS),
    "trend": _writer_chooser("loudness_trend", V.TREND_WORDS),
    "reverb": _writer_chooser("reverb", V.REVERB_WORDS), "order": _choose_order,
}


def choose(ev: Evidence, pq: ParsedQuestion) -> Choice:
    """Pick exactly one offered option from the evidence."""
    domain = pq.option_domain or "sound"
    if domain == "writer" and pq.option_intent in WRITERS:
        return _choose_by_writer(ev, pq, pq.options, pq.option_intent, {})
    if domain == "trend" and (pq.option_intent == "tempo_change" or "tempo_change" in pq.intents):
        return _choose_by_writer(ev, pq, pq.options, "tempo_change", V.TREND_WORDS)
    if domain == "gender" and "singer_gender" in pq.intents:
        return _choose_by_writer(ev, pq, pq.options, "singer_gender", V.GENDER_WORDS)
    return _CHOOSERS.get(domain, _choose_sound)(ev, pq, pq.options)


__all__ = ["Choice", "choose", "DOMAIN_INTENT"]
