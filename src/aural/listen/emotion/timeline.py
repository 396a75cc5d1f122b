"""How a voice's emotion is told: the per-segment timeline, its summary in words, and the audible cues.

The timeline is the model's per-segment calls, lightly smoothed; the summary tells runs of one label
('neutral at first, angry from 0:42'); the cues are measured prosody and vocal events that agree with
the call's arousal (never words, never invented).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from aural.listen.emotion.space import MAX_MODEL_CONFIDENCE, arousal_valence, call
from aural.listen.evidence import EmotionSegment
from aural.listen.voice_norms import pitch_level_semitones
from aural.timecode import clock

GENERIC_CUE = "the voice's timbre and delivery as a whole"
TIMELINE_SUMMARY_MIN = 4    # segments (about 12 s of speech) before the timeline is told in words


def emotion_timeline(segs: list[tuple[float, float]], probs: np.ndarray, names: list[str]) -> list[EmotionSegment]:
    """Each segment's call from its probabilities `probs` [segments, classes], lightly smoothed."""
    # Light smoothing over neighbours (weights 1-2-1) so one odd segment does not flip the story.
    sm = probs.copy()
    if len(probs) >= 3:
        sm[1:-1] = (probs[:-2] + 2 * probs[1:-1] + probs[2:]) / 4
    out = []
    for (a, b), p in zip(segs, sm):
        label, top, _ = call(p, tuple(names))
        ar, va = arousal_valence(dict(zip(names, p)))
        out.append(EmotionSegment(
            start=round(a, 2), end=round(b, 2), label=label,
            confidence=round(min(top, MAX_MODEL_CONFIDENCE), 3), arousal=round(ar, 3),
            valence=round(va, 3), scores={n: round(float(x), 3) for n, x in zip(names, p)}))
    return out


def timeline_summary(timeline: list[EmotionSegment]) -> str | None:
    """'neutral at first, angry from 0:42' — runs of one label, short blips (one segment) ignored."""
    if len(timeline) < 2:
        return None
    runs: list[list[Any]] = []  # [label, start, n]
    for seg in timeline:
        if runs and runs[-1][0] == seg.label:
            runs[-1][2] += 1
        else:
            runs.append([seg.label, seg.start, 1])
    if len(runs) > 1:
        runs = [r for r in runs if r[2] >= 2] or runs
        merged: list[list[Any]] = []
        for r in runs:
            if merged and merged[-1][0] == r[0]:
                merged[-1][2] += r[2]
            else:
                merged.append(list(r))
        runs = merged
    if len(runs) == 1:
        return f"{runs[0][0]} throughout"
    parts = [f"{runs[0][0]} at first"] + [f"{lab} from {clock(start)}" for lab, start, _ in runs[1:4]]
    return ", ".join(parts)


# (measure, above this it is a cue for excitement, how that reads, below this a cue for calm, how that reads)
_AROUSAL_CUES: tuple[tuple[str, float, str, float, str], ...] = (
    ("pitch_level", 2.0, "raised pitch (median {med:.0f} Hz)", -2.0, "low pitch (median {med:.0f} Hz)"),
    ("pitch_range_semitones", 9.0, "wide pitch range ({v:.0f} semitones)", 5.0, "flat pitch ({v:.0f} semitones)"),
    ("loudness_variation_db", 8.0, "strongly varying loudness ({v:.0f} dB spread)",
     4.0, "even loudness ({v:.0f} dB spread)"),
    ("loudness_db", -14.0, "loud speech ({v:.0f} dBFS)", -35.0, "quiet speech ({v:.0f} dBFS)"),
    ("speaking_rate_sps", 5.5, "fast speech ({v:.1f} syllables/s)", 3.5, "slow speech ({v:.1f} syllables/s)"),
)


def emotion_cues(feats: dict[str, Any], arousal: float, gender: str | None = None) -> list[str]:
    """Measured, audible cues that agree with the arousal of the call (never words, never invented)."""
    high: list[str] = []
    low: list[str] = []
    med = feats.get("pitch_median_hz")
    measures = dict(feats, pitch_level=pitch_level_semitones(med, gender) if med is not None else None)
    for name, above, high_text, below, low_text in _AROUSAL_CUES:
        v = measures.get(name)
        if v is not None and v > above:
            high.append(high_text.format(v=v, med=med))
        elif v is not None and v < below:
            low.append(low_text.format(v=v, med=med))
    speech_s, pause_s = feats.get("speech_seconds", 0.0), feats.get("pause_seconds", 0.0)
    if feats.get("pauses", 0) >= 2 and pause_s / max(speech_s + pause_s, 1e-9) > 0.35:
        low.append(f"long pauses ({feats['pauses']} pauses, {pause_s:.1f} s)")
    for kind, side in (("shout", high), ("laughter", high), ("crying", low), ("whisper", low), ("sigh", low)):
        score = feats.get(f"event_{kind}", 0.0)
        if score:
            verb = {"shout": "shouting", "crying": "crying", "whisper": "whispering", "laughter": "laughter",
                    "sigh": "sighs"}[kind]
            side.insert(0, f"{verb} heard (score {score:.2f})")
    if arousal > 0.15:
        cues = high
    elif arousal < -0.15:
        cues = low
    else:
        cues = []
    if not cues:
        cues = [GENERIC_CUE + " (no single pitch, loudness or rate cue stands out)"]
    return cues[:3]
