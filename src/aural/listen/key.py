"""Musical key: octave-balanced CQT chroma correlated with Temperley's key profiles.

`octave_chroma` is summed over the music block by block (`music.extract_features`); `balanced_chroma`
weighs the octaves so the bass does not drown the chord tones; `key_scores` ranks the 24 keys.
"""

from __future__ import annotations

import librosa
import numpy as np

from aural.audio.decode import SAMPLE_RATE

CHROMA_HOP = 4096            # 0.256 s; chroma only needs coarse time
CHROMA_FMIN_MIDI = 36        # C2
CHROMA_OCTAVES = 6
# Temperley's (2001) Kostka-Payne key profiles, tonic first. They separate major from minor more
# sharply than Krumhansl-Kessler, which calls a minor progression with a major V (Am-Dm-E) major.
MAJOR_PROFILE = np.array([0.748, 0.060, 0.488, 0.082, 0.670, 0.460, 0.096, 0.715, 0.104, 0.366, 0.057, 0.400])
MINOR_PROFILE = np.array([0.712, 0.084, 0.474, 0.618, 0.049, 0.460, 0.105, 0.747, 0.404, 0.067, 0.133, 0.330])
PITCH_CLASSES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
KEY_MARGIN = 0.1             # correlation margin over the runner-up that counts as a sure key
MIN_KEY_R = 0.6              # best profile fit below this: unpitched (drums gave 0.44-0.50), no key


def octave_chroma(y: np.ndarray) -> np.ndarray:
    """CQT magnitude of `y` per octave and pitch class (C2 up), summed over time: float64 [6, 12].

    Three bins a semitone, centred on the estimated tuning, folded into their semitone.
    """
    if len(y) < 2 * CHROMA_HOP:
        return np.zeros((CHROMA_OCTAVES, 12))
    tuning = float(librosa.estimate_tuning(y=y, sr=SAMPLE_RATE))  # fraction of a semitone
    fmin = librosa.midi_to_hz(CHROMA_FMIN_MIDI + tuning - 1 / 3)  # the semitone's lowest third-bin
    c = np.abs(librosa.cqt(y, sr=SAMPLE_RATE, hop_length=CHROMA_HOP, fmin=fmin,
                           n_bins=36 * CHROMA_OCTAVES, bins_per_octave=36))
    return c.reshape(CHROMA_OCTAVES, 12, 3, -1).sum(axis=(2, 3)).astype(np.float64)


def balanced_chroma(per_octave: np.ndarray) -> np.ndarray:
    """Pitch-class profile [12] with each octave normalised and weighted by the root of its share.

    A plain sum lets the loud low register (bass notes and their harmonics, which add fifths and major
    thirds) drown the chord tones above; balancing the octaves keeps the thirds that tell major from minor.
    """
    total = per_octave.sum(axis=1, keepdims=True)
    if total.max() <= 0:
        return np.zeros(12)
    share = np.sqrt(total / total.max())
    return (per_octave / np.maximum(total, 1e-12) * share).sum(axis=0)


def key_scores(chroma: np.ndarray) -> list[tuple[str, str, float]]:
    """(tonic, mode, correlation) for the 24 keys, best first; empty for a flat chroma."""
    if chroma.sum() <= 0 or np.ptp(chroma) <= 0:
        return []
    out = []
    for tonic in range(12):
        for mode, profile in (("major", MAJOR_PROFILE), ("minor", MINOR_PROFILE)):
            r = float(np.corrcoef(chroma, np.roll(profile, tonic))[0, 1])
            out.append((PITCH_CLASSES[tonic], mode, r))
    return sorted(out, key=lambda t: -t[2])


def key_confidence(scores: list[tuple[str, str, float]]) -> float:
    """Best correlation scaled by its margin over the runner-up (relative keys often nearly tie)."""
    if len(scores) < 2:
        return 0.0
    r1, r2 = scores[0][2], scores[1][2]
    return float(np.clip(r1, 0.0, 1.0) * np.clip((r1 - r2) / KEY_MARGIN, 0.0, 1.0))
