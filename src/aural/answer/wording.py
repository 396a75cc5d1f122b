"""Small shared wording helpers: times, confidences, lists."""

from __future__ import annotations


def clock(seconds: float) -> str:
    """0:07, 1:05, 1:02:03."""
    s = int(round(max(0.0, seconds)))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def span(start: float, end: float) -> str:
    return f"{clock(start)}-{clock(end)}"


def confidence_word(p: float) -> str:
    if p >= 0.8:
        return "high"
    if p >= 0.5:
        return "moderate"
    return "low"


def join_list(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
