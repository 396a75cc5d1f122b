"""The EmoDB corpus, its augmentations and its cached Whisper-encoder features: what the voice-emotion
model is trained on (`aural.train.emotion`).

Reproducible: fixed seed, deterministic augmentation per clip. Features are cached under the aural cache
directory keyed by the data checksum, the feature version and the augmentation version, so a rerun (and
bench/emotion.py) skips the Whisper encoder.
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aural.audio.decode import Clip, decode_bytes, decode_file
from aural.config import get_settings
from aural.listen import emotion as E
from aural.listen import models
from aural.providers.transcode import encode

AUG_VERSION = "aug-1"
SEED = 20240509
AUGMENTS = ("noise", "pitch", "phone", "reverb", "codec", "crop", "music")   # each clip also gets these versions
MUSIC_UNDER_DB = (5.0, 20.0)   # 'music': a bed of plucked chords this far under the voice
CROP_S = (0.6, 1.6)   # 'crop': a stretch of this many seconds of the clip's speech (a word or two)
# Feature kinds: 'clean' and each augmentation, every clip heard on its own (as the engine hears a segment).
KINDS = ("clean",) + AUGMENTS
DEFAULT_DATA = Path(os.environ.get("AURAL_SHARED_DATA", Path(__file__).resolve().parents[3].parent
                                   / "shared" / "data"))


def data_root() -> Path:
    return DEFAULT_DATA


# --- data ---------------------------------------------------------------------------------------

@dataclass
class Corpus:
    paths: list[Path]
    labels: np.ndarray     # class index into E.CLASSES
    speakers: np.ndarray   # str
    texts: np.ndarray      # str
    checksum: str


def load_manifest(folder: Path) -> list[dict]:
    with (folder / "MANIFEST.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def data_checksum(folder: Path, rows: list[dict]) -> str:
    h = hashlib.sha256((folder / "MANIFEST.csv").read_bytes())
    for r in rows:
        h.update((folder / r["path"]).read_bytes())
    return h.hexdigest()


def emodb(folder: Path | None = None) -> Corpus:
    folder = folder or data_root() / "emodb"
    rows = load_manifest(folder)
    return Corpus(paths=[folder / r["path"] for r in rows],
                  labels=np.array([E.CLASSES.index(r["label"]) for r in rows]),
                  speakers=np.array([r["speaker"] for r in rows]),
                  texts=np.array([r["text_id"] for r in rows]),
                  checksum=data_checksum(folder, rows))


def read_audio(path: Path) -> np.ndarray:
    return decode_file(path).samples.astype(np.float32)


# --- augmentation -------------------------------------------------------------------------------

def speech_crop(x: np.ndarray, seconds: float, rng: np.random.Generator) -> np.ndarray:
    """A stretch of `seconds` of `x`'s speech (between its first and last frame within `E.VOICED_DB` of the
    loudest), placed at random; the whole speech when it is shorter."""
    on = np.flatnonzero(E.voiced_frames(x, len(x) // E.FRAME_SAMPLES)) * E.FRAME_SAMPLES
    a, b = (int(on[0]), int(on[-1]) + E.FRAME_SAMPLES) if len(on) else (0, len(x))
    n = int(seconds * E.SAMPLE_RATE)
    if b - a <= n:
        return x[a:b]
    start = int(rng.integers(a, b - n))
    return x[start:start + n]


def augment(x: np.ndarray, kind: str, rng: np.random.Generator) -> np.ndarray:
    """One augmented version of `x` (16 kHz), drawn with `rng`."""
    from scipy import signal

    sr = E.SAMPLE_RATE
    if kind == "noise":  # white or pink-ish noise at 5-25 dB SNR
        snr = rng.uniform(5, 25)
        n = rng.standard_normal(len(x))
        if rng.random() < 0.5:
            n = signal.lfilter([1.0], [1.0, -0.95], n)
        p = np.mean(x.astype(np.float64) ** 2) + 1e-12
        n *= np.sqrt(p / (np.mean(n ** 2) * 10 ** (snr / 10)))
        y = x + n
    elif kind == "pitch":  # pitch shift +-1..3 semitones, tempo 0.9-1.1
        import librosa

        steps = rng.uniform(1, 3) * rng.choice([-1, 1])
        y = librosa.effects.pitch_shift(x, sr=sr, n_steps=float(steps))
        rate = rng.uniform(0.9, 1.1)
        y = librosa.effects.time_stretch(y, rate=float(rate))
    elif kind == "phone":  # 300-3400 Hz, 8 kHz, mu-law 8 bit
        sos = signal.butter(4, [300, 3400], btype="band", fs=sr, output="sos")
        y = signal.sosfilt(sos, x)
        y = signal.resample_poly(y, 1, 2)
        peak = np.max(np.abs(y)) + 1e-9
        mu = 255.0
        q = np.sign(y / peak) * np.log1p(mu * np.abs(y / peak)) / np.log1p(mu)
        q = np.round(q * 127) / 127
        y = np.sign(q) * (np.expm1(np.abs(q) * np.log1p(mu)) / mu) * peak
        y = signal.resample_poly(y, 2, 1)
    elif kind == "reverb":  # exponential-decay noise impulse response, RT60 0.2-0.8 s
        rt60 = rng.uniform(0.2, 0.8)
        n = int(rt60 * sr)
        t = np.arange(n) / sr
        ir = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
        ir[0] = 1.0
        ir /= np.sqrt(np.sum(ir ** 2))
        y = signal.fftconvolve(x, ir)[: len(x)]
    elif kind == "crop":  # a short stretch: single words and brief replies are heard as segments this short
        y = speech_crop(x, rng.uniform(*CROP_S), rng)
    elif kind == "music":  # a voice over background music (vlogs, adverts, talk shows)
        y = over(x.astype(np.float64), music_bed(len(x), rng), rng.uniform(*MUSIC_UNDER_DB))
    elif kind == "codec":  # a low-bitrate MP3 (16-32 kbit/s) through the real encoder and decoder
        kbps = int(rng.choice([16, 24, 32]))
        data, _ = encode(Clip(x, "wav", "pcm_f32le", sr, 1), "mp3", bitrate=kbps * 1000)
        z = decode_bytes(data).samples
        y = np.zeros(len(x), np.float32)
        y[: min(len(x), len(z))] = z[: len(x)]
    else:
        raise ValueError(kind)
    y = np.asarray(y, np.float64)
    y *= 10 ** (rng.uniform(-12, 6) / 20)  # gain
    peak = np.max(np.abs(y))
    if peak > 0.99:
        y *= 0.99 / peak
    return y.astype(np.float32)


# Clips shaped like uploads, for measuring what users get through the engine (voice activity first), never
# for training: padded with quiet and turned down, in brown noise at 10 dB SNR, over a synthetic music bed (a
# sustained pad and a hi-hat, `music_bed`; not the plucked bed the 'music' copies learn) 10 dB under the voice,
# or one second of the speech alone as a word (faded, 0.5 s of silence around).
HEARD_SHAPES = ("quiet", "noise", "music", "word")


def over(x: np.ndarray, bed: np.ndarray, under_db: float) -> np.ndarray:
    """`x` with `bed` (the same length) mixed in `under_db` below its power."""
    return x + bed * np.sqrt(np.mean(x ** 2) / (np.mean(bed ** 2) + 1e-12) / 10 ** (under_db / 10))


def music_bed(n: int, rng: np.random.Generator, sustained: bool = False) -> np.ndarray:
    """`n` samples (16 kHz) of synthetic backing music that YAMNet hears as music, not as a pure tone: a
    four-chord loop of major or minor triads on a random root, a chord every half second, each note eight
    harmonics. Plucked (decaying like a piano's) over a soft kick on each beat; or `sustained` (a pad with a
    slow attack) over a hi-hat on each half beat - the training copies use the first, the bench the second."""
    sr = E.SAMPLE_RATE
    step = sr // 2
    out = np.zeros(n + step)
    t = np.arange(step) / sr
    env = np.minimum(1.0, t / 0.15) if sustained else np.exp(-3.0 * t)
    root = 48 + int(rng.integers(0, 12))
    for k, start in enumerate(range(0, n, step)):
        shift = (0, 5, 7, -3)[(k // 4) % 4]   # a new chord every two seconds
        third = 3 if rng.random() < 0.5 else 4
        for note in (root + shift, root + shift + third, root + shift + 7):
            f = 440.0 * 2 ** ((note - 69) / 12)
            tone = sum(np.sin(2 * np.pi * f * h * t + rng.uniform(0, 2 * np.pi)) / h for h in range(1, 9)
                       if f * h < 0.45 * sr)
            out[start:start + step] += tone * env
        if sustained:
            hat = np.diff(rng.standard_normal(step + 1)) * np.exp(-60.0 * t)
            out[start:start + step] += 0.5 * (hat + np.roll(hat, step // 2))
        else:
            out[start:start + step] += 2.0 * np.sin(2 * np.pi * 55.0 * t) * np.exp(-25.0 * t)
    return out[:n]


def heard_shape(x: np.ndarray, shape: str, rng: np.random.Generator) -> np.ndarray:
    """`x` (16 kHz) reshaped as one of `HEARD_SHAPES`, drawn with `rng`."""
    sr = E.SAMPLE_RATE
    x = np.asarray(x, np.float64)

    def pad(y: np.ndarray, s: float) -> np.ndarray:
        z = np.zeros(int(s * sr))
        return np.concatenate([z, y, z])

    if shape == "quiet":
        y = pad(x, 1.0) * 0.1 + 1e-5 * rng.standard_normal(len(x) + 2 * sr)
    elif shape == "noise":
        y = pad(x, 0.5)
        n = np.cumsum(rng.standard_normal(len(y)))
        y = over(y, n - np.convolve(n, np.ones(200) / 200, "same"), 10.0)
    elif shape == "music":
        y = pad(x, 0.5)
        y = over(y, music_bed(len(y), rng, sustained=True), 10.0)
    elif shape == "word":
        w = speech_crop(x.astype(np.float32), 1.0, rng).astype(np.float64)
        n = min(int(0.015 * sr), len(w) // 2)
        ramp = np.linspace(0.0, 1.0, n)
        w[:n] *= ramp
        w[len(w) - n:] *= ramp[::-1]
        y = pad(w, 0.5)
    else:
        raise ValueError(shape)
    peak = np.max(np.abs(y))
    return (y * (0.99 / peak) if peak > 0.99 else y).astype(np.float32)


# --- features with a cache ----------------------------------------------------------------------

def augmented(clips: list[np.ndarray], kind: str, seed: int = SEED) -> list[np.ndarray]:
    """Every clip's `kind` version ('clean': the clips themselves), clip i drawn with a generator seeded by
    (`seed`, i, the kind), so a set's augmented versions are the same in every run and cache."""
    if kind == "clean":
        return list(clips)
    idx = ("clean",) + AUGMENTS
    return [augment(x, kind, np.random.default_rng([seed, i, idx.index(kind)])) for i, x in enumerate(clips)]


