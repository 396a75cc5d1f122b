"""Voice-emotion features: Whisper-base encoder states pooled over the voiced frames of each segment.

The transcriber already runs Whisper's encoder over every 30 s window of the clip's joined speech;
`WindowPooler` (an encoder-window listener, see `transcriber.EncoderWindowListener`) takes each window
as it is encoded and pools the frames of the emotion segments inside it (no second encoder pass: the
cost is the pooling, a few milliseconds per 10 s of speech). For each segment, the 20 ms encoder frames
whose energy is within `VOICED_DB` of the segment's loudest frame are averaged (512 numbers), and a few
contrast measures from the same log-mel (level spread, spectral tilt and flux, energy slope) are
appended: they describe change, not absolute level, so they survive channel and gain changes. No words
are used: the model hears the voice, in any language. Training (`packed_features`) builds the same
windows from labelled clips: a speaker's clips joined into 30 s windows, or a short clip alone in a
zero-padded window, exactly as the transcriber cuts them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from aural.audio.decode import SAMPLE_RATE
from aural.listen.whisper_constants import MEL_FRAMES_PER_TOKEN, N_FRAMES, N_SAMPLES_PER_TOKEN, \
    TOKENS_PER_SECOND, WINDOW_S

WINDOW_FRAMES = N_FRAMES              # Whisper's 30 s window in 10 ms log-mel frames
FRAME_SAMPLES = N_SAMPLES_PER_TOKEN   # one 20 ms encoder frame at 16 kHz
PACK_S = 29.5             # training: a speaker's clips joined up to this length per window
FEATURE_VERSION = "whisper-base-enc-30s-window-mean+contrast-4"
VOICED_DB = 35.0          # encoder frames within this many dB of the loudest are pooled
MIN_SEGMENT_S = 0.5       # shorter speech is not classified
SEGMENT_S = 3.0           # timeline segment length (EmoDB clips are 2 s)
MAX_SEGMENT_S = 4.0


def content_mel(features: np.ndarray) -> np.ndarray:
    """The log-mel frames faster-whisper decodes: its feature extractor's last frame is padding."""
    return features[:, : max(1, features.shape[-1] - 1)]


def log_mel(whisper_model: Any, audio: np.ndarray) -> np.ndarray:
    """Whisper's 80-band log-mel of `audio` (16 kHz) as the transcriber decodes it: [80, frames]."""
    mel = whisper_model.feature_extractor(np.ascontiguousarray(audio, dtype=np.float32))
    return np.ascontiguousarray(content_mel(mel), dtype=np.float32)


def encode_window(whisper_model: Any, mel: np.ndarray) -> Any:
    """Encoder output of one window: the first 30 s of `mel`, zero-padded as faster-whisper pads it."""
    from faster_whisper.audio import pad_or_trim  # faster-whisper loads CTranslate2: only when encoding

    return whisper_model.encode(pad_or_trim(mel[:, :WINDOW_FRAMES]))


def _frame_db(audio: np.ndarray, n_frames: int) -> np.ndarray:
    """RMS level (dB) of each 20 ms frame."""
    hop = FRAME_SAMPLES
    x = np.zeros(n_frames * hop, np.float64)
    m = min(len(audio), len(x))
    x[:m] = audio[:m]
    return 10 * np.log10(np.mean(x.reshape(n_frames, hop) ** 2, axis=1) + 1e-10)


def voiced_frames(audio: np.ndarray, n_frames: int, floor_db: float = VOICED_DB) -> np.ndarray:
    """Which of the `n_frames` 20 ms frames of `audio` are within `floor_db` of the loudest: [n_frames] bool."""
    db = _frame_db(audio, n_frames)
    mask = db > db.max() - floor_db
    if mask.sum() < 3:
        mask[:] = True
    return mask


def contrast_features(mel: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Change and contrast in the log-mel over the voiced frames (no absolute levels): 8 numbers."""
    k = MEL_FRAMES_PER_TOKEN
    m = mel[:, : k * len(mask)].reshape(mel.shape[0], len(mask), k).mean(axis=2)[:, mask]  # 20 ms
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
    """Features of a stretch of speech that starts at encoder frame `frame0` of a window: [520] or None.

    `states` [1500, 512] and `mel` [80, <=3000] are the window's; `audio` is the stretch itself.
    None when less than `MIN_SEGMENT_S` of it lies inside the window.
    """
    k = MEL_FRAMES_PER_TOKEN
    n = min(len(audio) // FRAME_SAMPLES, len(states) - frame0, mel.shape[1] // k - frame0)
    if frame0 < 0 or n * FRAME_SAMPLES < MIN_SEGMENT_S * SAMPLE_RATE:
        return None
    return pooled_features(states[frame0: frame0 + n], mel[:, k * frame0: k * (frame0 + n)],
                           audio[: n * FRAME_SAMPLES])


def packed_features(whisper_model: Any, clips: list[np.ndarray], pack_s: float = PACK_S) -> np.ndarray:
    """Features of each clip as the transcriber hears it: consecutive clips joined into windows of at
    most `pack_s` (one voice talking), or, with `pack_s=0`, each clip alone in its own window.
    Returns [clips, 520]."""
    out: list[np.ndarray] = []
    k = MEL_FRAMES_PER_TOKEN
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
            f = span_features(states, mel, clip[: (WINDOW_FRAMES // k - frame0) * FRAME_SAMPLES], frame0)
            if f is None:  # too short to judge: pool what there is
                f = pooled_features(states[frame0: frame0 + max(1, len(clip) // FRAME_SAMPLES)],
                                    mel[:, k * frame0:], clip)
            out.append(f)
            start += len(clip)
    return np.stack(out) if out else np.zeros((0, 0), np.float32)


def speaker_normalise(X: np.ndarray) -> np.ndarray:
    """z-score rows against each other (segments of one voice)."""
    mu = X.mean(axis=0, keepdims=True)
    sd = X.std(axis=0, keepdims=True)
    return (X - mu) / (sd + 1e-3 + 0.1 * np.median(sd))


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


class WindowPooler:
    """Emotion features of a clip's speech segments, pooled from the encoder windows the transcriber makes.

    An encoder-window listener (`transcriber.EncoderWindowListener`): the pipeline calls `start(spans)`
    once (VAD spans, clip seconds), then the transcriber calls `add(...)` for each 30 s window it
    encodes, with the pieces of the joined audio (clip start, joined start, length). A segment cut by a
    window edge keeps the window that holds most of it.
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
        window_end_s = window_start_s + WINDOW_S
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
                f = span_features(states, mel, audio, int(round((j0 - window_start_s) * TOKENS_PER_SECOND)))
                if f is not None:
                    self._best[i] = (covered, f)

    def result(self) -> tuple[list[tuple[float, float]], np.ndarray]:
        """The segments that were heard (clip seconds) and their feature rows [segments, 520]."""
        keep = sorted(self._best)
        X = np.stack([self._best[i][1] for i in keep]) if keep else np.zeros((0, 0), np.float32)
        return [self.segments[i] for i in keep], X
