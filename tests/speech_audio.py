"""Real test audio for the speech and voice tests: espeak-ng speech and synthetic non-speech."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from aural.audio.decode import SAMPLE_RATE, decode_file

HAVE_ESPEAK = shutil.which("espeak-ng") is not None
needs_espeak = pytest.mark.skipif(not HAVE_ESPEAK, reason="espeak-ng is not installed")

SENTENCES = {
    "en": "The weather today is sunny and warm. We are going to the park this afternoon with the children.",
    "fr": "Bonjour à tous. Aujourd'hui, nous allons parler de la cuisine française et de ses traditions.",
    "de": "Guten Tag, meine Damen und Herren. Heute sprechen wir über das Wetter in Deutschland.",
    "es": "Buenos días a todos. Hoy vamos a hablar de la comida española y de sus tradiciones.",
}


def espeak(out_dir: Path, name: str, text: str, voice: str = "en-us", rate: int = 175,
           pitch: int = 50) -> np.ndarray:
    """Speak `text` with espeak-ng into a wav and decode it with aural's decoder (16 kHz mono)."""
    if not HAVE_ESPEAK:
        pytest.skip("espeak-ng is not installed")
    path = out_dir / f"{name}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-p", str(pitch), "-w", str(path), text],
                   check=True, capture_output=True, timeout=60)
    return decode_file(path).samples


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32)


def white_noise(seconds: float, level: float = 0.1, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (level * rng.standard_normal(int(seconds * SAMPLE_RATE))).astype(np.float32)


def siren(seconds: float, harmonics: int = 7) -> np.ndarray:
    """A harmonic tone whose fundamental sweeps 700-1500 Hz four seconds a cycle."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    f0 = 1100 + 400 * np.sin(2 * np.pi * 0.25 * t)
    phase = 2 * np.pi * np.cumsum(f0) / SAMPLE_RATE
    x = sum(np.sin(k * phase) / k for k in range(1, harmonics + 1))
    return (0.3 * x / np.abs(x).max()).astype(np.float32)


def join(*parts: np.ndarray) -> np.ndarray:
    return np.concatenate([p.astype(np.float32) for p in parts])
