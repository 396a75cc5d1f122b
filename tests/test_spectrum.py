"""Band limits: telephone speech reads ~3.4 kHz wide from ~300 Hz, full-band speech ~7.5 kHz."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
from scipy.signal import butter, sosfiltfilt

from aural.listen.spectrum import band_limits

from audio_tools import SR, silence, white_noise


def band(x: np.ndarray, lo: float | None, hi: float | None, order: int = 8) -> np.ndarray:
    if lo is None:
        sos = butter(order, hi, "lowpass", fs=SR, output="sos")
    else:
        sos = butter(order, [lo, hi], "bandpass", fs=SR, output="sos")
    return sosfiltfilt(sos, x).astype(np.float32)


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> np.ndarray:
    import librosa

    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    wav = tmp_path_factory.mktemp("spectrum") / "s.wav"
    subprocess.run(["espeak-ng", "-v", "en", "-w", str(wav),
                    "Is it raining outside today? I think it might rain later in the evening."],
                   check=True, timeout=30)
    y, _ = librosa.load(wav, sr=SR)
    return y.astype(np.float32)


def test_telephone_band_speech_reads_narrow_and_full_band_speech_wide(speech: np.ndarray) -> None:
    full_hi, full_lo = band_limits(speech)
    assert 7000 <= full_hi <= 8000 and full_lo <= 100
    phone_hi, phone_lo = band_limits(band(speech, 300, 3400))
    assert 3200 <= phone_hi <= 3800 and 200 <= phone_lo <= 400
    wide_hi, _ = band_limits(band(speech, 50, 7000))
    assert 6500 <= wide_hi <= 7100


def test_lowpassed_noise_and_silence() -> None:
    assert band_limits(band(white_noise(5.0), None, 4000))[0] == pytest.approx(4000, abs=250)
    assert band_limits(silence(5.0)) == (None, None)
    assert band_limits(silence(0.01)) == (None, None)
