"""Loudness over time: the curve stays short on long clips, its trend says louder or softer, fades are found."""

from __future__ import annotations

import numpy as np
import pytest

from aural.listen.dynamics import MAX_CURVE_POINTS, analyze_dynamics, frame_power

from audio_tools import SR, silence, tone, white_noise


def ramp_db(x: np.ndarray, start_db: float, end_db: float) -> np.ndarray:
    """`x` with a gain going linearly in dB from `start_db` to `end_db`."""
    return (x * 10 ** (np.linspace(start_db, end_db, x.size) / 20)).astype(np.float32)


def test_a_crescendo_reads_as_getting_louder_and_a_steady_clip_as_flat() -> None:
    up = analyze_dynamics(ramp_db(white_noise(60.0, 0.1), -20.0, 0.0))
    assert up.curve_hop_s == 0.25 and len(up.curve_db) == 240
    assert up.trend.slope_db_per_s == pytest.approx(20 / 60, rel=0.05)
    assert up.trend.slope_db_per_min == pytest.approx(20.0, rel=0.05)
    assert up.trend.r2 > 0.95 and up.trend.change_db > 12
    assert up.trend.end_db - up.trend.start_db == pytest.approx(20.0, abs=1.0)
    down = analyze_dynamics(ramp_db(tone(440, 40.0, 0.5), 0.0, -15.0))
    assert down.trend.slope_db_per_s < 0 and down.trend.change_db < -9
    flat = analyze_dynamics(white_noise(30.0, 0.1))
    assert abs(flat.trend.slope_db_per_min) < 0.5 and abs(flat.trend.change_db) < 0.5
    assert flat.fade_in_s is None and flat.fade_out_s is None


def test_the_curve_stays_within_300_points_and_each_point_is_the_rms_of_its_hop() -> None:
    x = np.concatenate([silence(1.0), tone(440, 1.0, 0.5), silence(0.5)])
    d = analyze_dynamics(x)
    assert d.curve_hop_s == 0.25 and len(d.curve_db) == 10
    assert d.curve_db[:4] == [-90.0] * 4
    assert d.curve_db[5] == pytest.approx(20 * np.log10(0.5 / np.sqrt(2)), abs=0.1)
    for minutes in (3, 30):
        n = int(minutes * 60 * SR)
        power = frame_power(np.ones(n, np.float32))
        assert power.size == minutes * 60 * 20
    long = analyze_dynamics(np.tile(white_noise(10.0, 0.05), 180))  # 30 minutes
    assert len(long.curve_db) <= MAX_CURVE_POINTS and long.curve_hop_s == 10.0
    assert long.trend is not None and abs(long.trend.slope_db_per_min) < 0.05


def test_fades_in_and_out_are_found_but_a_step_is_not_a_fade() -> None:
    body = white_noise(20.0, 0.1)
    x = np.concatenate([ramp_db(body[: 4 * SR], -40, 0), body[4 * SR: 16 * SR], ramp_db(body[16 * SR:], 0, -40)])
    d = analyze_dynamics(x)
    assert d.fade_in_s == pytest.approx(4.0, abs=0.6)
    assert d.fade_out_s == pytest.approx(4.0, abs=0.6)
    step = np.concatenate([white_noise(8.0, 0.003), white_noise(12.0, 0.1, seed=2)])
    assert analyze_dynamics(step).fade_in_s is None
    sudden = analyze_dynamics(np.concatenate([silence(1.0), tone(440, 5.0), silence(1.0)]))
    assert sudden.fade_in_s is None and sudden.fade_out_s is None


def test_noise_floor_and_snr() -> None:
    quiet = white_noise(10.0, 0.001)  # -60 dBFS background
    x = quiet.copy()
    for k in range(5):  # 5 loud 1 s bursts at about -17 dBFS
        s = (1 + 2 * k) * SR
        x[s: s + SR] += tone(440, 1.0, 0.2)
    d = analyze_dynamics(x)
    assert d.noise_floor_db == pytest.approx(-60.0, abs=1.0)
    assert d.snr_db == pytest.approx(-17.0 + 60.0, abs=2.0)
