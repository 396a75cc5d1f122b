"""A number a question compares against: 'more than three times', 'at least 3 knocks', 'fewer than ten
words', 'longer than 10 seconds', 'faster than 120 BPM', 'three times or more'. Pure text, no evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aural.answer.wording import CARDINALS

_NUMBERS = CARDINALS | {"a": 1, "an": 1, "once": 1, "twice": 2, "thrice": 3, "a single": 1, "a couple of": 2,
                        "a dozen": 12, "a hundred": 100, "half a": 0.5}
_NUM = r"(?P<n>\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in _NUMBERS), key=len, reverse=True)) + r")"
# Comparators before the number: (words, operator), each before any shorter one inside it ("no more than").
_BEFORE = (("no more than", "<="), ("not more than", "<="), ("no fewer than", ">="), ("no less than", ">="),
           ("not less than", ">="), ("not fewer than", ">="), ("more than", ">"), ("greater than", ">"),
           ("longer than", ">"), ("faster than", ">"), ("older than", ">"), ("louder than", ">"),
           ("higher than", ">"), ("fewer than", "<"), ("less than", "<"), ("shorter than", "<"),
           ("slower than", "<"), ("younger than", "<"), ("lower than", "<"), ("at least", ">="),
           ("at most", "<="), ("a minimum of", ">="),
           ("a maximum of", "<="), ("upwards of", ">"), ("in excess of", ">"), ("over", ">"), ("above", ">"),
           ("beyond", ">"), ("under", "<"), ("below", "<"), ("exactly", "=="), ("precisely", "=="),
           ("just", "=="), ("only", "=="))
_OPS = dict(_BEFORE)
_BEFORE_RE = re.compile(r"\b(?P<cmp>" + "|".join(re.escape(w) for w, _ in _BEFORE) + r")\s+" + _NUM + r"\b")
# ...or after it: 'three times or more', '5 or fewer'.
_AFTER_RE = re.compile(r"\b" + _NUM + r"(?P<mid>\s+[a-z]+(?:\s+[a-z]+)?)?\s+or\s+(?P<cmp>more|fewer|less|over|"
                       r"under|above|below|longer|shorter)\b")
_AFTER = {"more": ">=", "over": ">=", "above": ">=", "longer": ">=", "fewer": "<=", "less": "<=", "under": "<=",
          "below": "<=", "shorter": "<="}
_UNIT_RE = re.compile(r"\s*(?P<unit>seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|bpm|beats per minute)")
_UNIT = {"s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds", "seconds": "seconds",
         "min": "seconds", "mins": "seconds", "minute": "seconds", "minutes": "seconds", "hour": "seconds",
         "hours": "seconds", "hr": "seconds", "hrs": "seconds", "bpm": "bpm", "beats per minute": "bpm"}
_SCALE = {"min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0, "hour": 3600.0, "hours": 3600.0,
          "hr": 3600.0, "hrs": 3600.0}


@dataclass(frozen=True)
class Comparison:
    """`op` (one of > >= < <= ==) against `value`, in `unit` ('seconds', 'bpm') when the question gives one;
    `span`, where the comparator and its number stand in the question."""
    op: str
    value: float
    unit: str | None
    span: tuple[int, int]

    def holds(self, x: float) -> bool:
        return {">": x > self.value, ">=": x >= self.value, "<": x < self.value, "<=": x <= self.value,
                "==": abs(x - self.value) < 1e-9}[self.op]


def _value(word: str) -> float:
    return float(word) if word[0].isdigit() else float(_NUMBERS[word])


def _unit(q: str, at: int) -> tuple[str | None, float, int]:
    """The unit right after a number ending at `at`: (unit, scale to it, end)."""
    m = _UNIT_RE.match(q, at)
    if not m:
        return None, 1.0, at
    u = m.group("unit")
    return _UNIT[u], _SCALE.get(u, 1.0), m.end()


def parse_comparison(q: str) -> Comparison | None:
    """The first comparison of a number in `q` (lower case), or None."""
    cands: list[Comparison] = []
    for m in _BEFORE_RE.finditer(q):
        op = _OPS[m.group("cmp")]
        word = m.group("n")
        unit, scale, end = _unit(q, m.end())
        if word in ("a", "an", "half a") and unit is None:
            continue   # 'more than a minute' has a unit; 'more than a dog' is no number
        value = _value(word) * scale
        if word == "half a" and scale == 1.0:
            continue
        cands.append(Comparison(op, value, unit, (m.start(), end)))
    for m in _AFTER_RE.finditer(q):
        word = m.group("n")
        if word in ("a", "an", "half a"):
            continue
        unit, scale, _ = _unit(q, m.end("n"))
        cands.append(Comparison(_AFTER[m.group("cmp")], _value(word) * scale, unit, (m.start(), m.end())))
    return min(cands, key=lambda c: c.span[0]) if cands else None


__all__ = ["Comparison", "parse_comparison"]
