"""The clips the client tests send, made on the spot: a siren, Spanish and English speech (espeak-ng),
each as the mono 16 kHz mp3 watch-cli uploads, and a text file renamed .mp3."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from aural.demo import siren

from audio_tools import ffmpeg_encode, write_wav
from speech_audio import SENTENCES

needs_tools = pytest.mark.skipif(shutil.which("espeak-ng") is None or shutil.which("ffmpeg") is None,
                                 reason="espeak-ng and ffmpeg are needed")

ENGLISH = "The meeting starts at nine tomorrow morning. Please bring the quarterly report and your laptop."


def _mp3(wav: Path) -> Path:
    """The file as watch-cli normalises it: mono, 16 kHz, 32 kbit/s mp3."""
    return ffmpeg_encode(wav, wav.with_suffix(".mp3"), "-ac", "1", "-ar", "16000", "-b:a", "32k")


def _speak(d: Path, name: str, voice: str, text: str) -> Path:
    wav = d / f"{name}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(wav), text], check=True, capture_output=True, timeout=60)
    return wav


def make_clips(d: Path) -> dict[str, Path]:
    """Under `d`: siren.mp3 (8 s of a wailing siren), spanish.mp3 and english.mp3 as watch-cli sends them,
    spanish.wav and english.wav as espeak-ng spoke them, and text.mp3 (not audio)."""
    write_wav(d / "siren.wav", 0.25 * siren(8.0))
    (d / "text.mp3").write_text("This is a text file, not audio.\n" * 20)
    spanish = _speak(d, "spanish", "es", SENTENCES["es"])
    english = _speak(d, "english", "en-us", ENGLISH)
    return {"siren": _mp3(d / "siren.wav"), "spanish": _mp3(spanish), "english": _mp3(english),
            "spanish_wav": spanish, "english_wav": english, "text": d / "text.mp3"}


def words(text: str) -> str:
    """Lower-case, accents and punctuation kept apart from words, for loose matching of transcripts."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())
