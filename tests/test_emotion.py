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
from aural.train import spoken_languages

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
    """Features of the check speakers' clips (4 to train on, 2 held out), each clip heard on its own as in
    training: from the training cache when present, else computed now."""
    from aural.train import corpora as C

    corpus = C.load_set("emodb")
    y = np.array([E.CLASSES.index(lab) for lab in corpus.labels])
    tr = np.flatnonzero(np.isin(corpus.speakers, [f"emodb:{s}" for s in T.CHECK_TRAIN_SPEAKERS]))
    te = np.flatnonzero(np.isin(corpus.speakers, [f"emodb:{s}" for s in T.CHECK_TEST_SPEAKERS]))
    idx = np.concatenate([tr, te])
    cached = C.cache_file(corpus)
    X = None
    if cached.exists():
        with np.load(cached) as z:
            X = z[T.SPEECH_KIND][idx] if T.SPEECH_KIND in z.files else None
    if X is None:
        X = T.clip_rows([T.read_audio(corpus.paths[i]) for i in idx])
    feats = np.zeros((len(y), X.shape[1]), np.float32)
    feats[idx] = X
    return corpus, y, tr, te, feats


def _check_head(feats, y, spk, tr):
    return T.fit_multi([T.Part("emodb", feats[tr], y[tr], spk[tr])], 0)


@needs_emodb
def test_committed_weights_match_a_fresh_training_run(subset):
    corpus, y, tr, te, feats = subset
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
    fresh = _check_head(feats, y, corpus.speakers, tr).proba(feats[te])
    recorded_fresh = np.array(check["check_model_probs"])
    assert np.mean(fresh.argmax(1) == recorded_fresh.argmax(1)) >= 0.97
    assert np.abs(fresh - recorded_fresh).max() < 0.1


