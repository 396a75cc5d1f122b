"""Sound events: YAMNet (8-bit ONNX) over 0.96 s patches every 0.48 s, as scores and time spans."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import expit

from aural.audio.decode import SAMPLE_RATE
from aural.listen import models, ontology
from aural.listen.evidence import LabelScore, SoundEvent

# YAMNet's front end (see MODELS.md): STFT 512/400/160, 64 HTK mel bands 125-7500 Hz, log(mel + 0.001).
N_FFT = 512
WIN = 400
HOP = 160
N_MELS = 64
PATCH_FRAMES = 96
PATCH_HOP_FRAMES = 48
PATCH_S = PATCH_FRAMES * HOP / SAMPLE_RATE        # 0.96 s
PATCH_HOP_S = PATCH_HOP_FRAMES * HOP / SAMPLE_RATE  # 0.48 s
LOG_OFFSET = 0.001
# Quantisation of the bundled graph's input and output (read from the graph, see MODELS.md).
IN_SCALE, IN_ZERO = 0.04793788, 144
OUT_SCALE, OUT_ZERO = 0.7565417, 190
# Frames computed per block so the spectrogram of a long clip never lives in memory at once.
_BLOCK_PATCHES = 128

EVENT_THRESHOLD = 0.25


@dataclass(frozen=True)
class EventScores:
    """Per-patch class probabilities: `scores[i, c]` covers [i * hop_s, i * hop_s + win_s)."""

    scores: np.ndarray  # float32 [n_patches, 521]
    hop_s: float = PATCH_HOP_S
    win_s: float = PATCH_S

    @property
    def n(self) -> int:
        return int(self.scores.shape[0])

    def track(self, index: int | list[int]) -> np.ndarray:
        """Score over time of one class, or the max over several."""
        if isinstance(index, int):
            return self.scores[:, index]
        return self.scores[:, index].max(axis=1) if index else np.zeros(self.n, np.float32)


@lru_cache(maxsize=1)
def _mel_basis() -> np.ndarray:
    import librosa

    return librosa.filters.mel(sr=SAMPLE_RATE, n_fft=N_FFT, n_mels=N_MELS, fmin=125.0, fmax=7500.0,
                               htk=True, norm=None).astype(np.float32).T  # [257, 64]


def log_mel(samples: np.ndarray) -> np.ndarray:
    """YAMNet log-mel frames of `samples` (no centering): float32 [n_frames, 64]."""
    if len(samples) < WIN:
        samples = np.pad(samples, (0, WIN - len(samples)))
    n_frames = 1 + (len(samples) - WIN) // HOP
    frames = np.lib.stride_tricks.sliding_window_view(samples, WIN)[::HOP][:n_frames]
    window = np.hanning(WIN + 1)[:-1].astype(np.float32)  # periodic Hann
    spec = np.abs(np.fft.rfft(frames * window, n=N_FFT, axis=1)).astype(np.float32)
    return np.log(spec @ _mel_basis() + LOG_OFFSET)


def score_events(samples: np.ndarray) -> EventScores:
    """Run YAMNet over the whole clip in bounded blocks; short clips are padded to one patch."""
    min_len = (PATCH_FRAMES - 1) * HOP + WIN
    if len(samples) < min_len:
        samples = np.pad(samples, (0, min_len - len(samples)))
    session = models.yamnet_session()
    n_frames = 1 + (len(samples) - WIN) // HOP
    n_patches = 1 + (n_frames - PATCH_FRAMES) // PATCH_HOP_FRAMES
    out = np.empty((n_patches, ontology.N_CLASSES), dtype=np.float32)
    block_frames = (_BLOCK_PATCHES - 1) * PATCH_HOP_FRAMES + PATCH_FRAMES
    for p0 in range(0, n_patches, _BLOCK_PATCHES):
        f0 = p0 * PATCH_HOP_FRAMES
        s0 = f0 * HOP
        s1 = s0 + (block_frames - 1) * HOP + WIN
        mel = log_mel(samples[s0:s1])
        for j in range(min(_BLOCK_PATCHES, n_patches - p0)):
            patch = mel[j * PATCH_HOP_FRAMES: j * PATCH_HOP_FRAMES + PATCH_FRAMES]
            q = np.clip(np.round(patch / IN_SCALE) + IN_ZERO, 0, 255).astype(np.uint8)
            (raw,) = session.run(None, {"audio": q[None, None]})
            logits = (raw[0].astype(np.float32) - OUT_ZERO) * OUT_SCALE
            out[p0 + j] = expit(logits)
    return EventScores(out)


def spans_of(active: np.ndarray, max_gap: int = 1) -> list[tuple[int, int]]:
    """Runs of True in `active` as inclusive (first, last) patch indices, bridging gaps of `max_gap`."""
    idx = np.flatnonzero(active)
    if idx.size == 0:
        return []
    runs: list[tuple[int, int]] = []
    start = prev = int(idx[0])
    for i in idx[1:]:
        i = int(i)
        if i - prev > max_gap + 1:
            runs.append((start, prev))
            start = i
        prev = i
    runs.append((start, prev))
    return runs


def events_from_scores(es: EventScores, duration_s: float, threshold: float = EVENT_THRESHOLD,
                       max_classes: int = 40) -> list[SoundEvent]:
    """Time spans where a class scores above `threshold`, strongest classes first, ordered by time."""
    names = ontology.class_names()
    peaks = es.scores.max(axis=0) if es.n else np.zeros(ontology.N_CLASSES)
    candidates = [int(c) for c in np.argsort(-peaks) if peaks[c] >= threshold][:max_classes]
    events: list[SoundEvent] = []
    for c in candidates:
        track = es.scores[:, c]
        for a, b in spans_of(track >= threshold):
            seg = track[a: b + 1]
            events.append(SoundEvent(
                label=names[c], index=c, groups=list(ontology.paths(c)),
                start=round(a * es.hop_s, 2), end=round(min(duration_s, b * es.hop_s + es.win_s), 2),
                score=round(float(seg.max()), 3), mean_score=round(float(seg.mean()), 3)))
    events.sort(key=lambda e: (e.start, -e.score))
    return events


def clip_labels(es: EventScores, threshold: float = EVENT_THRESHOLD, top: int = 25) -> list[LabelScore]:
    """Clip-level labels: the mean of each class's top decile of patches, with its active share."""
    if es.n == 0:
        return []
    k = max(1, es.n // 10)
    top_mean = np.sort(es.scores, axis=0)[-k:].mean(axis=0)
    coverage = (es.scores >= threshold).mean(axis=0)
    names = ontology.class_names()
    order = np.argsort(-top_mean)[:top]
    return [LabelScore(label=names[c], score=round(float(top_mean[c]), 3),
                       coverage=round(float(coverage[c]), 3))
            for c in order if top_mean[c] >= 0.05]


def group_score(es: EventScores, group_name: str) -> np.ndarray:
    """Per-patch score of a group: the max over its classes."""
    return es.track(ontology.indices(group_name))
