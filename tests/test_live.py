"""Live-audience cue: applause next to music reads live, a dry studio track does not."""

from __future__ import annotations

import numpy as np

from aural.listen import ontology
from aural.listen.events import EventScores
from aural.listen.evidence import Reverb
from aural.listen.live import live_cue


def scores(n: int, **tracks: tuple[slice, float]) -> EventScores:
    s = np.full((n, ontology.N_CLASSES), 0.001, np.float32)
    for name, (where, value) in tracks.items():
        s[where, ontology.index_of(name)] = value
    return EventScores(s)


HALL = Reverb(rt60_s=1.6, label="hall", confidence=0.9, decays=20)
DRY = Reverb(rt60_s=0.1, label="dry", confidence=0.9, decays=20)


def test_applause_after_a_song_in_a_hall_is_live_and_a_dry_song_is_not() -> None:
    concert = live_cue(scores(200, Music=(slice(0, 170), 0.9), Applause=(slice(170, 200), 0.8)), HALL)
    studio = live_cue(scores(200, Music=(slice(0, 200), 0.9)), DRY)
    assert concert.score > 0.75 and studio.score < 0.1
    assert any(c.startswith("applause") for c in concert.cues)
    assert "next to music or speech" in concert.cues
    assert any("hall-like" in c for c in concert.cues)
    assert "dry sound, little room reverberation" in studio.cues


def test_a_talk_with_crowd_noise_beats_a_crowd_alone() -> None:
    talk = live_cue(scores(100, Speech=(slice(0, 100), 0.9), Crowd=(slice(0, 100), 0.6)))
    street = live_cue(scores(100, Crowd=(slice(0, 100), 0.6)))
    assert talk.score > street.score > 0.05
    assert "with no performance heard" in street.cues
    assert live_cue(EventScores(np.zeros((0, ontology.N_CLASSES), np.float32))).score == 0.0
