"""Audio the tests make themselves: numpy signals written as WAV, and encodes made by ffmpeg."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

SR = 16000


def write_wav(path: Path, samples: np.ndarray, sr: int = SR, channels: int = 1) -> Path:
    """Write float samples ([n] or [n, channels]) as 16-bit PCM WAV."""
    data = np.asarray(samples, dtype=np.float64)
    if data.ndim == 1 and channels > 1:
        data = np.repeat(data[:, None], channels, axis=1)
    pcm = (np.clip(data, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())
    return path


def ffmpeg_encode(src: Path, dst: Path, *args: str) -> Path:
    """Encode `src` to `dst` (format from the extension) with the system ffmpeg."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(src), *args, str(dst)], check=True, timeout=60)
    return dst


def tone(freq: float, seconds: float, amp: float = 0.5, sr: int = SR) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def silence(seconds: float, sr: int = SR) -> np.ndarray:
    return np.zeros(int(seconds * sr), np.float32)


def white_noise(seconds: float, amp: float = 0.3, seed: int = 0, sr: int = SR) -> np.ndarray:
    return (amp * np.random.default_rng(seed).standard_normal(int(seconds * sr))).astype(np.float32)
