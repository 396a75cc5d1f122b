"""Scorers: read an answer as a client would and say whether it is right. Strict: an answer that names
both sides of a choice, or a count it hedges, is wrong.

    count(n)                the first number in the answer (digits or words) is n
    clock_near(t)           the first m:ss in the answer is within 0.5 s of t
    seconds_near(t)         the first duration ("9.5 seconds", "1 minute 5 seconds") is within 0.5 s of t
    first_named(a, b)       sound a is named before sound b (b may be absent)
    yes(expected)           the answer opens with Yes / No as expected
    attribute(spec, truth)  a closed set of values (louder / quieter / steady ...): a yes/no answer must
                            say Yes exactly when the question asserts the true value; any other answer must
                            name the true value and no other one
"""

from __future__ import annotations

import re
from typing import Callable

Scorer = Callable[[str, str], bool]   # (question, answer) -> right?

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"once": 1, "twice": 2, "no": 0, "none": 0})
GENERIC = re.compile(r"^\s*This \d+(?:\.\d+)?-second clip (?:holds|is silent)", re.I)

# How each sound of the corpus may be named in an answer (word starts).
SOUND_WORDS: dict[str, tuple[str, ...]] = {
    "siren": ("siren", "emergency vehicle", "police", "ambulance", "civil defense"),
    "knock": ("knock", "tap", "door", "wood", "thump", "thud"),
    "beep": ("beep", "bleep", "sine", "tone", "buzzer", "alarm", "electronic"),
    "clap": ("clap", "applause", "slap", "smack", "finger snap", "snap"),
    "rain": ("rain", "water", "drip", "splash", "patter"),
    "engine": ("engine", "motor", "idling", "vehicle", "hum", "truck", "rumble", "car"),
    "speech": ("speech", "speak", "voice", "talk", "narrat", "conversation", "man ", "woman"),
    "music": ("music", "song", "piano", "guitar", "drum", "instrument", "organ"),
    "applause": ("applause", "clap", "cheer", "crowd", "audience"),
}


def lead(answer: str) -> str:
    """'yes', 'no', "can't" ... : the answer's first word, lower case, bare."""
    m = re.match(r"\s*([A-Za-z']+)", answer)
    return m.group(1).lower() if m else ""


def _numbers(text: str) -> list[int]:
    text = re.sub(r"\d+:\d{2}(?::\d{2})?", " ", text)             # times
    text = re.sub(r"\d+(?:\.\d+)?-second", " ", text)              # "an 8-second clip"
    out = []
    for tok in re.findall(r"\d+(?:\.\d+)?|[A-Za-z]+", text):
        if tok[0].isdigit():
            out.append(float(tok))
        elif tok.lower() in NUMBER_WORDS and tok.lower() not in ("no", "none"):
            out.append(NUMBER_WORDS[tok.lower()])
    return out


def first_number(answer: str) -> float | None:
    ns = _numbers(answer)
    if not ns and re.match(r"\s*(?:no|none)\b", answer, re.I):
        return 0
    return ns[0] if ns else None


def count(n: int) -> Scorer:
    return lambda q, a: first_number(a) == n


