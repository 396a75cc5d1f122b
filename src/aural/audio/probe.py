"""How long an upload is, before anything waits for an analysis slot: a packet scan, no full decode.

`probe_bytes` opens the container with PyAV, decodes only its first packets (so an undecodable file
is refused at once, not after queueing behind real work), then walks the remaining packets of the
audio stream *without decoding them*, adding up their timestamps and durations. That costs
milliseconds even for a 25 MB file, and it is what billing checks a duration hint or a size estimate
against: a 20 KB FLAC that decodes to two hours has two hours of packets. A header's claimed
duration is used only when the packets carry no timing (it can lie both ways).
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

import av

from aural.audio.decode import open_audio, short_error
from aural.errors import AudioTooLongError, InvalidAudioError

# Decode at most this many packets looking for the first audio frame.
_FIRST_PACKETS = 16
# Scan packets for at most this long; past it, the duration is extrapolated from the bytes scanned
# (a file of millions of tiny frames must not cost what decoding it would).
SCAN_BUDGET_S = 1.0


@dataclass(frozen=True, slots=True)
class Probe:
    """What the packet scan found. `duration_s` is None when neither packets nor header said."""

    duration_s: float | None
    source: str  # "packets", "extrapolated" (scan stopped at its budget), "header" or "unknown"
    format: str
    codec: str
    sample_rate: int
    channels: int


def probe_bytes(data: bytes, max_duration_s: float | None = None, budget_s: float = SCAN_BUDGET_S) -> Probe:
    """Probe an in-memory upload. InvalidAudioError (400) for non-audio, no audio stream or nothing
    decodable in its first packets; AudioTooLongError when the packets already pass `max_duration_s`."""
    if not data:
        raise InvalidAudioError("the file is empty")
    container, stream = open_audio(io.BytesIO(data))
    with container:
        ctx = stream.codec_context
        fmt = container.format.name.split(",")[0] if container.format else "unknown"
        rate = int(ctx.sample_rate or stream.rate or 0)
        tb = stream.time_base
        decoded = False
        tried = 0
        first_pts: float | None = None
        end = 0.0
        summed = 0.0
        scanned_bytes = 0
        extrapolate = 1.0
        deadline = time.monotonic() + budget_s
        try:
            for n, packet in enumerate(container.demux(stream)):
                if packet.size == 0:
                    continue
                if not decoded:
                    tried += 1
                    try:
                        decoded = any(f.samples > 0 for f in packet.decode())
                    except av.FFmpegError:
                        pass
                    if not decoded and tried >= _FIRST_PACKETS:
                        raise InvalidAudioError("the audio stream could not be decoded")
                if tb is not None:
                    if packet.duration:
                        summed += float(packet.duration * tb)
                    if packet.pts is not None:
                        start = float(packet.pts * tb)
                        first_pts = start if first_pts is None else min(first_pts, start)
                        end = max(end, start + float((packet.duration or 0) * tb))
                if packet.pos is not None and packet.pos >= 0:
                    scanned_bytes = max(scanned_bytes, packet.pos + packet.size)
                if max_duration_s is not None and max(summed, end - (first_pts or 0.0)) > max_duration_s:
                    raise AudioTooLongError(f"the audio is longer than the {max_duration_s / 60:.0f}-minute limit")
                if n % 256 == 255 and decoded and time.monotonic() > deadline:
                    extrapolate = len(data) / max(1, scanned_bytes) if scanned_bytes else 1.0
                    break
        except av.FFmpegError as exc:
            if not decoded:
                raise InvalidAudioError(f"the audio stream could not be decoded ({short_error(exc)})") from None
        if not decoded:
            # Fewer packets than _FIRST_PACKETS and none decoded: flush the decoder once before refusing.
            try:
                decoded = any(f.samples > 0 for f in stream.codec_context.decode(None))
            except (av.FFmpegError, ValueError):
                decoded = False
            if not decoded:
                raise InvalidAudioError("the file holds no decodable audio")
        by_packets = max(summed, end - (first_pts or 0.0)) * extrapolate
        if max_duration_s is not None and by_packets > max_duration_s:
            raise AudioTooLongError(f"the audio is longer than the {max_duration_s / 60:.0f}-minute limit")
        if by_packets > 0:
            duration, source = by_packets, "packets" if extrapolate == 1.0 else "extrapolated"
        elif container.duration:
            duration, source = float(container.duration / av.time_base), "header"
        else:
            duration, source = None, "unknown"
        return Probe(duration, source, fmt, ctx.name or "unknown", rate, int(ctx.channels or 0))
