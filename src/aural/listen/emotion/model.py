"""The speech-emotion classifier and the estimate it makes of a clip.

Classifier (`EmotionModel`): a standard scaler and a linear classifier (linear discriminant analysis
with shrinkage; softmax over its scores with a calibrated temperature), stored as plain arrays in
`data/emotion_model.npz` with a JSON sidecar (class list, feature config, training-script version,
data checksum). Trained by `python -m aural.train.emotion`.

Per-speaker normalisation: when a clip holds enough segments from one voice, each segment's
features are z-scored against that voice's segments and judged by a second head trained on
speaker-normalised features (stored beside the plain one); `model_emotion` combines the two.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from aural.listen import models
from aural.listen.emotion.features import FEATURE_VERSION, speaker_normalise
from aural.listen.emotion.space import MAX_MODEL_CONFIDENCE, arousal_valence, call
from aural.listen.emotion.timeline import GENERIC_CUE, TIMELINE_SUMMARY_MIN, emotion_cues, emotion_timeline, \
    timeline_summary
from aural.listen.evidence import EmotionEstimate

MIN_NORM_SEGMENTS = 8     # segments from one voice needed before per-speaker normalisation
MIN_NORM_SPEECH_S = 20.0  # ... and speech seconds
DOMAIN_DIMS = 32          # principal axes of the training voices that the domain distance uses
MODEL_FILE = Path(__file__).parent.parent / "data" / "emotion_model.npz"
META_FILE = MODEL_FILE.with_suffix(".json")


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise probabilities of `logits` scaled by 1 / `temperature`."""
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


@dataclass
class Head:
    """scaler -> (projection) -> linear scores -> softmax with a temperature, as plain arrays."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray        # [classes, dims]
    intercept: np.ndarray   # [classes]
    temperature: float = 1.0
    proj: np.ndarray | None = None  # [features, dims] when PCA is used
    proj_mean: np.ndarray | None = None

    def logits(self, X: np.ndarray) -> np.ndarray:
        Z = (np.atleast_2d(X) - self.mean) / self.scale
        if self.proj is not None:
            Z = (Z - self.proj_mean) @ self.proj
        return Z @ self.coef.T + self.intercept

    def proba(self, X: np.ndarray) -> np.ndarray:
        return softmax(self.logits(X), self.temperature)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        out = {f"{prefix}mean": self.mean, f"{prefix}scale": self.scale, f"{prefix}coef": self.coef,
               f"{prefix}intercept": self.intercept,
               f"{prefix}temperature": np.array(self.temperature, np.float64)}
        if self.proj is not None:
            out[f"{prefix}proj"] = self.proj
            out[f"{prefix}proj_mean"] = self.proj_mean
        return out

    @classmethod
    def from_arrays(cls, z: Any, prefix: str) -> "Head":
        proj = z[f"{prefix}proj"] if f"{prefix}proj" in z else None
        return cls(mean=z[f"{prefix}mean"], scale=z[f"{prefix}scale"], coef=z[f"{prefix}coef"],
                   intercept=z[f"{prefix}intercept"], temperature=float(z[f"{prefix}temperature"]),
                   proj=proj, proj_mean=z[f"{prefix}proj_mean"] if proj is not None else None)


def write_weights(path: Path, arrays: dict[str, np.ndarray], meta: dict, feature_version: str) -> None:
    """`path` (.npz, float arrays as float32) and its .json metadata, stamped with the feature version."""
    arrays = {k: (v.astype(np.float32) if v.dtype.kind == "f" and v.ndim else v) for k, v in arrays.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)
    meta = dict(meta, feature_version=feature_version)
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")


def read_meta(path: Path, feature_version: str, what: str) -> dict:
    """The .json metadata beside `path`; ValueError when the weights were made for other features."""
    meta = json.loads(path.with_suffix(".json").read_text())
    if meta.get("feature_version") != feature_version:
        raise ValueError(f"{what} weights were made for features {meta.get('feature_version')!r}, "
                         f"this code computes {feature_version!r}")
    return meta


def domain_distance(domain: dict[str, np.ndarray] | None, head: Head, X: np.ndarray) -> np.ndarray:
    """Log of the RMS whitened distance of each row of `X` from the voices `domain` was fitted on, in
    `head`'s scaled space: along their principal axes (whitened) and off them (relative to the training
    clips' median residual); zeros without a domain."""
    if domain is None:
        return np.zeros(len(np.atleast_2d(X)))
    Z = (np.atleast_2d(X) - head.mean) / head.scale - domain["domain_mean"]
    proj = Z @ domain["domain_axes"]
    within = (proj ** 2 / domain["domain_var"]).mean(axis=1)
    # off the training voices' axes: an unseen corpus differs most where the training voices never varied
    off = ((Z - proj @ domain["domain_axes"].T) ** 2).mean(axis=1) / domain["domain_resid"]
    return 0.5 * np.log(0.5 * (within + off) + 1e-9)


