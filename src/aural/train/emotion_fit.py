"""Fitting the EmoDB voice-emotion model (train version 2, `--emodb-only`): linear heads over the cached
features, speaker normalisation, temperature calibration on held-out speakers, and the small check model
the tests retrain. The shared pieces (`fit_head`, `calibrate_temperature`, `normalise_by`) serve the
multi-corpus recipe (`aural.train.emotion_multi`) and the burst model (`aural.train.bursts`) too.
"""

from __future__ import annotations

import numpy as np

from aural.listen import emotion as E
from aural.train.emotion_data import AUG_VERSION, AUGMENTS, KINDS, SEED, Corpus

TRAIN_VERSION = "2.0"
CLASSIFIER = "lda"     # or "logreg" (bench/emotion.py compares them)
C_PLAIN = 0.5          # inverse L2 strength of the logistic regression, when used
C_NORMED = 0.5


# --- fitting ------------------------------------------------------------------------------------

def normalise_by(X: np.ndarray, groups: np.ndarray) -> np.ndarray:
    Xn = np.empty_like(X)
    for g in np.unique(groups):
        m = groups == g
        Xn[m] = E.speaker_normalise(X[m])
    return Xn


def fit_head(X: np.ndarray, y: np.ndarray, C: float | None = None, seed: int = SEED,
             kind: str = CLASSIFIER) -> E.Head:
    """Scaler + linear classifier. 'lda': linear discriminant analysis with Ledoit-Wolf shrinkage
    (closed form, deterministic; best here); 'logreg': L2 logistic regression with strength C."""
    from sklearn.preprocessing import StandardScaler

    sc = StandardScaler().fit(X)
    Z = sc.transform(X)
    if kind == "lda":
        from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

        clf = LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto")
    else:
        from sklearn.linear_model import LogisticRegression

        clf = LogisticRegression(C=C or C_PLAIN, max_iter=2000, tol=1e-5, random_state=seed)
    clf.fit(Z, y)
    scale = np.where(sc.scale_ > 0, sc.scale_, 1.0)
    return E.Head(mean=sc.mean_.astype(np.float64), scale=scale.astype(np.float64),
                  coef=clf.coef_.astype(np.float64), intercept=clf.intercept_.astype(np.float64))


def stack(feats: dict[str, np.ndarray], idx: np.ndarray, y: np.ndarray, spk: np.ndarray,
          kinds: tuple[str, ...], speaker_norm: bool) -> tuple[np.ndarray, np.ndarray]:
    Xs, ys = [], []
    for k in kinds:
        X = feats[k][idx]
        if speaker_norm:  # each (speaker, version) is one voice through one channel
            X = normalise_by(X, spk[idx])
        Xs.append(X)
        ys.append(y[idx])
    return np.concatenate(Xs), np.concatenate(ys)


