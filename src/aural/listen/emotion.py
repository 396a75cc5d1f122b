"""Voice emotion from how words are said: Whisper-base encoder states pooled over voiced frames.

Features: the transcriber already runs Whisper's encoder over every 30 s window of the clip's joined
speech; `WindowPooler` takes each window as it is encoded and pools the frames of the emotion segments
inside it (no second encoder pass: the cost is the pooling, a few milliseconds per 10 s of speech).
For each segment, the 20 ms encoder frames whose energy is within `VOICED_DB` of the segment's loudest
frame are averaged (512 numbers), and a few contrast measures from the
same log-mel (level spread, spectral tilt and flux, energy slope) are appended: they describe change,
not absolute level, so they survive channel and gain changes. No words are used: the model hears the
voice, in any language. Training (`packed_features`) builds the same windows from labelled clips: a
speaker's clips joined into 30 s windows, or a short clip alone in a zero-padded window, exactly as
the transcriber cuts them.

Classifier (`EmotionModel`): a standard scaler and a linear classifier (linear discriminant analysis
with shrinkage; softmax over its scores with a calibrated temperature), stored as plain arrays in
`data/emotion_model.npz` with a JSON sidecar (class list, feature config, training-script version,
data checksum). Trained by `python -m aural.train.emotion`.

Per-speaker normalisation: when a clip holds enough segments from one voice, each segment's
features are z-scored against that voice's segments and judged by a second head trained on
speaker-normalised features (stored beside the plain one); the voice analyser combines the two.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

WINDOW_FRAMES = 3000      # Whisper's 30 s window in 10 ms log-mel frames
FRAME_SAMPLES = 320       # one 20 ms encoder frame at 16 kHz
PACK_S = 29.5             # training: a speaker's clips joined up to this length per window
FEATURE_VERSION = "whisper-base-enc-30s-window-mean+contrast-4"
BURST_FEATURE_VERSION = "yamnet-logit-mean+max-1+sound-1"
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
DOMAIN_DIMS = 32          # principal axes of the training voices that the domain distance uses
MODEL_FILE = Path(__file__).parent / "data" / "emotion_model.npz"
META_FILE = MODEL_FILE.with_suffix(".json")
BURST_MODEL_FILE = Path(__file__).parent / "data" / "bursts_model.npz"

# Vocal bursts (non-speech vocalisations): the emotions the burst model names, and how EmoGator's 30
# categories fold onto them: only the categories that are plainly one of them (both kinds of surprise
# are 'surprise'). The other 20 (adoration, awe, confusion, contempt, contentment, desire,
# disappointment, distress, ecstasy, elation, embarrassment, guilt, interest, pride, realization,
# romantic_love, serenity, shame, sympathy, triumph) are left out of training and scoring: folding
# contempt into disgust, distress into fear and disappointment into sadness lowered held-out UAR
# from 0.437 to 0.414.
BURST_CLASSES = ("amusement", "anger", "disgust", "fear", "pain", "relief", "sadness", "surprise",
                 "neutral")
BURST_MAP = {
    "amusement": "amusement", "anger": "anger", "disgust": "disgust", "fear": "fear", "pain": "pain",
    "relief": "relief", "sadness": "sadness", "surprise_negative": "surprise",
    "surprise_positive": "surprise", "neutral": "neutral",
}
# Where each burst emotion sits on (arousal, valence), as CLASS_AV does for speech.
BURST_AV = {
    "amusement": (0.6, 0.8), "anger": (0.8, -0.7), "disgust": (0.2, -0.7), "fear": (0.7, -0.6),
    "pain": (0.6, -0.8), "relief": (-0.4, 0.5), "sadness": (-0.5, -0.7), "surprise": (0.7, 0.1),
    "neutral": (0.0, 0.0),
}


# --- features -----------------------------------------------------------------------------------

def content_mel(features: np.ndarray) -> np.ndarray:
    """The log-mel frames faster-whisper decodes: its feature extractor's last frame is padding."""
    return features[:, : max(1, features.shape[-1] - 1)]