def cache_dir() -> Path:
    return get_settings().cache_dir / "emotion-features"


def clip_rows(clips: list[np.ndarray]) -> np.ndarray:
    """`E.clip_features` of each clip, heard on its own as the engine hears a segment: [clips, 520]."""
    return E.clip_features(models.emotion_encoder(), clips)


def feature_cache_key(corpus: Corpus, seed: int = SEED, tag: str = "emodb") -> str:
    return f"{tag}-{corpus.checksum[:16]}-{E.FEATURE_VERSION}-{AUG_VERSION}-{seed}"


def extract(corpus: Corpus, kinds: tuple[str, ...] = KINDS, seed: int = SEED,
            verbose: bool = True, tag: str = "emodb") -> dict[str, np.ndarray]:
    """Features of every clip, clean ('clean') and per augmentation: {kind: [n, dims]}; cached.

    Each clip is heard on its own, as the engine hears a segment of speech.
    """
    paths = corpus.paths
    key = feature_cache_key(corpus, seed, tag)
    todo = tuple(kinds)
    path = cache_dir() / f"{key}.npz"
    out: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            out = {k: z[k] for k in z.files}
    missing = [k for k in todo if k not in out]
    if missing:
        raw = [read_audio(p) for p in paths]
        for k in missing:
            t0 = time.perf_counter()
            out[k] = clip_rows(augmented(raw, k, seed))
            if verbose:
                print(f"  features '{k}': {len(paths)} clips in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
            path.parent.mkdir(parents=True, exist_ok=True)  # saved after each kind: a long run resumes
            tmp = path.with_suffix(".tmp.npz")
            np.savez(tmp, **out)
            os.replace(tmp, path)
    return {k: out[k] for k in todo}


