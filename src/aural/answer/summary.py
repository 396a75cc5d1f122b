"""Summaries for `aural listen`: a readable timeline, the notable events, and a short description.

`summarize(ev, question)` now delegates to the question-following composer (`aural.answer.compose`);
`topics_of` is the old keyword topic finder, kept for callers that still use it.
"""

from __future__ import annotations

import re

from aural.answer.wording import confidence_word, join_list, span
from aural.listen.evidence import Evidence, SoundEvent

TOPICS: dict[str, tuple[str, ...]] = {
    "language": ("language", "speak in", "spoken in", "what tongue", "which language", "dialect"),
    "speech": ("say", "said", "transcri", "words", "talk", "speech", "speak", "speaker", "voice"),
    "emotion": ("emotion", "feel", "tone", "angry", "frustrat", "happy", "sad", "calm", "pleased",
                "upset", "excited", "tired", "nervous", "mood of the speaker", "sound like"),
    "music": ("music", "song", "genre", "style", "tempo", "bpm", "beat", "key", "instrument", "melody",
              "piano", "guitar", "drum", "violin", "mood"),
    "sounds": ("sound", "background", "noise", "sfx", "effect", "ambient", "hear", "siren", "event",
               "happening", "going on", "environment", "scene", "where"),
    "levels": ("loud", "quiet", "volume", "lufs", "quality", "clipping", "silence", "silent"),
}

# Classes too generic to be worth naming as a background sound.
_GENERIC = {"Silence", "Music", "Speech", "Musical instrument", "Sound effect", "Noise", "Inside, small room",
            "Narration, monologue", "Conversation", "Sine wave", "Harmonic", "Outside, urban or manmade",
            "Outside, rural or natural", "Inside, large room or hall", "Inside, public space"}


_SCENE_WORDS = {"indoor": "an indoor space", "outdoor": "outdoors", "crowd": "a crowd",
                "traffic": "traffic", "nature": "nature"}


def topics_of(question: str) -> list[str]:
    """Topics a question touches, in the order they first appear in it; ['general'] if none."""
    q = question.lower()
    found: list[tuple[int, str]] = []
    for topic, words in TOPICS.items():
        hits = [m.start() for w in words for m in re.finditer(re.escape(w), q)]
        if hits:
            found.append((min(hits), topic))
    return [t for _, t in sorted(found)] or ["general"]


def summarize(ev: Evidence, question: str) -> str:
    """The composer's answer to `question` (a general description when it is empty)."""
    from aural.answer.compose import compose

    return compose(ev, question.strip() or "Describe the clip.")


def keyword_summary(ev: Evidence, question: str) -> str:
    """The first, keyword-topic answerer: one sentence per topic the question touches."""
    topics = topics_of(question)
    if topics == ["general"]:
        topics = ["sounds", "speech", "language", "emotion", "music"]
    sentences: list[str] = []
    for topic in topics:
        s = _SENTENCES[topic](ev)
        if s and s not in sentences:
            sentences.append(s)
    return " ".join(sentences)


def _language(ev: Evidence) -> str:
    lang = ev.speech.language
    if not ev.speech.present or lang is None:
        return "No speech was detected, so there is no spoken language to identify."
    if lang.uncertain:
        return (f"The spoken language is uncertain: the best guess is {lang.name} "
                f"at only {lang.probability:.0%} probability.")
    return f"The speech is in {lang.name} ({lang.probability:.0%} probability)."


def _speech(ev: Evidence) -> str:
    sp = ev.speech
    if not sp.present:
        return "No speech was detected."
    where = span(sp.segments[0].start, sp.segments[-1].end) if sp.segments else ""
    text = sp.text.strip()
    said = f' Transcript: "{_clip_text(text)}"' if text else ""
    return f"There is speech ({sp.speech_seconds:.0f} s in all, {where}).{said}"