def log_mel(whisper_model: Any, audio: np.ndarray) -> np.ndarray:
    """Whisper's 80-band log-mel of `audio` (16 kHz) as the transcriber decodes it."""
    mel = whisper_model.feature_extractor(np.ascontiguousarray(audio, dtype=np.float32))
    return np.ascontiguousarray(content_mel(mel), dtype=np.float32)


def encode_window(whisper_model: Any, mel: np.ndarray) -> Any:
    """Encoder output of one window: the first 30 s of `mel`, zero-padded as faster-whisper pads it."""
    from faster_whisper.audio import pad_or_trim

    return whisper_model.encode(pad_or_trim(mel[:, :WINDOW_FRAMES]))


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
    """Mean encoder state over the voiced frames (512) and the contrast measures (8). The states'
    standard deviation (another 512) was dropped: it lowered leave-one-speaker-out UAR by 0.02-0.05."""
    mask = voiced_frames(audio, len(states))
    return np.concatenate([states[mask].mean(axis=0), contrast_features(mel, mask)]).astype(np.float32)


def span_features(states: np.ndarray, mel: np.ndarray, audio: np.ndarray, frame0: int) -> np.ndarray | None:
    """Features of a stretch of speech that starts at encoder frame `frame0` of a window.

    `states` [1500, 512] and `mel` [80, <=3000] are the window's; `audio` is the stretch itself.
    None when less than `MIN_SEGMENT_S` of it lies inside the window.
    """
    n = min(len(audio) // FRAME_SAMPLES, len(states) - frame0, mel.shape[1] // 2 - frame0)
    if frame0 < 0 or n * FRAME_SAMPLES < MIN_SEGMENT_S * SAMPLE_RATE:
        return None
    return pooled_features(states[frame0: frame0 + n], mel[:, 2 * frame0: 2 * (frame0 + n)],
                           audio[: n * FRAME_SAMPLES])


def packed_features(whisper_model: Any, clips: list[np.ndarray], pack_s: float = PACK_S) -> np.ndarray:
    """Features of each clip as the transcriber hears it: consecutive clips joined into windows of at
    most `pack_s` (one voice talking), or, with `pack_s=0`, each clip alone in its own window."""
    out: list[np.ndarray] = []
    i = 0
    while i < len(clips):
        group = [clips[i]]
        total = len(clips[i])
        i += 1
        while i < len(clips) and total + len(clips[i]) <= pack_s * SAMPLE_RATE:
            group.append(clips[i])
            total += len(clips[i])
            i += 1
        audio = np.concatenate(group)
        mel = log_mel(whisper_model, audio)
        states = np.asarray(encode_window(whisper_model, mel), dtype=np.float32)[0]
        start = 0
        for clip in group:
            frame0 = start // FRAME_SAMPLES
            f = span_features(states, mel, clip[: (WINDOW_FRAMES // 2 - frame0) * FRAME_SAMPLES], frame0)
            if f is None:  # too short to judge: pool what there is
                f = pooled_features(states[frame0: frame0 + max(1, len(clip) // FRAME_SAMPLES)],
                                    mel[:, 2 * frame0:], clip)
            out.append(f)
            start += len(clip)
    return np.stack(out) if out else np.zeros((0, 0), np.float32)


class WindowPooler:
    """Emotion features of a clip's speech segments, pooled from the encoder windows the transcriber makes.

    The speech analyzer calls `start(spans)` once (VAD spans, clip seconds), then `add(...)` for each
    30 s window it encodes, with the pieces of the joined audio (clip start, joined start, length).
    A segment cut by a window edge keeps the window that holds most of it.
    """

    def __init__(self, samples: np.ndarray, max_speech_s: float = 120.0) -> None:
        self.samples = samples
        self.max_speech_s = max_speech_s
        self.segments: list[tuple[float, float]] = []
        self._best: dict[int, tuple[float, np.ndarray]] = {}

    def start(self, spans: list[tuple[float, float]]) -> None:
        segs = segments_of(spans)
        total = sum(b - a for a, b in segs)
        if total > self.max_speech_s:  # bound the timeline: segments spread evenly over the clip
            keep = max(1, int(len(segs) * self.max_speech_s / total))
            segs = [segs[i] for i in np.unique(np.linspace(0, len(segs) - 1, keep).round().astype(int))]
        self.segments = segs
        self._best = {}

    def add(self, pieces: list[tuple[float, float, float]], window_start_s: float, mel: np.ndarray,
            encoder_output: Any) -> None:
        states: np.ndarray | None = None
        window_end_s = window_start_s + WINDOW_FRAMES / 100
        for i, (a, b) in enumerate(self.segments):
            for clip_start, joined_start, length in pieces:
                lo, hi = max(a, clip_start), min(b, clip_start + length)
                j0 = max(joined_start + lo - clip_start, window_start_s)
                j1 = min(joined_start + hi - clip_start, window_end_s)
                covered = j1 - j0
                if covered < MIN_SEGMENT_S or covered <= self._best.get(i, (0.0, None))[0]:
                    continue
                if states is None:
                    states = np.asarray(encoder_output, dtype=np.float32)[0]
                c0 = clip_start + (j0 - joined_start)
                audio = self.samples[int(round(c0 * SAMPLE_RATE)): int(round((c0 + covered) * SAMPLE_RATE))]
                f = span_features(states, mel, audio, int(round((j0 - window_start_s) * 50)))
                if f is not None:
                    self._best[i] = (covered, f)

    def result(self) -> tuple[list[tuple[float, float]], np.ndarray]:
        """The segments that were heard (clip seconds) and their feature rows."""
        keep = sorted(self._best)
        X = np.stack([self._best[i][1] for i in keep]) if keep else np.zeros((0, 0), np.float32)
        return [self.segments[i] for i in keep], X


def yamnet_features(scores: np.ndarray) -> np.ndarray:
    """YAMNet's view of a stretch of sound: its 521 class logits (from the patch probabilities, clipped
    to +-12) averaged and maxed over the patches that cover it - 1042 numbers."""
    if len(scores) == 0:
        scores = np.full((1, 521), 1e-6, np.float32)
    p = np.clip(np.asarray(scores, np.float64), 6e-6, 1 - 6e-6)
    z = np.log(p) - np.log1p(-p)
    return np.concatenate([z.mean(axis=0), z.max(axis=0)]).astype(np.float32)


def sound_features(audio: np.ndarray) -> np.ndarray:
    """How a stretch of sound is shaped, channel and level aside: 98 numbers from YAMNet's own log-mel
    front end over the frames within 30 dB of the loudest - the spread and change of each of 16 mel-band
    groups relative to the frame's own level (a per-clip normalisation), 20 cepstral coefficients'
    mean and spread, the level's spread, slope, peakiness and rhythm, spectral tilt, flatness, and
    the share of the stretch that sounds."""
    from scipy.fft import dct

    from aural.listen.events import log_mel as yamnet_log_mel

    x = np.asarray(audio, np.float32)
    if len(x) < 2 * 400:
        x = np.pad(x, (0, 2 * 400 - len(x)))
    mel = yamnet_log_mel(x)                                   # [frames, 64], 10 ms hop
    level = np.log(np.exp(mel).sum(axis=1) + 1e-6)
    active = level > level.max() - np.log(10 ** 3)            # 30 dB
    if active.sum() < 3:
        active[:] = True
    m = mel[active]
    rel = m - m.mean(axis=1, keepdims=True)                   # spectral shape, not level
    groups = rel.reshape(len(rel), 16, 4).mean(axis=2)
    cep = dct(m, type=2, norm="ortho", axis=1)[:, 1:21]
    d = np.diff(groups, axis=0) if len(groups) > 1 else np.zeros((1, 16))
    lv = level[active]
    t = np.linspace(-1, 1, len(lv))
    slope = float(np.polyfit(t, lv, 1)[0]) if len(lv) > 2 else 0.0
    env = level - level.max()
    rises = int(np.sum((env[1:] > -6) & (env[:-1] <= -6)))
    tilt = m[:, 40:].mean(axis=1) - m[:, :16].mean(axis=1)
    flat = np.exp(np.log(np.exp(m)).mean(axis=1)) / (np.exp(m).mean(axis=1) + 1e-9)
    stats = [lv.std(), slope, float(np.max(lv) - np.median(lv)), rises / (len(level) / 100 + 1e-3),
             tilt.mean(), tilt.std(), flat.mean(), flat.std(), float(active.mean()),
             float(np.log(active.sum() / 100 + 1e-3))]
    return np.concatenate([groups.std(axis=0), np.abs(d).mean(axis=0), groups.mean(axis=0),
                           cep.mean(axis=0), cep.std(axis=0), np.array(stats)]).astype(np.float32)


def burst_features(scores: np.ndarray, audio: np.ndarray) -> np.ndarray:
    """Features of a vocal burst: YAMNet's mean class logits over its patches (521) and the shape of
    its sound (`sound_features`, 98). YAMNet's max logits were dropped: no better held out."""
    return np.concatenate([yamnet_features(scores)[:521], sound_features(audio)])


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
            domain = {k: z[k] for k in z.files if k.startswith("domain_")} or None
        return cls(tuple(meta["classes"]), plain, normed, meta, domain)

    def predict_proba(self, X: np.ndarray, normalise: bool = False) -> np.ndarray:
        """Class probabilities per row; `normalise`: the rows are segments of one voice."""
        X = np.atleast_2d(X)
        if normalise and self.normed is not None:
            return self.normed.proba(speaker_normalise(X))
        return self.plain.proba(X)

    def domain_distance(self, X: np.ndarray) -> np.ndarray:
        """Log of the RMS whitened distance of each row from the training voices (principal axes)."""
        if self.domain is None:
            return np.zeros(len(np.atleast_2d(X)))
        Z = (np.atleast_2d(X) - self.plain.mean) / self.plain.scale - self.domain["domain_mean"]
        w = (Z @ self.domain["domain_axes"]) ** 2 / self.domain["domain_var"]
        return 0.5 * np.log(w.mean(axis=1) + 1e-9)

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
        """The chance that the top class is right, from its probability and the domain distance: a logistic
        fitted on corpora and speakers left out of training. Without a calibrator, `top` itself."""
        c = self.meta.get("confidence")
        if not c:
            return np.asarray(top, float)
        t = np.clip(np.asarray(top, float), 1e-4, 1 - 1e-4)
        z = c["a"] * np.log(t / (1 - t)) + c["b"] * np.asarray(log_distance) + c["c"]
        return 1 / (1 + np.exp(-z))


@dataclass
class BurstModel:
    """The vocal-burst classifier: YAMNet features of a burst -> probabilities over `classes`."""

    classes: tuple[str, ...]
    head: Head
    meta: dict

    def save(self, path: Path = BURST_MODEL_FILE) -> None:
        arrays = {k: (v.astype(np.float32) if v.dtype.kind == "f" and v.ndim else v)
                  for k, v in self.head.arrays("").items()}
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)
        meta = dict(self.meta, classes=list(self.classes), feature_version=BURST_FEATURE_VERSION)
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")

    @classmethod
    def load(cls, path: Path = BURST_MODEL_FILE) -> "BurstModel":
        meta = json.loads(path.with_suffix(".json").read_text())
        if meta.get("feature_version") != BURST_FEATURE_VERSION:
            raise ValueError(f"burst weights were made for features {meta.get('feature_version')!r}, "
                             f"this code computes {BURST_FEATURE_VERSION!r}")
        with np.load(path, allow_pickle=False) as z:
            head = Head.from_arrays(z, "")
        return cls(tuple(meta["classes"]), head, meta)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return self.head.proba(np.atleast_2d(X))


_burst_lock = threading.Lock()


@lru_cache(maxsize=1)
def burst_model() -> BurstModel:
    """The committed burst classifier, loaded once per process (ModelUnavailableError if it cannot be)."""
    from aural.errors import ModelUnavailableError

    with _burst_lock:
        try:
            return BurstModel.load()
        except (OSError, ValueError, KeyError) as exc:
            raise ModelUnavailableError(f"the vocal-burst weights cannot be loaded ({exc})") from None


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
