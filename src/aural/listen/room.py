"""How reverberant the recording space sounds: an RT60-like decay time from the signal's own offsets.

After a sound stops, a room's reverberation dies away exponentially: a straight line in dB whose slope
gives the time to fall 60 dB (RT60). On a 5 ms energy envelope, every sharp peak that falls at least
`MIN_DROP_DB` is followed down; the fall from 5 dB below the peak to `FIT_DB` below it (or to 5 dB above
the background, if that comes first) is fitted with a line (Schroeder's T20 idea without the
impulse). A source's own decay can only slow the fall, never speed it, so the room shows in the
*fastest* decays: the clip's estimate is the `FAST_PERCENTILE` of the decay times. At most
`MAX_DECAYS` offsets, the sharpest, are measured; a long fall with ripples on it can be measured from
more than one of them (each is a fair sample of the same decay).
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import find_peaks

from aural.audio.decode import SAMPLE_RATE
from aural.listen.dynamics import frame_power, to_db
from aural.listen.evidence import Reverb

HOP = 80                      # 5 ms frames
FPS = SAMPLE_RATE / HOP
SMOOTH_FRAMES = 5             # 25 ms: a moving average keeps an exponential decay's slope
MIN_DROP_DB = 20.0            # an offset: the level falls this much...
DROP_WINDOW_S = 1.0           # ...within this long after a peak
MIN_PEAK_GAP_S = 0.05
START_DB = 5.0                # the fit starts this far below the peak...
FIT_DB = 25.0                 # ...and ends this far below it
FLOOR_MARGIN_DB = 5.0         # ...or this far above the background, whichever comes first
MIN_FIT_RANGE_DB = 12.0       # a fall shorter than this is not measured
MIN_FIT_FRAMES = 3
MIN_R2 = 0.85
REBOUND_DB = 4.0              # a rise this far above the fall's lowest point is a new sound: stop there
MAX_FALL_S = 3.0
MAX_DECAYS = 300
FAST_PERCENTILE = 25.0
DRY_S, HALL_S = 0.3, 0.8
MIN_DECAYS = 3


def decay_times(samples: np.ndarray) -> np.ndarray:
    """RT60-like time (s) of each measurable fall after a sharp peak: float64 [n_decays]."""
    power = frame_power(samples, HOP)
    if power.size < 10:
        return np.zeros(0)
    env = to_db(uniform_filter1d(power, SMOOTH_FRAMES, mode="nearest"))
    floor = float(np.percentile(env, 10))
    peaks, _ = find_peaks(env, height=floor + START_DB + MIN_FIT_RANGE_DB + FLOOR_MARGIN_DB,
                          distance=max(1, int(MIN_PEAK_GAP_S * FPS)))
    # Offsets: peaks after which the level falls MIN_DROP_DB within DROP_WINDOW_S.
    win = int(DROP_WINDOW_S * FPS)
    ahead_min = minimum_filter1d(env, win, origin=-(win // 2), mode="nearest")
    drop = env[peaks] - ahead_min[peaks]
    peaks, drop = peaks[drop >= MIN_DROP_DB], drop[drop >= MIN_DROP_DB]
    if peaks.size > MAX_DECAYS:
        peaks = np.sort(peaks[np.argsort(-drop)[:MAX_DECAYS]])
    out = []
    max_len = int(MAX_FALL_S * FPS)
    for p in peaks:
        top = float(env[p])
        stop = top - min(FIT_DB, top - floor - FLOOR_MARGIN_DB)
        if top - stop < MIN_FIT_RANGE_DB:
            continue
        seg = env[p: p + max_len]
        low = np.minimum.accumulate(seg)
        rebound = np.flatnonzero(seg > low + REBOUND_DB)
        end = int(rebound[0]) if rebound.size else seg.size
        below = np.flatnonzero(seg[:end] <= stop)
        if below.size == 0:
            continue
        i1 = int(below[0])
        started = np.flatnonzero(seg[:i1 + 1] <= top - START_DB)
        i0 = int(started[0]) if started.size else 0
        if i1 - i0 + 1 < MIN_FIT_FRAMES:
            # Faster than the envelope can follow: record the fastest it can resolve.
            out.append(60.0 * (i1 + 1) / FPS / (top - float(seg[i1])))
            continue
        t = np.arange(i0, i1 + 1) / FPS
        y = seg[i0: i1 + 1]
        slope, icpt = np.polyfit(t, y, 1)
        ss_tot = float(np.sum((y - y.mean()) ** 2))
        r2 = 1 - float(np.sum((y - (slope * t + icpt)) ** 2)) / ss_tot if ss_tot > 0 else 0.0
        if slope < 0 and r2 >= MIN_R2:
            out.append(-60.0 / slope)
    return np.asarray(out)


def estimate_reverb(samples: np.ndarray) -> Reverb:
    times = decay_times(samples)
    if times.size < MIN_DECAYS:
        return Reverb(rt60_s=None, label="unclear", confidence=0.0, decays=int(times.size))
    rt60 = float(np.percentile(times, FAST_PERCENTILE))
    label = "dry" if rt60 < DRY_S else "room" if rt60 <= HALL_S else "hall"
    # Surer with more offsets, and when the fast decays agree with each other.
    fast = times[times <= np.percentile(times, 50)]
    spread = float(np.std(np.log(fast))) if fast.size >= 2 else 1.0
    confidence = min(1.0, times.size / 10) * float(np.clip(1.0 - spread, 0.2, 1.0))
    # Near a boundary the label is less sure.
    edge = min(abs(np.log(rt60 / DRY_S)), abs(np.log(rt60 / HALL_S)))
    confidence *= float(np.clip(0.5 + edge / 0.4, 0.5, 1.0))
    return Reverb(rt60_s=round(rt60, 2), label=label, confidence=round(confidence, 2), decays=int(times.size))
