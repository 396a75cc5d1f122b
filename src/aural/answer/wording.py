"""Every text helper of the answer layer: times, confidences, lists, articles, plurals, numbers, clipping."""

from __future__ import annotations

import re

from aural.timecode import clock  # re-exported: answers print clock times through wording

_KEEP_CASE = re.compile(r"^(?:[A-Z]{2,}|I\b|[A-Z][a-z]+ish\b|English|French|German|Spanish|Italian|Portuguese|"
                        r"Dutch|Russian|Chinese|Japanese|Korean|Arabic|Hindi|Polish|Turkish|Swedish|Greek|Czech|"
                        r"Ukrainian|Hebrew|Finnish|Catalan|Vietnamese|Indonesian|Malay|Persian|Urdu|Uzbek|"
                        r"[A-G](?:#|b)? (?:major|minor)|YAMNet|Whisper)")

# Number words, the one table: read in questions ('the first five seconds', 'in three sentences'; each
# reader adds its own words such as 'a few' or 'several') and written in answers (NUMBER_WORDS).
CARDINALS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
             "fifty": 50}
# How answers write a count: 'no', then 'one' ... 'twelve'; digits above.
NUMBER_WORDS = {0: "no"} | {n: w for w, n in CARDINALS.items() if 1 <= n <= 12}

# Names read as mass nouns (no article): 'rain', 'applause', 'white noise'.
_UNCOUNTABLE = {"applause", "rain", "music", "speech", "water", "wind", "static", "white", "pink", "brown",
                "traffic", "laughter", "thunder", "silence", "noise", "cheering", "typing", "crackle", "hubbub",
                "chatter", "fire", "fireworks", "gunfire", "singing", "clapping", "rustling", "breathing",
                "snoring", "footsteps", "hum", "buzz", "rumble", "environmental", "speech-like", "birdsong",
                "babble", "shouting", "screaming", "whispering", "crying", "coughing", "sneezing", "knocking",
                "beeping", "hammering", "sawing", "running", "room", "outdoor", "street", "poultry", "insects",
                "birds", "gunshots", "scraping", "clicking", "splashing", "tapping", "chewing", "humming"}


def span(start: float, end: float) -> str:
    return f"{clock(start)}-{clock(end)}"


def when(spans: list[tuple[float, float]] | tuple[tuple[float, float], ...]) -> str:
    """'from 0:03 to 0:11' (and up to two more spans)."""
    spans = list(spans)
    parts = [f"from {clock(a)} to {clock(b)}" if clock(a) != clock(b) else f"at {clock(a)}" for a, b in spans[:3]]
    more = f" (and {len(spans) - 3} more times)" if len(spans) > 3 else ""
    return join_list(parts) + more


def confidence_word(p: float) -> str:
    if p >= 0.8:
        return "high"
    if p >= 0.5:
        return "moderate"
    return "low"


def conf(p: float) -> str:
    return f"{confidence_word(p)} confidence"


def pct(p: float) -> str:
    return f"{p:.0%}"


def join_list(items: list[str], conj: str = "and") -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def has_article(name: str) -> bool:
    return bool(re.match(r"^(?:a|an|the|some|no)\s", name))


def article(name: str) -> str:
    """'siren' -> 'a siren', 'rain' -> 'rain', 'a dog barking' stays."""
    if not name or has_article(name):
        return name
    words = name.split(" ")
    first, last = words[0], words[-1]
    if first in _UNCOUNTABLE or first.endswith("ing") or is_plural(first) or \
            (len(words) > 1 and is_plural(last) and not last.endswith("us")):
        return name
    return ("an " if name[:1] in "aeiou" else "a ") + name


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 time', '3 times'; numbers up to twelve in words."""
    noun = word if n == 1 else (many or (word + "es" if word.endswith(("s", "sh", "ch", "x")) else word + "s"))
    return f"{NUMBER_WORDS.get(n, str(n))} {noun}"


def is_plural(phrase: str) -> bool:
    return phrase.endswith("s") and not phrase.endswith(("ss", "us", "is"))


def sentence_case(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def without_yes_no(s: str) -> str:
    """A writer's sentence without its own leading 'Yes —' / 'No —', for when another lead answers."""
    s2 = re.sub(r"^(?:Yes|No)\s*[—,-]\s*", "", s)
    return sentence_case(s2) if s2 != s else s


def lower_first(s: str) -> str:
    if not s or _KEEP_CASE.match(s):
        return s
    return s[:1].lower() + s[1:]


def clip_text(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def seconds(t: float) -> str:
    """'0.4 seconds', '12 seconds', '2 minutes 5 seconds'."""
    if t < 10:
        v = f"{t:.1f}".rstrip("0").rstrip(".")
        return f"{v} second" + ("" if v == "1" else "s")
    if t < 120:
        return f"{t:.0f} seconds"
    m, s = divmod(int(round(t)), 60)
    return f"{m} minutes" + (f" {s} seconds" if s else "")


__all__ = ["clock", "span", "when", "confidence_word", "conf", "pct", "join_list", "article", "plural",
           "is_plural", "sentence_case", "without_yes_no", "lower_first", "clip_text", "seconds", "CARDINALS",
           "NUMBER_WORDS"]
