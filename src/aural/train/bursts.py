"""Train the vocal-burst emotion model from EmoGator: `python -m aural.train.bursts` (`make train-emotion`).

Features (`aural.listen.emotion.burst_features`): YAMNet's class logits averaged over the burst, which the
engine computes for every clip anyway, and the shape of the sound from YAMNet's own log-mel front end
(level and channel aside). EmoGator's 30 categories are folded onto the 9 target classes by
`aural.listen.emotion.BURST_MAP` (categories with no clear target are left out of training and scoring).
Evaluation is speaker-independent: 5 folds of contributors, each fold's speakers never in its training.
Writes src/aural/listen/data/bursts_model.npz (plain arrays) and bursts_model.json (classes, map, data
checksum, the held-out figures, a check record).

The check record holds the model's probabilities on a dozen clips for the family of 8-bit kernels it was
made on (`models.int8_kernels`): the 8-bit YAMNet scores differ between CPUs with and without VNNI.
`--add-check` adds the committed model's probabilities as heard on this machine's family (weights untouched).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from pathlib import Path

import numpy as np

from aural.listen import emotion as E
from aural.listen import models
from aural.train import corpora as C
from aural.train.emotion_fit import calibrate_temperature

TRAIN_VERSION = "1.0"
SEED = 20240509
N_FOLDS = 5


def speaker_folds(speakers: np.ndarray, n: int = N_FOLDS) -> np.ndarray:
    """Fold index per row: every speaker in one fold (fixed by a hash of the speaker id)."""
    return np.array([zlib.crc32(s.encode()) % n for s in speakers])


def mapped(ls: C.LabelledSet, X: np.ndarray, burst_map: dict[str, str] = E.BURST_MAP):
    keep = np.array([lab in burst_map for lab in ls.labels])
    classes = tuple(c for c in E.BURST_CLASSES)
    y = np.array([classes.index(burst_map[lab]) for lab in ls.labels[keep]])
    return X[keep], y, ls.speakers[keep], classes


def uar(y: np.ndarray, pred: np.ndarray) -> float:
    return float(np.mean([np.mean(pred[y == c] == c) for c in np.unique(y)]))


def fit(X: np.ndarray, y: np.ndarray, kind: str = "lda", balanced: bool = True) -> E.Head:
    """Scaler + shrinkage LDA (equal class priors when `balanced`) or logistic regression."""
    from sklearn.preprocessing import StandardScaler

    sc = StandardScaler().fit(X)
    Z = sc.transform(X)
    k = len(np.unique(y))
    if kind == "lda":
        from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

        clf = LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto",
                                         priors=np.full(k, 1 / k) if balanced else None)
    else:
        from sklearn.linear_model import LogisticRegression

        clf = LogisticRegression(C=float(kind.split(":")[1]) if ":" in kind else 0.05, max_iter=3000,
                                 class_weight="balanced" if balanced else None)
    clf.fit(Z, y)
    scale = np.where(sc.scale_ > 0, sc.scale_, 1.0)
    return E.Head(mean=sc.mean_.astype(np.float64), scale=scale.astype(np.float64),
                  coef=clf.coef_.astype(np.float64), intercept=clf.intercept_.astype(np.float64))


def held_out_logits(X: np.ndarray, y: np.ndarray, spk: np.ndarray, kind: str = "lda") -> np.ndarray:
    folds = speaker_folds(spk)
    out = np.zeros((len(y), len(np.unique(y))))
    for f in range(N_FOLDS):
        te = folds == f
        out[te] = fit(X[~te], y[~te], kind).logits(X[te])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(E.BURST_MODEL_FILE))
    ap.add_argument("--add-check", action="store_true",
                    help="add this CPU's reference to the committed model's check record; weights untouched")
    args = ap.parse_args(argv)
    if not C.available("emogator"):
        print(f"no emogator under {C.data_root()}", file=sys.stderr)
        return 2
    if args.add_check:
        return add_check(Path(args.out))
    t0 = time.perf_counter()
    ls = C.load_set("emogator-bursts")
    f = C.features(ls, ("yamnet", "sound"))
    X, y, spk, classes = mapped(ls, np.hstack([f["yamnet"][:, :521], f["sound"]]))
    lg = held_out_logits(X, y, spk)
    temperature = calibrate_temperature(lg, y)
    pred = lg.argmax(1)
    recall = {c: round(float(np.mean(pred[y == i] == i)), 3) for i, c in enumerate(classes)}
    head = fit(X, y)
    head.temperature = temperature
    p = head.proba(X)
    check_idx = np.flatnonzero(speaker_folds(spk) == 0)[:12]
    meta = {"train_version": TRAIN_VERSION, "seed": SEED, "data": "emogator",
            "data_checksum_sha256": ls.checksum, "feature_version": E.BURST_FEATURE_VERSION,
            "classes": list(classes), "map": E.BURST_MAP, "n_clips": int(len(y)),
            "n_speakers": int(len(set(spk))),
            "classifier": "StandardScaler + LinearDiscriminantAnalysis (lsqr, Ledoit-Wolf shrinkage, equal priors)",
            "held_out": {"folds": N_FOLDS, "split": "contributors (crc32 of the id mod 5)",
                         "uar": round(uar(y, pred), 4), "accuracy": round(float(np.mean(pred == y)), 4),
                         "recall": recall},
            "check": {"paths": [ls.paths[i].name for i in np.flatnonzero(
                          np.isin(ls.labels, list(E.BURST_MAP)))[check_idx]],
                      "probs": np.round(p[check_idx], 4).tolist(), "kernels": models.int8_kernels()}}
    E.BurstModel(classes, head, meta).save(type(E.BURST_MODEL_FILE)(args.out))
    print(f"bursts: held-out-speaker UAR {meta['held_out']['uar']:.3f} over {len(classes)} classes "
          f"(accuracy {meta['held_out']['accuracy']:.3f}), T={temperature:.2f}, "
          f"{time.perf_counter() - t0:.0f} s; wrote {args.out}")
    return 0


def check_probs(model: E.BurstModel, names: list[str]) -> np.ndarray:
    """The model's probabilities on the named EmoGator clips, each heard afresh (decode, YAMNet, features)."""
    from aural.listen.events import score_events
    from aural.train.emotion_data import read_audio

    folder = C.data_root() / "emogator" / "audio"
    X = [E.burst_features(score_events(x).scores, x) for x in (read_audio(folder / n) for n in names)]
    return model.predict_proba(np.stack(X))


def reference_probs(check: dict, kernels: str) -> list | None:
    """The check record's probabilities for a family of 8-bit kernels; None when it holds none for it."""
    made_on = check.get("kernels", "no-vnni")   # records before the field were made without VNNI
    return check["probs"] if made_on == kernels else check.get("probs_by_kernels", {}).get(kernels)


def add_check(path: Path) -> int:
    """Add this machine's kernel family's probabilities to the model's check record (the .json only)."""
    model = E.BurstModel.load(path)
    kernels = models.int8_kernels()
    check = model.meta["check"]
    check.setdefault("kernels", "no-vnni")
    if check["kernels"] != kernels:
        probs = check_probs(model, check["paths"]).astype(float)
        check.setdefault("probs_by_kernels", {})[kernels] = np.round(probs, 4).tolist()
    meta_path = path.with_suffix(".json")   # the loaded meta is the whole file; the weights stay as they are
    meta_path.write_text(json.dumps(model.meta, indent=2, sort_keys=True) + "\n")
    print(f"check record for {kernels} in {meta_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