@needs_emodb
def test_unseen_speakers_well_above_chance_and_calibrated(subset):
    corpus, y, tr, te, feats = subset
    # Train on 4 speakers' clean clips only, test on 2 speakers never heard.
    probs = _check_head(feats, y, corpus.speakers, tr).proba(feats[te])
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
    from aural.listen import models
    from aural.listen.events import score_events
    from aural.listen.speech import speech_activity
    from aural.listen.emotion import model_emotion

    corpus = T.emodb()
    spk = "11"
    pick = {lab: [p for p, y, s in zip(corpus.paths, corpus.labels, corpus.speakers)
                  if s == spk and E.CLASSES[y] == lab][:9] for lab in ("neutral", "angry")}
    gap = np.zeros(E.SAMPLE_RATE // 2, np.float32)
    samples = np.concatenate([piece for p in pick["neutral"] + pick["angry"] for piece in (T.read_audio(p), gap)])
    speech, spans = speech_activity(samples, score_events(samples))  # the real speech path
    assert speech.present and speech.speech_seconds > 32
    segs, X = E.segment_features(models.emotion_encoder(), samples, spans)
    # Segments cover all of the speech, to its end, each with its features.
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
        elif kind == "crop":  # a stretch of 0.6-1.6 s of the speech
            assert T.CROP_S[0] * sr <= len(y) <= T.CROP_S[1] * sr, len(y)
        else:
            assert len(y) == len(x), kind
    with pytest.raises(ValueError):
        T.augment(x, "nonsense", np.random.default_rng(1))


def test_upload_shapes_for_the_engine_bench_keep_the_voice_where_and_as_loud_as_they_say():
    from aural.train.emotion_data import HEARD_SHAPES, heard_shape

    sr = E.SAMPLE_RATE
    t = np.arange(2 * sr) / sr
    x = (0.3 * np.sin(2 * np.pi * 150 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)
    power = float(np.mean(x.astype(np.float64) ** 2))
    for shape in HEARD_SHAPES:
        y = heard_shape(x, shape, np.random.default_rng(5))
        assert y.dtype == np.float32 and np.all(np.isfinite(y)) and np.abs(y).max() <= 0.99, shape
        assert np.array_equal(y, heard_shape(x, shape, np.random.default_rng(5))), shape  # reproducible
        pad = {"quiet": sr, "word": sr // 2}.get(shape, sr // 2)
        edge = y[: pad - 10]
        if shape == "quiet":  # one second of near-silence either side, the voice 20 dB down
            assert len(y) == len(x) + 2 * sr and np.abs(edge).max() < 1e-3
            assert np.mean(y[sr:-sr].astype(np.float64) ** 2) == pytest.approx(0.01 * power, rel=0.05)
        elif shape == "word":  # a second of it, 0.5 s of silence either side
            assert len(y) == sr + 2 * pad and not edge.any()
        else:  # the bed 10 dB under the voice: alone in the padding, beside it under the voice
            assert len(y) == len(x) + 2 * pad
            bed = np.concatenate([y[:pad], y[-pad:]]).astype(np.float64)
            assert 10 * np.log10(power / np.mean(bed ** 2)) == pytest.approx(10.0, abs=3.0), shape
    with pytest.raises(ValueError):
        heard_shape(x, "nonsense", np.random.default_rng(1))


def test_held_out_figures_recorded_with_the_weights():
    """The weights record what they scored on speakers and corpora never trained on."""
    meta = E.EmotionModel.load().meta
    held = meta["held_out"]
    # every segment is heard on its own; the augmented versions of each clip are class data too
    assert {"whisper-alone", "whisper-alone+pitch", "whisper-alone+phone", "whisper-alone+crop"} <= set(meta["kinds"])
    # a held-out speaker's speech cut to 0.6-1.6 s (a word or two): 0.747 without the cropped copies in training
    for key, bar in (("emodb (LOSO)", 0.80), ("emodb (LOSO, alone+phone)", 0.80), ("emodb (LOSO, alone+pitch)", 0.70),
                     ("emodb (LOSO, alone+crop)", 0.75)):
        assert held[key]["uar"] >= bar and held[key]["largest_answer_share"] <= 0.40, (key, held[key])
    assert "common-voice (left out)" in held and "thorsten-emotional (never trained on)" in held
    # voices and microphones the model never met (EmoGator contributors left out of the nuisance directions):
    # above chance (1/6) and no collapse onto one answer
    other = held["emogator-speech (other contributors)"]
    assert other["uar"] > 0.25 and other["largest_answer_share"] <= 0.40, other
    for r in held.values():  # stated confidence is a probability, near the hit rate on unseen corpora
        assert 0.05 < r["mean_confidence"] < 0.9
    # a corpus left out whole (its voices in no fold's training) is mostly out of domain, and the stated
    # confidence follows its hit rate down; held-out EmoDB speakers are in domain
    unseen = held["emogator-speech (left out)"]
    assert unseen["out_of_domain_share"] > 0.5 and abs(unseen["mean_confidence"] - unseen["accuracy"]) < 0.2, unseen
    assert held["emodb (LOSO)"]["out_of_domain_share"] < 0.05
    cv = held["common-voice (left out)"]
    assert abs(cv["mean_confidence"] - cv["accuracy"]) < 0.15, cv
    # the farther from the training voices, the less is claimed: bands step down and EmoGator left out whole
    # is stated less sure than its contributors unseen by the nuisance directions alone, and than read speech
    assert unseen["mean_confidence"] < held["emogator-speech (other contributors)"]["mean_confidence"] < \
        cv["mean_confidence"] < held["emodb (LOSO)"]["mean_confidence"]
    assert meta["domain"]["median"] < meta["domain"]["q95"] < meta["domain"]["q99"]
    conf = meta["confidence"]
    assert set(conf) == {"a", "edges", "bands"} and conf["a"] > 0 and len(conf["bands"]) == len(conf["edges"]) + 1
    assert conf["edges"] == sorted(conf["edges"]) and conf["bands"] == sorted(conf["bands"], reverse=True)


HAVE_CV = (T.data_root() / "common-voice" / "MANIFEST.csv").exists()


@pytest.mark.skipif(not HAVE_CV, reason="../shared/data/common-voice is absent")
def test_evidence_carries_calibrated_confidence_and_domain_on_an_unseen_voice():
    """Real read speech (Common Voice, Persian) through the speech path: the estimate states a calibrated
    confidence, the model's own, and how unfamiliar the voice is."""
    from aural.listen import models
    from aural.listen.events import score_events
    from aural.listen.speech import speech_activity
    from aural.listen.emotion import model_emotion
    from aural.train import corpora as C

    cv = C.load_set("common-voice")
    samples = np.concatenate([T.read_audio(cv.paths[i]) for i in (0, 1)])
    _, spans = speech_activity(samples, score_events(samples))
    segs, X = E.segment_features(models.emotion_encoder(), samples, spans)
    assert segs, "no speech heard in two Common Voice clips"
    emo = model_emotion(segs, X, {})
    assert emo is not None and emo.model and "nap" in emo.model
    assert 0 <= emo.confidence <= 0.9 and emo.model_confidence is not None
    assert emo.domain_score is not None and 0 <= emo.domain_score <= 1
    assert isinstance(emo.out_of_domain, bool)
    if emo.out_of_domain:
        assert emo.unclear and emo.label == "unclear"


@needs_emodb
def test_short_clips_sent_alone_are_answered_with_the_offered_emotion():
    """A short clip sent on its own through the real engine and answer layer,
    asked as users ask, with four options and one word: EmoDB clips of four emotions, two each, from the
    speakers the check model holds out: the answer is one of the options, mostly the right one, and not
    one answer for all. (These actors are in the committed model's training: this checks the path a short
    clip takes, not generalisation; the recorded held-out figures and bench/emotion.py measure that.)"""
    from aural.answer.compose import compose
    from aural.audio.decode import Clip
    from aural.listen.pipeline import listen

    corpus = T.emodb()
    question = "Which emotion does the speaker express: angry, happy, neutral, sad? Answer with one word."
    answers, truth = [], []
    for label in ("angry", "happy", "neutral", "sad"):
        picked = [p for p, lab, s in zip(corpus.paths, corpus.labels, corpus.speakers)
                  if E.CLASSES[lab] == label and s in T.CHECK_TEST_SPEAKERS][:2]
        for path in picked:
            x = T.read_audio(path)
            ev = listen(Clip(x, "wav", "pcm_f32le", E.SAMPLE_RATE, 1))
            word = compose(ev, question).strip().strip(".").split()[0].lower()
            answers.append(word)
            truth.append(label)
    assert all(a in ("angry", "happy", "neutral", "sad") for a in answers), answers
    right = sum(a == t for a, t in zip(answers, truth))
    assert right >= 6, list(zip(truth, answers))
    assert max(answers.count(a) for a in set(answers)) <= 3, answers


@pytest.mark.skipif(not spoken_languages.available(), reason="espeak-ng is not installed")
def test_spoken_languages_set_is_synthesized_and_read_like_a_shipped_set(tmp_path):
    """The synthetic nuisance set: real espeak-ng speech per language and voice variant, in the layout
    corpora.load_set reads, every clip labelled neutral and grouped by language and voice."""
    from aural.train import corpora as C

    few = {lang: spoken_languages.SENTENCES[lang][:1] for lang in ("pl", "tr", "ur")}
    folder = spoken_languages.build(tmp_path / "sl", few)
    ls = C.load_set(spoken_languages.NAME, folder)
    assert len(ls) == 3 * len(spoken_languages.VARIANTS) and set(ls.labels) == {"neutral"}
    assert len(set(ls.speakers)) == 3 * len(spoken_languages.VARIANTS)
    clips = [T.read_audio(p) for p in ls.paths]
    for x in clips:  # a sentence of speech, not silence
        assert 1.0 < len(x) / 16000 < 8.0 and np.sqrt(np.mean(x ** 2)) > 0.01
    # the variants are other voices: another pitch, not a copy
    assert not np.allclose(clips[0][:8000], clips[1][:8000])
    assert spoken_languages.build(folder, few) == folder  # built once
    assert len(C.load_set(spoken_languages.NAME, folder)) == len(ls)


def test_domain_distance_grows_off_the_training_voices_axes():
    """A clip unlike the training voices in a direction they never varied in is farther than one that
    differs as much along a direction they did vary in."""
    rng = np.random.default_rng(3)
    basis = np.linalg.qr(rng.standard_normal((40, 4)))[0]           # the training voices vary in 4 directions
    X = rng.standard_normal((400, 4)) * 3 @ basis.T + 0.05 * rng.standard_normal((400, 40))
    head = E.Head(mean=np.zeros(40), scale=np.ones(40), coef=np.zeros((7, 40)), intercept=np.zeros(7))
    part = T.Part("toy", X, np.zeros(400, int), np.array(["a"] * 400))
    domain = T.fit_domain([part], head, dims=4)
    along = X.mean(0) + 6 * basis[:, 0]
    off_dir = rng.standard_normal(40)
    off_dir -= basis @ (basis.T @ off_dir)
    off = X.mean(0) + 6 * off_dir / np.linalg.norm(off_dir)
    d_train = E.domain_distance(domain, head, X)
    d_along, d_off = E.domain_distance(domain, head, np.stack([along, off]))
    assert d_off > np.percentile(d_train, 99) > d_along - 1.0
    assert d_off > d_along + 1.0


def test_nuisance_spread_keeps_a_new_voice_from_collapsing_onto_one_class():
    """A direction that separates the classes cleanly in the studio but along which other voices vary a lot
    is a trap for a new voice: with the nuisance voices' spread in the LDA covariance the model leans on
    the direction that holds across voices instead."""
    rng = np.random.default_rng(5)

    def clips(n, cls, dim1_offset=0.0):
        X = rng.standard_normal((n, 10))
        X[:, 0] += np.where(cls == 0, -1.0, 1.0)                       # holds across voices, but noisy
        X[:, 1] = np.where(cls == 0, -0.3, 0.3) + 0.1 * rng.standard_normal(n) + dim1_offset  # clean in the studio
        return X

    y = np.repeat([0, 5], 200)
    studio = T.Part("studio", clips(400, np.repeat([0, 1], 200)), y, np.repeat(["s1", "s2"], 200))
    offsets = np.repeat(rng.normal(0, 2.0, 20), 20)                     # 20 other voices, all neutral
    voices = T.Part("voices", clips(400, np.ones(400, int)) + np.outer(offsets, np.eye(10)[1]),
                    np.full(400, 5), np.repeat([f"v{i}" for i in range(20)], 20))
    new_voice = clips(400, np.repeat([0, 1], 200), dim1_offset=1.2)
    truth = np.repeat([0, 5], 200)

    def scores(spread):
        pred = T.fit_multi([studio], 0, nuisance=[voices], spread=spread).logits(new_voice).argmax(1)
        return np.mean(pred == truth), np.bincount(pred).max() / len(pred)

    (acc0, share0), (acc, share) = scores(T.NO_SPREAD), scores(T.NUISANCE_SPREAD)
    assert share0 > 0.9 and acc0 < 0.6          # without: nearly every clip of the new voice is one class
    assert acc > 0.75 and share < 0.75
    # without nuisance sets the spread changes nothing: the plain shrinkage LDA
    plain = T.fit_multi([studio], 0, spread=T.NO_SPREAD), T.fit_multi([studio], 0, spread=T.Spread(1.0, 1.0))
    assert np.allclose(plain[0].coef, plain[1].coef)


@needs_emodb
def test_the_engine_view_of_a_clip_matches_training_and_ignores_silence_around_it():
    """`corpora.heard_row` replays the engine's path (voice activity, then the emotion segments) on
    real EmoDB clips: a tight clip gives the features training read for it alone, and the same clip with
    1.5 s and 1 s of silence around it gets the same call from the committed model (the silence is not heard
    as part of the voice). A clip of silence alone is not heard at all."""
    from aural.listen import models
    from aural.train import corpora as C

    ls = C.load_set("emodb")
    model = E.EmotionModel.load()
    for i in (0, 200, 400):
        x = T.read_audio(ls.paths[i])
        alone = E.clip_features(models.emotion_encoder(), [x])[0]  # as training reads it
        tight = C.heard_row(x)
        padded = C.heard_row(np.concatenate([np.zeros(24000, np.float32), x, np.zeros(16000, np.float32)]))
        assert tight is not None and padded is not None
        assert np.dot(tight, alone) / np.linalg.norm(tight) / np.linalg.norm(alone) > 0.95
        calls = model.predict_proba(np.stack([alone, tight, padded])).argmax(axis=1)
        assert len(set(calls)) == 1, [E.CLASSES[c] for c in calls]
    assert C.heard_row(np.zeros(32000, np.float32)) is None


def test_the_numpy_encoder_is_the_transcribers_encoder():
    """`MidEncoder` reads the transcriber's own CTranslate2 weights: run through all six blocks and the final
    layer norm on a 30 s window, it gives what CTranslate2's encoder gives (frame by frame, up to int8
    rounding), and the three blocks the engine runs are the start of that same computation."""
    from faster_whisper.audio import pad_or_trim

    from aural.listen import models
    from aural.listen.emotion.encoder import read_ct2_variables

    t = np.arange(3 * E.SAMPLE_RATE) / E.SAMPLE_RATE
    f0 = 140 + 30 * np.sin(2 * np.pi * 0.7 * t)  # a gliding harmonic voice with a little breath noise
    x = sum(np.sin(2 * np.pi * k * np.cumsum(f0) / E.SAMPLE_RATE) / k for k in range(1, 12))
    x = (0.1 * x * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t)) + 0.005 * np.random.default_rng(0).standard_normal(
        len(t))).astype(np.float32)
    mel = pad_or_trim(E.log_mel(x))
    ref = np.asarray(models.whisper().encode(mel), np.float32)[0]
    path = models.whisper_model_dir() / "model.bin"
    depths = E.MidEncoder.from_ct2(path, layers=6).layer_states(mel)
    assert all(d.dtype == np.float32 for d in depths)  # float64 anywhere doubles the encoder's cost
    norm = read_ct2_variables(path, ("encoder/layer_norm/",))
    h = depths[-1]
    h = (h - h.mean(-1, keepdims=True)) / np.sqrt(h.var(-1, keepdims=True) + 1e-5)
    h = h * norm["encoder/layer_norm/gamma"] + norm["encoder/layer_norm/beta"]
    speech = slice(0, 150)  # the frames that hold the 3 s of sound
    cos = np.sum(h[speech] * ref[speech], 1) / np.linalg.norm(h[speech], axis=1) / np.linalg.norm(ref[speech], axis=1)
    assert cos.min() > 0.9 and cos.mean() > 0.97, (cos.min(), cos.mean())  # measured 0.955 / 0.987
    engine = models.emotion_encoder()
    assert engine.layers == E.LAYERS == 3
    assert np.allclose(engine.states(mel), depths[E.LAYERS], atol=1e-4)
