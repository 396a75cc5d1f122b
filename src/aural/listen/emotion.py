"""Voice emotion from how words are said: Whisper-base encoder states pooled over voiced frames.

Features (`segment_features`): the speech segment alone goes through Whisper's log-mel front end and
encoder, its log-mel zero-padded to a `WINDOW_S` window (5 s, not Whisper's 30 s: the CTranslate2
encoder takes any length, which keeps the cost near 0.2 s CPU per 10 s of speech; the padding itself
lifts leave-one-speaker-out UAR by about 0.04 over no padding); the 20 ms encoder frames of the
segment whose energy is within
`VOICED_DB` of the segment's loudest frame are pooled by mean and standard deviation (1024 numbers).
A few contrast measures from the same log-mel (level spread, spectral tilt and flux, energy slope)
are appended: they describe change, not absolute level, so they survive channel and gain changes.
No words are used: the model hears the voice, in any language.

Classifier (`EmotionModel`): a standard scaler and a linear classifier (linear discriminant analysis
with shrinkage; softmax over its scores with a calibrated temperature), stored as plain arrays in `data/emotion_model.npz` with a JSON sidecar (class list,
feature config, training-script version, data checksum). Trained by `python -m aural.train.emotion`.

Per-speaker normalisation: when a clip holds enough segments from one voice, each segment's
features are z-scored against that voice's segments and judged by a second head trained on
speaker-normalised features (stored beside the plain one); the voice analyser combines the two.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

WINDOW_S = 5.0            # encoder window: the segment's log-mel, zero-padded to this length
FEATURE_VERSION = f"whisper-base-enc-pad{WINDOW_S:g}s-meanstd+contrast-2"
CLASSES = ("angry", "bored", "disgusted", "fearful", "happy", "neutral", "sad")
# Where each class sits on (arousal, valence), both in [-1, 1] (Russell's circumplex, rough).
CLASS_AV = {
    "angry": (0.8, -0.7), "bored": (-0.6, -0.3), "disgusted": (0.1, -0.7), "fearful": (0.6, -0.6),
    "happy": (0.6, 0.7), "neutral": (0.0, 0.05), "sad": (-0.55, -0.65),
}
# The arousal split the reports and tests score: excited classes vs calm ones.
HIGH_AROUSAL = ("angry", "happy", "fearful")
LOW_AROUSAL = ("sad", "bored", "neutral")
SAMPLE_RATE = 16000
VOICED_DB = 35.0          # encoder frames within this many dB of the loudest are pooled
MIN_SEGMENT_S = 0.5       # shorter speech is not classified
SEGMENT_S = 3.0           # timeline segment length (EmoDB clips are 2 s)
MAX_SEGMENT_S = 4.0
MIN_NORM_SEGMENTS = 8     # segments from one voice needed before per-speaker normalisation
MIN_NORM_SPEECH_S = 20.0  # ... and speech seconds
UNCLEAR_BELOW = 0.40      # top probability under this: the emotion is "unclear"
MODEL_FILE = Path(__file__).parent / "data" / "emotion_model.npz"
META_FILE = MODEL_FILE.with_suffix(".json")


# --- features -----------------------------------------------------------------------------------

def log_mel(whisper_model: Any, audio: np.ndarray) -> np.ndarray:
    """Whisper's 80-band log-mel of `audio` (16 kHz), an even number of 10 ms frames."""
    mel = whisper_model.feature_extractor(np.ascontiguousarray(audio, dtype=np.float32))
    n = mel.shape[-1] - 1  # the last frame is the STFT's centre padding
    n -= n % 2
    return np.ascontiguousarray(mel[:, :max(n, 2)], dtype=np.float32)


def encoder_states(whisper_model: Any, mel: np.ndarray) -> np.ndarray:
    """Encoder output [frames, 512] for a log-mel [80, 2*frames] of any length up to 30 s."""
    import ctranslate2

    view = ctranslate2.StorageView.from_array(mel[None])
    out = whisper_model.model.encode(view, to_cpu=True)
    return np.asarray(out, dtype=np.float32)[0]


def _frame_db(audio: np.ndarray, n_frames: int) -> np.ndarray:
    """RMS level (dB) of each 20 ms frame."""
    hop = SAMPLE_RATE // 50
    x = np.zeros(n_frames * hop, np.float64)
    m = min(len(audio), len(x))
    x[:m] = audio[:m]
    return 10 * np.log10(np.mean(x.reshape(n_frames, hop) ** 2, axis=1) + 1e-10)


def voiced_frames(audio: np.ndarray, n_frames: int, floor_db: float = VOICED_DB) -> np.ndarray:
    db = _frame_db(audio, n_frames)
    mask = db > db.max() - floor_db
    if mask.sum() < 3:
        mask[:] = True
    return mask