def clock_times(text: str) -> list[float]:
    out = []
    for m in re.finditer(r"(?<![\d.])(\d+):(\d{2})(?::(\d{2}))?(?:\.(\d+))?", text):
        h, mi, s = (0, int(m.group(1)), int(m.group(2))) if m.group(3) is None else \
            (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        frac = float("0." + m.group(4)) if m.group(4) else 0.0
        out.append(h * 3600 + mi * 60 + s + frac)
    return out


def clock_near(t: float, tol: float = 0.5) -> Scorer:
    def score(q: str, a: str) -> bool:
        ts = clock_times(a)
        return bool(ts) and abs(ts[0] - t) <= tol
    return score


def durations(text: str) -> list[float]:
    out = []
    for m in re.finditer(r"(?:(\d+)\s*minutes?\s*)?(\d+(?:\.\d+)?)\s*(?:seconds?|secs?|s)\b|(\d+)\s*minutes?\b", text):
        if m.group(3):
            out.append(60.0 * int(m.group(3)))
        else:
            out.append(60.0 * int(m.group(1) or 0) + float(m.group(2)))
    return out


def seconds_near(t: float, tol: float = 0.5) -> Scorer:
    def score(q: str, a: str) -> bool:
        ds = durations(a)
        return bool(ds) and abs(ds[0] - t) <= tol
    return score


def position(answer: str, sound: str) -> int | None:
    low = answer.lower()
    hits = [m.start() for w in SOUND_WORDS[sound] for m in re.finditer(r"\b" + re.escape(w), low)]
    return min(hits) if hits else None


def first_named(a: str, b: str) -> Scorer:
    """Sound `a` is named in the answer, before `b` if `b` is named at all."""
    def score(q: str, ans: str) -> bool:
        body = re.sub(r"^\s*(?:yes|no)\s*[—,.-]\s*", "", ans, flags=re.I)
        pa, pb = position(body, a), position(body, b)
        return pa is not None and (pb is None or pa < pb)
    return score


def yes(expected: bool) -> Scorer:
    return lambda q, a: lead(a) == ("yes" if expected else "no")


# ---------------------------------------------------------------- closed sets of values

# value: (regex the question uses to assert it, regex the answer uses to state it)
Spec = dict[str, tuple[str, str]]

TREND: Spec = {
    "louder": (r"louder|increas|grow|build|crescendo|fade[sd]? in|\bris(?:e|es|ing)\b|goes up|go up|swell|"
               r"get(?:s|ting)? up|(?:get|gets|getting|become|becomes|grows?) loud\b",
               r"\blouder\b|\bfades? in\b|\bgrows\b|crescendo|\brises\b"),
    "quieter": (r"quieter|softer|decreas|fade[sd]? out|die[sd]? (?:down|away)|goes down|go down|\bdrops?\b|"
                r"diminish|lower|(?:get|gets|getting|become|becomes) (?:quiet|soft)\b",
                r"\bquieter\b|\bsofter\b|\bfades? out\b|dies (?:down|away)"),
    "steady": (r"steady|same|constant|consistent|stable|\beven\b|flat",
               r"stays about level|\bsteady\b|\bconstant\b|does not change|doesn't change"),
}
TREND_CHANGE = (r"chang|vary|varies|fluctuat|dynamic", ("louder", "quieter"))

TEMPO: Spec = {
    "speeds up": (r"speed(?:s|ing)? up|faster|accelera|quicken|picks? up|rush",
                  r"speeds? up|\bfaster\b|accelera"),
    "slows down": (r"slow(?:s|ing)? down|slower|decelerat|\bdrag", r"slows? down|\bslower\b|decelerat"),
    "steady": (r"steady|constant|same|stable|consistent|\beven\b|metronom",
               r"\bsteady\b|stays|\bconstant\b|holds"),
}
TEMPO_CHANGE = (r"chang|vary|varies|drift|shift|fluctuat", ("speeds up", "slows down"))

INTONATION: Spec = {
    "question": (r"question|\bask|\brising|\brises?\b|go(?:es)? up|inquir|interrogat",
                 r"sounds like a question|is a question|asks a question|asking a question"),
    "statement": (r"statement|stating|declar|\bfalling\b|\bfalls?\b|go(?:es)? down",
                  r"sounds like a statement|is a statement|makes a statement|making a statement"),
}

STYLE: Spec = {
    "whisper": (r"whisper", r"(?<!no )(?<!not )whisper(?:s|ing|ed)?\b"),
    "shout": (r"shout|yell|scream", r"(?<!no )(?<!not )(?:shout|yell|scream)(?:s|ing|ed)?\b"),
    "sing": (r"\bsing|sung|sang", r"(?<!no )(?<!not )singing\b|\bsings\b"),
    "laugh": (r"laugh", r"(?<!no )(?<!not )laugh(?:s|ing|ter)\b"),
    "cry": (r"\bcry|crying|sob|weep", r"(?<!no )(?<!not )(?:crying|cries|sobbing)\b"),
    "normal": (r"normal|ordinary|regular|plain|just talk|just speak|calmly",
               r"\btalks\b|speaking normally|normal level|normal voice|ordinary voice"),
}

PHONE: Spec = {
    "phone": (r"phone|\bcall\b|narrow|band-?limited|lo-?fi|muffled|tinny|voip|walkie|voicemail|landline",
              r"phone call|narrow-band|narrow band|like a phone|telephone|over a phone"),
    "full": (r"full[- ]?band|wide ?band|hi-?fi|high[- ]quality|studio[- ]quality|broadcast",
             r"full-band|full band|wide band|wideband"),
}

REVERB: Spec = {
    "reverberant": (r"reverb|echo|\bhall\b|church|cathedral|cave|big room|large room|spacious|boomy|wet",
                    r"strong reverberation|some room reverberation|\bechoing\b|very reverberant|"
                    r"\breverberant\b|a hall\b"),
    "dry": (r"\bdry\b|\bdead\b|close[- ]mic|damped|small room|anechoic|no echo|no reverb",
            r"\bdry\b|little reverberation"),
}

LIVE: Spec = {
    "live": (r"\blive\b|audience|concert|crowd|applau|in front of|\bgig\b|performance|on stage|watching|bootleg",
             r"sounds live|audience is heard|live recording|recorded live|in front of an audience"),
    "studio": (r"studio", r"\bstudio\b"),
}


def asserted(spec: Spec, question: str, change: tuple[str, tuple[str, ...]] | None = None) -> set[str]:
    """The values a yes/no question asks about ("does it get louder?" -> {'louder'})."""
    q = question.lower()
    out = {v for v, (qr, _) in spec.items() if re.search(qr, q)}
    if change and re.search(change[0], q):
        out |= set(change[1])
    return out


# A negated enumeration ("no whispering, shouting or crying", "not a phone line") states nothing.
NEGATED = re.compile(r"\b(?:no|not|nor|without|never)\s+(?:[\w-]+(?:,\s*|\s+or\s+|\s+and\s+))*[\w-]+", re.I)


def stated(spec: Spec, answer: str) -> set[str]:
    kept = NEGATED.sub(" ", answer)
    return {v for v, (_, ar) in spec.items() if re.search(ar, kept, re.I)}


def attribute(spec: Spec, truth: str, change: tuple[str, tuple[str, ...]] | None = None) -> Scorer:
    """Right when a Yes/No lead matches whether the question asserts `truth` (and nothing stated
    contradicts it), or, for any other answer, when the answer states `truth` and no other value."""
    def score(q: str, a: str) -> bool:
        said = stated(spec, a)
        wrong = said - {truth}
        ask = asserted(spec, q, change)
        ld = lead(a)
        if ld in ("yes", "no") and ask and ask != set(spec):
            return ld == ("yes" if truth in ask else "no") and not wrong
        return truth in said and not wrong
    return score


def is_generic(answer: str) -> bool:
    return bool(GENERIC.match(answer))
