"""The readable timeline `aural listen` prints, and the notable (non-generic) sound events."""

from __future__ import annotations

from aural.answer.wording import clip_text, span
from aural.listen.evidence import Evidence

def timeline(ev: Evidence, max_rows: int = 40) -> list[str]:
    """Readable rows 'start-end  what' in time order, for `aural listen`."""
    rows: list[tuple[float, str]] = []
    for s in ev.speech.segments:
        rows.append((s.start, f"{span(s.start, s.end)}  speech"))
    for t in ev.speech.transcript:
        rows.append((t.start + 0.001, f"{span(t.start, t.end)}    \"{clip_text(t.text.strip(), 90)}\""))
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


__all__ = ["timeline"]
