"""Tiny Standard MIDI File writer and FluidSynth renderer for tests that need real music.

No MIDI library: `Song` collects note events in beats and `write_midi` lays out the bytes of a
format-0 file (MThd + one MTrk) by hand. `render` turns a .mid into a 16 kHz WAV with the
`fluidsynth` CLI and the General MIDI soundfont, and decodes it with aural's own decoder.
The recipe functions (`drum_groove`, `click_track`, `chord_progression`, `melody`) return
float32 mono samples at 16 kHz; call `require_fluidsynth()` first to skip cleanly without the tools.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from aural.audio.decode import SAMPLE_RATE, decode_file

SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
TICKS_PER_BEAT = 480
DRUM_CHANNEL = 9  # channel 10 to musicians, 9 on the wire

# General MIDI percussion keys (channel 10).
KICK, SIDE_STICK, SNARE, CLOSED_HAT = 36, 37, 38, 42
HI_WOOD_BLOCK, LOW_WOOD_BLOCK = 76, 77

# General MIDI programs used by the tests.
PIANO, VIOLIN, STRINGS = 0, 40, 48

NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def require_fluidsynth() -> None:
    """pytest.skip when the renderer or the GM soundfont is missing."""
    import pytest

    if shutil.which("fluidsynth") is None:
        pytest.skip("fluidsynth is not installed (make system-deps)")
    if not SOUNDFONT.is_file():
        pytest.skip(f"soundfont {SOUNDFONT} is missing (apt install fluid-soundfont-gm)")


# ---------------------------------------------------------------- writing the file

def _varlen(value: int) -> bytes:
    """MIDI variable-length quantity: 7 bits per byte, high bit set on all but the last."""
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(out))


@dataclass
class Song:
    """Events in beats; `bpm` is the tempo written into the file's tempo meta event."""

    bpm: float
    # (tick, order, message bytes); order puts note-offs before note-ons at the same tick.
    events: list[tuple[int, int, bytes]] = field(default_factory=list)

    def _tick(self, beat: float) -> int:
        return int(round(beat * TICKS_PER_BEAT))

    def program(self, channel: int, program: int, beat: float = 0.0) -> None:
        self.events.append((self._tick(beat), 0, bytes([0xC0 | channel, program])))

    def note(self, channel: int, key: int, start: float, length: float, velocity: int = 100) -> None:
        """One note from `start` for `length` beats."""
        t0, t1 = self._tick(start), self._tick(start + length)
        self.events.append((t0, 2, bytes([0x90 | channel, key, velocity])))
        self.events.append((max(t1, t0 + 1), 1, bytes([0x80 | channel, key, 0])))

    def to_bytes(self) -> bytes:
        """The whole Standard MIDI File (format 0, one track)."""
        uspb = int(round(60_000_000 / self.bpm))
        track = bytearray(b"\x00\xFF\x51\x03" + uspb.to_bytes(3, "big"))  # tempo meta at tick 0
        now = 0
        for tick, _, msg in sorted(self.events, key=lambda e: (e[0], e[1])):
            track += _varlen(tick - now) + msg
            now = tick
        # A beat of tail so reverb and releases ring out, then end-of-track.
        track += _varlen(TICKS_PER_BEAT) + b"\xFF\x2F\x00"
        header = b"MThd" + struct.pack(">IHHH", 6, 0, 1, TICKS_PER_BEAT)
        return header + b"MTrk" + struct.pack(">I", len(track)) + bytes(track)


def write_midi(song: Song, path: str | Path) -> Path:
    p = Path(path)
    p.write_bytes(song.to_bytes())
    return p


# ---------------------------------------------------------------- rendering

def render(midi_path: str | Path, wav_path: str | Path, sample_rate: int = SAMPLE_RATE) -> Path:
    """Render `midi_path` to a WAV with FluidSynth's fast (non-realtime) file renderer."""
    cmd = ["fluidsynth", "-ni", "-q", "-g", "0.8", "-F", str(wav_path), "-r", str(sample_rate),
           str(SOUNDFONT), str(midi_path)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return Path(wav_path)


def render_song(song: Song) -> np.ndarray:
    """Write, render and decode `song`: float32 mono samples at 16 kHz."""
    with tempfile.TemporaryDirectory(prefix="aural-midi-") as tmp:
        mid = write_midi(song, Path(tmp) / "song.mid")
        wav = render(mid, Path(tmp) / "song.wav")
        return decode_file(wav).samples


def render_file(midi_path: str | Path) -> np.ndarray:
    """Render an existing .mid file and decode it: float32 mono samples at 16 kHz."""
    with tempfile.TemporaryDirectory(prefix="aural-midi-") as tmp:
        wav = render(midi_path, Path(tmp) / "song.wav")
        return decode_file(wav).samples


# ---------------------------------------------------------------- recipes

def drum_groove(bpm: float, bars: int = 6) -> np.ndarray:
    """A 4/4 rock groove: kick on 1 and 3 (plus the 'and' of 3), snare on 2 and 4, eighth hi-hats."""
    song = Song(bpm)
    for bar in range(bars):
        b0 = bar * 4.0
        for k in (0.0, 2.0, 2.5):
            song.note(DRUM_CHANNEL, KICK, b0 + k, 0.25, 110)
        for s in (1.0, 3.0):
            song.note(DRUM_CHANNEL, SNARE, b0 + s, 0.25, 105)
        for e in range(8):
            song.note(DRUM_CHANNEL, CLOSED_HAT, b0 + e * 0.5, 0.25, 80 if e % 2 else 95)
    return render_song(song)


def click_track(bpm: float, beats: int = 24) -> np.ndarray:
    """A plain metronome: the same wood-block click on every beat, no accents."""
    song = Song(bpm)
    for b in range(beats):
        song.note(DRUM_CHANNEL, HI_WOOD_BLOCK, float(b), 0.25, 100)
    return render_song(song)


_CHORDS = {  # root offset, intervals
    "": (0, 4, 7),
    "m": (0, 3, 7),
}


def chord_notes(name: str, octave: int = 4) -> list[int]:
    """MIDI keys of a triad named like 'C', 'Am', 'F#m', root in `octave` (C4 = 60)."""
    quality = "m" if name.endswith("m") else ""
    root = NOTE_NAMES.index(name[:-1] if quality else name)
    base = 12 * (octave + 1) + root
    return [base + i for i in _CHORDS[quality]]


def chord_progression(chords: list[str], program: int = PIANO, bpm: float = 100,
                      beats_per_chord: int = 4, repeats: int = 2) -> np.ndarray:
    """Block chords with the root doubled an octave below, one chord per bar, played `repeats` times."""
    song = Song(bpm)
    song.program(0, program)
    t = 0.0
    for _ in range(repeats):
        for name in chords:
            notes = chord_notes(name)
            for key in [notes[0] - 12, *notes]:
                song.note(0, key, t, beats_per_chord * 0.95, 90)
            t += beats_per_chord
    return render_song(song)


def melody(program: int, keys: list[int] | None = None, bpm: float = 100,
           beats_per_note: float = 1.0, repeats: int = 2) -> np.ndarray:
    """A single-line melody (default: a C major scale up and down from C4) on one GM program."""
    if keys is None:
        keys = [60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60]
    song = Song(bpm)
    song.program(0, program)
    t = 0.0
    for _ in range(repeats):
        for key in keys:
            song.note(0, key, t, beats_per_note * 0.95, 95)
            t += beats_per_note
    return render_song(song)
