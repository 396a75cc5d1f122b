"""Music evidence on real rendered audio: General MIDI through FluidSynth, aural's decoder, real YAMNet."""

from __future__ import annotations

import numpy as np
import pytest

import midi
from aural.audio.decode import SAMPLE_RATE
from aural.listen.events import score_events
from aural.listen.evidence import MusicEvidence
from aural.listen.music import analyze_music

C_MAJOR = ["C", "F", "G", "C", "C", "Am", "F", "G"]
A_MINOR = ["Am", "Dm", "E", "Am"]


def _analyze(samples: np.ndarray) -> MusicEvidence:
    return analyze_music(samples, score_events(samples))


@pytest.fixture(scope="module")
def rendered() -> dict[str, MusicEvidence]:
    """Render every clip once (6-15 s each) and analyse it."""
    midi.require_fluidsynth()
    clips = {
        "groove90": midi.drum_groove(90, bars=4),
        "groove140": midi.drum_groove(140, bars=6),
        "click90": midi.click_track(90, beats=16),
        "click140": midi.click_track(140, beats=24),
        "c_major_piano": midi.chord_progression(C_MAJOR, midi.PIANO, bpm=120, beats_per_chord=2, repeats=1),
        "a_minor_piano": midi.chord_progression(A_MINOR, midi.PIANO, bpm=120, beats_per_chord=4, repeats=1),
        "c_major_strings": midi.chord_progression(C_MAJOR, midi.STRINGS, bpm=120, beats_per_chord=2,
                                                  repeats=1),
        "a_minor_strings": midi.chord_progression(A_MINOR, midi.STRINGS, bpm=120, beats_per_chord=4,
                                                  repeats=1),
        "piano": midi.melody(midi.PIANO, bpm=120, repeats=1),
        "violin": midi.melody(midi.VIOLIN, bpm=120, repeats=1),
    }
    return {name: _analyze(y) for name, y in clips.items()}


@pytest.mark.parametrize("name, bpm", [("groove90", 90), ("groove140", 140),
                                       ("click90", 90), ("click140", 140)])
def test_tempo_without_octave_errors(rendered, name, bpm):
    ev = rendered[name]
    assert ev.present
    assert ev.tempo_bpm is not None
    assert abs(ev.tempo_bpm - bpm) / bpm < 0.03, f"{name}: {ev.tempo_bpm} BPM"
    assert ev.tempo_confidence > 0.3
    assert ev.beat_regularity is not None and ev.beat_regularity > 0.8


@pytest.mark.parametrize("name, key, mode", [("c_major_piano", "C", "major"),
                                             ("a_minor_piano", "A", "minor"),
                                             ("c_major_strings", "C", "major"),
                                             ("a_minor_strings", "A", "minor")])
def test_key(rendered, name, key, mode):
    ev = rendered[name]
    assert ev.present
    assert (ev.key, ev.mode) == (key, mode), ev.key_candidates
    assert ev.key_candidates[0].label == f"{key} {mode}"
    assert len(ev.key_candidates) == 3
    assert ev.key_confidence > 0


def _rank(labels: list[str], wanted: tuple[str, ...]) -> int:
    """Position of the first label containing one of `wanted`, or a large number."""
    for i, label in enumerate(labels):
        if any(w in label for w in wanted):
            return i
    return 10**6


PIANO_LABELS = ("Piano", "Keyboard")
BOWED_LABELS = ("Violin", "Bowed string", "String section", "Cello")


def test_piano_and_violin_are_told_apart(rendered):
    piano = [s.label for s in rendered["piano"].instruments]
    violin = [s.label for s in rendered["violin"].instruments]
    assert _rank(piano, PIANO_LABELS) < _rank(piano, BOWED_LABELS), piano
    assert _rank(piano, PIANO_LABELS) < 10**6, piano
    assert _rank(violin, BOWED_LABELS) < _rank(violin, PIANO_LABELS), violin
    assert _rank(violin, BOWED_LABELS) < 10**6, violin
    assert "Musical instrument" not in violin  # the generic head gives way to the specific class


def test_music_fields_are_filled(rendered):
    ev = rendered["groove140"]
    assert ev.confidence > 0.5
    assert ev.spans and ev.spans[0].start < 1.0
    assert 0.0 <= ev.energy <= 1.0
    assert ev.dynamics_db is not None and ev.dynamics_db >= 0
    assert any("Drum" in s.label or "Percussion" in s.label for s in ev.instruments)


@pytest.mark.parametrize("kind", ["silence", "white_noise"])
def test_no_music_in_silence_or_noise(kind):
    n = 8 * SAMPLE_RATE
    if kind == "silence":
        y = np.zeros(n, np.float32)
    else:
        y = (0.1 * np.random.default_rng(0).standard_normal(n)).astype(np.float32)
    ev = _analyze(y)
    assert not ev.present
    assert ev.confidence < 0.5
    assert ev.tempo_bpm is None and ev.key is None and ev.beat_regularity is None
    assert ev.instruments == [] and ev.spans == []
