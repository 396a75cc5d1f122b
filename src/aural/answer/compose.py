"""Writing the answer: `Evidence` + `ParsedQuestion` -> text, faithfully and in the asked form.

Each asked topic becomes a `Part` (sentences, a one-word form, a JSON value), written only from the
evidence: a sound, instrument, emotion or language is named only when the evidence holds it, and a
low confidence is said in words. A multiple choice picks exactly one offered option (echoed as the
first word, spelled as asked); a yes/no question answers Yes or No first. The format directives
(one word, N sentences, a word limit, a list, JSON) are applied last by `aural.answer.form`.
Everything here is deterministic: the same evidence and question always give the same answer.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from aural.answer import vocabulary as V
from aural.answer.form import fit_answer, sentence_case
from aural.answer.question import DOMAIN_TOPIC, NamedSound, ParsedQuestion, parse_question
from aural.answer.wording import clock, confidence_word, join_list
from aural.listen import ontology
from aural.listen.evidence import Evidence, SoundEvent

INSTRUMENT_MIN = 0.25   # an instrument is named as heard at this score
GUESS_MIN = 0.15        # below INSTRUMENT_MIN but above this it is offered only as a low-confidence guess
GENRE_MIN = 0.2
MOOD_MIN = 0.2
LOW_TEMPO_CONF = 0.4

# Classes too broad to name as a sound heard (they say nothing a listener can use).
_BROAD = {"Silence", "Music", "Speech", "Musical instrument", "Sound effect", "Inside, small room",
          "Narration, monologue", "Conversation", "Sine wave", "Harmonic", "Outside, urban or manmade",
          "Outside, rural or natural", "Inside, large room or hall", "Inside, public space", "Speech synthesizer",
          "Male speech, man speaking", "Female speech, woman speaking", "Child speech, kid speaking",
          "Vehicle", "Animal", "Domestic sounds, home sounds", "Noise", "Environmental noise", "Mechanisms",
          "Tools", "Liquid", "Wood", "Glass", "Miscellaneous sources", "Specific impact sounds"}


@dataclass
class Part:
    topic: str
    sentences: list[str]
    short: str = ""
    value: Any = None
    items: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- small helpers

def when(spans: list[tuple[float, float]]) -> str:
    """'from 0:03 to 0:11' (and up to two more spans)."""
    parts = [f"from {clock(a)} to {clock(b)}" for a, b in spans[:3]]
    more = f" (and {len(spans) - 3} more times)" if len(spans) > 3 else ""
    return join_list(parts) + more


def merge_spans(spans: list[tuple[float, float]], gap: float = 0.5) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + gap:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


_UNCOUNTABLE = {"applause", "rain", "music", "speech", "water", "wind", "static", "white", "pink", "brown",
                "traffic", "laughter", "thunder", "silence", "noise", "cheering", "typing", "crackle", "hubbub",
                "chatter", "fire", "fireworks", "gunfire", "singing", "clapping", "rustling", "breathing",
                "snoring", "footsteps", "hum", "buzz", "rumble", "environmental", "speech-like"}


def _article(name: str) -> str:
    first = name.split(" ")[0]
    if first in _UNCOUNTABLE or (name.endswith("s") and not name.endswith("ss")):
        return name
    return ("an " if name[:1] in "aeiou" else "a ") + name


def _conf(score: float) -> str:
    return f"{confidence_word(score)} confidence"


def _pct(p: float) -> str:
    return f"{p:.0%}"


@dataclass
class Source:
    """One sound class heard: its merged spans and peak score."""

    label: str
    index: int
    spans: list[tuple[float, float]]
    score: float

    @property
    def name(self) -> str:
        return V.display_name(self.label)


def sources(ev: Evidence, indices: set[int] | None = None, skip_domains: bool = True) -> list[Source]:
    """Sound classes heard (one per label, spans merged), strongest first."""
    by: dict[str, list[SoundEvent]] = {}
    for e in ev.events:
        if indices is not None:
            if e.index not in indices:
                continue
        elif e.label in _BROAD or (skip_domains and ("Speech" in e.groups or "Music" in e.groups)):
            continue
        by.setdefault(e.label, []).append(e)
    out = [Source(label, es[0].index, merge_spans([(e.start, e.end) for e in es]), max(e.score for e in es))
           for label, es in by.items()]
    return sorted(out, key=lambda s: (-s.score, s.spans[0][0]))


def distinct_sources(ev: Evidence, limit: int = 5) -> list[Source]:
    """Sources without repeats: a group head gives way to a member heard about as strongly ('Alarm' to
    'Siren'), a member gives way to its head when the head is kept ('Police car (siren)' to 'Siren'),
    and one class is kept per deepest group ('Stream' after 'Waterfall')."""
    found = sources(ev)
    group_names = {g.name for g in ontology.GROUPS}
    kept: list[Source] = []
    seen_groups: set[str] = set()
    for s in found:
        if s.label in group_names and any(o.label != s.label and ontology.in_group(o.index, s.label)
                                          and o.score >= s.score - 0.1 for o in found):
            continue
        if any(k.label in group_names and ontology.in_group(s.index, k.label) for k in kept):
            continue
        paths = ontology.paths(s.index)
        deepest = paths[-1] if paths else s.label
        if deepest in seen_groups and deepest != s.label:
            continue
        seen_groups.add(deepest)
        kept.append(s)
    return kept[:limit]


def _source_phrase(s: Source, with_conf: bool = True) -> str:
    conf = f", {_conf(s.score)}" if with_conf else ""
    return f"{_article(s.name)} ({when(s.spans)}{conf})"


def _speech_span(ev: Evidence) -> str:
    segs = ev.speech.segments
    return when([(segs[0].start, segs[-1].end)]) if segs else ""


def _language_name(ev: Evidence) -> str | None:
    lang = ev.speech.language
    return lang.name if lang is not None else None


# ---------------------------------------------------------------- the music picture

def _instruments(ev: Evidence) -> tuple[list[tuple[str, float]], tuple[str, float] | None]:
    """(instruments heard, a weak best guess when none is heard clearly)."""
    heads = {"Musical instrument", "Percussion", "Keyboard (musical)", "Bowed string instrument",
             "Plucked string instrument", "Brass instrument", "Wind instrument", "Orchestra"}
    ranked = sorted(ev.music.instruments, key=lambda x: -x.score) if ev.music.present else []
    heard: list[tuple[str, float]] = []
    for inst in ranked:
        if inst.score < INSTRUMENT_MIN:
            continue
        name = V.display_name(inst.label)
        if inst.label in heads and len(ranked) > 1:
            continue
        if any(h.split()[-1].rstrip("s") in [w.rstrip("s") for w in name.split()] for h, _ in heard):
            continue  # 'electric piano' after 'piano', 'snare drum' after 'drum'
        heard.append((name, inst.score))
    guess = None
    if not heard and ranked and ranked[0].score >= GUESS_MIN:
        guess = (V.display_name(ranked[0].label), ranked[0].score)
    return heard[:5], guess


def _tempo_word(bpm: float) -> str:
    if bpm < 76:
        return "slow"
    if bpm < 108:
        return "moderate"
    if bpm < 140:
        return "upbeat"
    return "fast"


def _music_feel(ev: Evidence) -> tuple[str, float, float]:
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


def _feel_basis(ev: Evidence) -> str:
    m = ev.music
    bits = []
    if m.mode and m.key_confidence >= 0.3:
        bits.append(f"the {m.mode} key")
    if m.tempo_bpm and m.tempo_confidence >= LOW_TEMPO_CONF:
        bits.append(f"the {_tempo_word(m.tempo_bpm)} tempo")
    if m.energy is not None:
        bits.append(f"{'high' if m.energy > 0.65 else 'low' if m.energy < 0.35 else 'middling'} energy")
    return join_list(bits) or "the overall sound"


# ---------------------------------------------------------------- topics

def t_description(ev: Evidence, pq: ParsedQuestion) -> Part:
    dur = ev.source.duration_s
    things: list[str] = []
    if ev.speech.present:
        lang = ev.speech.language
        things.append(f"speech in {lang.name}" if lang and not lang.uncertain else "speech")
    if ev.music.present:
        heard, _ = _instruments(ev)
        things.append(f"music ({join_list([n for n, _ in heard[:2]])})" if heard else "music")
    srcs = [s for s in distinct_sources(ev, 3) if s.score >= 0.3]
    things += [_article(s.name) for s in srcs]
    if not things:
        if ev.levels.silence_ratio > 0.9:
            first = f"This {dur:.0f}-second clip is silent: no speech, music or distinct sound was detected."
        else:
            first = f"This {dur:.0f}-second clip holds no speech, music or clearly identifiable sound."
        return Part("description", [first], "silence" if ev.levels.silence_ratio > 0.9 else "unclear",
                    first)
    sentences = [f"This {dur:.0f}-second clip holds {join_list(things)}."]
    if ev.speech.present and ev.speech.text.strip():
        g = ev.voice.gender if ev.voice else None
        who = f"A {g.label} voice (estimate)" if g and g.confidence >= 0.6 else "The speaker"
        sentences.append(f'{who} says: "{_clip(ev.speech.text.strip(), 160)}"')
    if ev.music.present:
        sentences.append(_music_sentence(ev))
    if srcs:
        sentences.append(f"Sounds heard: {join_list([_source_phrase(s) for s in srcs])}.")
    short = "speech" if ev.speech.present and not ev.music.present else (
        "music" if ev.music.present and not ev.speech.present else things[0].split(" ")[0])
    return Part("description", sentences, short, " ".join(sentences))


def _music_sentence(ev: Evidence) -> str:
    m = ev.music
    heard, _ = _instruments(ev)
    text = "The music plays " + when([(s.start, s.end) for s in m.spans][:2])
    if m.tempo_bpm:
        text += f" at about {m.tempo_bpm:.0f} BPM" + (" (uncertain)" if m.tempo_confidence < LOW_TEMPO_CONF else "")
    if m.key and m.mode:
        text += f" in {m.key} {m.mode}" + (" (uncertain)" if m.key_confidence < 0.5 else "")
    if heard:
        text += f", with {join_list([n for n, _ in heard[:3]])}"
    return text + "."


def t_mood(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    if m.present:
        moods = [x for x in m.moods if x.score >= MOOD_MIN]
        if moods:
            top = moods[0]
            word = V.display_name(top.label).replace(" music", "")
            s = f"The music's mood reads as {word} ({_conf(top.score)})."
            return Part("mood", [s], word, {"mood": word, "confidence": confidence_word(top.score)})
        word, _, _ = _music_feel(ev)
        s = (f"The music comes across as {word}, judged from {_feel_basis(ev)} "
             f"(low confidence: no mood stood out directly).")
        return Part("mood", [s], word.split(" ")[0], {"mood": word, "confidence": "low"})
    if ev.speech.present and ev.voice and ev.voice.emotion:
        emo = ev.voice.emotion
        s = (f"There is no music; the speaker's tone sounds {_emo_word(emo.label)} "
             f"(an estimate, {_conf(emo.confidence)}).")
        return Part("mood", [s], emo.label, {"mood": emo.label, "confidence": confidence_word(emo.confidence),
                                             "source": "speaker"})
    srcs = distinct_sources(ev, 2)
    if srcs:
        s = (f"There is no music or speech to carry a mood; the soundscape is "
             f"{join_list([_article(x.name) for x in srcs])}.")
        return Part("mood", [s], "ambient", {"mood": None, "soundscape": [x.name for x in srcs]})
    s = "There is no music, speech or distinct sound, so there is no mood to describe."
    return Part("mood", [s], "none", {"mood": None})


def t_genre(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    if not m.present:
        s = "There is no music, so there is no genre or style to name."
        return Part("genre", [s], "none", None)
    genres = [g for g in m.genres if g.score >= GENRE_MIN]
    if genres:
        names = [V.display_name(g.label) for g in genres[:3]]
        s = f"The style sounds like {join_list(names)} ({_conf(genres[0].score)})."
        return Part("genre", [s], names[0].split(" ")[0], names, names)
    heard, _ = _instruments(ev)
    if heard:
        form = "solo " + heard[0][0] if len(heard) == 1 else join_list([n for n, _ in heard[:3]])
        s = (f"No genre could be identified with confidence; it is instrumental music built on "
             f"{form}.")
    else:
        s = "No genre could be identified with confidence."
    return Part("genre", [s], "unclear", None)


def t_instruments(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not ev.music.present:
        s = "No music or musical instruments were detected."
        return Part("instruments", [s], "none", [])
    heard, guess = _instruments(ev)
    if heard:
        items = [f"{n} ({_conf(sc)})" for n, sc in heard]
        s = f"Instruments heard: {join_list(items)}."
        return Part("instruments", [s], heard[0][0].split(" ")[-1], [n for n, _ in heard], items)
    if guess:
        s = (f"No instrument is identified clearly; the closest guess is {guess[0]} "
             f"(low confidence).")
        return Part("instruments", [s], "unclear", [], [f"{guess[0]} (low confidence guess)"])
    s = "Music is present, but no instrument could be identified."
    return Part("instruments", [s], "unclear", [])


def t_tempo(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    speech_first = pq.subject == "speech" or (not m.present and ev.speech.present)
    if speech_first and ev.voice and ev.voice.speaking_rate_wps:
        wps = ev.voice.speaking_rate_wps
        pace = "fast" if wps > 3.3 else "slow" if wps < 2.0 else "normal"
        lead = "There is no music; " if not m.present else ""
        s = f"{lead}the speaker talks at a {pace} pace, about {wps:.1f} words per second."
        return Part("tempo", [sentence_case(s)], pace, {"speech_rate_wps": round(wps, 2), "pace": pace})
    if not m.present:
        s = "There is no music, so there is no tempo to measure."
        return Part("tempo", [s], "none", None)
    if not m.tempo_bpm:
        s = "Music is present, but no steady beat could be measured."
        return Part("tempo", [s], "unclear", None)
    bpm = m.tempo_bpm
    if m.tempo_confidence < LOW_TEMPO_CONF:
        s = f"The tempo is uncertain: roughly {bpm:.0f} BPM, but the beat is not clear (low confidence)."
    else:
        s = f"The tempo is about {bpm:.0f} BPM, {_article(_tempo_word(bpm))} pace ({_conf(m.tempo_confidence)})."
    return Part("tempo", [s], f"{bpm:.0f}", {"bpm": round(bpm), "confidence": confidence_word(m.tempo_confidence)})


def t_key(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    if not m.present:
        s = "There is no music, so there is no key to name."
        return Part("key", [s], "none", None)
    if not (m.key and m.mode):
        s = "Music is present, but its key could not be determined."
        return Part("key", [s], "unclear", None)
    name = f"{m.key} {m.mode}"
    if m.key_confidence < 0.5:
        s = f"The key is uncertain; the best guess is {name} (low confidence)."
    else:
        s = f"The key sounds like {name} ({_conf(m.key_confidence)})."
    return Part("key", [s], f"{m.key}-{m.mode}", {"key": name, "confidence": confidence_word(m.key_confidence)})


def t_background(ev: Evidence, pq: ParsedQuestion) -> Part:
    srcs = distinct_sources(ev, 5)
    items = [_source_phrase(s) for s in srcs]
    extra: list[str] = []
    if ev.music.present and ev.speech.present:
        extra.append(f"music under the speech ({when([(s.start, s.end) for s in ev.music.spans])})")
    all_items = items + extra
    sentences: list[str]
    if all_items:
        sentences = [f"Background sounds: {join_list(all_items)}."]
    else:
        besides = join_list([w for w, p in (("speech", ev.speech.present), ("music", ev.music.present)) if p])
        sentences = ["No distinct background sounds were detected" + (f" beyond the {besides}." if besides else ".")]
    if ev.scene:
        sentences.append(_scene_sentence(ev))
    value = [{"sound": s.name, "start": s.spans[0][0], "end": s.spans[-1][1],
              "confidence": confidence_word(s.score)} for s in srcs]
    return Part("background", sentences, srcs[0].name if srcs else "none", value, all_items)


def _event_hits(ev: Evidence, ns: NamedSound) -> tuple[list[Source], list[Source]]:
    prim = {ontology.index_of(n) for n in ns.labels}
    rel = {ontology.index_of(n) for n in ns.related}
    return sources(ev, prim), sources(ev, rel)


def _plural(phrase: str) -> bool:
    return phrase.endswith("s") and not phrase.endswith("ss")


def presence(ev: Evidence, ns: NamedSound) -> tuple[bool, str, dict[str, Any]]:
    """Whether a named sound is heard, one sentence saying so, and a JSON value."""
    phrase = ns.phrase
    if ns.kind == "speech":
        if ev.speech.present:
            lang = _language_name(ev)
            tail = f", in {lang}" if lang and ev.speech.language and not ev.speech.language.uncertain else ""
            return True, f"Yes — speech {_speech_span(ev)}{tail} ({_conf(ev.speech.confidence)}).", {
                "sound": phrase, "present": True}
        return False, "No speech was detected.", {"sound": phrase, "present": False}
    if ev.speech.present is False and ns.kind == "music" or ns.kind == "music":
        if ev.music.present:
            return True, f"Yes — music {when([(s.start, s.end) for s in ev.music.spans])} " \
                         f"({_conf(ev.music.confidence)}).", {"sound": phrase, "present": True}
        return False, "No music was detected.", {"sound": phrase, "present": False}
    if ns.kind == "silence":
        r = ev.levels.silence_ratio
        if r > 0.05:
            return True, f"Yes — {_pct(r)} of the clip is silent.", {"sound": phrase, "present": True}
        return False, "No — the clip has no silent stretch.", {"sound": phrase, "present": False}
    if not ns.labels and not ns.related:
        verb = "were" if _plural(phrase) else "was"
        return False, (f"No {phrase} {verb} detected (it does not match any sound class the engine can "
                       f"recognise)."), {"sound": phrase, "present": False}
    prim, rel = _event_hits(ev, ns)
    if prim:
        best = prim[0]
        spans = merge_spans([sp for s in prim for sp in s.spans])
        return True, f"Yes — {_article(best.name)} {when(spans)} ({_conf(best.score)}).", {
            "sound": phrase, "present": True, "label": best.label,
            "spans": [[a, b] for a, b in spans], "confidence": confidence_word(best.score)}
    if rel:
        best = rel[0]
        spans = merge_spans([sp for s in rel for sp in s.spans])
        return True, (f"Yes — {_article(best.name)} {when(spans)} ({_conf(best.score)}); the sound alone "
                      f"cannot confirm it is {_article(V.normalise_phrase(phrase))} specifically."), {
            "sound": phrase, "present": True, "label": best.label,
            "spans": [[a, b] for a, b in spans], "confidence": confidence_word(best.score), "exact": False}
    phrase = V.NOUNS.get(phrase, phrase)
    verb = "were" if _plural(phrase) else "was"
    return False, f"No {phrase} {verb} detected.", {"sound": ns.phrase, "present": False}


def t_sound_presence(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not pq.sounds:
        bg = t_background(ev, pq)
        return Part("sound_presence", bg.sentences, bg.short, bg.value, bg.items)
    results = []
    reported: set[str] = set()
    for ns in pq.sounds:  # 'a crowd cheering or clapping' both hit Applause: say it once
        r = presence(ev, ns)
        label = r[2].get("label")
        if label is not None and label in reported:
            continue
        if label is not None:
            reported.add(label)
        results.append(r)
    sentences = [r[1] for r in results]
    if len(results) > 1:  # 'Yes — birds ...; no dogs were detected.'
        sentences = [sentences[0]] + [sentence_case(s) for s in sentences[1:]]
    return Part("sound_presence", sentences, "Yes" if results[0][0] else "No", [r[2] for r in results])


def t_timing(ev: Evidence, pq: ParsedQuestion) -> Part:
    sentences: list[str] = []
    value: list[dict[str, Any]] = []
    if pq.sounds:
        for ns in pq.sounds:
            found, sentence, val = presence(ev, ns)
            if found and ns.kind == "class":
                spans = [tuple(s) for s in val["spans"]]
                sentences.append(f"{sentence_case(_article(V.display_name(val['label'])))} is heard {when(spans)} "
                                 f"({val['confidence']} confidence).")
            elif found:
                sentences.append(sentence_case(sentence.split(" — ", 1)[-1]))
            else:
                verb = "were" if _plural(ns.phrase) else "was"
                sentences.append(f"No {ns.phrase} {verb} detected, so there is no time to give.")
            value.append(val)
        return Part("timing", sentences, "", value)
    if pq.subject == "speech" or (ev.speech.present and not ev.music.present and not distinct_sources(ev, 1)):
        if ev.speech.present:
            segs = ev.speech.segments
            s = f"Speech runs {when([(segs[0].start, segs[-1].end)])}, in {len(segs)} stretch" + \
                ("es." if len(segs) != 1 else ".")
            return Part("timing", [s], clock(segs[0].start), [[x.start, x.end] for x in segs])
        return Part("timing", ["No speech was detected, so there is no time to give."], "none", [])
    if pq.subject == "music":
        if ev.music.present:
            spans = [(s.start, s.end) for s in ev.music.spans]
            return Part("timing", [f"Music plays {when(spans)}."], clock(spans[0][0]), [list(s) for s in spans])
        return Part("timing", ["No music was detected, so there is no time to give."], "none", [])
    rows: list[str] = []
    if ev.speech.present:
        rows.append(f"speech {_speech_span(ev)}")
    if ev.music.present:
        rows.append(f"music {when([(s.start, s.end) for s in ev.music.spans])}")
    rows += [f"{s.name} {when(s.spans)}" for s in distinct_sources(ev, 4)]
    if not rows:
        return Part("timing", [f"Nothing stands out to time in this {ev.source.duration_s:.0f}-second clip."],
                    "none", [])
    return Part("timing", [f"In this {ev.source.duration_s:.0f}-second clip: {join_list(rows)}."], "", rows)


def t_speaker_count(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not ev.speech.present:
        return Part("speaker_count", ["No one speaks in this clip: no speech was detected."], "0", 0)
    g = ev.voice.gender if ev.voice else None
    voice = f" (a {g.label} voice, by pitch)" if g and g.confidence >= 0.6 else ""
    s = (f"Most likely one speaker{voice}; the engine does not separate voices, so this count is an estimate "
         f"(low confidence).")
    return Part("speaker_count", [s], "1", {"count": 1, "confidence": "low"})


def _cues(cues: list[str], n: int = 2) -> str:
    keep = [c for c in cues if "estimate" not in c][:n]
    return join_list(keep)


def _emotion_cues(emo) -> str:
    """The audible cues to quote; when unclear, the 'no emotion stands out' cue is said by the sentence."""
    cues = emo.cues
    if getattr(emo, "unclear", False):
        cues = [c for c in cues if not c.startswith("no emotion stands out")]
    return _cues(cues)


def t_emotion(ev: Evidence, pq: ParsedQuestion) -> Part:
    emo = ev.voice.emotion if ev.voice else None
    if not ev.speech.present or emo is None:
        s = "There is no speech, so there is no speaker emotion to judge."
        if ev.music.present and pq.subject != "speech":
            word, _, _ = _music_feel(ev)
            s += f" The music itself comes across as {word} (low confidence)."
        return Part("emotion", [s], "none", None)
    cues = _emotion_cues(emo)
    if getattr(emo, "unclear", False):
        lean = f", leaning {emo.leaning} at {_pct(emo.confidence)}" if getattr(emo, "leaning", None) else ""
        s = (f"The speaker's emotion is unclear (an estimate{lean}, {_conf(emo.confidence)})"
             + (f": {cues}." if cues else "."))
    else:
        s = (f"The speaker sounds {_emo_word(emo.label)} (an estimate, {_conf(emo.confidence)})"
             + (f": {cues}." if cues else "."))
    summary = getattr(emo, "summary", None)
    if summary and "throughout" not in summary:
        s += f" Over time: {summary}."
    value = {"label": emo.label, "confidence": confidence_word(emo.confidence), "score": emo.confidence}
    if emo.scores:
        value["probabilities"] = dict(emo.scores)
    if summary:
        value["timeline"] = summary
    return Part("emotion", [s], emo.label, value)


def _emo_word(label: str) -> str:
    return V.EMOTION_ADJECTIVE.get(label, label)


def t_energy(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    if m.present and m.energy is not None and pq.subject != "speech":
        level = "high" if m.energy > 0.65 else "low" if m.energy < 0.35 else "moderate"
        s = f"The music's energy is {level} ({m.energy:.2f} on a 0-1 scale)."
        return Part("energy", [s], level, {"energy": round(m.energy, 2), "level": level})
    if ev.speech.present and ev.voice and ev.voice.emotion:
        a = ev.voice.emotion.arousal
        level = "animated" if a > 0.3 else "subdued" if a < -0.3 else "even"
        s = f"The speaker's delivery is {level} (arousal {a:+.2f} on a -1 to 1 scale, an estimate)."
        return Part("energy", [s], level, {"arousal": a, "level": level})
    lufs = ev.levels.integrated_lufs
    if lufs is None:
        return Part("energy", ["The clip is silent, so it has no energy to speak of."], "none", None)
    level = "loud" if lufs > -16 else "quiet" if lufs < -30 else "moderate"
    s = f"There is no music or speech; the sound is {level} overall ({lufs:.0f} LUFS)."
    return Part("energy", [s], level, {"lufs": lufs, "level": level})


def t_language(ev: Evidence, pq: ParsedQuestion) -> Part:
    lang = ev.speech.language
    if not ev.speech.present or lang is None:
        s = "No speech was detected, so there is no spoken language to identify."
        return Part("language", [s], "none", None)
    value = {"code": lang.code, "name": lang.name, "probability": lang.probability, "uncertain": lang.uncertain}
    if lang.uncertain:
        s = (f"The spoken language is uncertain: the best guess is {lang.name} at only "
             f"{_pct(lang.probability)} probability.")
    else:
        s = f"The speech is in {lang.name} ({_pct(lang.probability)} probability)."
    return Part("language", [s], lang.name, value)


def t_transcript(ev: Evidence, pq: ParsedQuestion) -> Part:
    sp = ev.speech
    if not sp.present:
        return Part("transcript", ["No speech was detected, so nothing is said."], "nothing", "")
    text = sp.text.strip()
    if not text:
        return Part("transcript", ["Speech was detected, but it could not be transcribed."], "unclear", "")
    lang = _language_name(ev)
    how = f" (in {lang})" if lang and sp.language and not sp.language.uncertain else ""
    s = f'The speaker says{how}: "{_clip(text, 300)}"'
    return Part("transcript", [s], text.split()[0].strip(",.") if text else "", text)


def t_quality(ev: Evidence, pq: ParsedQuestion) -> Part:
    lv = ev.levels
    if lv.integrated_lufs is None and lv.silence_ratio > 0.95:
        return Part("quality", ["The clip is silent, so there is no audio quality to judge."], "silent",
                    {"silent": True})
    noise = [s for s in sources(ev, set(ontology.indices("Noise"))) if s.label != "Noise"]
    problems = []
    if lv.clipping_ratio > 0.001:
        problems.append(f"some clipping ({lv.clipping_ratio:.1%} of samples)")
    if noise:
        problems.append(f"audible {noise[0].name} ({when(noise[0].spans)})")
    loud = f"{lv.integrated_lufs:.0f} LUFS" if lv.integrated_lufs is not None else f"{lv.rms_dbfs:.0f} dBFS RMS"
    level = ""
    if lv.integrated_lufs is not None:
        level = " (quiet)" if lv.integrated_lufs < -30 else " (loud)" if lv.integrated_lufs > -12 else ""
    verdict = "noisy" if noise else ("clipped" if lv.clipping_ratio > 0.001 else "clean")
    first = (f"The recording sounds {verdict}" + (f": {join_list(problems)}." if problems else
                                                 ", with no clipping or broadband noise detected."))
    quiet = f"{_pct(lv.silence_ratio)} of it is silence" if lv.silence_ratio >= 0.01 else "there is no silent stretch"
    second = f"Loudness is {loud}{level}, peaking at {lv.peak_dbfs:.0f} dBFS; {quiet}."
    return Part("quality", [first, second], verdict,
                {"verdict": verdict, "lufs": lv.integrated_lufs, "peak_dbfs": lv.peak_dbfs,
                 "clipping_ratio": lv.clipping_ratio, "noise": [s.name for s in noise]})


def _pitch_reading(ev: Evidence) -> tuple[float, float, str | None] | None:
    """(median Hz, semitones from a typical voice, gender) of the voice, if measured. The typical voice is
    the gender estimate's, blended by its probabilities when it is unsure (a 150 Hz voice is neither)."""
    from aural.listen.voice import TYPICAL_PITCH_HZ

    v = ev.voice
    if not (ev.speech.present and v and v.pitch_median_hz):
        return None
    g = v.gender.label if v.gender and v.gender.confidence >= 0.6 else None
    p_female = v.gender.scores.get("female", 0.5) if v.gender and v.gender.scores else 0.5
    typical = TYPICAL_PITCH_HZ["male"] ** (1 - p_female) * TYPICAL_PITCH_HZ["female"] ** p_female
    return v.pitch_median_hz, 12 * math.log2(v.pitch_median_hz / typical), g


