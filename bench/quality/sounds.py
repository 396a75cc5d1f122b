"""Signal recipes for the corpus: sound effects made with numpy, music rendered from MIDI with
FluidSynth (the General MIDI soundfont from Debian), speech from espeak-ng. Pure functions of
their arguments and a seed, so a corpus is reproducible."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy.signal import butter, sosfilt

from aural.audio.decode import SAMPLE_RATE, decode_file
from aural.demo import siren as wail_siren

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
import midi  # noqa: E402  (the tests' MIDI writer and FluidSynth renderer)
from answer_clips import applause, rain  # noqa: E402,F401  (the tests' rain and applause recipes)

SR = SAMPLE_RATE


def fit(x: np.ndarray, seconds: float) -> np.ndarray:
    """`x` looped or cut to `seconds`."""
    return tile_to(x, int(round(seconds * SR)))


def tile_to(x: np.ndarray, n: int) -> np.ndarray:
    """`x` looped or cut to exactly `n` samples."""
    if len(x) == 0:
        return np.zeros(n, np.float32)
    return np.tile(x, int(np.ceil(n / len(x))))[:n].astype(np.float32)


def normalize(x: np.ndarray, peak: float = 0.5) -> np.ndarray:
    m = float(np.abs(x).max()) or 1.0
    return (x * (peak / m)).astype(np.float32)


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) or 1e-9


def mix_at_snr(signal: np.ndarray, background: np.ndarray, snr_db: float) -> np.ndarray:
    """`signal` over `background` scaled so the signal is `snr_db` louder (RMS), peak-normalised."""
    bg = tile_to(background, len(signal))
    gain = rms(signal) / (rms(bg) * 10 ** (snr_db / 20))
    return normalize(signal + gain * bg, 0.8)


# ---------------------------------------------------------------- speech

def speak(text: str, voice: str, rate: int = 175, pitch: int = 50) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "s.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-p", str(pitch), "-w", str(wav), text],
                       check=True, capture_output=True, timeout=60)
        return decode_file(wav).samples


# ---------------------------------------------------------------- sound effects

def siren(kind: str, seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    if kind == "wail":
        return wail_siren(seconds)
    if kind == "yelp":
        f = 1100 + 400 * np.sin(2 * np.pi * 3.0 * t)
    else:  # hi-lo, European two-tone
        f = np.where((t % 1.0) < 0.5, 960.0, 770.0)
    phase = 2 * np.pi * np.cumsum(f) / SR
    return sum((0.3 / k) * np.sin(k * phase) for k in range(1, 8)).astype(np.float32)


def beeps(seconds: float, freq: float, on_s: float, off_s: float) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    gate = (t % (on_s + off_s)) < on_s
    return (0.4 * np.sin(2 * np.pi * freq * t) * gate).astype(np.float32)


def engine_hum(seconds: float, base_hz: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SR)) / SR
    f = base_hz * (1 + 0.03 * np.sin(2 * np.pi * 0.3 * t))
    phase = 2 * np.pi * np.cumsum(f) / SR
    tone = sum((1.0 / k) * np.sin(k * phase) for k in range(1, 12))
    rumble = sosfilt(butter(2, 400, "lowpass", fs=SR, output="sos"), rng.standard_normal(len(t)))
    am = 1 + 0.3 * np.sin(2 * np.pi * base_hz / 4 * t)
    return normalize(am * (0.6 * tone / 3 + 0.4 * rumble / np.abs(rumble).max()), 0.6)


def wind(seconds: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    t = np.arange(n) / SR
    base = sosfilt(butter(2, [80, 900], "bandpass", fs=SR, output="sos"), rng.standard_normal(n))
    gust = 0.5 + 0.5 * np.sin(2 * np.pi * 0.15 * t + rng.uniform(0, 6)) ** 2
    return normalize(base * gust, 0.5)


def knocking(seconds: float, seed: int) -> np.ndarray:
    """Groups of three knocks on wood: damped 180-260 Hz thumps with a click."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    out = np.zeros(n)
    t = np.arange(int(0.12 * SR)) / SR
    pos = 0.5
    while pos < seconds - 1.0:
        for k in range(3):
            a = int((pos + 0.22 * k) * SR)
            f = rng.uniform(180, 260)
            knock = np.sin(2 * np.pi * f * t) * np.exp(-t * 45) + 0.3 * rng.standard_normal(len(t)) * np.exp(-t * 300)
            out[a:a + len(t)] += knock[: n - a]
        pos += rng.uniform(1.5, 2.5)
    return normalize(out, 0.7)


def noise(seconds: float, seed: int, color: str = "white") -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(int(seconds * SR))
    if color == "pink":
        x = sosfilt(butter(1, 200, "lowpass", fs=SR, output="sos"), x) + 0.2 * x
    return normalize(x, 0.3)


# ---------------------------------------------------------------- music

MAJOR_PROGRESSION = [(0, ""), (5, ""), (7, ""), (0, "")]      # I IV V I
MINOR_PROGRESSION = [(0, "m"), (5, "m"), (7, ""), (0, "m")]    # i iv V i


def chord_names(key: str, mode: str) -> list[str]:
    root = midi.NOTE_NAMES.index(key)
    prog = MAJOR_PROGRESSION if mode == "major" else MINOR_PROGRESSION
    return [midi.NOTE_NAMES[(root + step) % 12] + quality for step, quality in prog]


def song(key: str, mode: str, program: int, bpm: float, pattern: str | None, bars: int = 8) -> np.ndarray:
    """A chord progression in `key`/`mode` on one GM program, one chord per bar, with an optional
    drum pattern ('rock', 'disco', 'waltz') at `bpm`."""
    s = midi.Song(bpm)
    s.program(0, program)
    beats = 3 if pattern == "waltz" else 4
    chords = chord_names(key, mode)
    for bar in range(bars):
        notes = midi.chord_notes(chords[bar % len(chords)])
        b0 = bar * beats
        if program in (0, 24, 25, 46):  # struck or plucked: arpeggiate on the beat
            for i in range(beats):
                s.note(0, notes[i % 3] if i else notes[0] - 12, b0 + i, 0.95, 90)
        else:  # sustained instruments hold the chord
            for k in [notes[0] - 12, *notes]:
                s.note(0, k, b0, beats * 0.95, 85)
        if pattern:
            _drums(s, pattern, b0, beats)
    return midi.render_song(s)


def _drums(s: midi.Song, pattern: str, b0: float, beats: int) -> None:
    ch = midi.DRUM_CHANNEL
    if pattern == "waltz":
        s.note(ch, midi.KICK, b0, 0.25, 110)
        for k in (1, 2):
            s.note(ch, midi.SNARE, b0 + k, 0.25, 85)
        return
    for k in range(beats):
        if pattern == "disco" or k in (0, 2):
            s.note(ch, midi.KICK, b0 + k, 0.25, 110)
        if k in (1, 3):
            s.note(ch, midi.SNARE, b0 + k, 0.25, 100)
    for e in range(beats * 2):
        s.note(ch, midi.CLOSED_HAT, b0 + e * 0.5, 0.2, 70 if e % 2 else 85)
