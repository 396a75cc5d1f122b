"""A demo clip made on the spot: a siren under a spoken sentence (espeak-ng when installed)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from aural.audio.decode import SAMPLE_RATE, decode_file

DEMO_SENTENCE = "Hello. This is aural, listening to a short demo clip with a siren in the background."


def siren(seconds: float, sr: int = SAMPLE_RATE) -> np.ndarray:
    """A wailing siren: a 7-harmonic tone swept 700-1500 Hz every 4 s."""
    t = np.arange(int(seconds * sr)) / sr
    f = 1100.0 + 400.0 * np.sin(2 * np.pi * 0.25 * t)
    phase = 2 * np.pi * np.cumsum(f) / sr
    return sum((0.3 / k) * np.sin(k * phase) for k in range(1, 8)).astype(np.float32)


def make_demo_clip(path: Path) -> Path:
    """Write a 12 s WAV: siren from 0 s to 12 s (quiet), speech from 1 s when espeak-ng exists."""
    import wave

    mix = np.zeros(12 * SAMPLE_RATE, np.float32)
    mix += 0.12 * siren(12.0)
    espeak = shutil.which("espeak-ng")
    if espeak:
        with tempfile.TemporaryDirectory() as tmp:
            wav = Path(tmp) / "speech.wav"
            subprocess.run([espeak, "-v", "en-us", "-s", "150", "-w", str(wav), DEMO_SENTENCE],
                           check=True, capture_output=True, timeout=30)
            speech = decode_file(wav).samples[: 10 * SAMPLE_RATE]
        start = SAMPLE_RATE
        mix[start: start + len(speech)] += 0.9 * speech
    pcm = (np.clip(mix, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm.tobytes())
    return path
