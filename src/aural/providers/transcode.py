"""Audio for upstream models: a decoded clip (mono float32, 16 kHz) as WAV, MP3 or FLAC bytes, with PyAV.

Upstreams take a file, not samples. The clip is the one the engine decoded (so every provider hears
the same audio and the billed duration matches what was sent); WAV is exact, MP3 and FLAC are smaller.
"""

from __future__ import annotations

import io

import av
import numpy as np

from aural.audio.decode import SAMPLE_RATE, Clip

MIME_TYPES = {"wav": "audio/wav", "mp3": "audio/mp3", "flac": "audio/flac"}
_CODECS = {"wav": "pcm_s16le", "mp3": "libmp3lame", "flac": "flac"}
_CHUNK = SAMPLE_RATE * 10
MP3_BITRATE = 64_000  # mono speech and music at 16 kHz: ~8 kB per second


def encode(clip: Clip, fmt: str = "wav", bitrate: int = MP3_BITRATE) -> tuple[bytes, str]:
    """(file bytes, MIME type) of the clip in `fmt` (wav, mp3 or flac); `bitrate` (bit/s) for mp3."""
    if fmt not in _CODECS:
        raise ValueError(f"unsupported audio format '{fmt}'; use one of {', '.join(_CODECS)}")
    pcm = np.clip(np.asarray(clip.samples, dtype=np.float32), -1.0, 1.0)
    pcm16 = np.round(pcm * 32767.0).astype(np.int16)
    buf = io.BytesIO()
    with av.open(buf, mode="w", format=fmt) as out:
        stream = out.add_stream(_CODECS[fmt], rate=SAMPLE_RATE, layout="mono")
        if fmt == "mp3":
            stream.bit_rate = bitrate
        pts = 0
        for start in range(0, len(pcm16), _CHUNK):
            block = pcm16[start:start + _CHUNK]
            frame = av.AudioFrame.from_ndarray(block.reshape(1, -1), format="s16", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            frame.pts = pts
            pts += len(block)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buf.getvalue(), MIME_TYPES[fmt]
