"""Intonation: the final pitch movement of each utterance (does it rise at the end, like a question?).

Only the tails are analysed: the last `TAIL_READ_S` of each speech segment (at most `MAX_UTTERANCES`,
spread over the clip), each tracked with pYIN. In each tail the
last `FINAL_S` of voiced speech is measured in semitones: the slope of a line through its last half,
the change from its first to its last `EDGE_S`, and the rise from its lowest point to its end (medians,
robust to a stray or creaky frame). A question's final rise often starts from a dip after the stressed
syllable, so an utterance rises when the rise reaches `RISE_ST` and the final slope is positive; a
statement ends at or near its lowest pitch.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import median_filter

from aural.audio.decode import SAMPLE_RATE
from aural.listen.evidence import Span, Utterance

MAX_UTTERANCES = 60
TAIL_READ_S = 1.0           # read this much before a segment's end...
TAIL_PAD_S = 0.05           # ...and this much after it (the VAD may cut the last syllable short)
FINAL_S = 0.6               # the final stretch of voiced speech measured
EDGE_S = 0.1                # start / end of that stretch, for the change
MIN_VOICED_FRAMES = 8       # 80 ms of voiced frames
OUTLIER_ST = 7.0            # frames this far from the tail's median pitch are octave errors
RISE_ST = 1.5
TRIM_DB = 35.0
TRIM_PAD_S = 0.02
QUIET_DB = 20.0             # voiced frames this far below the tail's loudest are left out
PITCH_FMIN, PITCH_FMAX = 60.0, 500.0
FRAME, HOP = 1024, 160
FPS = SAMPLE_RATE / HOP


def pick_segments(segments: list[Span], limit: int = MAX_UTTERANCES) -> list[Span]:
    """All segments, or `limit` of them spread evenly over the clip."""
    if len(segments) <= limit:
        return list(segments)
    return [segments[int(i)] for i in np.linspace(0, len(segments) - 1, limit).round()]


def final_movement(f0: np.ndarray) -> tuple[float, float, float] | None:
    """(slope st/s, change st, rise st) of the last FINAL_S of voiced frames of one tail (NaN = unvoiced).

    slope: a line through the last half of that stretch; change: its end minus its start; rise: its
    end minus its lowest point (medians over EDGE_S, a 3-frame median for the lowest point).
    """
    voiced = np.flatnonzero(np.isfinite(f0))
    if voiced.size < MIN_VOICED_FRAMES:
        return None
    last = int(voiced[-1])
    idx = voiced[voiced > last - FINAL_S * FPS]
    st = 12 * np.log2(f0[idx] / 100.0)
    ok = np.abs(st - np.median(st)) <= OUTLIER_ST
    idx, st = idx[ok], st[ok]
    if idx.size < MIN_VOICED_FRAMES:
        return None
    edge = EDGE_S * FPS
    end = float(np.median(st[idx >= idx[-1] - edge]))
    change = end - float(np.median(st[idx <= idx[0] + edge]))
    smooth = median_filter(st, size=3, mode="nearest")
    rise = end - float(smooth.min())
    half = idx >= idx[-1] - FINAL_S * FPS / 2
    slope = float(np.polyfit(idx[half] / FPS, st[half], 1)[0]) if half.sum() >= 3 else 0.0
    return slope, change, rise


def tail_pitch(x: np.ndarray) -> np.ndarray:
    """pYIN f0 (Hz, NaN when unvoiced or faint) of one tail, every HOP samples.

    The tail is cut after its last frame within TRIM_DB of its loudest: pYIN's voicing decisions on the
    speech were seen to collapse when a long quiet stretch followed it. Frames more than QUIET_DB below
    the loudest (creak, breath, a trailing echo) do not count as the contour either.
    """
    import librosa

    if len(x) < FRAME:
        return np.zeros(0)
    rms = librosa.feature.rms(y=x, frame_length=FRAME, hop_length=HOP, center=False)[0]
    level = 20 * np.log10(np.maximum(rms, 1e-9))
    loud = np.flatnonzero(level >= level.max() - TRIM_DB)
    x = x[: min(len(x), int(loud[-1]) * HOP + FRAME + int(TRIM_PAD_S * SAMPLE_RATE))]
    level = level[: 1 + (len(x) - FRAME) // HOP]
    f0, voiced, _ = librosa.pyin(x, fmin=PITCH_FMIN, fmax=PITCH_FMAX, sr=SAMPLE_RATE, frame_length=FRAME,
                                 hop_length=HOP, resolution=0.25, center=False)
    f0 = np.where(voiced & np.isfinite(f0), f0, np.nan)
    n = min(f0.size, level.size)
    f0, level = f0[:n], level[:n]
    f0[level < level.max() - QUIET_DB] = np.nan
    return f0


def utterance_intonation(samples: np.ndarray, segments: list[Span]) -> list[Utterance]:
    """Final pitch movement of each speech segment (at most MAX_UTTERANCES)."""
    chosen = pick_segments(segments)
    if not chosen:
        return []
    out = []
    for s in chosen:
        a = max(0, int(max(s.start, s.end - TAIL_READ_S) * SAMPLE_RATE))
        b = min(len(samples), int((s.end + TAIL_PAD_S) * SAMPLE_RATE))
        move = final_movement(tail_pitch(np.asarray(samples[a:b], dtype=np.float32)))
        if move is None:
            out.append(Utterance(start=s.start, end=s.end))
            continue
        slope, change, rise = move
        out.append(Utterance(start=s.start, end=s.end, final_slope_st_per_s=round(slope, 2),
                             final_change_st=round(change, 2), final_rise_st=round(rise, 2),
                             rising=bool(rise >= RISE_ST and slope > 0)))
    return out
