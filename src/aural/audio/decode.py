"""Decode any audio container to mono float32 at 16 kHz with PyAV (FFmpeg's libraries).

Decoding streams packet by packet through a resampler, so memory holds only the output samples
(64 kB per second) and never trusts a header's claimed duration.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

import av
import numpy as np

from aural.errors import AudioTooLongError, InvalidAudioError

SAMPLE_RATE = 16000
# Output is gathered in blocks of this many samples so growth is amortised without one huge realloc.
_BLOCK = SAMPLE_RATE * 60

ProgressFn = Callable[[float], None]


@dataclass(frozen=True)
class Clip:
    """Decoded audio: `samples` is float32 mono in [-1, 1] at `SAMPLE_RATE`."""

    samples: np.ndarray
    source_format: str
    codec: str
    source_sample_rate: int
    source_channels: int
    size_bytes: int | None = None

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def decode_file(path: str | Path, max_duration_s: float | None = None,
                progress: ProgressFn | None = None) -> Clip:
    """Decode the file at `path`; see `decode_stream`."""
    p = Path(path)
    if not p.is_file():
        raise InvalidAudioError(f"no such file: {p}")
    size = p.stat().st_size
    with p.open("rb") as fh:
        return decode_stream(fh, size, max_duration_s, progress)


def decode_bytes(data: bytes, max_duration_s: float | None = None) -> Clip:
    """Decode an in-memory upload; see `decode_stream`."""
    return decode_stream(io.BytesIO(data), len(data), max_duration_s)


def open_audio(fh: BinaryIO) -> tuple[av.container.InputContainer, av.audio.stream.AudioStream]:
    """Open a container and find its first audio stream (the caller closes the container).

    InvalidAudioError for data FFmpeg cannot read or a container with no audio stream."""
    try:
        container = av.open(fh, mode="r", metadata_errors="ignore")
    except (av.FFmpegError, ValueError, OSError) as exc:
        raise InvalidAudioError(f"not a readable audio file ({short_error(exc)})") from None
    streams = [s for s in container.streams if s.type == "audio"]
    if not streams:
        container.close()
        raise InvalidAudioError("the file holds no audio stream")
    return container, streams[0]


def decode_stream(fh: BinaryIO, size_bytes: int | None, max_duration_s: float | None = None,
                  progress: ProgressFn | None = None) -> Clip:
    """Decode the first audio stream of `fh` to mono float32 at 16 kHz.

    Raises InvalidAudioError for empty input, non-audio data, or a stream that yields no samples,
    and AudioTooLongError once the output passes `max_duration_s`.
    """
    if size_bytes == 0:
        raise InvalidAudioError("the file is empty")
    container, stream = open_audio(fh)
    with container:
        ctx = stream.codec_context
        fmt = container.format.name.split(",")[0] if container.format else "unknown"
        codec = ctx.name or "unknown"
        src_rate = int(ctx.sample_rate or stream.rate or 0)
        src_channels = int(ctx.channels or 0)
        limit = None if max_duration_s is None else int(max_duration_s * SAMPLE_RATE)
        claimed = float(container.duration / av.time_base) if container.duration else None
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        out = _Growable()
        errors = 0
        try:
            for packet in container.demux(stream):
                try:
                    frames = packet.decode()
                except av.FFmpegError:
                    # A damaged packet in a truncated or corrupt file: skip it, keep what decodes.
                    errors += 1
                    if errors > 50 and out.n == 0:
                        raise InvalidAudioError("the audio stream could not be decoded") from None
                    continue
                for frame in frames:
                    frame.pts = None  # resample by sample count; broken timestamps must not matter
                    for rf in resampler.resample(frame):
                        out.append(rf.to_ndarray()[0])
                if limit is not None and out.n > limit:
                    raise AudioTooLongError(
                        f"the audio is longer than the {max_duration_s / 60:.0f}-minute limit")
                if progress and claimed:
                    progress(min(1.0, out.n / SAMPLE_RATE / claimed))
            for rf in resampler.resample(None):
                out.append(rf.to_ndarray()[0])
        except av.FFmpegError as exc:
            if out.n == 0:
                raise InvalidAudioError(f"the audio stream could not be decoded ({short_error(exc)})") from None
    samples = out.result()
    if samples.size == 0:
        raise InvalidAudioError("the file holds no audio samples")
    np.clip(samples, -1.0, 1.0, out=samples)
    if not np.isfinite(samples).all():
        samples = np.nan_to_num(samples, nan=0.0, posinf=1.0, neginf=-1.0)
    return Clip(samples, fmt, codec, src_rate, src_channels, size_bytes)


class _Growable:
    """A float32 buffer that grows in blocks (amortised O(1) appends, one final trim)."""

    def __init__(self) -> None:
        self._buf = np.empty(_BLOCK, dtype=np.float32)
        self.n = 0

    def append(self, x: np.ndarray) -> None:
        need = self.n + len(x)
        if need > len(self._buf):
            new = np.empty(max(need, int(len(self._buf) * 1.5)), dtype=np.float32)
            new[: self.n] = self._buf[: self.n]
            self._buf = new
        self._buf[self.n:need] = x
        self.n = need

    def result(self) -> np.ndarray:
        return self._buf[: self.n].copy() if self.n < len(self._buf) // 2 else self._buf[: self.n]


def short_error(exc: BaseException) -> str:
    # FFmpeg errors carry the file name; the reason alone is what a caller needs.
    text = (getattr(exc, "strerror", None) or str(exc)).strip() or type(exc).__name__
    return text.splitlines()[0][:160]