@dataclass
class EmotionModel:
    """Speech emotion: a plain head (one segment at a time), an optional speaker-normalised head, and
    since train version 3 the training voices' spread (`domain`: how unfamiliar a clip's voice and
    channel are) and a confidence calibrated on corpora left out of training (`meta['confidence']`)."""

    classes: tuple[str, ...]
    plain: Head
    normed: Head | None
    meta: dict
    domain: dict[str, np.ndarray] | None = None

    def save(self, path: Path = MODEL_FILE) -> None:
        arrays = self.plain.arrays("plain_")
        if self.normed is not None:
            arrays.update(self.normed.arrays("normed_"))
        arrays.update(self.domain or {})
        write_weights(path, arrays, dict(self.meta, classes=list(self.classes)), FEATURE_VERSION)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "EmotionModel":
        meta = read_meta(path, FEATURE_VERSION, "emotion")
        with np.load(path, allow_pickle=False) as z:
            plain = Head.from_arrays(z, "plain_")
            normed = Head.from_arrays(z, "normed_") if "normed_coef" in z else None
            domain = {k: z[k] for k in z.files if k.startswith("domain_")} or None
        return cls(tuple(meta["classes"]), plain, normed, meta, domain)

    def predict_proba(self, X: np.ndarray, normalise: bool = False) -> np.ndarray:
        """Class probabilities per row; `normalise`: the rows are segments of one voice."""
        X = np.atleast_2d(X)
        if normalise and self.normed is not None:
            return self.normed.proba(speaker_normalise(X))
        return self.plain.proba(X)

    def domain_distance(self, X: np.ndarray) -> np.ndarray:
        """How far each row lies from the training voices (`domain_distance` in the plain head's space)."""
        return domain_distance(self.domain, self.plain, X)

    def domain_score(self, log_distance: float | np.ndarray) -> np.ndarray:
        """0 for a voice and channel typical of training, towards 1 far outside them (a logistic in the log
        distance: 0.5 at the training clips' 95th percentile)."""
        d = self.meta.get("domain", {})
        mid, width = d.get("q95", 0.0), max(d.get("q95", 1.0) - d.get("median", 0.0), 1e-3)
        return 1 / (1 + np.exp(-(np.asarray(log_distance) - mid) / (0.5 * width)))

    def out_of_domain(self, log_distance: float) -> bool:
        d = self.meta.get("domain", {})
        return bool("q99" in d and log_distance > d["q99"])

    def calibrated(self, top: float | np.ndarray, log_distance: float | np.ndarray) -> np.ndarray:
        """The chance that the top class is right, from its probability and the band of the domain distance
        it falls in: a logistic fitted on corpora and speakers left out of training. Without a calibrator,
        `top` itself."""
        c = self.meta.get("confidence")
        if not c:
            return np.asarray(top, float)
        t = np.clip(np.asarray(top, float), 1e-4, 1 - 1e-4)
        z = c["a"] * np.log(t / (1 - t)) + np.asarray(c["bands"])[np.digitize(log_distance, c["edges"])]
        return 1 / (1 + np.exp(-z))



def model_emotion(segs: list[tuple[float, float]], X: np.ndarray, feats: dict[str, Any],
                  gender: str | None = None) -> EmotionEstimate | None:
    """Emotion from the trained model: per-segment probabilities, pooled over the clip, with a timeline.

    `segs` and `X` are the segments (clip seconds) and their features (`features.segment_features`).
    Raises ModelUnavailableError when the weights cannot be loaded; None when no segment was heard.
    """
    if not segs:
        return None
    model = models.emotion_model()
    speech_s = sum(b - a for a, b in segs)
    plain = model.predict_proba(X)
    normalised = (len(segs) >= MIN_NORM_SEGMENTS and speech_s >= MIN_NORM_SPEECH_S
                  and model.normed is not None)
    if normalised:  # one voice heard long enough: also judge each segment against the voice's others
        normed = model.predict_proba(X, normalise=True)
        seg_p = np.sqrt(plain * normed)
        seg_p /= seg_p.sum(axis=1, keepdims=True)
    else:
        seg_p = plain
    w = np.array([b - a for a, b in segs])
    clip_p = (seg_p * w[:, None]).sum(axis=0) / w.sum()
    names = list(model.classes)
    scores = {n: round(float(p), 3) for n, p in zip(names, clip_p)}
    best = int(np.argmax(clip_p))
    label, top, unclear = call(clip_p, tuple(names))
    # How unfamiliar the voice and channel are, and the chance the call is right on a corpus never heard.
    log_d = float(np.average(model.domain_distance(X), weights=w))
    out_of_domain = model.out_of_domain(log_d)
    confidence = float(model.calibrated(top, log_d))
    if out_of_domain and not unclear:
        label, unclear = "unclear", True
    arousal, valence = arousal_valence(dict(zip(names, clip_p)))
    timeline = emotion_timeline(segs, seg_p, names) if len(segs) >= 2 else []
    summary = timeline_summary(timeline) if len(timeline) >= TIMELINE_SUMMARY_MIN else None
    cues = emotion_cues(feats, arousal, gender)
    if unclear:
        cues = [f"no emotion stands out (most probable {names[best]} at {top:.0%})"] + \
            [c for c in cues if not c.startswith(GENERIC_CUE)]
    if summary and "throughout" not in summary:
        cues.append(f"over time: {summary}")
    if normalised:
        cues.append("segments also compared with the same voice's other segments")
    if out_of_domain:
        cues.insert(0, "the voice or recording is unlike those the model learned from: hard to tell")
    cues.append("estimate from a voice model trained on acted German speech (EmoDB), taught to ignore how "
                "voices, languages and microphones differ (Common Voice, EmoGator, synthetic speech in 28 languages); "
                "words not used")
    meta = model.meta
    return EmotionEstimate(
        label=label, leaning=names[best],
        confidence=round(min(confidence, MAX_MODEL_CONFIDENCE), 3), unclear=unclear, cues=cues, scores=scores,
        model_confidence=round(top, 3), out_of_domain=out_of_domain,
        domain_score=round(float(model.domain_score(log_d)), 3),
        arousal=round(arousal, 3), valence=round(valence, 3),
        model=f"{meta.get('data', 'emodb')}-whisper-nap-lda {meta.get('train_version', '?')}",
        timeline=timeline, summary=summary)
