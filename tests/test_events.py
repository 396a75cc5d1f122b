"""Sound events: YAMNet finds a synthesized siren as Siren under Alarm, at the right time."""

from __future__ import annotations

import numpy as np
import pytest

from aural.demo import siren
from aural.listen import ontology
from aural.listen.events import EventScores, clip_labels, events_from_scores, log_mel, score_events, spans_of

from audio_tools import SR, silence, tone, white_noise


@pytest.fixture(scope="module")
def siren_clip() -> np.ndarray:
    # 3 s silence, 8 s siren, 3 s silence.
    return np.concatenate([silence(3), 0.6 * siren(8.0), silence(3)])


def test_siren_is_found_as_siren_under_alarm_at_the_right_time(siren_clip: np.ndarray) -> None:
    es = score_events(siren_clip)
    events = events_from_scores(es, len(siren_clip) / SR)
    sirens = [e for e in events if e.label == "Siren"]
    assert sirens, [e.label for e in events]
    longest = max(sirens, key=lambda e: e.end - e.start)
    assert longest.start == pytest.approx(3.0, abs=1.0)
    assert longest.end == pytest.approx(11.0, abs=1.0)
    assert longest.score > 0.5
    assert longest.groups[:2] == ["Sounds of things", "Alarm"]
    # Nothing siren-like in the silent head.
    assert all(e.start >= 2.0 for e in events if "Alarm" in e.groups)
    top = [label.label for label in clip_labels(es)[:4]]
    assert "Siren" in top


def test_scores_cover_the_clip_in_half_second_hops(siren_clip: np.ndarray) -> None:
    es = score_events(siren_clip)
    assert es.scores.shape[1] == 521
    assert es.n == pytest.approx((len(siren_clip) / SR - 0.96) / 0.48 + 1, abs=1)
    assert float(es.scores.min()) >= 0.0 and float(es.scores.max()) <= 1.0


def test_white_noise_is_not_a_siren_or_speech() -> None:
    es = score_events(white_noise(5.0))
    labels = {e.label for e in events_from_scores(es, 5.0)}
    assert "Siren" not in labels and "Speech" not in labels


def test_clip_shorter_than_one_patch_is_padded() -> None:
    es = score_events(tone(440, 0.3))
    assert es.n == 1


def test_log_mel_matches_the_yamnet_front_end_shape() -> None:
    mel = log_mel(tone(1000, 1.0))
    assert mel.shape == (1 + (SR - 400) // 160, 64)
    # A 1 kHz tone puts its energy in the band that contains 1 kHz, well above the log floor.
    assert float(mel.max()) > np.log(0.001) + 5


def test_spans_bridge_one_patch_gaps() -> None:
    active = np.array([0, 1, 1, 0, 1, 0, 0, 0, 1], bool)
    assert spans_of(active) == [(1, 4), (8, 8)]


def test_ontology_groups() -> None:
    siren_i = ontology.index_of("Siren")
    assert ontology.paths(siren_i) == ("Sounds of things", "Alarm", "Siren")
    ambulance = ontology.index_of("Ambulance (siren)")
    assert {"Vehicle", "Alarm", "Siren", "Emergency vehicle"} <= set(ontology.paths(ambulance))
    piano = ontology.index_of("Piano")
    assert ontology.in_group(piano, "Musical instrument")
    assert not ontology.in_group(piano, "Music genre")
    assert ontology.class_names()[ontology.indices("Music mood")[0]] == "Happy music"
    assert ontology.class_names()[ontology.indices("Music genre")[0]] == "Pop music"
    assert EventScores(np.zeros((0, 521), np.float32)).n == 0
