"""The trained voice-emotion model: committed weights, reproducibility, speaker-independent skill, calibration.

The first test always runs (the weights ship in the package). The others read EmoDB from
../shared/data/emodb and skip cleanly when it is absent; they compute features for the clips of six
speakers only (clean, no augmentation), or read them from the training feature cache when present.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from aural.listen import emotion as E
from aural.train import emotion as T

HAVE_EMODB = (T.data_root() / "emodb" / "MANIFEST.csv").exists()
needs_emodb = pytest.mark.skipif(not HAVE_EMODB, reason="../shared/data/emodb is absent")


def test_committed_weights_load():
    assert E.MODEL_FILE.exists() and E.META_FILE.exists()
    assert E.MODEL_FILE.stat().st_size < 5_000_000
    with np.load(E.MODEL_FILE, allow_pickle=False) as z:  # plain arrays only, no pickle
        assert all(z[k].dtype != object for k in z.files)
    meta = json.loads(E.META_FILE.read_text())
    for key in ("train_version", "data_checksum_sha256", "feature_config", "classes", "seed", "check"):
        assert key in meta
    assert len(meta["data_checksum_sha256"]) == 64
    model = E.EmotionModel.load()
    assert model.classes == E.CLASSES and model.normed is not None
    dims = meta["feature_config"]["dims"]
    x = np.random.default_rng(0).standard_normal((3, dims)).astype(np.float32) * model.plain.scale + model.plain.mean
    for normalise in (False, True):
        p = model.predict_proba(x, normalise=normalise)
        assert p.shape == (3, 7) and np.allclose(p.sum(1), 1) and np.all(p >= 0)
    from aural.listen import models

    assert models.emotion_model() is models.emotion_model()


def test_unclear_when_top_probability_is_low():
    flat = np.full(7, 1 / 7)
    assert E.call(flat) == ("unclear", pytest.approx(1 / 7), True)
    peaked = np.array([0.7, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05])
    assert E.call(peaked)[0] == "angry" and not E.call(peaked)[2]
    a, v = E.arousal_valence(dict(zip(E.CLASSES, peaked)))
    assert a > 0.4 and v < -0.3
    a, v = E.arousal_valence({c: float(c == "sad") for c in E.CLASSES})
    assert a < -0.3 and v < -0.3


@pytest.fixture(scope="module")
def subset():
    """Clean features of the check speakers' clips (4 to train on, 2 held out)."""
    corpus = T.emodb()
    tr, te = T.check_indices(corpus)
    idx = np.concatenate([tr, te])
    cached = T.cache_dir() / f"{T.feature_cache_key(corpus)}.npz"
    if cached.exists():
        with np.load(cached) as z:
            clean = z["clean"]
        X = clean[idx]
    else:  # each speaker's clips joined into Whisper windows, as in training
        from aural.listen import models

        X = T.packed_by_speaker(models.whisper(), [T.read_audio(corpus.paths[i]) for i in idx],
                                corpus.speakers[idx])
    feats = np.zeros((len(corpus.labels), X.shape[1]), np.float32)
    feats[idx] = X
    return corpus, tr, te, feats


@needs_emodb
def test_committed_weights_match_a_fresh_training_run(subset):
    corpus, tr, te, feats = subset
    model = E.EmotionModel.load()
    check = model.meta["check"]
    if check["test_paths"] != [corpus.paths[i].name for i in te]:
        pytest.skip("the EmoDB copy differs from the one the weights were trained on")
    assert model.meta["data_checksum_sha256"] == corpus.checksum
    # The committed weights on freshly computed features give the probabilities recorded at training.
    committed = model.plain.proba(feats[te])
    recorded = np.array(check["committed_probs"])
    assert np.mean(committed.argmax(1) == recorded.argmax(1)) >= 0.97
    assert np.abs(committed - recorded).max() < 0.1
    # A fresh training run of the check model on the fixed subset reproduces the recorded one.
    fresh = T.check_model(feats[tr], corpus.labels[tr]).proba(feats[te])
    recorded_fresh = np.array(check["check_model_probs"])
    assert np.mean(fresh.argmax(1) == recorded_fresh.argmax(1)) >= 0.97
    assert np.abs(fresh - recorded_fresh).max() < 0.1


