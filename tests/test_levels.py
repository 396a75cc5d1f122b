"""Levels: chunked BS.1770 loudness agrees with pyloudnorm's reference; silence, clipping, dynamics."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest

from aural.listen.levels import analyze_levels, integrated_lufs

from audio_tools import SR, silence, tone, white_noise


@pytest.mark.parametrize("samples", [
    tone(440, 5.0, 0.5),
    white_noise(7.0, 0.1),
    np.concatenate([silence(3.0), white_noise(70.0, 0.05) * np.linspace(0, 1, 70 * SR, dtype=np.float32)]),
])
def test_integrated_loudness_matches_pyloudnorm(samples: np.ndarray) -> None:
    reference = pyloudnorm.Meter(SR).integrated_loudness(samples.astype(np.float64))
    assert integrated_lufs(samples) == pytest.approx(reference, abs=0.1)


def test_silence_and_short_clips_have_no_loudness() -> None:
    assert integrated_lufs(silence(5.0)) is None
    assert integrated_lufs(tone(440, 0.2)) is None


def test_levels_report_silence_share_peak_and_dynamics() -> None:
    x = np.concatenate([silence(2.0), tone(440, 2.0, 0.5), tone(440, 2.0, 0.05)])
    lv = analyze_levels(x)
    assert lv.silence_ratio == pytest.approx(1 / 3, abs=0.05)
    assert lv.peak_dbfs == pytest.approx(-6.0, abs=0.2)
    assert lv.dynamic_range_db == pytest.approx(20.0, abs=1.0)
    assert lv.clipping_ratio == 0.0