def calibrate_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature that minimises the log loss of held-out logits (grid search)."""
    best, best_t = np.inf, 1.0
    for t in np.exp(np.linspace(np.log(0.3), np.log(5.0), 60)):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        lp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -lp[np.arange(len(y)), y].mean()
        if loss < best:
            best, best_t = loss, float(t)
    return best_t


def fold_logits(feats, y, spk, kinds, speaker_norm, C, folds, test_kinds=("clean",)) -> np.ndarray:
    """Out-of-fold logits: for each group of held-out speakers, train on the others; one block of
    rows per test kind."""
    test_kinds = [k for k in test_kinds if k in feats]
    logits = np.zeros((len(test_kinds), len(y), len(E.CLASSES)))
    for held in folds:
        te = np.isin(spk, held)
        tr = np.flatnonzero(~te)
        X, yy = stack(feats, tr, y, spk, kinds, speaker_norm)
        head = fit_head(X, yy, C)
        for j, k in enumerate(test_kinds):
            Xt = feats[k][te]
            if speaker_norm:
                Xt = normalise_by(Xt, spk[te])
            logits[j, te] = head.logits(Xt)
    return logits.reshape(-1, len(E.CLASSES))


def train(corpus: Corpus, feats: dict[str, np.ndarray], kinds: tuple[str, ...] = KINDS,
          calibrate: bool = True, subset: np.ndarray | None = None) -> E.EmotionModel:
    idx = np.arange(len(corpus.labels)) if subset is None else np.asarray(subset)
    y, spk = corpus.labels, corpus.speakers
    heads = {}
    for name, norm, C in (("plain", False, C_PLAIN), ("normed", True, C_NORMED)):
        X, yy = stack(feats, idx, y, spk, kinds, norm)
        head = fit_head(X, yy, C)
        if calibrate:  # temperature from 5 folds of 2 held-out speakers
            speakers = sorted(set(spk[idx]))
            folds = [speakers[i::5] for i in range(5)]
            sub = {k: v[idx] for k, v in feats.items()}
            lg = fold_logits(sub, y[idx], spk[idx], kinds, norm, C, folds)
            head.temperature = calibrate_temperature(lg, np.tile(y[idx], len(lg) // len(idx)))
        heads[name] = head
    meta = {"train_version": TRAIN_VERSION, "augment_version": AUG_VERSION, "augments": list(AUGMENTS),
            "kinds": list(kinds),
            "seed": SEED, "data": "emodb", "data_checksum_sha256": corpus.checksum,
            "n_clips": int(len(idx)),
            "classifier": ("StandardScaler + LinearDiscriminantAnalysis (lsqr, Ledoit-Wolf shrinkage)"
                           if CLASSIFIER == "lda" else f"StandardScaler + LogisticRegression (L2, C={C_PLAIN})"),
            "feature_config": {"encoder": f"whisper-base's first {E.LAYERS} encoder blocks (numpy)",
                               "input": "each clip on its own", "pooling": "mean over frames "
                               f"within {E.VOICED_DB} dB of the loudest", "contrast": 8,
                               "dims": int(feats['clean'].shape[1])},
            "unclear_below": E.UNCLEAR_BELOW,
            "speaker_norm": {"min_segments": E.MIN_NORM_SEGMENTS, "min_speech_s": E.MIN_NORM_SPEECH_S}}
    return E.EmotionModel(E.CLASSES, heads["plain"], heads["normed"], meta)


# --- the reproducibility check the tests repeat -------------------------------------------------------

CHECK_TRAIN_SPEAKERS = ("03", "08", "09", "11")   # 2 male, 2 female
CHECK_TEST_SPEAKERS = ("10", "16")                # 1 male, 1 female, never in the check model's training
CHECK_C = 0.5


def check_indices(corpus: Corpus) -> tuple[np.ndarray, np.ndarray]:
    tr = np.flatnonzero(np.isin(corpus.speakers, CHECK_TRAIN_SPEAKERS))
    te = np.flatnonzero(np.isin(corpus.speakers, CHECK_TEST_SPEAKERS))
    return tr, te


def check_model(X_train: np.ndarray, y_train: np.ndarray) -> E.Head:
    """A small model from clean clips of the check speakers: cheap enough to retrain in a test."""
    return fit_head(X_train, y_train, CHECK_C)


def check_record(corpus: Corpus, clean: np.ndarray, model: E.EmotionModel) -> dict:
    """What the tests compare against: the committed model's and a fresh check model's probabilities on the
    clips of the check test speakers (features computed fresh in the test)."""
    tr, te = check_indices(corpus)
    head = check_model(clean[tr], corpus.labels[tr])
    return {"train_speakers": list(CHECK_TRAIN_SPEAKERS), "test_speakers": list(CHECK_TEST_SPEAKERS),
            "test_paths": [p.name for p in np.array(corpus.paths, dtype=object)[te]],
            "committed_probs": np.round(model.plain.proba(clean[te]), 4).tolist(),
            "check_model_probs": np.round(head.proba(clean[te]), 4).tolist()}
