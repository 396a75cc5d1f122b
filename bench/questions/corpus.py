"""The labelled clips of the question benchmark and the questions each is asked.

A `Case` is one clip (a recipe from `bench.questions.clips` / `bench.quality.sounds`, rendered once
into a cache folder) and what is true of it; `questions(case, pool, rng)` gives the questions to ask:
a few plain phrasings written here, plus rows of the held-out split whose intent matches (a sound
they name is replaced by the clip's). Every question carries its expected intent and a scorer.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from bench.quality import sounds as S
from bench.quality.corpus import write_wav
from bench.questions import clips as C
from bench.questions import scorers as R
from bench.questions.heldout import Pool

CORPUS_VERSION = 2

STATEMENTS = ["I am coming to the party tonight.", "You remembered to lock the front door.",
              "The train is leaving from platform four."]
QUESTIONS = ["Are you coming to the party tonight?", "Did you remember to lock the front door?",
             "Is the train leaving from platform four?"]
SENTENCES = ["The weather today is sunny and warm, so we will walk to the park after lunch.",
             "Please remember to send the report before the meeting on Thursday morning.",
             "My brother bought a new bicycle and rides it to work every day."]
VOICES = ["en-us", "en", "en-us+f3"]

# How the clips' sounds are named in questions (held-out rows are rewritten with these).
FORMS: dict[str, dict[str, str]] = {
    "knock": {"subject": "someone knock", "noun": "knock", "plural": "knocks", "the": "the knocking", "a": "a knock"},
    "beep": {"subject": "it beep", "noun": "beep", "plural": "beeps", "the": "the beeping", "a": "a beep"},
    "clap": {"subject": "someone clap", "noun": "clap", "plural": "claps", "the": "the clapping", "a": "a clap"},
    "siren": {"subject": "the siren sound", "noun": "siren", "plural": "sirens", "the": "the siren", "a": "a siren"},
}
ASKED = {"siren": "siren", "knock": "knocking", "beep": "beeping", "rain": "rain", "engine": "engine",
         "speech": "speech", "music": "music"}


@dataclass
class Case:
    id: str
    intent: str                      # the family of the case (the table's grouping of clips)
    truth: dict[str, Any]
    make: Callable[[], np.ndarray] = field(repr=False)
    path: str = ""
    duration_s: float = 0.0


@dataclass
class Q:
    intent: str
    text: str
    score: Callable[[str, str], bool] = field(repr=False)
    truth: str
    source: str = "own"              # 'own' or 'held-out'
    original: str | None = None      # the held-out row before its sound was replaced
    also: tuple[str, ...] = ()       # other intents that answer it as well ("which comes first, a or b?")


# ---------------------------------------------------------------- recipes


def _segment(sound: str, seconds: float, seed: int) -> np.ndarray:
    if sound == "siren":
        x = S.siren("wail" if seed % 2 else "yelp", seconds)
    elif sound == "knock":
        x = S.knocking(seconds + 1.0, seed)[int(0.5 * S.SR):]
    elif sound == "beep":
        x = S.beeps(seconds, 1000, 0.3, 0.4)
    elif sound == "rain":
        x = S.rain(seconds, seed)
    elif sound == "engine":
        x = S.engine_hum(seconds, 35, seed)
    elif sound == "speech":
        x = S.speak(SENTENCES[seed % len(SENTENCES)], "en-us")
    elif sound == "music":
        key, mode = [("C", "major"), ("G", "major"), ("A", "minor")][seed % 3]
        x = C.trim_tail(S.song(key, mode, 0, 120, "rock", bars=max(4, int(seconds / 2) + 1)))  # no loop seam
    else:
        raise ValueError(sound)
    x = x if sound == "speech" else S.fit(x, seconds)
    return C.fade_edges(S.normalize(x, 0.6 if sound not in ("rain", "engine") else 0.4))


def _sequence(a: str, b: str, seed: int) -> tuple[np.ndarray, float, float]:
    """Sound a, a short silence, then sound b; the clip and the two start times."""
    rng = random.Random(seed)
    xa, xb = _segment(a, rng.uniform(3.0, 4.5), seed), _segment(b, rng.uniform(3.0, 4.5), seed + 1)
    ta = round(rng.uniform(0.2, 0.8), 2)
    tb = round(ta + len(xa) / S.SR + rng.uniform(0.6, 1.2), 2)
    return C.place(tb + len(xb) / S.SR + 0.5, [(xa, ta), (xb, tb)]), ta, tb


def _with_applause(song: np.ndarray, seed: int) -> np.ndarray:
    clap = S.applause(5.0, seed)
    env = np.minimum(1, np.minimum(np.arange(len(clap)), len(clap) - np.arange(len(clap))) / (0.8 * S.SR))
    return np.concatenate([S.normalize(C.trim_tail(song), 0.7), 0.6 * S.normalize(clap * env, 1.0)]).astype(np.float32)


def cases(seed: int, quick: bool) -> list[Case]:
    rng = random.Random(seed)
    out: list[Case] = []
    # Counting: n bursts, some over background noise.
    count_plan = ([("knock", 3, None), ("knock", 5, 15), ("beep", 4, None), ("beep", 6, 12), ("clap", 2, None),
                   ("clap", 5, 18)] if quick else
                  [(k, rng.randint(2, 7), None if i % 2 == 0 else rng.randint(10, 20))
                   for k in ("knock", "beep", "clap") for i in range(6)])
    for i, (kind, n, snr) in enumerate(count_plan):
        def make(kind=kind, n=n, snr=snr, s=seed + i):
            y, _ = C.burst_train(kind, n, s)
            return y if snr is None else C.add_noise(y, snr, s, "pink" if s % 2 else "white")
        out.append(Case(f"count-{kind}-{n}{'' if snr is None else f'-{snr}db'}-{i}", "event_count",
                        {"sound": kind, "count": n, "snr_db": snr, "onsets": C.burst_train(kind, n, seed + i)[1]}, make))
    # Order: sound a, then sound b.
    pairs = [("siren", "knock"), ("speech", "music"), ("rain", "beep")]
    if not quick:
        pairs += [("music", "speech"), ("knock", "siren"), ("beep", "rain"), ("engine", "speech"), ("knock", "music")]
    for i, (a, b) in enumerate(pairs):
        seq_seed = seed * 100 + i
        out.append(Case(f"order-{a}-then-{b}-{i}", "order", {"first": a, "last": b},
                        lambda a=a, b=b, s=seq_seed: _sequence(a, b, s)[0]))
    # Loudness trend: a sound ramped up or down by 18 dB, or steady.
    plan = [("engine", "louder"), ("rain", "quieter"), ("music", "steady")] if quick else \
        [(s, t) for s in ("engine", "rain", "music") for t in ("louder", "quieter", "steady")]
    for i, (base, trend) in enumerate(plan):
        db = {"louder": (-18, 0), "quieter": (0, -18), "steady": (0, 0)}[trend]
        out.append(Case(f"trend-{base}-{trend}-{i}", "loudness_trend", {"trend": trend},
                        lambda base=base, db=db, s=seed + i: C.ramp(_segment(base, 10.0, s), *db)))
    # Tempo: 20 s at one tempo, then 20 s at another (or the same); the engine's tempo curve needs two
    # 15 s windows of music.
    plan = [(90, 140, 0), (120, 120, 25)] if quick else \
        [(90, 140, 0), (140, 90, 25), (100, 100, 0), (100, 150, 25), (150, 100, 0), (130, 130, 25)]
    for i, (b0, b1, prog) in enumerate(plan):
        trend = "speeds up" if b1 > b0 else "slows down" if b1 < b0 else "steady"
        key, mode = [("C", "major"), ("A", "minor"), ("G", "major")][i % 3]
        out.append(Case(f"tempo-{b0}-{b1}-{i}", "tempo_change", {"tempo": trend, "bpm": [b0, b1]},
                        lambda b0=b0, b1=b1, p=prog, k=key, m=mode: C.stepped_song(k, m, p, b0, b1)))
    # Question vs statement.
    n = 1 if quick else 3
    for i in range(n):
        for kind, texts in (("question", QUESTIONS), ("statement", STATEMENTS)):
            text, voice = texts[(i + seed) % 3], VOICES[i % 3]
            out.append(Case(f"intonation-{kind}-{i}", "question_intonation",
                            {"intonation": kind, "text": text, "words": len(text.split())},
                            lambda t=text, v=voice: S.speak(t, v)))
    # Whispering vs talking.
    for i in range(n):
        text = SENTENCES[(i + seed) % 3]
        out.append(Case(f"style-whisper-{i}", "speaking_style", {"style": "whisper", "text": text},
                        lambda t=text, v=["en-us+whisper", "en+whisperf", "en-us+whisper"][i % 3]: S.speak(t, v, 150)))
        out.append(Case(f"style-normal-{i}", "speaking_style", {"style": "normal", "text": text,
                                                               "words": len(text.split())},
                        lambda t=text, v=VOICES[i % 3]: S.speak(t, v)))
    # Telephone band vs full band.
    for i in range(n):
        text = SENTENCES[(i + seed + 1) % 3]
        out.append(Case(f"phone-narrow-{i}", "phone_quality", {"phone": "phone", "text": text},
                        lambda t=text, v=VOICES[i % 3], s=seed + i: C.telephone(S.speak(t, v), s)))
        out.append(Case(f"phone-full-{i}", "phone_quality", {"phone": "full", "text": text, "words": len(text.split())},
                        lambda t=text, v=VOICES[(i + 1) % 3]: S.speak(t, v)))
    # Dry vs reverberant (a hall-like decay of 1.0-2.0 s).
    for i in range(n):
        rt = round(rng.uniform(1.0, 2.0), 2)
        src = "speech" if i % 2 == 0 else "knock"
        out.append(Case(f"reverb-hall-{src}-{i}", "reverb", {"reverb": "reverberant", "rt60_s": rt},
                        lambda src=src, rt=rt, s=seed + i: C.reverberate(_segment(src, 7.0, s), rt, s)))
        src2 = "knock" if src == "speech" else "speech"
        out.append(Case(f"reverb-dry-{src2}-{i}", "reverb", {"reverb": "dry"},
                        lambda src=src2, s=seed + i: _segment(src, 7.0, s)))
    # Live (a song, then applause) vs studio (the song alone).
    for i in range(n):
        key, mode = KEYS_LIVE[i % 3]
        out.append(Case(f"live-applause-{i}", "live_studio", {"live": "live"},
                        lambda k=key, m=mode, s=seed + i: _with_applause(S.song(k, m, [0, 25, 19][s % 3], 120, "rock"), s)))
        out.append(Case(f"live-studio-{i}", "live_studio", {"live": "studio"},
                        lambda k=key, m=mode, s=seed + i:
                        S.normalize(C.trim_tail(S.song(k, m, [0, 25, 19][s % 3], 120, "rock")), 0.7)))
    # When a sound starts.
    plan = [("siren", 2.7, True), ("beep", 4.2, False)] if quick else \
        [(s, round(rng.uniform(1.5, 6.0), 2), bed) for s in ("siren", "beep", "siren") for bed in (True, False)]
    for i, (sound, start, bed) in enumerate(plan):
        dur = 3.5
        out.append(Case(f"timing-{sound}-{start}{'-rain' if bed else ''}-{i}", "sound_timing",
                        {"sound": sound, "start": start, "end": start + dur},
                        lambda sound=sound, start=start, bed=bed, s=seed + i, dur=dur:
                        C.place(start + dur + 2.0, [(_segment(sound, dur, s), start)],
                                0.08 * S.normalize(S.rain(10, s), 1.0) if bed else None)))
    return out


KEYS_LIVE = [("C", "major"), ("E", "minor"), ("F", "major")]


def materialize(cs: list[Case], folder: Path, progress: Callable[[int, int], None] | None = None) -> None:
    """Render every case not yet in `folder` (keyed by corpus version and seed); fill path and duration."""
    import wave

    folder.mkdir(parents=True, exist_ok=True)
    for i, case in enumerate(cs):
        path = folder / f"{case.id}.wav"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            write_wav(tmp, case.make())
            tmp.rename(path)
        case.path = str(path)
        with wave.open(str(path)) as w:
            case.duration_s = w.getnframes() / w.getframerate()
        if progress:
            progress(i + 1, len(cs))
    (folder / "manifest.json").write_text(json.dumps(
        [{"id": c.id, "intent": c.intent, "truth": c.truth, "duration_s": c.duration_s} for c in cs], indent=1))


# ---------------------------------------------------------------- questions


def _own(intent: str, phrasings: list[tuple[str, Callable[[str, str], bool], str]], k: int,
         rng: random.Random) -> list[Q]:
    picked = rng.sample(phrasings, min(k, len(phrasings)))
    return [Q(intent, text, sc, truth) for text, sc, truth in picked]


def _held(pool: Pool, intent: str, k: int, score: Callable[[str, str], bool], truth: str,
          forms: dict[str, str] | None = None, reject: str | None = None) -> list[Q]:
    return [Q(intent, asked, score, truth, "held-out", orig if asked != orig else None)
            for asked, orig in pool.draw(intent, k, forms, reject)]


# A clip-length question must not ask about a part (the speech, the song, a pause).
_PART = r"speech|speak|talk|voice|sing|music|song|silen|pause|quiet|word"


_STOP = re.compile(r"\b(?:stop|end|finish|over|cease|die)", re.I)


def _timing(start: float, end: float) -> Callable[[str, str], bool]:
    """Within 0.5 s of the start (or, asked when it stops, of the end: the second time of 'from a to b')."""
    def score(q: str, a: str) -> bool:
        ts = R.clock_times(a)
        if _STOP.search(q):
            t = ts[1] if len(ts) >= 2 else (ts[0] if ts else None)
            return t is not None and abs(t - end) <= 0.5
        return bool(ts) and abs(ts[0] - start) <= 0.5
    return score


def questions(case: Case, pool: Pool, rng: random.Random, index: int) -> list[Q]:
    t = case.truth
    qs: list[Q] = []
    if case.intent == "event_count":
        sound, n = t["sound"], t["count"]
        own = {"knock": ["How many times does someone knock?", "How many knocks are there?", "Count the knocks."],
               "beep": ["How many beeps do you hear?", "How many times does it beep?", "Count the beeps."],
               "clap": ["How many times does someone clap?", "How many claps are there?", "Count the claps."]}[sound]
        qs += _own("event_count", [(x, R.count(n), str(n)) for x in own], 2, rng)
        qs += _held(pool, "event_count", 1, R.count(n), str(n), FORMS[sound])
        qs += _held(pool, "event_count", 1, R.count(n), str(n))
    elif case.intent == "order":
        a, b = t["first"], t["last"]
        na, nb = ASKED[a], ASKED[b]
        first, last = R.first_named(a, b), R.first_named(b, a)
        qs += _own("order_first", [("What sound comes first?", first, a), ("What do you hear first?", first, a)], 1, rng)
        qs += _own("order_last", [("What sound is heard last?", last, b), ("What comes at the end?", last, b)], 1, rng)
        if index % 2:
            qs.append(Q("order_relative", f"Does the {nb} come before the {na}?", R.yes(False), "no"))
        else:
            qs.append(Q("order_relative", f"Does the {na} come before the {nb}?", R.yes(True), "yes"))
        qs.append(Q("order_relative", f"Which comes first, the {na} or the {nb}?", first, a, also=("order_first",)))
        qs += _held(pool, "order_first", 1, first, a)
        qs += _held(pool, "order_last", 1, last, b)
    elif case.intent == "loudness_trend":
        sc = R.attribute(R.TREND, t["trend"], R.TREND_CHANGE)
        qs += _own("loudness_trend", [(x, sc, t["trend"]) for x in
                                      ["Does it get louder over time?", "Does the sound get quieter towards the end?",
                                       "How does the volume change over the clip?"]], 2, rng)
        qs += _held(pool, "loudness_trend", 2, sc, t["trend"])
    elif case.intent == "tempo_change":
        sc = R.attribute(R.TEMPO, t["tempo"], R.TEMPO_CHANGE)
        qs += _own("tempo_change", [(x, sc, t["tempo"]) for x in
                                    ["Does the tempo change?", "Does the music speed up or slow down?",
                                     "Is the beat steady throughout?"]], 2, rng)
        qs += _held(pool, "tempo_change", 2, sc, t["tempo"])
    elif case.intent == "question_intonation":
        sc = R.attribute(R.INTONATION, t["intonation"])
        qs += _own("question_intonation", [(x, sc, t["intonation"]) for x in
                                           ["Is the speaker asking a question?", "Is this a question or a statement?",
                                            "Does the voice rise at the end?"]], 2, rng)
        qs += _held(pool, "question_intonation", 2, sc, t["intonation"])
    elif case.intent == "speaking_style":
        sc = R.attribute(R.STYLE, t["style"])
        qs += _own("speaking_style", [(x, sc, t["style"]) for x in
                                      ["Is the person whispering?", "How is the person speaking?",
                                       "Is she whispering or talking normally?"]], 2, rng)
        qs += _held(pool, "speaking_style", 2, sc, t["style"])
    elif case.intent == "phone_quality":
        sc = R.attribute(R.PHONE, t["phone"])
        qs += _own("phone_quality", [(x, sc, t["phone"]) for x in
                                     ["Is this a phone call?", "Does this sound like it was recorded over a telephone?",
                                      "Is the audio narrow-band, like a phone line?"]], 2, rng)
        qs += _held(pool, "phone_quality", 1, sc, t["phone"])
    elif case.intent == "reverb":
        sc = R.attribute(R.REVERB, t["reverb"])
        qs += _own("reverb", [(x, sc, t["reverb"]) for x in
                              ["Is there reverb on this recording?", "Does it sound like a big echoing room?",
                               "Is the recording dry or reverberant?"]], 2, rng)
        qs += _held(pool, "reverb", 2, sc, t["reverb"])
    elif case.intent == "live_studio":
        sc = R.attribute(R.LIVE, t["live"])
        qs += _own("live_studio", [(x, sc, t["live"]) for x in
                                   ["Is this a live recording?", "Was this recorded live or in a studio?",
                                    "Is there an audience?"]], 2, rng)
        qs += _held(pool, "live_studio", 2, sc, t["live"])
    elif case.intent == "sound_timing":
        sound, name = t["sound"], ASKED[t["sound"]]
        sc = _timing(t["start"], t["end"])
        truth = f"{t['start']:.2f}-{t['end']:.2f} s"
        qs += _own("sound_timing", [(x, sc, truth) for x in
                                    [f"When does the {name} start?", f"At what time does the {name} begin?",
                                     f"When can you first hear the {name}?"]], 2, rng)
        qs += _held(pool, "sound_timing", 2, sc, truth, FORMS[sound])
    # Word counts on clean, normal speech whose text is known.
    if "words" in t:
        n = t["words"]
        qs += _own("word_count", [(x, R.count(n), str(n)) for x in
                                  ["How many words are spoken?", "How many words does the speaker say?"]], 1, rng)
        qs += _held(pool, "word_count", 1, R.count(n), str(n))
    # The clip's length, on every third clip.
    if index % 3 == 0:
        d = case.duration_s
        qs += _own("duration", [(x, R.seconds_near(d), f"{d:.2f} s") for x in
                                ["How long is this clip?", "What's the duration of the recording?",
                                 "How many seconds long is this audio?"]], 1, rng)
        qs += _held(pool, "duration", 1, R.seconds_near(d), f"{d:.2f} s", reject=_PART)
    return qs
