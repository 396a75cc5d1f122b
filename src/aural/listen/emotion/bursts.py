"""Vocal bursts (laughs, sobs, screams, sighs, gasps ...): where YAMNet hears them and the emotion in each.

Features (`burst_features`): YAMNet's mean class logits over the burst's patches and the shape of its
sound (`sound_features`); the classifier (`BurstModel`) is a linear head like the speech model's, stored
in `data/bursts_model.npz` and trained by `python -m aural.train.bursts` on EmoGator.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.fft import dct

from aural.audio.decode import SAMPLE_RATE
from aural.errors import ModelUnavailableError
from aural.listen import ontology
from aural.listen.emotion.model import Head, read_meta, write_weights
from aural.listen.emotion.space import BURST_AV, MAX_MODEL_CONFIDENCE
from aural.listen.events import EventScores, spans_of
from aural.listen.events import log_mel as yamnet_log_mel
from aural.listen.evidence import VocalBurst

BURST_FEATURE_VERSION = "yamnet-logit-mean+max-1+sound-1"
BURST_MODEL_FILE = Path(__file__).parent.parent / "data" / "bursts_model.npz"
YAMNET_FRAMES_PER_S = 100   # YAMNet's log-mel front end: one frame every 10 ms


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
    stats = [lv.std(), slope, float(np.max(lv) - np.median(lv)), rises / (len(level) / YAMNET_FRAMES_PER_S + 1e-3),
             tilt.mean(), tilt.std(), flat.mean(), flat.std(), float(active.mean()),
             float(np.log(active.sum() / YAMNET_FRAMES_PER_S + 1e-3))]
    return np.concatenate([groups.std(axis=0), np.abs(d).mean(axis=0), groups.mean(axis=0),
                           cep.mean(axis=0), cep.std(axis=0), np.array(stats)]).astype(np.float32)


def burst_features(scores: np.ndarray, audio: np.ndarray) -> np.ndarray:
    """Features of a vocal burst: YAMNet's mean class logits over its patches (521) and the shape of
    its sound (`sound_features`, 98). YAMNet's max logits were dropped: no better held out."""
    return np.concatenate([yamnet_features(scores)[:521], sound_features(audio)])


@dataclass
class BurstModel:
    """The vocal-burst classifier: YAMNet features of a burst -> probabilities over `classes`."""

    classes: tuple[str, ...]
    head: Head
    meta: dict

    def save(self, path: Path = BURST_MODEL_FILE) -> None:
        write_weights(path, self.head.arrays(""), dict(self.meta, classes=list(self.classes)), BURST_FEATURE_VERSION)

    @classmethod
    def load(cls, path: Path = BURST_MODEL_FILE) -> "BurstModel":
        meta = read_meta(path, BURST_FEATURE_VERSION, "burst")
        with np.load(path, allow_pickle=False) as z:
            head = Head.from_arrays(z, "")
        return cls(tuple(meta["classes"]), head, meta)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return self.head.proba(np.atleast_2d(X))


_burst_lock = threading.Lock()


@lru_cache(maxsize=1)
def burst_model() -> BurstModel:
    """The committed burst classifier, loaded once per process (ModelUnavailableError if it cannot be)."""
    with _burst_lock:
        try:
            return BurstModel.load()
        except (OSError, ValueError, KeyError) as exc:
            raise ModelUnavailableError(f"the vocal-burst weights cannot be loaded ({exc})") from None


# YAMNet classes that mark a non-speech vocalisation (shouts and screams, laughter, crying, sighs,
# groans, grunts, gasps, panting, snorts): the spans the burst model judges.
BURST_SOUNDS = ("Shout", "Bellow", "Whoop", "Yell", "Screaming", "Laughter", "Giggle", "Snicker",
                "Belly laugh", "Chuckle, chortle", "Crying, sobbing", "Whimper", "Wail, moan", "Sigh",
                "Groan", "Grunt", "Gasp", "Pant", "Snort")
# Raised speech itself can sound like these: beside speech they are its delivery more than a sound of their own.
SPOKEN_BURSTS = ("Shout", "Bellow", "Whoop", "Yell")
# A patch belongs to a burst when one of those classes scores this much: YAMNet then hears 56 % of
# EmoGator's bursts, and a burst in 5 % of EmoDB and Common Voice speech clips.
BURST_THRESHOLD = 0.15
MAX_BURSTS = 20
UNCLEAR_BURST_BELOW = 0.35  # top burst-emotion probability under this: 'unclear'


def analyze_bursts(samples: np.ndarray, es: EventScores, duration_s: float) -> list[VocalBurst]:
    """Vocal bursts heard by YAMNet, each with the emotion the burst model hears in it.

    Raises ModelUnavailableError when the burst weights cannot be loaded.
    """
    if es.n == 0:
        return []
    names = ontology.class_names()
    idx = [names.index(n) for n in BURST_SOUNDS if n in names]
    track = es.track(idx)
    spans = spans_of(track >= BURST_THRESHOLD, max_gap=0)
    if not spans:
        return []
    spans = sorted(spans, key=lambda ab: -float(track[ab[0]: ab[1] + 1].max()))[:MAX_BURSTS]
    model = burst_model()
    X = np.stack([burst_features(
        es.scores[a: b + 1], samples[int(a * es.hop_s * SAMPLE_RATE): int((b * es.hop_s + es.win_s) * SAMPLE_RATE)])
        for a, b in spans])
    probs = model.predict_proba(X)
    out = []
    for (a, b), p in zip(spans, probs):
        seg = es.scores[a: b + 1][:, idx]
        best = int(np.argmax(seg.max(axis=0)))
        i = int(np.argmax(p))
        ar = sum(float(q) * BURST_AV[c][0] for c, q in zip(model.classes, p))
        va = sum(float(q) * BURST_AV[c][1] for c, q in zip(model.classes, p))
        unclear = bool(p[i] < UNCLEAR_BURST_BELOW)
        out.append(VocalBurst(
            start=round(a * es.hop_s, 2), end=round(min(duration_s, b * es.hop_s + es.win_s), 2),
            sound=names[idx[best]], sound_score=round(float(seg.max()), 3),
            emotion="unclear" if unclear else model.classes[i], leaning=model.classes[i],
            confidence=round(min(float(p[i]), MAX_MODEL_CONFIDENCE), 3),
            arousal=round(float(np.clip(ar, -1, 1)), 3), valence=round(float(np.clip(va, -1, 1)), 3),
            scores={c: round(float(q), 3) for c, q in zip(model.classes, p)}))
    return sorted(out, key=lambda v: v.start)
