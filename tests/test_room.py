"""Reverberation: a dry click train and the same in a room and a hall separate by their decay times."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import fftconvolve

from aural.listen.room import estimate_reverb

from audio_tools import SR, silence, white_noise


def click_train(period_s: float = 1.5, n: int = 8, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    y = np.zeros(int((n * period_s + 2) * SR), np.float32)
    for k in range(n):
        s = int((0.5 + k * period_s) * SR)
        y[s: s + 16] = np.hanning(16) * 0.8 * (0.8 + 0.2 * rng.random())
    return y


def in_room(y: np.ndarray, rt60_s: float, seed: int = 1) -> np.ndarray:
    """`y` convolved with an exponentially decaying noise impulse response of the given RT60."""
    t = np.arange(int(1.2 * rt60_s * SR)) / SR
    h = np.random.default_rng(seed).standard_normal(t.size) * np.exp(-np.log(1000) * t / rt60_s)
    h[0] = 1.0
    z = fftconvolve(y, h)[: len(y)]
    return (0.8 * z / np.abs(z).max()).astype(np.float32)


def test_dry_room_and_hall_clicks_separate() -> None:
    dry = estimate_reverb(click_train())
    short = estimate_reverb(in_room(click_train(), 0.1))
    room = estimate_reverb(in_room(click_train(), 0.5))
    hall = estimate_reverb(in_room(click_train(), 1.5))
    assert dry.label == "dry" and dry.rt60_s < 0.1
    assert short.label == "dry" and short.rt60_s == pytest.approx(0.1, rel=0.3)
    assert room.label == "room" and room.rt60_s == pytest.approx(0.5, rel=0.2)
    assert hall.label == "hall" and hall.rt60_s == pytest.approx(1.5, rel=0.2)
    assert min(dry.confidence, short.confidence, room.confidence, hall.confidence) >= 0.5
    assert hall.rt60_s > 5 * short.rt60_s


def test_hall_still_reads_under_background_noise() -> None:
    y = in_room(click_train(), 1.5) + white_noise(12.0 + 2, 0.003)[: len(click_train())]
    r = estimate_reverb(y.astype(np.float32))
    assert r.label == "hall" and r.rt60_s == pytest.approx(1.5, rel=0.2)


def test_no_offsets_means_unclear() -> None:
    for y in (silence(5.0), white_noise(5.0), np.zeros(10, np.float32)):
        r = estimate_reverb(y)
        assert r.label == "unclear" and r.rt60_s is None and r.confidence == 0.0
