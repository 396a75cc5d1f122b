"""The held-out question split (`aural/answer/data/questions_test.tsv`: text, intents joined by '+'):
intent accuracy of `parse_question`, and the rows each labelled clip is asked (sounds they name
replaced by the clip's own)."""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from pathlib import Path

import aural.answer

TEST_SPLIT = Path(aural.answer.__file__).resolve().parent / "data" / "questions_test.tsv"


def load(path: Path = TEST_SPLIT) -> list[tuple[str, list[str]]]:
    """(text, [intent, ...]) per row; [] when the split is not there."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["text"], [i for i in r["intents"].split("+") if i]) for r in rows if r.get("text")]


def intent_accuracy(rows: list[tuple[str, list[str]]]) -> tuple[dict, list[dict]]:
    """Overall exact-sequence and first-intent accuracy, and per intent (rows whose expected list holds
    it): rows, exact accuracy, found (the prediction holds it). Also the misread rows."""
    from aural.answer.question import parse_question

    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    exact = first = 0
    misses: list[dict] = []
    for text, want in rows:
        got = parse_question(text).intents
        ok = got == want
        exact += ok
        first += bool(got) and got[0] == want[0]
        for i in set(want):
            c = per[i]
            c[0] += 1
            c[1] += ok
            c[2] += i in got
        if not ok:
            misses.append({"text": text, "expected": want, "got": got})
    n = len(rows) or 1
    summary = {"rows": len(rows), "exact": round(exact / n, 4), "first": round(first / n, 4),
               "per_intent": {i: {"rows": c[0], "accuracy": round(c[1] / c[0], 4), "found": round(c[2] / c[0], 4)}
                              for i, c in sorted(per.items())}}
    return summary, misses


# ---------------------------------------------------------------- rows asked of the clips

_WINDOW = re.compile(r"\b(?:first|last|final|opening|closing)\s+(?:\d+|few|couple|half|minute|second|part|bit)|"
                     r"\bin the (?:middle|beginning|end)\b|\b\d+\s*(?:s|sec|seconds?|minutes?)\b|\bhalf\b|\d+:\d\d",
                     re.I)
_SOUND_NOUN = (r"dog|cat|bird|cow|rooster|goat|sheep|horse|bell|door|horn|car|truck|siren|alarm|engine|gun|gunshot|"
               r"phone|baby|guitar|drum|piano|train|knock|beep|clap|hammer|glass|firework|thunder|whistle|frog|"
               r"duck|chicken|crow|owl|wolf|lion|pig|clock|toilet|kettle|cough|sneeze|laugh|scream|bang|honk|"
               r"chirp|bark|meow|moo|ring|tick|slam|drip|footstep|step|crash|shot|explosion|snore|buzzer|applause|clapping|"
               r"rain|wind|water|traffic|crowd|noise|hum|motor|vehicle|helicopter|plane|airplane")
_NOUN_VERB = re.compile(rf"\b(?:the |a |an |that |this |da )?(?:{_SOUND_NOUN})(?:s|es|ing)?(?: (?:bark|meow|chirp|ring|moo|honk|knock|beep|"
                        rf"clap|slam|tick|crow|sound|go(?:es)? off|chime|buzz|hoot|quack|neigh|oink|growl|howl)"
                        rf"(?:s|ed|ing)?)?\b", re.I)
JUNK_TEXT = re.compile(r"\bjson\b|\{", re.I)


def _names_sound(text: str) -> bool:
    return bool(_NOUN_VERB.search(text))


def substitute(text: str, forms: dict[str, str]) -> str | None:
    """`text` with the one sound it names replaced by the clip's (`forms`: 'subject' e.g. 'someone knock'
    / 'the beep', 'noun' 'knock', 'plural' 'knocks'); None when it names none or several."""
    hits = list(_NOUN_VERB.finditer(text))
    if len(hits) != 1:
        return None
    m = hits[0]
    span = m.group(0)
    words = span.lower().split()
    if words[0] in ("the", "a", "an", "that", "this", "da"):
        words = words[1:]
    if len(words) >= 2:                          # "the dog bark(s)" -> "someone knock(s)"
        rep = forms["subject"] + ("s" if words[-1].endswith("s") and not words[-1].endswith("ss") else "")
    elif words[0].endswith("ing"):
        rep = forms["the"] if span.lower().split()[0] in ("the", "that", "this", "da") else forms["the"][4:]
    elif words[0].endswith("s") and not words[0].endswith("ss"):
        rep = forms["plural"]                   # "barks" -> "knocks"
    else:
        rep = forms["the"] if span.lower().split()[0] in ("the", "that", "this", "da") else forms["noun"]
        if span.lower().startswith(("a ", "an ")):
            rep = forms["a"]
    return text[: m.start()] + rep + text[m.end():]


class Pool:
    """Held-out rows by intent (single-intent rows only, no window, no JSON), drawn without repeats
    until a pool runs dry, then again in a new order."""

    def __init__(self, rows: list[tuple[str, list[str]]], seed: int) -> None:
        self.rng = random.Random(seed)
        self.by_intent: dict[str, list[str]] = defaultdict(list)
        for text, intents in rows:
            if len(intents) == 1 and not _WINDOW.search(text) and not JUNK_TEXT.search(text):
                self.by_intent[intents[0]].append(text)
        self.queues: dict[tuple, list[str]] = {}

    def draw(self, intent: str, k: int, forms: dict[str, str] | None = None,
             reject: str | None = None) -> list[tuple[str, str]]:
        """Up to `k` (asked text, original text) for `intent`: rows naming no sound, or - when `forms`
        is given - rows naming one sound, rewritten to name the clip's; none matching `reject`."""
        key = (intent, forms is not None, reject)
        out: list[tuple[str, str]] = []
        for _ in range(2):
            q = self.queues.get(key)
            if not q:
                cands = [t for t in self.by_intent.get(intent, []) if (forms is not None) == _names_sound(t)
                         and not (reject and re.search(reject, t, re.I))]
                self.rng.shuffle(cands)
                self.queues[key] = q = cands
            while q and len(out) < k:
                t = q.pop()
                asked = substitute(t, forms) if forms is not None else t
                if asked:
                    out.append((asked, t))
            if len(out) >= k:
                break
        return out
