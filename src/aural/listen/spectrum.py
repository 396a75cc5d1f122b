"""The band the recording carries: its highest and lowest frequencies with substantial energy.

A telephone line passes about 300-3400 Hz, a wideband call or a low-bitrate codec about 50-7000 Hz,
a full-band recording analysed at 16 kHz reaches 8000 Hz. Per 32 ms frame, the 99 % spectral rolloff
(the frequency below which 99 % of the frame's power lies) and the 1 % roll-on; over the active frames
(within `ACTIVE_RANGE_DB` of the loud level), the bandwidth is a high percentile of the rolloff and
the low cut a low percentile of the roll-on, so a few bright consonants or hits reach the top of a
full-band recording while nothing reaches past a telephone's filter. At most `MAX_FRAMES` frames,
spread evenly over the clip, are read.
"""

from __future__ import annotations

import numpy as np

from aural.audio.decode import SAMPLE_RATE

N_FFT = 512
MAX_FRAMES = 4000
ROLLOFF = 0.99
ROLL_ON = 0.01
HIGH_PERCENTILE = 95.0
LOW_PERCENTILE = 5.0
ACTIVE_RANGE_DB = 30.0      # frames this far below the loud (p95) frame level are left out
SILENT_DB = -60.0
MIN_ACTIVE_FRAMES = 10
FREQ_STEP = 50.0            # reported to the nearest 50 Hz


def band_limits(samples: np.ndarray) -> tuple[float | None, float | None]:
    """(bandwidth_hz, low_cut_hz) of the active frames, or (None, None) when too little is sounding."""
    n = (len(samples) - N_FFT) // N_FFT + 1
    if n < MIN_ACTIVE_FRAMES:
        return None, None
    starts = np.linspace(0, (n - 1) * N_FFT, min(n, MAX_FRAMES)).astype(np.int64)
    frames = np.stack([samples[s: s + N_FFT] for s in starts]).astype(np.float32)
    frames -= frames.mean(axis=1, keepdims=True)
    power = np.abs(np.fft.rfft(frames * np.hanning(N_FFT).astype(np.float32), axis=1)) ** 2
    level = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)
    active = (level > SILENT_DB) & (level > np.percentile(level, 95) - ACTIVE_RANGE_DB)
    if active.sum() < MIN_ACTIVE_FRAMES:
        return None, None
    p = power[active]
    cum = np.cumsum(p, axis=1)
    cum /= cum[:, -1:]
    freqs = np.fft.rfftfreq(N_FFT, 1 / SAMPLE_RATE)
    rolloff = freqs[np.argmax(cum >= ROLLOFF, axis=1)]
    roll_on = freqs[np.argmax(cum >= ROLL_ON, axis=1)]
    high = float(np.percentile(rolloff, HIGH_PERCENTILE))
    low = float(np.percentile(roll_on, LOW_PERCENTILE))
    return round(high / FREQ_STEP) * FREQ_STEP, round(low / FREQ_STEP) * FREQ_STEP