def _pitch_sentence(hz: float, level: float, g: str | None) -> str:
    voice = _article(g + " voice") if g else "an adult voice"
    where = f"about typical for {voice}" if abs(level) < 2 else \
        f"{abs(level):.0f} semitones {'above' if level > 0 else 'below'} what is typical for {voice}"
    return f"The voice's median pitch is about {hz:.0f} Hz, {where}."


def t_pitch(ev: Evidence, pq: ParsedQuestion) -> Part:
    reading = _pitch_reading(ev)
    if reading is None:
        why = "no speech was detected" if not ev.speech.present else "the voice's pitch could not be measured"
        return Part("pitch", [f"There is no voice pitch to report: {why}."], "none", None)
    hz, level, g = reading
    label = "high" if level > 2 else "low" if level < -2 else "medium"
    s = _pitch_sentence(hz, level, g)
    span = ev.voice.pitch_range_semitones if ev.voice else None
    if span is not None:
        s = s[:-1] + f"; it moves over about {max(1, round(span))} semitone{'s' if round(span) > 1 else ''}."
    return Part("pitch", [s], label, {"median_hz": round(hz, 1), "level": label})


def t_gender(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not ev.speech.present:
        return Part("gender", ["No speech was detected, so there is no voice to judge."], "none", None)
    g = ev.voice.gender if ev.voice else None
    if g is None:
        return Part("gender", ["The voice could not be judged as male or female."], "unclear", None)
    s = f"The voice sounds {g.label} (an estimate from pitch, {_conf(g.confidence)})."
    return Part("gender", [s], g.label, {"label": g.label, "confidence": confidence_word(g.confidence)})


_SCENE_WORDS = {"indoor": "an indoor space", "outdoor": "outdoors", "crowd": "a crowd",
                "traffic": "a street with traffic", "nature": "outdoors in nature"}


def _scene_sentence(ev: Evidence) -> str:
    top = ev.scene[0]
    return f"The setting sounds like {_SCENE_WORDS.get(top.label, top.label)} ({_conf(top.score)})."


def t_scene(ev: Evidence, pq: ParsedQuestion) -> Part:
    if ev.scene:
        s = _scene_sentence(ev)
        return Part("scene", [s], ev.scene[0].label, [x.label for x in ev.scene])
    s = "The recording carries no clear cue about where it was made (no room sound, traffic, crowd or nature)."
    return Part("scene", [s], "unclear", [])


TOPIC_FNS: dict[str, Callable[[Evidence, ParsedQuestion], Part]] = {
    "description": t_description, "mood": t_mood, "genre": t_genre, "instruments": t_instruments,
    "tempo": t_tempo, "key": t_key, "background": t_background, "sound_presence": t_sound_presence,
    "timing": t_timing, "speaker_count": t_speaker_count, "emotion": t_emotion, "energy": t_energy,
    "language": t_language, "transcript": t_transcript, "quality": t_quality, "gender": t_gender,
    "scene": t_scene, "pitch": t_pitch,
}


# ---------------------------------------------------------------- options

@dataclass
class Choice:
    option: str
    confidence: float
    reason: str


_EMO_POINT = {"bored": (-0.6, -0.3), "disgusted": (0.1, -0.7), "fearful": (0.6, -0.6),
              "angry": (0.8, -0.7), "frustrated": (0.4, -0.6), "happy": (0.3, 0.8), "excited": (0.8, 0.6),
              "calm": (-0.5, 0.3), "sad": (-0.5, -0.7), "tired": (-0.7, -0.2), "neutral": (0.0, 0.0)}


def _word_point(word: str) -> tuple[float, float] | None:
    w = V.EMOTION_WORDS.get(word.lower())
    if not w:
        return None
    tot = sum(w.values())
    return (sum(_EMO_POINT[k][0] * v for k, v in w.items()) / tot,
            sum(_EMO_POINT[k][1] * v for k, v in w.items()) / tot)


def _affinity(option: str, heard: str) -> float:
    """How much hearing `heard` supports the option word: its own weights, else half its closeness on
    the arousal/valence plane (a fearful voice offered 'frustrated, neutral, or pleased' leans frustrated)."""
    w = V.EMOTION_WORDS.get(option.lower())
    if not w:
        return 0.0
    if heard in w:
        return w[heard]
    point = _word_point(option)
    if point is None or heard not in _EMO_POINT:
        return 0.0
    return 0.5 * max(0.0, 1.0 - math.dist(point, _EMO_POINT[heard]) / 2.0)


def _nearest(options: list[str], value: float, table: dict[str, float]) -> tuple[str, float]:
    dists = [(abs(table.get(o.lower(), 0.0) - value), i) for i, o in enumerate(options)]
    d, i = min(dists)
    return options[i], d


def _margin_conf(scores: list[float]) -> float:
    s = sorted(scores, reverse=True)
    if not s or s[0] <= 0:
        return 0.0
    return (s[0] - (s[1] if len(s) > 1 else 0.0)) / s[0]


def choose(ev: Evidence, pq: ParsedQuestion) -> Choice:
    """Pick exactly one offered option from the evidence."""
    opts = pq.options
    domain = pq.option_domain or "sound"
    fn = _CHOOSERS.get(domain, _choose_sound)
    return fn(ev, pq, opts)


def _choose_emotion(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    emo = ev.voice.emotion if ev.voice else None
    if not ev.speech.present or emo is None:
        if ev.music.present:
            return _choose_music_mood(ev, pq, opts)
        return Choice(opts[0], 0.0, f"There is no speech to judge, so {opts[0]} is only a default, not a "
                                    f"finding (no confidence).")
    # Support for each option: the probability of each heard emotion times how well it fits the option.
    support = [sum(p * _affinity(o, k) for k, p in emo.scores.items()) for o in opts]
    rank = support
    if not getattr(emo, "unclear", False) and max(_affinity(o, emo.label) for o in opts) > 0:
        # A clear call picks the option nearest to it (support breaks ties): the pick agrees with the
        # emotion the justification names.
        rank = [_affinity(o, emo.label) + 0.01 * x for o, x in zip(opts, support)]
    if max(support) > 0:
        best = max(range(len(opts)), key=lambda i: (rank[i], -i))
        # never surer than the probability the option's emotions hold
        conf = min(emo.confidence, 0.3 + 0.7 * _margin_conf(rank), support[best])
    else:  # no word we know: nearest on the arousal/valence plane
        pts = [_word_point(o) for o in opts]
        near = [-math.dist(p, (emo.arousal, emo.valence)) if p else -9.0 for p in pts]
        best = max(range(len(opts)), key=lambda i: (near[i], -i))
        conf = min(emo.confidence, 0.3)
    cues = _emotion_cues(emo)
    if getattr(emo, "unclear", False):
        label = "gives no clear emotion" + (f" (most probable: {emo.leaning})" if getattr(emo, "leaning", None)
                                            else "")
    elif emo.label.lower() != opts[best].lower():
        label = f"reads as {_emo_word(emo.label)}"
    else:
        label = f"sounds {_emo_word(emo.label)}"
    reason = (f"The voice {label}" + (f": {cues}" if cues else "") +
              f"; this is an estimate with {_conf(conf)}.")
    return Choice(opts[best], conf, reason)


def _choose_music_mood(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    if not ev.music.present:
        if ev.speech.present and ev.voice and ev.voice.emotion:
            return _choose_emotion(ev, pq, opts)
        return Choice(opts[0], 0.0, f"There is no music or speech to judge, so {opts[0]} is only a default "
                                    f"(no confidence).")
    moods = {V.display_name(x.label).replace(" music", ""): x.score for x in ev.music.moods}
    direct = [moods.get(o.lower(), 0.0) for o in opts]
    if max(direct) >= MOOD_MIN:
        best = max(range(len(opts)), key=lambda i: (direct[i], -i))
        return Choice(opts[best], direct[best], f"The engine heard {opts[best].lower()} music directly "
                                                f"({_conf(direct[best])}).")
    word, arousal, valence = _music_feel(ev)
    pts = [_word_point(o) or (V.ENERGY_WORDS.get(o.lower(), 0.0), 0.0) for o in opts]
    d = [math.dist(p, (arousal, valence)) for p in pts]
    best = min(range(len(opts)), key=lambda i: (d[i], i))
    return Choice(opts[best], 0.3, f"The music comes across as {word}, judged from {_feel_basis(ev)} "
                                   f"(low confidence).")


def _choose_gender(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    g = ev.voice.gender if ev.voice else None
    if not ev.speech.present or g is None:
        return Choice(opts[0], 0.0, "No voice could be judged, so this is only a default (no confidence).")
    for o in opts:
        if V.GENDER_WORDS.get(o.lower()) == g.label:
            return Choice(o, g.confidence, f"The voice's pitch ({ev.voice.pitch_median_hz:.0f} Hz median) points "
                                           f"to a {g.label} voice; an estimate with {_conf(g.confidence)}."
                          if ev.voice and ev.voice.pitch_median_hz else
                          f"The voice sounds {g.label}; an estimate with {_conf(g.confidence)}.")
    return Choice(opts[0], 0.0, f"The voice sounds {g.label}, which none of the options names (no confidence).")


def _choose_place(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    sc = {s.label: s.score for s in ev.scene}
    outdoor = max([sc.get(k, 0.0) for k in ("outdoor", "traffic", "nature", "crowd")] + [0.0])
    indoor = sc.get("indoor", 0.0)
    want = "outdoor" if outdoor > indoor else "indoor"
    pick = next((o for o in opts if V.PLACE_WORDS.get(o.lower()) == want), opts[0])
    if outdoor == indoor == 0.0:
        return Choice(pick, 0.2, "No outdoor sound (traffic, wind, wildlife or a crowd) was heard, which points "
                                 "indoors, but the clip carries no clear room cue either (low confidence).")
    top = ev.scene[0]
    return Choice(pick, max(outdoor, indoor), f"The sounds suggest {_SCENE_WORDS.get(top.label, top.label)} "
                                              f"({_conf(top.score)}).")


def _choose_content(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    srcs = distinct_sources(ev, 1)
    score = {"speech": ev.speech.confidence if ev.speech.present else 0.0,
             "music": ev.music.confidence if ev.music.present else 0.0,
             "silence": ev.levels.silence_ratio if ev.levels.silence_ratio > 0.5 else 0.0,
             "noise": srcs[0].score * 0.9 if srcs else 0.0}
    vals = [score.get(V.CONTENT_WORDS.get(o.lower(), ""), 0.0) for o in opts]
    best = max(range(len(opts)), key=lambda i: (vals[i], -i))
    kinds = [k for k in ("speech", "music") if score[k] > 0]
    if vals[best] <= 0:
        return Choice(opts[best], 0.0, "None of these was detected, so this is only a default (no confidence).")
    both = f"; both speech and music are present, and {V.CONTENT_WORDS[opts[best].lower()]} is the stronger" \
        if len(kinds) == 2 else ""
    what = V.CONTENT_WORDS[opts[best].lower()]
    return Choice(opts[best], vals[best], f"The engine detected {what} ({_conf(vals[best])}){both}.")


def _choose_speed(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    m = ev.music
    if m.present and m.tempo_bpm and pq.subject != "speech":
        v = max(-1.0, min(1.0, (m.tempo_bpm - 105) / 35))
        pick, _ = _nearest(opts, v, V.SPEED_WORDS)
        conf = m.tempo_confidence
        return Choice(pick, conf, f"The tempo is about {m.tempo_bpm:.0f} BPM ({_conf(conf)}).")
    v = ev.voice
    if ev.speech.present and v and (v.speaking_rate_wps or v.speaking_rate_sps):
        # Words per second depend on the language's word length, syllable-like onsets less so: both count.
        rates = [(r - mid) / spread for r, mid, spread in ((v.speaking_rate_wps, 3.0, 0.8),
                                                            (v.speaking_rate_sps, 5.0, 1.0)) if r]
        pick, _ = _nearest(opts, max(-1.0, min(1.0, sum(rates) / len(rates))), V.SPEED_WORDS)
        said = "about " + " and ".join(f"{r:.1f} {unit}" for r, unit in ((v.speaking_rate_wps, "words"),
                                                                          (v.speaking_rate_sps, "syllables")) if r)
        return Choice(pick, 0.5, f"The speaker talks at {said} per second (moderate confidence).")
    return Choice(opts[0], 0.0, "There is no music or speech to time, so this is only a default (no confidence).")


def _choose_pitch(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    reading = _pitch_reading(ev) if pq.subject != "music" else None
    if reading is None:
        return Choice(opts[0], 0.0, "There is no voice whose pitch could be measured, so this is only a default "
                                    "(no confidence).")
    hz, level, g = reading
    pick, _ = _nearest(opts, max(-1.0, min(1.0, level / 4.0)), V.PITCH_WORDS)
    conf = 0.7 if abs(level) >= 3 else 0.4
    return Choice(pick, conf, _pitch_sentence(hz, level, g)[:-1] + f" ({_conf(conf)}).")


def _choose_mode(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    m = ev.music
    if not (m.present and m.mode):
        return Choice(opts[0], 0.0, "No key could be determined, so this is only a default (no confidence).")
    pick = next((o for o in opts if m.mode in o.lower().split()), opts[0])  # also "a minor key"
    return Choice(pick, m.key_confidence, f"The key sounds like {m.key} {m.mode} ({_conf(m.key_confidence)}).")


def _choose_loudness(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    lufs = ev.levels.integrated_lufs
    v = -1.0 if lufs is None else max(-1.0, min(1.0, (lufs + 23) / 10))
    pick, _ = _nearest(opts, v, V.LOUDNESS_WORDS)
    where = "the clip is silent" if lufs is None else f"integrated loudness is {lufs:.0f} LUFS"
    return Choice(pick, 0.8, f"The {where}, peaking at {ev.levels.peak_dbfs:.0f} dBFS.")


def _choose_energy(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    m = ev.music
    if m.present and m.energy is not None and pq.subject != "speech":
        v = max(-1.0, min(1.0, (m.energy - 0.5) * 2.5))
        pick, _ = _nearest(opts, v, V.ENERGY_WORDS)
        return Choice(pick, 0.6, f"The music's energy measures {m.energy:.2f} on a 0-1 scale (moderate confidence).")
    if ev.voice and ev.voice.emotion:
        a = ev.voice.emotion.arousal
        pick, _ = _nearest(opts, a, V.ENERGY_WORDS)
        return Choice(pick, ev.voice.emotion.confidence,
                      f"The speaker's arousal is {a:+.2f} on a -1 to 1 scale "
                      f"({_conf(ev.voice.emotion.confidence)}).")
    return _choose_loudness(ev, pq, opts)


def _choose_language(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    from aural.listen.speech import LANGUAGE_NAMES

    lang = ev.speech.language
    if not ev.speech.present or lang is None:
        return Choice(opts[0], 0.0, "No speech was detected, so this is only a default (no confidence).")
    by_name = {n.lower(): c for c, n in LANGUAGE_NAMES.items()}
    cand = {c.label: c.score for c in lang.candidates}
    cand.setdefault(lang.code, lang.probability)
    vals = [cand.get(by_name.get(o.lower(), ""), 0.0) for o in opts]
    best = max(range(len(opts)), key=lambda i: (vals[i], -i))
    if vals[best] <= 0.0:
        return Choice(opts[best], 0.0, f"None of these fits: the speech sounds like {lang.name} "
                                       f"({_pct(lang.probability)} probability).")
    return Choice(opts[best], vals[best], f"Language identification gives {opts[best]} "
                                          f"{_pct(vals[best])} probability ({_conf(vals[best])}).")


def _num_value(o: str) -> float:
    import re

    m = re.match(r"^(\d+(?:\.\d+)?)", o.strip())
    return float(m.group(1)) if m else float(V.NUMBER_WORDS.get(o.lower().strip(), 0))


def _choose_number(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    if "tempo" in pq.topics and ev.music.present and ev.music.tempo_bpm:
        bpm = ev.music.tempo_bpm
        best = min(range(len(opts)), key=lambda i: (abs(_num_value(opts[i]) - bpm), i))
        return Choice(opts[best], ev.music.tempo_confidence,
                      f"The measured tempo is about {bpm:.0f} BPM ({_conf(ev.music.tempo_confidence)}).")
    count = 1 if ev.speech.present else 0
    best = min(range(len(opts)), key=lambda i: (abs(_num_value(opts[i]) - count), i))
    if "tempo" in pq.topics:
        return Choice(opts[best], 0.0, "No tempo could be measured, so this is only a default (no confidence).")
    return Choice(opts[best], 0.3, "The engine does not separate voices; the speech it found is consistent with "
                                   f"{'one speaker' if count else 'no speaker'} (low confidence).")


def _choose_sound(ev: Evidence, pq: ParsedQuestion, opts: list[str]) -> Choice:
    clip = {lab.label: lab.score for lab in ev.labels}
    peak: dict[str, float] = {}
    for e in ev.events:
        peak[e.label] = max(peak.get(e.label, 0.0), e.score)
    names = ontology.class_names()
    vals, heard = [], []
    for o in opts:
        m = V.match_sound(o)
        idx = m.all
        vals.append(max([max(clip.get(names[i], 0.0), peak.get(names[i], 0.0)) for i in idx] + [0.0]))
        heard.append(max(idx, key=lambda i: max(clip.get(names[i], 0.0), peak.get(names[i], 0.0)))
                     if idx else None)
    best = max(range(len(opts)), key=lambda i: (vals[i], -i))
    if vals[best] <= 0.05:
        return Choice(opts[best], 0.0, f"None of these was detected, so {opts[best]} is only a default "
                                       f"(no confidence).")
    label = V.display_name(names[heard[best]]) if heard[best] is not None else opts[best]
    return Choice(opts[best], vals[best], f"The engine heard {_article(label)} ({_conf(vals[best])}).")


_CHOOSERS: dict[str, Callable[[Evidence, ParsedQuestion, list[str]], Choice]] = {
    "emotion": _choose_emotion, "music_mood": _choose_music_mood, "gender": _choose_gender,
    "place": _choose_place, "content": _choose_content, "speed": _choose_speed, "mode": _choose_mode,
    "pitch": _choose_pitch,
    "loudness": _choose_loudness, "energy": _choose_energy, "language": _choose_language,
    "number": _choose_number, "sound": _choose_sound,
}

# ---------------------------------------------------------------- yes/no about other things


def _yes_no_language(ev: Evidence, pq: ParsedQuestion) -> tuple[str, str] | None:
    if not pq.languages:
        return None
    from aural.listen.speech import LANGUAGE_NAMES

    asked = pq.languages[0]
    name = LANGUAGE_NAMES.get(asked, asked)
    lang = ev.speech.language
    if not ev.speech.present or lang is None:
        return "No", f"No — no speech was detected, so it is not in {name}."
    if lang.code == asked:
        hedge = ", though the identification is uncertain" if lang.uncertain else ""
        return "Yes", f"Yes — the speech is in {name} ({_pct(lang.probability)} probability{hedge})."
    return "No", f"No — the speech sounds like {lang.name} ({_pct(lang.probability)} probability), not {name}."


def _yes_no_generic(ev: Evidence, pq: ParsedQuestion, parts: list[Part]) -> tuple[str, str] | None:
    """Yes/no about a topic ('Is it clipped?', 'Is there a beat?') when no sound or language is named."""
    q = pq.text.lower()
    if pq.sounds:
        return None
    pitch = _pitch_reading(ev)
    if "pitch" in pq.topics and pitch is not None and parts:
        deep = re.search(r"\b(?:deep|low|lower|low-pitched)\b", q)
        high = re.search(r"\b(?:high|higher|high-pitched|squeaky|shrill)\b", q)
        if deep or high:
            ok = pitch[1] < -2 if deep else pitch[1] > 2
            text = next(p for p in parts if p.topic == "pitch").sentences[0]
            return ("Yes" if ok else "No"), ("Yes" if ok else "No") + " — " + text[0].lower() + text[1:]
    for word, test in (("clip", lambda: ev.levels.clipping_ratio > 0.001),
                       ("noisy", lambda: any(s.label != "Noise" for s in sources(ev, set(ontology.indices("Noise"))))),
                       ("silent", lambda: ev.levels.silence_ratio > 0.9)):
        if word in q:
            ok = test()
            return ("Yes" if ok else "No"), ("Yes" if ok else "No") + " — " + parts[0].sentences[0][0].lower() + \
                parts[0].sentences[0][1:] if parts else ("Yes" if ok else "No")
    return None


# ---------------------------------------------------------------- the answer

@dataclass
class Answer:
    text: str
    lead: str | None
    parts: list[Part]
    choice: Choice | None


def build(ev: Evidence, pq: ParsedQuestion) -> Answer:
    topics = list(pq.topics)
    parts = [TOPIC_FNS[t](ev, pq) for t in topics if t in TOPIC_FNS]
    lead: str | None = None
    lead_sentences: list[str] = []
    choice: Choice | None = None
    if pq.options:
        choice = choose(ev, pq)
        lead = choice.option
        lead_sentences = [choice.reason]
        covered = {**DOMAIN_TOPIC, "content": "description", "number": "tempo",
                   "sound": "sound_presence"}.get(pq.option_domain or "")
        parts = [p for p in parts if p.topic != covered]
    elif pq.yes_no:
        sp = next((p for p in parts if p.topic in ("sound_presence", "timing") and pq.sounds), None)
        lang = _yes_no_language(ev, pq)
        if sp is not None:
            lead = sp.short or ("Yes" if sp.sentences[0].startswith("Yes") else "No")
            lead_sentences = sp.sentences
            # The Yes/No sentences already give the times: a 'when' part would repeat them.
            parts = [p for p in parts if p is not sp and p.topic not in ("sound_presence", "timing")]
        elif lang is not None:
            lead, s = lang
            lead_sentences = [s]
            parts = [p for p in parts if p.topic != "language"]
        else:
            yn = _yes_no_generic(ev, pq, parts)
            if yn is not None:
                lead, s = yn
                lead_sentences = [s]
                parts = parts[1:]
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
    """A JSON object: the plain answer, the choice or yes/no, and one value per asked topic."""
    if ans is None:
        ans = build(ev, pq)
    out: dict[str, Any] = {"answer": ans.text}
    if ans.choice is not None:
        out["choice"] = ans.choice.option
        out["confidence"] = confidence_word(ans.choice.confidence)
        out["justification"] = ans.choice.reason
    elif pq.yes_no and ans.lead in ("Yes", "No"):
        out["yes"] = ans.lead == "Yes"
    for p in [TOPIC_FNS[t](ev, pq) for t in pq.topics if t in TOPIC_FNS]:
        out[p.topic] = p.value
    return out


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


__all__ = ["compose", "build", "answer_json", "choose", "presence", "Part", "Choice", "Answer", "distinct_sources"]
