"""Questions for each case, from templates in several phrasings, each with its scorer.

A `Question` knows its type (the table's row), the text asked, and `score(answer) -> bool`.
Scorers read the answer as a client would: the first token for options and yes/no, numbers for
tempo, names for languages, keys and instruments, the shape for format directives.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from typing import Callable

from aural.listen.speech import LANGUAGE_NAMES
from bench.quality.corpus import Case

SOUND_WORDS: dict[str, tuple[str, ...]] = {
    "siren": ("siren", "emergency vehicle", "police car", "ambulance", "fire engine"),
    "alarm": ("alarm", "beep", "bleep", "buzzer", "smoke detector", "siren"),
    "beep": ("beep", "bleep", "alarm", "tone", "sine", "buzzer"),
    "engine": ("engine", "motor", "idling", "vehicle", "hum", "truck", "car", "rumble", "boat", "aircraft"),
    "rain": ("rain", "water", "waterfall", "drip", "stream", "splash"),
    "wind": ("wind", "rustl", "breeze", "noise"),
    "applause": ("applause", "clapping", "cheering", "crowd"),
    "knock": ("knock", "tap", "door", "wood", "thump", "thud"),
}
# How a client might name each sound in a yes/no question.
SOUND_ASKED = {"siren": ["a siren", "a cop car", "an ambulance"], "alarm": ["an alarm"], "beep": ["beeping"],
               "engine": ["an engine", "a motor running"], "rain": ["rain"], "wind": ["wind"],
               "applause": ["applause", "clapping"], "knock": ["knocking", "someone knocking on a door"]}
INSTRUMENT_WORDS = {"piano": ("piano", "keyboard", "harpsichord"), "guitar": ("guitar",),
                    "organ": ("organ",), "violin": ("violin", "fiddle", "bowed"),
                    "strings": ("string", "violin", "cello", "orchestra", "bowed"),
                    "flute": ("flute", "wind instrument", "woodwind"), "trumpet": ("trumpet", "brass", "horn")}
# Words that must not appear in a description unless the clip holds them.
DISTRACTORS = {"siren": "siren", "dog": "dog", "applause": "applause", "rain": "rain", "piano": "piano",
               "violin": "violin", "guitar": "guitar", "trumpet": "trumpet", "gunshot": "gunshot",
               "baby": "baby", "laughter": "laugh", "thunder": "thunder"}
ENHARMONIC = {"A#": "Bb", "C#": "Db", "D#": "Eb", "F#": "Gb", "G#": "Ab"}
UNSURE = ("uncertain", "not sure", "unclear", "can't tell", "cannot tell", "low confidence", "unsure",
          "hard to tell", "no confidence", "only a guess", "doubt")


@dataclass(frozen=True)
class Question:
    type: str
    text: str
    score: Callable[[str], bool]
    options: tuple[str, ...] = ()


def words(text: str) -> list[str]:
    return text.split()


def first_token(text: str) -> str:
    return words(text)[0].strip(".,;:!—-\"'()").lower() if text.strip() else ""


def sentence_count(text: str) -> int:
    bare = re.sub(r'"[^"]*"', '"…"', text.strip())
    return len([s for s in re.split(r"(?<=[.!?…\"])\s+(?=[A-Z0-9\"'])", bare) if s.strip()])


def has_any(text: str, needles: tuple[str, ...] | list[str]) -> bool:
    low = text.lower()
    return any(n in low for n in needles)


def yes_no(expected: bool) -> Callable[[str], bool]:
    return lambda a: first_token(a) == ("yes" if expected else "no")


def numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"(?<![\d.])(\d{2,3}(?:\.\d+)?)\s*(?:bpm|beats)", text.lower())]


def tempo_ok(truth: float) -> Callable[[str], bool]:
    return lambda a: any(abs(n - truth) <= 0.04 * truth for n in numbers(a))


def key_ok(key: str, mode: str) -> Callable[[str], bool]:
    names = {key, ENHARMONIC.get(key, key)}
    return lambda a: any(re.search(rf"\b{re.escape(n)}\s+{mode}\b", a, re.I) for n in names)


def option(expected: str) -> Callable[[str], bool]:
    return lambda a: first_token(a) == expected.lower()


def questions_for(case: Case, rng: random.Random) -> list[Question]:
    t = case.truth
    qs: list[Question] = []
    pick = rng.choice
    # Presence, asked of every clip.
    qs.append(Question("speech presence", pick(["Is there any speech in this clip?", "Does anyone speak?",
                                                "Is someone talking in this recording?"]), yes_no(t["speech"])))
    qs.append(Question("music presence", pick(["Is there music in this clip?", "Is any music playing?",
                                               "Does this recording contain music?"]), yes_no(t["music"])))
    # Sound events: the ones present (yes), and one absent (no).
    for label in t["sounds"]:
        qs.append(Question("sound events", f"Is there {pick(SOUND_ASKED[label])} in this clip?", yes_no(True)))
        qs.append(Question("sound events", pick(["What background sounds can you hear?",
                                                 "Which sound effects are in this clip?",
                                                 "What sounds do you hear besides speech?"]),
                           lambda a, w=SOUND_WORDS[label]: has_any(a, w)))
    absent = [s for s in SOUND_ASKED if s not in t["sounds"] and not ({s, *t["sounds"]} <= {"siren", "alarm", "beep"})]
    qs.append(Question("sound events", f"Can you hear {pick(SOUND_ASKED[pick(absent)])}?", yes_no(False)))
    # Language.
    if t["speech"] and t["language"]:
        text = pick(["What language is spoken?", "Which language is the speaker using?",
                     "In what language is this recording?"])
        if t.get("language_known", True):
            name = LANGUAGE_NAMES[t["language"]]
            qs.append(Question("language", text, lambda a, n=name: n.lower() in a.lower()))
        else:
            qs.append(Question("language", text, lambda a: has_any(a, UNSURE)))
    # Tempo, key, mode, instrument.
    if t["tempo"]:
        qs.append(Question("tempo", pick(["What is the tempo in BPM?", "How fast is the beat, in beats per minute?",
                                          "What's the BPM?"]), tempo_ok(float(t["tempo"]))))
    if t["key"]:
        qs.append(Question("key/mode", pick(["What key is this piece in?", "What is the musical key?"]),
                           key_ok(t["key"], t["mode"])))
        opts = ["major", "minor"]
        qs.append(Question("key/mode", "Is it in a major or a minor key? One word.", option(t["mode"]), tuple(opts)))
    if t["instrument"]:
        qs.append(Question("instrument", pick(["Which instrument is playing?", "What instrument do you hear?",
                                               "Name the lead instrument."]),
                           lambda a, w=INSTRUMENT_WORDS[t["instrument"]]: has_any(a, w)))
        other = pick([i for i in ("piano", "violin", "guitar", "flute", "trumpet", "organ") if i != t["instrument"]
                      and not (t["instrument"] == "strings" and i == "violin")])
        truth_word = "violin" if t["instrument"] == "strings" else t["instrument"]
        pair = [truth_word, other]
        rng.shuffle(pair)
        qs.append(Question("instrument", f"Is this a {pair[0]} or a {pair[1]}? One word.", option(truth_word),
                           tuple(pair)))
    # Emotion and tone, where the truth is known.
    if t["rate"]:
        qs.append(Question("emotion/tone", "Is the speaker talking fast or slow? One word.", option(t["rate"]),
                           ("fast", "slow")))
    if t["pitch"]:
        qs.append(Question("emotion/tone", "Is the voice high or low? One word.", option(t["pitch"]),
                           ("high", "low")))
    if t["emotion"]:
        emo = {"amused": "happy", "sleepy": "tired"}.get(t["emotion"], t["emotion"])
        if case.kind.endswith("emodb"):
            opts = ("angry", "happy", "sad", "bored", "fearful", "disgusted", "neutral")
        else:
            opts = ("angry", "happy", "neutral", "tired")
        if emo in opts:
            qs.append(Question("emotion/tone", f"Is the speaker {', '.join(opts[:-1])}, or {opts[-1]}? "
                               "One word, then a one-sentence justification.", option(emo), opts))
    # Format: one directive per clip.
    fmt = pick(["one sentence", "two sentences", "json", "list", "one word"])
    if fmt == "one sentence":
        qs.append(Question("format", "Describe this clip in one sentence.", lambda a: sentence_count(a) == 1))
    elif fmt == "two sentences":
        qs.append(Question("format", "In exactly two sentences, what do you hear?", lambda a: sentence_count(a) == 2))
    elif fmt == "json":
        qs.append(Question("format", "What do you hear? Answer in JSON.", _is_json))
    elif fmt == "list":
        qs.append(Question("format", "List the sounds you can hear.",
                           lambda a: any(line.lstrip().startswith(("-", "•", "1.")) for line in a.splitlines())))
    else:
        qs.append(Question("format", "Is there music? Answer with one word.", lambda a: len(words(a)) == 1))
    # No hallucination: a description names nothing the clip does not hold.
    present = set(t["sounds"]) | ({t["instrument"]} if t["instrument"] else set())
    if t["instrument"] == "strings":
        present.add("violin")
    banned = [w for k, w in DISTRACTORS.items() if k not in present]
    qs.append(Question("no hallucination", "Describe what you hear.", lambda a, b=banned: not has_any(a, b)))
    return qs


def _is_json(answer: str) -> bool:
    try:
        json.loads(answer)
        return True
    except ValueError:
        return False
