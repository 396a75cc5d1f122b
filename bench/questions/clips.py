"""Signal recipes for the question benchmark, on top of `bench.quality.sounds`: single bursts (knock,
beep, clap) in trains with known onsets, sounds placed at known times, loudness ramps, music whose tempo
steps, telephone band-passing and a synthetic room. Pure functions of their arguments and a seed."""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, fftconvolve, sosfilt

from bench.quality import sounds as S
from bench.quality.sounds import SR, midi

# ---------------------------------------------------------------- single bursts


def knock(rng: np.random.Generator) -> np.ndarray:
    """A knuckle on a wooden door: a damped low thump with a click."""
    t = np.arange(int(0.12 * SR)) / SR
    f = rng.uniform(170, 230)
    x = np.sin(2 * np.pi * f * t) + 0.5 * np.sin(2 * np.pi * 2.9 * f * t) + 0.4 * rng.standard_normal(t.size)
    return x * np.exp(-t / 0.015)


def beep(rng: np.random.Generator) -> np.ndarray:
    """A 150-250 ms electronic beep at about 1 kHz with 5 ms ramps."""
    dur = rng.uniform(0.15, 0.25)
    t = np.arange(int(dur * SR)) / SR
    return np.sin(2 * np.pi * rng.choice([880.0, 1000.0, 1200.0]) * t) * np.minimum(1, np.minimum(t, dur - t) / 0.005)


def clap(rng: np.random.Generator) -> np.ndarray:
    """One hand clap: a few ms of noise through a 1-2.5 kHz resonance, with a short room tail."""
    n = int(0.08 * SR)
    t = np.arange(n) / SR
    x = rng.standard_normal(n) * (np.exp(-t / 0.004) + 0.08 * np.exp(-t / 0.03))
    f = rng.uniform(1000, 2000)
    return sosfilt(butter(2, [f * 0.6, min(f * 2.0, 7800)], "bandpass", fs=SR, output="sos"), x)


BURSTS = {"knock": knock, "beep": beep, "clap": clap}


def burst_train(kind: str, n: int, seed: int, lead: float = 0.8, tail: float = 1.2) -> tuple[np.ndarray, list[float]]:
    """`n` bursts of `kind` with gaps of 0.35-1.0 s (levels within 3 dB); the samples and the onset times."""
    rng = np.random.default_rng(seed)
    bursts = [BURSTS[kind](rng) for _ in range(n)]
    gaps = rng.uniform(0.35, 1.0, n - 1)
    total = lead + sum(len(b) for b in bursts) / SR + gaps.sum() + tail
    y = np.zeros(int(total * SR) + 1)
    t, times = lead, []
    for i, b in enumerate(bursts):
        s = int(t * SR)
        y[s:s + len(b)] += 0.5 * (0.7 + 0.3 * rng.random()) * b / np.abs(b).max()
        times.append(round(t, 3))
        t += len(b) / SR + (gaps[i] if i < n - 1 else 0.0)
    y += 0.003 * np.random.default_rng(seed + 1).standard_normal(len(y))   # room tone, ~-50 dBFS
    return y.astype(np.float32), times


def add_noise(y: np.ndarray, snr_db: float, seed: int, color: str = "pink") -> np.ndarray:
    """Background noise `snr_db` below the power of the active (non-silent) part of `y`, peak 0.8."""
    active = y[np.abs(y) > 1e-3 * np.abs(y).max()]
    power = float(np.mean(np.square(active, dtype=np.float64)))
    bg = S.noise(len(y) / SR + 0.1, seed, color)[: len(y)]
    bg = bg * np.sqrt(power / (np.mean(np.square(bg, dtype=np.float64)) * 10 ** (snr_db / 10)))
    return S.normalize(y + bg, 0.8)


# ---------------------------------------------------------------- placing and shaping


def place(seconds: float, items: list[tuple[np.ndarray, float]], bed: np.ndarray | None = None) -> np.ndarray:
    """A clip of `seconds`: each (signal, start) added at its start, over an optional bed."""
    n = int(round(seconds * SR))
    y = np.zeros(n) if bed is None else S.tile_to(bed, n).astype(np.float64)
    for x, start in items:
        s = int(round(start * SR))
        seg = x[: max(0, n - s)]
        y[s:s + len(seg)] += seg
    return S.normalize(y, 0.8)