def contrast_features(mel: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Change and contrast in the log-mel over the voiced frames (no absolute levels): 8 numbers."""
    m = mel[:, : 2 * len(mask)].reshape(mel.shape[0], len(mask), 2).mean(axis=2)[:, mask]  # 20 ms
    energy = m.mean(axis=0)
    low, high = m[:20].mean(axis=0), m[50:].mean(axis=0)
    tilt = high - low
    flux = np.abs(np.diff(m, axis=1)).mean(axis=0) if m.shape[1] > 1 else np.zeros(1)
    t = np.linspace(-1, 1, len(energy))
    slope = float(np.polyfit(t, energy, 1)[0]) if len(energy) > 2 else 0.0
    p10, p90 = np.percentile(energy, [10, 90])
    return np.array([energy.std(), p90 - p10, tilt.mean(), tilt.std(),
                     flux.mean(), flux.std(), slope, float(mask.mean())], np.float32)


def pooled_features(states: np.ndarray, mel: np.ndarray, audio: np.ndarray) -> np.ndarray:
    mask = voiced_frames(audio, len(states))
    s = states[mask]
    return np.concatenate([s.mean(axis=0), s.std(axis=0), contrast_features(mel, mask)]).astype(np.float32)


def padded(mel: np.ndarray, window_s: float = WINDOW_S) -> np.ndarray:
    """The log-mel zero-padded (as faster-whisper pads its 30 s windows) to at least `window_s`."""
    n = int(window_s * 100)
    if mel.shape[1] >= n:
        return mel
    out = np.zeros((mel.shape[0], n), np.float32)
    out[:, : mel.shape[1]] = mel
    return out


def segment_features(whisper_model: Any, audio: np.ndarray) -> np.ndarray:
    """The feature vector of one speech segment (16 kHz mono float)."""
    mel = log_mel(whisper_model, audio)
    states = encoder_states(whisper_model, padded(mel))[: mel.shape[1] // 2]
    return pooled_features(states, mel, audio)


def segments_features(whisper_model: Any, segments: list[np.ndarray], batch: int = 8) -> np.ndarray:
    """`segment_features` of several segments, encoded in batches (same numbers, less overhead)."""
    out: list[np.ndarray] = []
    for i in range(0, len(segments), batch):
        group = segments[i: i + batch]
        mels = [log_mel(whisper_model, a) for a in group]
        n = max(padded(m).shape[1] for m in mels)
        stacked = np.stack([padded(m, n / 100) for m in mels])
        import ctranslate2

        states = np.asarray(whisper_model.model.encode(ctranslate2.StorageView.from_array(stacked),
                                                       to_cpu=True), dtype=np.float32)
        for a, m, st in zip(group, mels, states):
            out.append(pooled_features(st[: m.shape[1] // 2], m, a))
    return np.stack(out) if out else np.zeros((0, 0), np.float32)


def speaker_normalise(X: np.ndarray) -> np.ndarray:
    """z-score rows against each other (segments of one voice)."""
    mu = X.mean(axis=0, keepdims=True)
    sd = X.std(axis=0, keepdims=True)
    return (X - mu) / (sd + 1e-3 + 0.1 * np.median(sd))


# --- classifier ---------------------------------------------------------------------------------

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
        z = self.logits(X) / self.temperature
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

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


@dataclass
class EmotionModel:
    classes: tuple[str, ...]
    plain: Head
    normed: Head | None
    meta: dict

    def save(self, path: Path = MODEL_FILE) -> None:
        arrays = self.plain.arrays("plain_")
        if self.normed is not None:
            arrays.update(self.normed.arrays("normed_"))
        arrays = {k: (v.astype(np.float32) if v.dtype.kind == "f" and v.ndim else v) for k, v in arrays.items()}
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)
        meta = dict(self.meta, classes=list(self.classes), feature_version=FEATURE_VERSION)
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "EmotionModel":
        meta = json.loads(path.with_suffix(".json").read_text())
        if meta.get("feature_version") != FEATURE_VERSION:
            raise ValueError(f"emotion weights were made for features {meta.get('feature_version')!r}, "
                             f"this code computes {FEATURE_VERSION!r}")
        with np.load(path, allow_pickle=False) as z:
            plain = Head.from_arrays(z, "plain_")
            normed = Head.from_arrays(z, "normed_") if "normed_coef" in z else None
        return cls(tuple(meta["classes"]), plain, normed, meta)

    def predict_proba(self, X: np.ndarray, normalise: bool = False) -> np.ndarray:
        """Class probabilities per row; `normalise`: the rows are segments of one voice."""
        X = np.atleast_2d(X)
        if normalise and self.normed is not None:
            return self.normed.proba(speaker_normalise(X))
        return self.plain.proba(X)


def call(probs: np.ndarray | dict[str, float], classes: tuple[str, ...] = CLASSES) -> tuple[str, float, bool]:
    """(label, top probability, unclear): the label is 'unclear' when the top probability is low."""
    p = np.array([probs[c] for c in classes]) if isinstance(probs, dict) else np.asarray(probs, float)
    i = int(np.argmax(p))
    unclear = bool(p[i] < UNCLEAR_BELOW)
    return ("unclear" if unclear else classes[i]), float(p[i]), unclear


def arousal_valence(probs: dict[str, float]) -> tuple[float, float]:
    a = sum(p * CLASS_AV[c][0] for c, p in probs.items() if c in CLASS_AV)
    v = sum(p * CLASS_AV[c][1] for c, p in probs.items() if c in CLASS_AV)
    return float(np.clip(a, -1, 1)), float(np.clip(v, -1, 1))


def segments_of(spans: list[tuple[float, float]], segment_s: float = SEGMENT_S,
                max_s: float = MAX_SEGMENT_S, min_s: float = MIN_SEGMENT_S) -> list[tuple[float, float]]:
    """Cut VAD spans into segments of about `segment_s` (none longer than `max_s`, none under `min_s`)."""
    out: list[tuple[float, float]] = []
    for a, b in spans:
        d = b - a
        if d < min_s:
            continue
        n = max(1, int(round(d / segment_s)))
        if d / n > max_s:
            n = int(np.ceil(d / max_s))
        edges = np.linspace(a, b, n + 1)
        out.extend((float(x), float(y)) for x, y in zip(edges[:-1], edges[1:]))
    return out
