"""Vocal attributes from YAMNet scores: plain labels, a robust clip score, coverage; works without speech."""

from __future__ import annotations

import numpy as np
import pytest

from aural.listen import ontology
from aural.listen.events import EventScores
from aural.listen.vocal import VOCAL_CLASSES, vocal_attributes


def scores_with(n: int, **tracks: tuple[slice, float]) -> EventScores:
    """Event scores of `n` patches, each named class at `value` over its `slice` of patches."""
    s = np.full((n, ontology.N_CLASSES), 0.001, np.float32)
    for name, (where, value) in tracks.items():
        s[where, ontology.index_of(name.replace("_", " "))] = value
    return EventScores(s)


def by_label(es: EventScores) -> dict:
    return {ls.label: ls for ls in vocal_attributes(es)}


def test_every_attribute_names_real_yamnet_classes() -> None:
    names = set(ontology.class_names())
    assert all(c in names for classes in VOCAL_CLASSES.values() for c in classes)
    for wanted in ("child speech", "singing", "child singing", "choir", "crowd", "whisper", "shout", "scream",
                   "laughter", "crying", "sigh", "gasp", "groan", "cough"):
        assert wanted in VOCAL_CLASSES


def test_singing_without_speech_gives_singing_and_choir() -> None:
    v = by_label(scores_with(100, Singing=(slice(0, 100), 0.8), Choir=(slice(20, 60), 0.6)))
    assert list(v)[:2] == ["singing", "choir"]
    assert v["singing"].score == pytest.approx(0.8) and v["singing"].coverage == 1.0
    assert v["choir"].score == pytest.approx(0.6) and v["choir"].coverage == pytest.approx(0.4)
    assert "speech" not in v and "shout" not in v


def test_a_few_seconds_of_laughter_count_in_a_long_clip_but_one_stray_patch_does_not() -> None:
    n = 3750  # 30 minutes of 0.48 s patches
    v = by_label(scores_with(n, Laughter=(slice(100, 112), 0.7), Screaming=(slice(500, 501), 0.9)))
    assert v["laughter"].score == pytest.approx(0.7, abs=0.01)
    assert v["scream"].score < 0.1
    assert v["laughter"].coverage == pytest.approx(12 / n, abs=1e-3)


def test_classes_fold_into_one_attribute_by_their_best_score() -> None:
    v = by_label(scores_with(20, Yell=(slice(0, 5), 0.5), Bellow=(slice(5, 10), 0.6),
                             Cough=(slice(0, 2), 0.0)))
    assert v["shout"].score == pytest.approx(0.6) and v["shout"].coverage == pytest.approx(0.5)
    assert vocal_attributes(EventScores(np.zeros((0, ontology.N_CLASSES), np.float32))) == []


def test_the_engine_reports_speech_as_a_vocal_attribute(tmp_path) -> None:
    import shutil
    import subprocess

    import librosa

    from aural.audio.decode import Clip
    from aural.listen.pipeline import listen

    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    wav = tmp_path / "s.wav"
    subprocess.run(["espeak-ng", "-v", "en", "-w", str(wav), "I think it might rain later in the evening."],
                   check=True, timeout=30)
    y, _ = librosa.load(wav, sr=16000)
    ev = listen(Clip(y.astype(np.float32), "wav", "pcm_s16le", 16000, 1, None))
    assert ev.vocal and ev.vocal[0].label == "speech" and ev.vocal[0].score > 0.8
    assert all(v.score < 0.3 for v in ev.vocal if v.label in ("singing", "choir", "scream", "crying"))
