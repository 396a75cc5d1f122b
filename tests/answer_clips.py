"""Clips for the answer tests, made on the spot: espeak-ng speech, FluidSynth music, numpy sounds.

`build_clips(folder)` writes every clip as a 16 kHz mono WAV and returns {name: path}. Each recipe
is deterministic (fixed seeds), so the evidence the tests read is the same run to run. The tests
listen to each clip once (session fixture) and then ask many questions against that evidence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

import midi
from aural.audio.decode import SAMPLE_RATE
from aural.demo import siren

from audio_tools import write_wav
from speech_audio import SENTENCES, espeak

SR = SAMPLE_RATE
C_MAJOR = ["C", "F", "G", "C", "C", "Am", "F", "G"]
A_MINOR = ["Am", "Dm", "E", "Am"]


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SR), np.float32)


def _fit(x: np.ndarray, seconds: float) -> np.ndarray:
    """Cut or zero-pad `x` to exactly `seconds`."""
    n = int(seconds * SR)
    out = np.zeros(n, np.float32)
    out[: min(n, len(x))] = x[:n]
    return out


def _norm(x: np.ndarray, peak: float) -> np.ndarray:
    m = float(np.abs(x).max()) or 1.0
    return (x * (peak / m)).astype(np.float32)


def rain(seconds: float, seed: int = 1) -> np.ndarray:
    """Rain-like noise: low-passed hiss with thousands of short random 'drops' on top."""
    from scipy.signal import butter, sosfilt

    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    hiss = sosfilt(butter(4, [300, 6000], "bandpass", fs=SR, output="sos"), rng.standard_normal(n))
    drops = np.zeros(n)
    for start in rng.integers(0, n - 400, int(seconds * 220)):
        length = int(rng.integers(40, 300))
        drops[start:start + length] += rng.standard_normal(length) * np.exp(-np.arange(length) / 40) * rng.uniform(0.5, 2)
    drops = sosfilt(butter(2, 1500, "highpass", fs=SR, output="sos"), drops)
    return _norm(0.6 * hiss / np.abs(hiss).max() + 0.4 * drops / np.abs(drops).max(), 0.5)


def applause(seconds: float, seed: int = 2) -> np.ndarray:
    """Applause-like: about a thousand short claps a second, each a 1-3 ms decaying noise burst through
    its own 800-2500 Hz resonance (YAMNet calls this Applause; sparser or brighter bursts read as
    fireworks or rain)."""
    from scipy.signal import butter, sosfilt

    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    out = np.zeros(n)
    for start in rng.integers(0, n - 800, int(seconds * 1000)):
        length = int(rng.integers(200, 600))
        burst = rng.standard_normal(length) * np.exp(-np.arange(length) / (rng.uniform(1, 3) * SR / 1000))
        f = rng.uniform(800, 2500)
        burst = sosfilt(butter(2, [f * 0.6, min(f * 1.6, 7900)], "bandpass", fs=SR, output="sos"), burst)
        out[start:start + length] += burst * rng.uniform(0.3, 1.0)
    return _norm(out, 0.5)


def noise(seconds: float, level: float = 0.05, seed: int = 3) -> np.ndarray:
    return (level * np.random.default_rng(seed).standard_normal(int(seconds * SR))).astype(np.float32)


def beeps(n: int, freq: float = 1000.0, on_s: float = 0.25, off_s: float = 0.5) -> np.ndarray:
    """`n` sine beeps with short ramps (no clicks), `off_s` of silence after each."""
    t = np.arange(int(on_s * SR)) / SR
    ramp = np.minimum(1.0, np.minimum(t, on_s - t) / 0.01)
    beep = (0.5 * np.sin(2 * np.pi * freq * t) * ramp).astype(np.float32)
    return np.concatenate([np.concatenate([beep, _silence(off_s)]) for _ in range(n)])


def rising_noise(seconds: float, rise_db: float = 24.0, seed: int = 4) -> np.ndarray:
    """Band-limited noise whose level climbs `rise_db` dB, evenly in dB, over the clip."""
    from scipy.signal import butter, sosfilt

    n = int(seconds * SR)
    x = sosfilt(butter(2, [200, 4000], "bandpass", fs=SR, output="sos"), np.random.default_rng(seed).standard_normal(n))
    gain = 10 ** ((np.linspace(0, rise_db, n) - rise_db) / 20)
    return _norm(x * gain, 0.6)


def _speech(tmp: Path, lang: str, voice: str) -> np.ndarray:
    return espeak(tmp, f"say_{lang}", SENTENCES[lang], voice=voice, rate=160)


EMOTIONAL = {
    "happy": ("Wow! This is amazing! We won the championship! I can't believe it, this is the best day ever!",
              "en-us+f3", 230, 90, 1.0),
    "sad": ("I am so tired. Everything went wrong today. I lost my job and I feel terrible.",
            "en-us", 110, 20, 0.4),
    "angry": ("This is completely unacceptable! I have called five times and nobody fixed anything! "
              "Terrible service!", "en-us", 210, 70, 1.0),
}


def _emotional(tmp: Path, mood: str) -> np.ndarray:
    text, voice, rate, pitch, gain = EMOTIONAL[mood]
    y = espeak(tmp, f"mood_{mood}", text, voice=voice, rate=rate, pitch=pitch)
    return np.concatenate([_silence(0.5), gain * y, _silence(0.3)])


RECIPES: dict[str, Callable[[Path], np.ndarray]] = {
    "speech_en": lambda t: np.concatenate([_silence(0.5), _speech(t, "en", "en-us"), _silence(0.5)]),
    "speech_fr": lambda t: np.concatenate([_silence(0.5), _speech(t, "fr", "fr"), _silence(0.5)]),
    "speech_de": lambda t: np.concatenate([_silence(0.5), _speech(t, "de", "de"), _silence(0.5)]),
    "speech_es": lambda t: np.concatenate([_silence(0.5), _speech(t, "es", "es"), _silence(0.5)]),
    "speech_happy": lambda t: _emotional(t, "happy"),
    "speech_sad": lambda t: _emotional(t, "sad"),
    "speech_angry": lambda t: _emotional(t, "angry"),
    "speech_over_music": lambda t: (
        0.35 * _fit(midi.chord_progression(C_MAJOR, midi.PIANO, bpm=120, beats_per_chord=2, repeats=1), 11)
        + _fit(np.concatenate([_silence(1.5), 0.9 * _speech(t, "en", "en-us")]), 11)),
    "speech_over_noise": lambda t: (
        noise(10, 0.04) + _fit(np.concatenate([_silence(1.0), 0.9 * _speech(t, "en", "en-us")]), 10)),
    "siren": lambda t: np.concatenate([_silence(3), 0.6 * siren(8.0), _silence(2)]),
    "rain": lambda t: rain(10),
    "applause": lambda t: applause(8),
    "piano_c_major": lambda t: _norm(midi.chord_progression(C_MAJOR, midi.PIANO, bpm=120, beats_per_chord=2,
                                                            repeats=1), 0.7),
    "piano_a_minor": lambda t: _norm(midi.chord_progression(A_MINOR, midi.PIANO, bpm=120, beats_per_chord=4,
                                                            repeats=1), 0.7),
    "drums_120": lambda t: _norm(midi.drum_groove(120, bars=5), 0.7),
    "violin": lambda t: _norm(midi.melody(midi.VIOLIN, bpm=120, repeats=1), 0.7),
    "silence": lambda t: _silence(6),
    # Five beeps (0:01-0:04), then a siren (0:05-0:11): counts and order.
    "beeps_then_siren": lambda t: np.concatenate([_silence(1.0), beeps(5), _silence(0.25), 0.6 * siren(6.0),
                                                  _silence(1.0)]),
    "rising_noise": lambda t: rising_noise(10),
}


def build_clips(folder: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Write the named clips (all by default) into `folder`; returns {name: wav path}."""
    midi.require_fluidsynth()
    folder.mkdir(parents=True, exist_ok=True)
    work = folder / "parts"
    work.mkdir(exist_ok=True)
    out: dict[str, Path] = {}
    for name in names or list(RECIPES):
        path = folder / f"{name}.wav"
        if not path.exists():
            write_wav(path, np.clip(RECIPES[name](work), -1, 1))
        out[name] = path
    return out