@needs_emodb
def test_unseen_speakers_well_above_chance_and_calibrated(subset):
    corpus, tr, te, feats = subset
    y = corpus.labels
    # Train on 4 speakers' clean clips only, test on 2 speakers never heard.
    probs = T.check_model(feats[tr], y[tr]).proba(feats[te])
    pred = probs.argmax(1)
    recalls = [np.mean(pred[y[te] == c] == c) for c in np.unique(y[te])]
    uar = float(np.mean(recalls))
    assert uar >= 0.5, uar  # chance is 1/7 = 0.14
    # Arousal (angry/happy/fearful vs sad/bored/neutral) is easier still.
    high = [E.CLASSES.index(c) for c in E.HIGH_AROUSAL]
    low = [E.CLASSES.index(c) for c in E.LOW_AROUSAL]
    keep = np.isin(y[te], high + low)
    hp = probs[keep][:, high].sum(1) > probs[keep][:, low].sum(1)
    assert np.mean(hp == np.isin(y[te][keep], high)) >= 0.8
    # The committed model's temperature-scaled probabilities: confident calls are right more often than
    # the ones it marks unclear.
    model = E.EmotionModel.load()
    p = model.plain.proba(feats[te])  # (these speakers were in its training: only the ordering is checked)
    top = p.max(1)
    assert 0 < model.plain.temperature < 10
    ok = p.argmax(1) == y[te]
    if (top < E.UNCLEAR_BELOW).any():
        assert ok[top >= E.UNCLEAR_BELOW].mean() >= ok[top < E.UNCLEAR_BELOW].mean()


@needs_emodb
def test_timeline_tells_a_change_of_emotion():
    """Nine neutral then nine angry sentences of one voice joined into one clip: the timeline says so.
    (The committed model heard this actor in training: this checks the timeline, not generalisation.)"""
    from aural.listen.events import score_events
    from aural.listen.speech import analyze_speech
    from aural.listen.voice import model_emotion

    corpus = T.emodb()
    spk = "11"
    pick = {lab: [p for p, y, s in zip(corpus.paths, corpus.labels, corpus.speakers)
                  if s == spk and E.CLASSES[y] == lab][:9] for lab in ("neutral", "angry")}
    gap = np.zeros(E.SAMPLE_RATE // 2, np.float32)
    samples = np.concatenate([piece for p in pick["neutral"] + pick["angry"] for piece in (T.read_audio(p), gap)])
    pooler = E.WindowPooler(samples)  # through the real speech path: the transcriber's windows
    speech = analyze_speech(samples, score_events(samples), pooler=pooler)
    assert speech.present and speech.speech_seconds > 32
    segs, X = pooler.result()
    # The speech is longer than one 30 s Whisper window: segments from every window are heard.
    assert len(segs) >= 14 and segs[-1][1] > speech.segments[-1].end - 3 and len(X) == len(segs)
    emo = model_emotion(segs, X, {})
    assert emo is not None and emo.model and len(emo.timeline) == len(segs)
    first, last = [s.label for s in emo.timeline[:4]], [s.label for s in emo.timeline[-4:]]
    assert first.count("neutral") >= 3 and set(first) <= {"neutral", "bored"}, first  # calm, mostly neutral
    assert last.count("angry") >= 3, last
    assert emo.summary and emo.summary.startswith("neutral at first, angry from")
    assert set(emo.scores) == set(E.CLASSES) and abs(sum(emo.scores.values()) - 1) < 0.01


def test_every_augmentation_gives_a_usable_version():
    sr = E.SAMPLE_RATE
    t = np.arange(2 * sr) / sr
    x = (0.3 * np.sin(2 * np.pi * 150 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)
    for kind in T.AUGMENTS:
        y = T.augment(x, kind, np.random.default_rng(1))
        assert y.dtype == np.float32 and np.all(np.isfinite(y)), kind
        assert 0.01 < np.abs(y).max() <= 0.99, kind
        if kind == "pitch":  # pitch shift with a tempo change of at most 10 %
            assert 0.85 * len(x) <= len(y) <= 1.15 * len(x)
        else:
            assert len(y) == len(x), kind
    with pytest.raises(ValueError):
        T.augment(x, "nonsense", np.random.default_rng(1))