def _emotion(ev: Evidence) -> str:
    if ev.voice is None or ev.voice.emotion is None:
        return "There is no speech to judge a speaker's emotion from."
    emo = ev.voice.emotion
    cues = f" Cues: {join_list(emo.cues[:3])}." if emo.cues else ""
    return (f"The speaker sounds {emo.label} (an estimate with {confidence_word(emo.confidence)} "
            f"confidence, {emo.confidence:.0%}).{cues}")


def _music(ev: Evidence) -> str:
    m = ev.music
    if not m.present:
        return "No music was detected."
    where = join_list([span(s.start, s.end) for s in m.spans[:3]])
    text = f"Music plays {where}" if where else "Music is present"
    if m.tempo_bpm:
        text += f" at about {m.tempo_bpm:.0f} BPM"
    text += "."
    if m.key and m.mode:
        text += f" The key sounds like {m.key} {m.mode} ({confidence_word(m.key_confidence)} confidence)."
    if m.instruments:
        text += f" Instruments heard: {join_list([i.label for i in m.instruments[:4]])}."
    if m.genres:
        text += f" Style: {join_list([g.label for g in m.genres[:3]])}."
    if m.moods:
        text += f" Mood: {join_list([x.label for x in m.moods[:2]])}."
    return text


def _sounds(ev: Evidence) -> str:
    notable = notable_events(ev)
    if not notable:
        return "No distinct sound events stand out beyond speech, music or silence."
    items = [f"{e.label.lower()} ({span(e.start, e.end)})" for e in notable[:5]]
    scene = f" The setting sounds like {_SCENE_WORDS.get(ev.scene[0].label, ev.scene[0].label)}." if ev.scene else ""
    return f"Sounds heard: {join_list(items)}.{scene}"


def _levels(ev: Evidence) -> str:
    lv = ev.levels
    loud = f"{lv.integrated_lufs:.0f} LUFS" if lv.integrated_lufs is not None else f"{lv.rms_dbfs:.0f} dBFS RMS"
    clip = " Some samples are clipped." if lv.clipping_ratio > 0.001 else ""
    return (f"Overall loudness is {loud} with a peak at {lv.peak_dbfs:.0f} dBFS; "
            f"{lv.silence_ratio:.0%} of the clip is silent.{clip}")


def notable_events(ev: Evidence) -> list[SoundEvent]:
    """Non-generic events, one per label (its strongest span), strongest first."""
    best: dict[str, SoundEvent] = {}
    for e in ev.events:
        if e.label in _GENERIC or "Speech" in e.groups or "Music" in e.groups:
            continue
        if e.label not in best or e.score > best[e.label].score:
            best[e.label] = e
    return sorted(best.values(), key=lambda e: -e.score)


def timeline(ev: Evidence, max_rows: int = 40) -> list[str]:
    """Readable rows 'start-end  what' in time order, for `aural listen`."""
    rows: list[tuple[float, str]] = []
    for s in ev.speech.segments:
        rows.append((s.start, f"{span(s.start, s.end)}  speech"))
    for t in ev.speech.transcript:
        rows.append((t.start + 0.001, f"{span(t.start, t.end)}    \"{_clip_text(t.text.strip(), 90)}\""))
    for s in ev.music.spans:
        rows.append((s.start, f"{span(s.start, s.end)}  music"))
    for e in ev.events:
        if e.label in ("Speech", "Music"):
            continue
        rows.append((e.start, f"{span(e.start, e.end)}  {e.label} ({e.score:.2f})"))
    rows.sort(key=lambda r: r[0])
    out = [r for _, r in rows[:max_rows]]
    if len(rows) > max_rows:
        out.append(f"... {len(rows) - max_rows} more (use --json for everything)")
    return out


def _clip_text(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_SENTENCES = {
    "language": _language,
    "speech": _speech,
    "emotion": _emotion,
    "music": _music,
    "sounds": _sounds,
    "levels": _levels,
}

__all__ = ["summarize", "keyword_summary", "timeline", "topics_of", "notable_events"]
