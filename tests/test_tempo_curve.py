"""Tempo over time: a click track that goes from 90 to 130 BPM shows it; a steady one stays flat."""

from __future__ import annotations

import numpy as np
import pytest

from aural.listen.music import FPS, estimate_tempo, onset_envelope, periodicity, tempo_curve

from audio_tools import SR


def clicks(bpm: float, seconds: float) -> np.ndarray:
    """A click every beat (a louder one every fourth), 1.5 kHz pings decaying in 10 ms."""
    y = np.zeros(int(seconds * SR), np.float32)
    t = np.arange(400) / SR
    ping = (np.sin(2 * np.pi * 1500 * t) * np.exp(-t / 0.01)).astype(np.float32)
    for k, s in enumerate(np.arange(0, seconds - 0.05, 60 / bpm)):
        i = int(s * SR)
        y[i: i + 400] += ping * (1.0 if k % 4 == 0 else 0.6)
    return y


def curve_of(y: np.ndarray, regions: list[tuple[int, int]] | None = None):
    regions = regions or [(0, len(y))]
    envs = [onset_envelope(y, a, b) for a, b in regions]
    clip = estimate_tempo(periodicity(envs, int(np.ceil(60 * FPS / 40)) + 2))
    return tempo_curve(envs, regions, clip[0] if clip else None)


def test_a_tempo_change_shows_in_the_curve() -> None:
    curve = curve_of(np.concatenate([clicks(90, 30), clicks(130, 30)]))
    assert [(p.start, p.end) for p in curve] == [(0, 15), (15, 30), (30, 45), (45, 60)]
    assert [p.bpm for p in curve] == pytest.approx([90, 90, 130, 130], abs=2)
    assert all(p.confidence > 0.5 for p in curve)


def test_a_steady_tempo_stays_flat_and_short_music_has_no_curve() -> None:
    curve = curve_of(clicks(120, 62))
    assert len(curve) == 4 and all(p.bpm == pytest.approx(120, abs=1.5) for p in curve)
    assert curve_of(clicks(120, 25)) == []


def test_the_curve_stays_short_and_keeps_region_times() -> None:
    y = clicks(100, 20 * 60)  # 20 minutes
    curve = curve_of(y, [(0, 10 * 60 * SR), (12 * 60 * SR, 20 * 60 * SR)])
    assert len(curve) <= 60
    assert curve[0].start == 0 and curve[-1].end == pytest.approx(20 * 60, abs=0.1)
    assert any(p.start == pytest.approx(12 * 60, abs=0.1) for p in curve)
    assert all(p.bpm == pytest.approx(100, abs=1.5) for p in curve)


def test_the_engine_reports_a_drum_groove_speeding_up() -> None:
    import midi
    from aural.listen.events import score_events
    from aural.listen.music import analyze_music

    midi.require_fluidsynth()
    y = np.concatenate([midi.drum_groove(90, bars=12), midi.drum_groove(130, bars=16)]).astype(np.float32)
    ev = analyze_music(y, score_events(y))
    assert ev.present and len(ev.tempo_curve) >= 3
    bpms = [p.bpm for p in ev.tempo_curve]
    assert bpms[0] == pytest.approx(90, rel=0.04) and bpms[-1] == pytest.approx(130, rel=0.04)
