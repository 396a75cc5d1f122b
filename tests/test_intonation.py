"""Intonation: a final rise (espeak's yes/no questions, a rising glide) against a final fall."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from aural.listen.evidence import Span
from aural.listen.intonation import MAX_UTTERANCES, utterance_intonation

from audio_tools import SR, white_noise


def glide(f_start: float, f_end: float, seconds: float = 1.2, turn_s: float = 0.4) -> np.ndarray:
    """A voice-like harmonic tone, steady at f_start, then gliding to f_end over its last `turn_s`."""
    n = int(seconds * SR)
    t = np.arange(n) / SR
    f = np.where(t < seconds - turn_s, f_start,
                 f_start * (f_end / f_start) ** ((t - (seconds - turn_s)) / turn_s))
    phase = 2 * np.pi * np.cumsum(f) / SR
    x = sum(0.7 ** k * np.sin((k + 1) * phase) for k in range(8))
    return (0.3 * x / np.abs(x).max() * np.minimum(1, np.minimum(t, seconds - t) / 0.02)).astype(np.float32)


def test_rising_and_falling_glides() -> None:
    gap = np.zeros(SR // 2, np.float32)
    y = np.concatenate([gap, glide(150, 200), gap, glide(200, 140), gap, white_noise(1.0, 0.05), gap])
    segs = [Span(start=0.5, end=1.7), Span(start=2.2, end=3.4), Span(start=3.9, end=4.9)]
    up, down, noise = utterance_intonation(y, segs)
    assert up.rising is True and up.final_change_st == pytest.approx(12 * np.log2(200 / 150), abs=1.0)
    assert up.final_slope_st_per_s > 5 and up.final_rise_st > 4
    assert down.rising is False and down.final_change_st < -4 and down.final_slope_st_per_s < -5
    assert noise.rising is None and noise.final_slope_st_per_s is None
    assert (up.start, up.end) == (0.5, 1.7)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize("text,rising", [
    ("Is it raining?", True), ("It is raining.", False),
    ("Did she call you yesterday?", True), ("She called me yesterday.", False),
])
def test_espeak_questions_rise_and_statements_fall(tmp_path, text: str, rising: bool) -> None:
    import librosa

    wav = tmp_path / "u.wav"
    subprocess.run(["espeak-ng", "-v", "en", "-w", str(wav), text], check=True, timeout=30)
    y, _ = librosa.load(wav, sr=SR)
    voiced = np.flatnonzero(np.abs(y) > 0.01)
    (u,) = utterance_intonation(y, [Span(start=voiced[0] / SR, end=voiced[-1] / SR)])
    assert u.rising is rising


def test_only_so_many_utterances_are_analysed() -> None:
    y = np.zeros(100 * SR, np.float32)
    segs = [Span(start=float(i), end=i + 0.5) for i in range(100)]
    out = utterance_intonation(y, segs)
    assert len(out) == MAX_UTTERANCES and out[0].start == 0.0 and out[-1].start == 99.0
    assert all(u.rising is None for u in out)
    assert utterance_intonation(y, []) == []


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_the_engine_hears_a_question_then_a_statement(tmp_path) -> None:
    import librosa

    from aural.audio.decode import Clip
    from aural.listen.pipeline import listen

    parts = [np.zeros(SR // 2, np.float32)]
    for i, text in enumerate(["Did she call you yesterday?", "She called me yesterday."]):
        wav = tmp_path / f"{i}.wav"
        subprocess.run(["espeak-ng", "-v", "en", "-w", str(wav), text], check=True, timeout=30)
        parts += [librosa.load(wav, sr=SR)[0].astype(np.float32), np.zeros(SR, np.float32)]
    ev = listen(Clip(np.concatenate(parts), "wav", "pcm_s16le", SR, 1, None))
    assert ev.voice is not None and not ev.warnings
    assert [u.rising for u in ev.voice.utterances] == [True, False]
