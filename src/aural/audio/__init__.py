"""Audio in: decoding any container to mono float32 at 16 kHz."""

from aural.audio.decode import SAMPLE_RATE, Clip, decode_bytes, decode_file

__all__ = ["SAMPLE_RATE", "Clip", "decode_bytes", "decode_file"]