def fade_edges(x: np.ndarray, seconds: float = 0.05) -> np.ndarray:
    k = min(len(x) // 2, int(seconds * SR))
    w = np.ones(len(x))
    w[:k] = np.linspace(0, 1, k)
    w[len(w) - k:] = np.linspace(1, 0, k)
    return (x * w).astype(np.float32)


def trim_tail(x: np.ndarray, floor_db: float = -50.0, keep_s: float = 0.3) -> np.ndarray:
    """`x` without the near-silence a renderer leaves at the end (FluidSynth adds ~10 s)."""
    frame = int(0.05 * SR)
    n = len(x) // frame
    if n == 0:
        return x
    level = 20 * np.log10(np.sqrt(np.mean(np.square(x[: n * frame].reshape(n, frame), dtype=np.float64), 1)) + 1e-9)
    loud = np.nonzero(level > level.max() + floor_db)[0]
    end = min(len(x), (int(loud[-1]) + 1) * frame + int(keep_s * SR)) if loud.size else len(x)
    return x[:end]


def ramp(x: np.ndarray, db_from: float, db_to: float) -> np.ndarray:
    """`x` with a gain moving linearly in dB from `db_from` to `db_to`, peak-normalised to 0.8."""
    g = 10 ** (np.linspace(db_from, db_to, len(x)) / 20)
    return S.normalize(x * g, 0.8)


def telephone(x: np.ndarray, seed: int) -> np.ndarray:
    """A phone line: 300-3400 Hz band-pass, a little line noise, mild compression."""
    y = sosfilt(butter(6, [300, 3400], "bandpass", fs=SR, output="sos"), x)
    y = np.tanh(3 * y / np.abs(y).max()) / np.tanh(3)
    hiss = sosfilt(butter(4, [300, 3400], "bandpass", fs=SR, output="sos"),
                   np.random.default_rng(seed).standard_normal(len(y)))
    return S.normalize(y + 0.01 * hiss / np.abs(hiss).max(), 0.8)


def reverberate(x: np.ndarray, rt60_s: float, seed: int, wet: float = 0.7) -> np.ndarray:
    """`x` in a synthetic room: convolved with exponentially decaying noise (decay `rt60_s`), plus the dry path."""
    t = np.arange(int(rt60_s * 1.2 * SR)) / SR
    h = np.random.default_rng(seed).standard_normal(t.size) * np.exp(-np.log(1000) * t / rt60_s)
    h /= np.sqrt(np.sum(h ** 2))
    tail = fftconvolve(x, h)[: len(x) + int(rt60_s * SR)]
    dry = np.concatenate([x, np.zeros(len(tail) - len(x))])
    return S.normalize((1 - wet) * dry / np.abs(dry).max() + wet * tail / np.abs(tail).max(), 0.8)


# ---------------------------------------------------------------- music


def stepped_song(key: str, mode: str, program: int, bpm0: float, bpm1: float, seconds_each: float = 20.0) -> np.ndarray:
    """A 4/4 chord progression with a rock beat: `seconds_each` at `bpm0`, then `seconds_each` at `bpm1`.
    Written at 60 BPM with beats placed in seconds, so the tempo can change inside one MIDI file."""
    s = midi.Song(60.0)
    s.program(0, program)
    chords = S.chord_names(key, mode)
    t, beat, bar = 0.0, 0, 0
    while t < 2 * seconds_each:
        period = 60.0 / (bpm0 if t < seconds_each else bpm1)
        k = beat % 4
        if k == 0:
            bar = beat // 4
        notes = midi.chord_notes(chords[bar % len(chords)])
        s.note(0, notes[k % 3] if k else notes[0] - 12, t, period * 0.95, 90)
        ch = midi.DRUM_CHANNEL
        if k in (0, 2):
            s.note(ch, midi.KICK, t, 0.1, 110)
        if k in (1, 3):
            s.note(ch, midi.SNARE, t, 0.1, 100)
        s.note(ch, midi.CLOSED_HAT, t, 0.08, 85)
        s.note(ch, midi.CLOSED_HAT, t + period / 2, 0.08, 70)
        t += period
        beat += 1
    return trim_tail(midi.render_song(s))
