"""Overall levels: integrated loudness (LUFS), peak, short-term dynamics, silence and clipping."""

from __future__ import annotations

import numpy as np

from aural.audio.decode import SAMPLE_RATE
from aural.listen.evidence import LevelsEvidence

BLOCK_S = 0.4            # short-term level window (EBU momentary loudness uses 400 ms)
SILENCE_DBFS = -50.0     # a block quieter than this counts as silence
LUFS_STEP_S = 0.1        # BS.1770 gating blocks: 400 ms long, a new one every 100 ms
LUFS_BLOCK_STEPS = 4
CLIP_LEVEL = 0.999       # decoded samples at or above this magnitude count as clipped
_FLOOR = 1e-10


def block_levels_db(samples: np.ndarray, block_s: float = BLOCK_S) -> np.ndarray:
    """RMS level in dBFS of consecutive non-overlapping blocks: float64 [n_blocks]."""
    n = max(1, int(block_s * SAMPLE_RATE))
    usable = len(samples) // n * n
    if usable == 0:
        return np.array([_db(float(np.mean(np.square(samples, dtype=np.float64))))])
    ms = np.square(samples[:usable].reshape(-1, n), dtype=np.float64).mean(axis=1)
    return 10.0 * np.log10(np.maximum(ms, _FLOOR))


def integrated_lufs(samples: np.ndarray) -> float | None:
    """ITU-R BS.1770-4 integrated loudness (mono), or None when the clip is too short or silent.

    pyloudnorm supplies the K-weighting filters; the filtering and gating run here chunk by chunk
    (filter state carried across chunks), so a long clip never costs float64 copies of itself.
    """
    import pyloudnorm
    from scipy.signal import lfilter

    step = int(LUFS_STEP_S * SAMPLE_RATE)
    if len(samples) < LUFS_BLOCK_STEPS * step:
        return None
    filters = [(f.b, f.a, f.passband_gain) for f in pyloudnorm.Meter(SAMPLE_RATE)._filters.values()]
    states = [np.zeros(max(len(b), len(a)) - 1) for b, a, _ in filters]
    usable = len(samples) // step * step
    step_energy = np.empty(usable // step)
    chunk = step * 600  # 60 s
    for start in range(0, usable, chunk):
        x = samples[start: min(start + chunk, usable)].astype(np.float64)
        for i, (b, a, gain) in enumerate(filters):
            x, states[i] = lfilter(b, a, x, zi=states[i])
            x *= gain
        step_energy[start // step: start // step + len(x) // step] = np.square(x).reshape(-1, step).sum(axis=1)
    # 400 ms gating blocks with 75 % overlap = sums of 4 consecutive 100 ms steps.
    window = np.convolve(step_energy, np.ones(LUFS_BLOCK_STEPS), mode="valid") / (LUFS_BLOCK_STEPS * step)
    with np.errstate(divide="ignore"):
        loudness = -0.691 + 10.0 * np.log10(window)
    above_abs = window[loudness > -70.0]
    if above_abs.size == 0:
        return None
    relative_gate = -0.691 + 10.0 * np.log10(above_abs.mean()) - 10.0
    gated = window[(loudness > -70.0) & (loudness > relative_gate)]
    value = -0.691 + 10.0 * np.log10(gated.mean())
    return round(float(value), 1) if np.isfinite(value) else None


def analyze_levels(samples: np.ndarray) -> LevelsEvidence:
    levels = block_levels_db(samples)
    loud = levels[levels > SILENCE_DBFS]
    dyn = float(np.percentile(loud, 95) - np.percentile(loud, 10)) if loud.size >= 2 else 0.0
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    mean_sq = float(np.mean(np.square(samples, dtype=np.float64))) if samples.size else 0.0
    return LevelsEvidence(
        integrated_lufs=integrated_lufs(samples),
        peak_dbfs=round(_db(peak * peak), 1),
        rms_dbfs=round(_db(mean_sq), 1),
        dynamic_range_db=round(dyn, 1),
        silence_ratio=round(float(np.mean(levels <= SILENCE_DBFS)), 3),
        clipping_ratio=round(float(np.count_nonzero(np.abs(samples) >= CLIP_LEVEL)) / max(1, samples.size), 5),
    )


def _db(power: float) -> float:
    return 10.0 * float(np.log10(max(power, _FLOOR)))
