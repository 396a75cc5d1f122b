"""Loudness over time: a short-term level curve, its fitted trend, fades, and the background level.

Everything is built from the mean power of consecutive 50 ms frames, computed `CHUNK_S` of samples at
a time (a 30-minute clip costs 36,000 floats, never a float64 copy of itself). The curve's hop is the
smallest of `CURVE_HOPS` that keeps it within `MAX_CURVE_POINTS`, so "does it get louder?" reads the
same way on a 10-second clip and a 30-minute one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import median_filter

from aural.audio.decode import SAMPLE_RATE
from aural.listen.evidence import LoudnessTrend

FRAME_S = 0.05
FRAME = int(FRAME_S * SAMPLE_RATE)
CHUNK_S = 60.0
DB_FLOOR = -90.0
CURVE_HOPS = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0)
MAX_CURVE_POINTS = 300
SILENT_DB = -60.0            # curve points quieter than this are left out of the trend
TREND_RANGE_DB = 50.0        # ...and so are points this far below the loudest one
MIN_TREND_POINTS = 4
# ---- fades (on 100 ms levels, median-smoothed over 0.5 s)
FADE_STEP = 2                # frames per fade step (100 ms)
FADE_REACH_DB = 3.0          # a fade ends where the level comes within this of the clip's typical level
MIN_FADE_S = 1.0
MIN_FADE_RISE_DB = 12.0
MIN_FADE_MONOTONY = 0.8      # correlation of level with time over the fade
FADE_JUMP_S = 0.5            # no FADE_JUMP_S stretch of a fade holds more than...
FADE_MAX_JUMP_SHARE = 0.6    # ...this share of its whole rise
# ---- background
NOISE_PERCENTILE = 10.0
SIGNAL_PERCENTILE = 95.0
MAX_SNR_DB = 80.0


@dataclass(frozen=True)
class LoudnessDynamics:
    curve_db: list[float]
    curve_hop_s: float | None
    trend: LoudnessTrend | None
    fade_in_s: float | None
    fade_out_s: float | None
    noise_floor_db: float | None
    snr_db: float | None

    def fields(self) -> dict:
        """The `LevelsEvidence` fields this fills, by name."""
        return dict(self.__dict__)


def frame_power(samples: np.ndarray, frame: int = FRAME) -> np.ndarray:
    """Mean power of consecutive `frame`-sample frames (a partial last frame included): float64 [n]."""
    n = int(np.ceil(len(samples) / frame))
    out = np.zeros(n)
    step = int(CHUNK_S * SAMPLE_RATE) // frame * frame
    for s0 in range(0, len(samples), step):
        x = np.asarray(samples[s0: s0 + step], dtype=np.float32)
        full = len(x) // frame * frame
        i0 = s0 // frame
        if full:
            out[i0: i0 + full // frame] = np.square(x[:full].reshape(-1, frame), dtype=np.float64).mean(axis=1)
        if full < len(x):
            out[i0 + full // frame] = float(np.mean(np.square(x[full:], dtype=np.float64)))
    return out


def to_db(power: np.ndarray) -> np.ndarray:
    return np.maximum(DB_FLOOR, 10.0 * np.log10(np.maximum(power, 1e-12)))


def curve_hop(duration_s: float) -> float:
    """The smallest hop of CURVE_HOPS that keeps the curve within MAX_CURVE_POINTS."""
    for hop in CURVE_HOPS:
        if duration_s / hop <= MAX_CURVE_POINTS:
            return hop
    return float(np.ceil(duration_s / MAX_CURVE_POINTS))


def loudness_curve(power: np.ndarray, duration_s: float) -> tuple[np.ndarray, float]:
    """(level in dBFS per hop, hop in seconds) from 50 ms frame powers: each point is the RMS of its hop."""
    hop = curve_hop(duration_s)
    per = max(1, int(round(hop / FRAME_S)))
    n = int(np.ceil(power.size / per))
    padded = np.full(n * per, np.nan)
    padded[: power.size] = power
    return to_db(np.nanmean(padded.reshape(n, per), axis=1)), hop


def fit_trend(curve_db: np.ndarray, hop_s: float, duration_s: float) -> LoudnessTrend | None:
    """A least-squares line through the curve's non-silent points, or None with too few of them."""
    i = np.arange(curve_db.size)
    t = (i * hop_s + np.minimum((i + 1) * hop_s, max(duration_s, 1e-3))) / 2  # block centres
    keep = (curve_db > SILENT_DB) & (curve_db > curve_db.max() - TREND_RANGE_DB)
    if keep.sum() < MIN_TREND_POINTS:
        return None
    x, y = t[keep], curve_db[keep]
    slope, intercept = np.polyfit(x, y, 1)
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    ss_res = float(np.sum((y - (slope * x + intercept)) ** 2))
    r2 = 1.0 - ss_res / ss_tot if ss_tot > 1e-9 else 0.0
    fifth = max(1, y.size // 5)
    return LoudnessTrend(
        slope_db_per_s=round(float(slope), 4), slope_db_per_min=round(float(slope) * 60, 2),
        r2=round(float(np.clip(r2, 0.0, 1.0)), 3),
        start_db=round(float(intercept), 1), end_db=round(float(intercept + slope * duration_s), 1),
        change_db=round(float(y[-fifth:].mean() - y[:fifth].mean()), 1))


def fade_length(levels_db: np.ndarray, step_s: float) -> float | None:
    """Length (s) of a fade-in at the start of `levels_db` (reverse it for a fade-out), or None.

    A fade rises from the first sound (or the clip's start) to within FADE_REACH_DB of the clip's
    typical level over at least MIN_FADE_S and MIN_FADE_RISE_DB, steadily (MIN_FADE_MONOTONY).
    """
    active = levels_db[levels_db > max(SILENT_DB, levels_db.max() - TREND_RANGE_DB)]
    if active.size < 4:
        return None
    ref = float(np.median(active))
    sounding = np.flatnonzero(levels_db > SILENT_DB)
    start = int(sounding[0]) if sounding.size else 0
    reached = np.flatnonzero(levels_db[start:] >= ref - FADE_REACH_DB)
    if reached.size == 0:
        return None
    end = start + int(reached[0])
    seg = levels_db[start: end + 1]
    if (end - start) * step_s < MIN_FADE_S or seg[-1] - seg[0] < MIN_FADE_RISE_DB:
        return None
    if np.corrcoef(np.arange(seg.size), seg)[0, 1] < MIN_FADE_MONOTONY:
        return None
    jump = int(round(FADE_JUMP_S / step_s))
    if seg.size > jump and float(np.max(seg[jump:] - seg[:-jump])) > FADE_MAX_JUMP_SHARE * (seg[-1] - seg[0]):
        return None  # a quiet passage and then a loud one: a step, not a fade
    return round((end - start) * step_s, 1)


def analyze_dynamics(samples: np.ndarray) -> LoudnessDynamics:
    duration = len(samples) / SAMPLE_RATE
    power = frame_power(samples)
    if power.size == 0:
        return LoudnessDynamics([], None, None, None, None, None, None)
    curve, hop = loudness_curve(power, duration)
    frames_db = to_db(power)
    n = power.size // FADE_STEP * FADE_STEP
    fade_levels = to_db(power[:n].reshape(-1, FADE_STEP).mean(axis=1)) if n else frames_db
    if fade_levels.size >= 5:
        fade_levels = median_filter(fade_levels, size=5, mode="nearest")
    step = FADE_STEP * FRAME_S
    noise, loud = np.percentile(frames_db, [NOISE_PERCENTILE, SIGNAL_PERCENTILE])
    return LoudnessDynamics(
        curve_db=[round(float(v), 1) for v in curve],
        curve_hop_s=hop,
        trend=fit_trend(curve, hop, duration),
        fade_in_s=fade_length(fade_levels, step),
        fade_out_s=fade_length(fade_levels[::-1], step),
        noise_floor_db=round(float(noise), 1),
        snr_db=round(float(min(MAX_SNR_DB, loud - noise)), 1),
    )
