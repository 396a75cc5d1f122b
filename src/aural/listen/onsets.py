"""Onsets inside sound-event spans: when each distinct burst (a bark, a knock, a beep) starts.

YAMNet's spans are coarse (0.96 s patches every 0.48 s), so each span is padded by `PAD_S` and the
bursts are found on the signal itself: a 10 ms log-energy envelope of the whole clip (computed once,
100 floats a second), lightly smoothed, whose peaks count as bursts when they
- stand out from the span's own background (its `FLOOR_PERCENTILE` level) by `MIN_RISE_DB`,
- come within `PEAK_FLOOR_DB` of the span's loudest burst (an echo or a tail is far below it),
- are separated from the previous burst by a real dip (`MIN_PROMINENCE_DB`, adaptive to the span's
  dynamic range) and at least `MIN_GAP_S`.
A burst's time is where its rise starts: the last frame before the peak that is `RISE_DB` below it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.ndimage import uniform_filter1d
from scipy.signal import find_peaks

from aural.audio.decode import SAMPLE_RATE
from aural.listen.evidence import SoundEvent

HOP = 160                   # 10 ms envelope frames
FPS = SAMPLE_RATE / HOP
SMOOTH_FRAMES = 3           # 30 ms moving average of the power before taking dB
PAD_S = 0.3                 # YAMNet spans are coarse: look a little outside them
CONTEXT_S = 0.5             # envelope read beyond the padded span, to see where edge bursts begin
MIN_GAP_S = 0.1             # two onsets closer than this are one burst
MIN_RISE_DB = 6.0           # a burst stands this far above the span's background
FLOOR_PERCENTILE = 20.0     # the span's background level
PEAK_FLOOR_DB = 20.0        # a burst comes within this of the span's loudest one (echoes, tails do not)
MIN_PROMINENCE_DB = 4.0     # the dip between two bursts, at least...
PROMINENCE_SHARE = 0.35     # ...or this share of the span's dynamic range (peak - background), if larger
MAX_PROMINENCE_DB = 10.0    # ...but never more than this
RISE_DB = 6.0               # the onset is where the level is this far below the burst's peak
ECHO_S = 0.25               # a peak this soon after a louder burst...
ECHO_DB = 8.0               # ...and this much quieter is its echo or tail, not a new burst
MAX_ONSETS = 200            # per event
MAX_TRANSIENTS = 500        # per clip
LOCAL_S = 1.5               # a clip-wide burst must stand out from the level this far around it...
LOCAL_RISE_DB = 9.0         # ...by this much (a swelling engine or a louder passage is not a burst)
DB_FLOOR = -100.0
PROFILE_BANDS = 24          # mel bands of a burst's profile (50 Hz - 8 kHz)
PROFILE_FFT = 2048
PROFILE_S = 0.12            # what a burst adds: this long after its onset...
PROFILE_GAP_S = 0.03        # ...against as long before it, ending this far before the onset
MAX_PROFILES = 200          # bursts profiled per clip (the first ones)
PROFILE_BLUR = 1.0          # bands of smoothing before two profiles are compared...
PROFILE_SHIFT = 2           # ...and how many bands one may sit above the other (a beep a little higher)


def energy_envelope(samples: np.ndarray) -> np.ndarray:
    """Smoothed level in dBFS of consecutive 10 ms frames: float32 [len(samples) // HOP]."""
    n = len(samples) // HOP
    if n == 0:
        return np.zeros(0, np.float32)
    power = np.square(samples[: n * HOP].reshape(n, HOP), dtype=np.float64).mean(axis=1)
    power = uniform_filter1d(power, SMOOTH_FRAMES, mode="nearest")
    return np.maximum(DB_FLOOR, 10.0 * np.log10(np.maximum(power, 1e-12))).astype(np.float32)


def burst_onsets(env_db: np.ndarray, offset_s: float = 0.0, limit: int = MAX_ONSETS) -> list[float]:
    """Onset times (seconds, plus `offset_s`) of the distinct bursts in one stretch of envelope."""
    if env_db.size < 3:
        return []
    floor = float(np.percentile(env_db, FLOOR_PERCENTILE))
    top = float(env_db.max())
    span_range = top - floor
    if span_range < MIN_RISE_DB:
        return []
    prominence = float(np.clip(PROMINENCE_SHARE * span_range, MIN_PROMINENCE_DB, MAX_PROMINENCE_DB))
    height = max(floor + MIN_RISE_DB, top - PEAK_FLOOR_DB)
    # Pad so a burst at the very edge still has a dip on both sides.
    padded = np.concatenate([[floor], env_db, [floor]])
    peaks, _ = find_peaks(padded, height=height, prominence=prominence,
                          distance=max(1, int(round(MIN_GAP_S * FPS))))
    peaks = peaks - 1
    out: list[float] = []
    last = -np.inf
    kept: list[int] = []
    for p in peaks:
        if len(out) >= limit:
            break
        if any(p - k <= ECHO_S * FPS and env_db[k] - env_db[p] >= ECHO_DB for k in kept[-3:]):
            continue
        kept.append(int(p))
        target = env_db[p] - RISE_DB
        i = int(p)
        while i > 0 and env_db[i - 1] > target and env_db[i - 1] <= env_db[i] + 0.5:
            i -= 1
        t = i / FPS
        if t - last < MIN_GAP_S:
            continue
        out.append(round(offset_s + t, 2))
        last = t
    return out


def event_onsets(samples: np.ndarray, events: list[SoundEvent],
                 env: np.ndarray | None = None) -> list[SoundEvent]:
    """Copies of `events` with `onsets` filled in: the bursts inside each (padded) span."""
    env = energy_envelope(samples) if env is None else env
    out = []
    for e in events:
        lo, hi = e.start - PAD_S, e.end + PAD_S
        # Context either side, so a burst that began before the padded span is seen rising there
        # (and left out) instead of counting as a new burst at the window's edge.
        a = max(0, int((lo - CONTEXT_S) * FPS))
        b = min(env.size, int(np.ceil((hi + CONTEXT_S) * FPS)))
        onsets = [t for t in burst_onsets(env[a:b], a / FPS) if lo <= t <= hi] if b > a else []
        out.append(e.model_copy(update={"onsets": onsets}))
    return out


def clip_transients(samples: np.ndarray, env: np.ndarray | None = None) -> list[float]:
    """Onsets of the distinct bursts anywhere in the clip, whatever made them (the same rules as inside an
    event's span, with the whole clip as the span): what a count can fall back on when the event model
    names no class for a sound that is plainly repeated."""
    env = energy_envelope(samples) if env is None else env
    out = []
    for t in burst_onsets(env, 0.0, MAX_TRANSIENTS):
        i = int(round(t * FPS))
        near = env[max(0, i - int(LOCAL_S * FPS)): i + int(LOCAL_S * FPS)]
        peak = env[i: i + int(0.3 * FPS)]
        if near.size and peak.size and peak.max() - np.percentile(near, FLOOR_PERCENTILE) >= LOCAL_RISE_DB:
            out.append(t)
    return out


@lru_cache(maxsize=1)
def _mel_bank() -> np.ndarray:
    import librosa

    return librosa.filters.mel(sr=SAMPLE_RATE, n_fft=PROFILE_FFT, n_mels=PROFILE_BANDS, fmin=50.0, fmax=8000.0)


def burst_profiles(samples: np.ndarray, times: list[float]) -> list[list[float]]:
    """For each burst onset, what it adds to the spectrum: per mel band, how many dB the 120 ms after the
    onset rise above the 120 ms before it (0 where nothing rises). Two bursts of one sound (a beep and the
    next beep, a bark and the next) rise in the same bands; a count uses this to find the repeats the event
    model missed under noise."""
    times = times[:MAX_PROFILES]
    if not times:
        return []
    bank = _mel_bank()
    n = int(PROFILE_S * SAMPLE_RATE)
    gap = int(PROFILE_GAP_S * SAMPLE_RATE)
    win = np.hanning(n)

    def band_db(a: int) -> np.ndarray:
        seg = samples[max(0, a): max(0, a) + n]
        if seg.size < n:
            seg = np.pad(seg, (0, n - seg.size))
        spec = np.abs(np.fft.rfft(seg * win, PROFILE_FFT)) ** 2
        return 10.0 * np.log10(bank @ spec + 1e-10)

    out = []
    for t in times:
        i = int(round(t * SAMPLE_RATE))
        rise = np.maximum(0.0, band_db(i) - band_db(i - gap - n))
        out.append([round(float(v), 1) for v in rise])
    return out


def profile_similarity(a: list[float], b: list[float]) -> float:
    """How alike two bursts sound, in [0, 1]: the cosine of their smoothed profiles, the best over a shift
    of up to `PROFILE_SHIFT` bands. Repeats of one sound score 0.95 or more (a beep against one 250 Hz
    higher too); a beep against a knock or a bark 0.15-0.7, a knock against a bark up to 0.91."""
    from scipy.ndimage import gaussian_filter1d

    x = gaussian_filter1d(np.asarray(a, np.float64), PROFILE_BLUR)
    y = gaussian_filter1d(np.asarray(b, np.float64), PROFILE_BLUR)
    nx = float(np.linalg.norm(x))
    if nx == 0.0 or not np.any(y):
        return 0.0
    best = 0.0
    for k in range(-PROFILE_SHIFT, PROFILE_SHIFT + 1):
        z = np.roll(y, k)
        if k > 0:
            z[:k] = 0.0
        elif k < 0:
            z[k:] = 0.0
        nz = float(np.linalg.norm(z))
        if nz > 0.0:
            best = max(best, float(x @ z) / (nx * nz))
    return best
