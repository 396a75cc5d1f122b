"""Decoding: every upload format to mono float32 16 kHz, and clear errors for bad input."""

from __future__ import annotations

import math
import struct
from pathlib import Path

import numpy as np
import pytest

from aural.audio.decode import SAMPLE_RATE, decode_bytes, decode_file
from aural.errors import AudioTooLongError, InvalidAudioError

from audio_tools import ffmpeg_encode, tone, write_wav

FORMATS = ["mp3", "wav", "m4a", "ogg", "webm", "flac"]


@pytest.fixture(scope="module")
def stereo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("decode")
    # 3 s at 44.1 kHz stereo: 440 Hz left, 440 Hz right, so the mono mix keeps the tone.
    return write_wav(d / "src.wav", tone(440, 3.0, 0.5, sr=44100), sr=44100, channels=2)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_upload_format_decodes_to_mono_16k(stereo_source: Path, fmt: str) -> None:
    path = stereo_source if fmt == "wav" else ffmpeg_encode(stereo_source, stereo_source.with_suffix("." + fmt))
    clip = decode_file(path)
    assert clip.samples.dtype == np.float32 and clip.samples.ndim == 1
    assert clip.duration_s == pytest.approx(3.0, abs=0.1)
    assert clip.source_channels == 2
    # The tone survives: the spectrum peaks at 440 Hz and the level is near the source's.
    spectrum = np.abs(np.fft.rfft(clip.samples[SAMPLE_RATE // 2: SAMPLE_RATE * 2]))
    peak_hz = np.argmax(spectrum) * SAMPLE_RATE / (SAMPLE_RATE * 1.5)
    assert peak_hz == pytest.approx(440, abs=3)
    assert 0.3 < np.abs(clip.samples).max() <= 1.0


def test_decode_bytes_matches_decode_file(stereo_source: Path) -> None:
    a = decode_file(stereo_source)
    b = decode_bytes(stereo_source.read_bytes())
    assert np.array_equal(a.samples, b.samples)


def test_eight_channels_at_192k_are_mixed_and_resampled(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "wide.wav", tone(1000, 2.0, 0.4, sr=192000), sr=192000, channels=8)
    clip = decode_file(path)
    assert (clip.source_channels, clip.source_sample_rate) == (8, 192000)
    assert clip.duration_s == pytest.approx(2.0, abs=0.02)
    spectrum = np.abs(np.fft.rfft(clip.samples))
    assert np.argmax(spectrum) * SAMPLE_RATE / len(clip.samples) == pytest.approx(1000, abs=2)


def test_header_claiming_hours_holds_seconds(tmp_path: Path) -> None:
    n = 2 * SAMPLE_RATE
    data = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / SAMPLE_RATE))) for i in range(n))
    claimed = 0x7FFFFFF0  # about 18 hours of 16-bit mono at 16 kHz
    header = (b"RIFF" + struct.pack("<I", claimed + 36) + b"WAVEfmt "
              + struct.pack("<IHHIIHH", 16, 1, 1, SAMPLE_RATE, SAMPLE_RATE * 2, 2, 16)
              + b"data" + struct.pack("<I", claimed))
    path = tmp_path / "liar.wav"
    path.write_bytes(header + data)
    assert decode_file(path).duration_s == pytest.approx(2.0, abs=0.01)


def test_truncated_mp3_keeps_what_decodes(stereo_source: Path, tmp_path: Path) -> None:
    full = ffmpeg_encode(stereo_source, tmp_path / "full.mp3")
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    clip = decode_file(cut)
    assert 1.0 < clip.duration_s < 2.0


@pytest.mark.parametrize("name,content,message", [
    ("empty.mp3", b"", "empty"),
    ("text.mp3", b"this is not audio at all, just some text\n" * 20, "not a readable audio file"),
    ("zero.wav", b"RIFF" + struct.pack("<I", 36) + b"WAVEfmt "
     + struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16) + b"data" + struct.pack("<I", 0), "no audio"),
])
def test_bad_input_gets_a_clear_error(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidAudioError, match=message) as info:
        decode_file(path)
    assert info.value.code == "invalid_request" and info.value.status == 400
    assert str(tmp_path) not in info.value.message


def test_image_file_is_not_audio(tmp_path: Path) -> None:
    # A real container with a video stream only: decodable media, but no audio stream.
    path = tmp_path / "video.mkv"
    import subprocess
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=red:s=32x32:d=1", str(path)],
                   check=True, timeout=60)
    with pytest.raises(InvalidAudioError, match="no audio stream"):
        decode_file(path)


def test_too_long_audio_is_refused_while_decoding(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "long.wav", tone(300, 5.0))
    with pytest.raises(AudioTooLongError, match="limit"):
        decode_file(path, max_duration_s=2.0)
