"""Clock times as answers and evidence summaries print them (one format for every layer)."""

from __future__ import annotations


def clock(seconds: float) -> str:
    """0:07, 1:05, 1:02:03 (rounded to the second; negative times print as 0:00)."""
    s = int(round(max(0.0, seconds)))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
