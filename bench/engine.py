"""Engine benchmark: wall time, real-time factor and peak RSS for 10 s, 60 s and 30 min clips.

    python -m bench.engine            # all three sizes (about 5 minutes on 2 cores)
    python -m bench.engine --sizes 10 60

Each clip is mixed speech (espeak-ng) and music (synthesized chords and drums), encoded as a
32 kbps mp3, and analysed in a fresh process so each peak RSS is that clip's own. The first run in
each process includes model loading; it is reported separately as `load_s`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SR = 16000
# Distinct sentences: repeated text inside one Whisper window would trip its compression-ratio
# fallback and measure a pathological case instead of ordinary speech.
SENTENCES = [
    "The meeting is moved to Thursday afternoon, please bring the quarterly report.",
    "I am not happy with how this turned out, we need to talk about it tomorrow.",
    "Welcome back to the show. Today we listen to some music from the archive.",
    "The train to the coast leaves at seven, so we should pack the bags tonight.",
    "Our new bakery opens on Monday with fresh bread, coffee and small cakes.",
    "Remember to water the plants in the garden while I am away next week.",
    "The football match was cancelled because of the storm over the stadium.",
    "She found an old map in the attic and decided to follow it into the forest.",
    "Please turn left at the second traffic light and park behind the library.",
    "Scientists measured the temperature of the lake every morning for a year.",
    "He played the violin in the town square until the sun went down.",
    "Tickets for the concert are sold out, but there may be returns on the day.",
]


def speech(text: str) -> np.ndarray:
    from aural.audio.decode import decode_file

    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "s.wav"
        subprocess.run(["espeak-ng", "-v", "en", "-s", "160", "-w", str(wav), text], check=True,
                       capture_output=True)
        return decode_file(wav).samples


def music(seconds: float, bpm: float = 120.0) -> np.ndarray:
    """Chords (I-vi-IV-V in C) with harmonics, plus kick and hi-hat clicks on the beat."""
    t = np.arange(int(seconds * SR)) / SR
    out = np.zeros_like(t)
    beat = 60.0 / bpm
    chords = [(261.6, 329.6, 392.0), (220.0, 261.6, 329.6), (174.6, 220.0, 261.6), (196.0, 246.9, 293.7)]
    for i, c in enumerate(chords * int(seconds / (4 * beat) + 1)):
        a, b = int(i * 4 * beat * SR), int((i + 1) * 4 * beat * SR)
        if a >= len(t):
            break
        seg = t[a:b] - t[a]
        env = np.exp(-seg * 1.5)
        for f in c:
            out[a:b] += 0.08 * env * sum(np.sin(2 * np.pi * f * k * seg) / k for k in (1, 2, 3))
    for k in range(int(seconds / beat)):
        a = int(k * beat * SR)
        n = min(int(0.08 * SR), len(t) - a)
        seg = np.arange(n) / SR
        out[a:a + n] += 0.5 * np.sin(2 * np.pi * 60 * seg) * np.exp(-seg * 40)
    return out.astype(np.float32)


def make_clip(seconds: float, path: Path) -> Path:
    """Speech throughout (distinct sentences, pauses between), with music under every other 30 s;
    mp3 at 32 kbps."""
    voices = [speech(s) for s in SENTENCES]
    talk = np.concatenate([np.concatenate([v, np.zeros(SR // 2, np.float32)]) for v in voices])
    tune = music(30.0)
    out = np.resize(talk, int(seconds * SR)).astype(np.float32)
    for i, a in enumerate(range(0, len(out), 30 * SR)):
        n = min(30 * SR, len(out) - a)
        if i % 2:
            out[a:a + n] += 0.5 * tune[:n]
    wav = path.with_suffix(".wav")
    import wave

    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes((np.clip(out, -1, 1) * 32767).astype("<i2").tobytes())
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-b:a", "32k", str(path)], check=True)
    wav.unlink()
    return path


def measure_one(path: Path, warmup: Path) -> dict[str, float]:
    """Listen to a short `warmup` clip (loads every model), then measure `path` warm."""
    from aural.audio.decode import decode_file
    from aural.listen.pipeline import listen

    t0 = time.perf_counter()
    listen(decode_file(warmup))
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    clip = decode_file(path)
    decode_s = time.perf_counter() - t0
    ev = listen(clip)
    wall = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"duration_s": clip.duration_s, "wall_s": round(wall, 2), "decode_s": round(decode_s, 2),
            "rtf": round(wall / clip.duration_s, 4), "peak_rss_mb": round(peak_mb),
            "load_s": round(load_s, 2), **{f"t_{k}": v for k, v in ev.timings_s.items()}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", nargs="*", type=float, default=[10, 60, 1800])
    ap.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure_one(*args.one)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        warm = make_clip(5, Path(tmp) / "warmup.mp3")
        for size in args.sizes:
            clip = make_clip(size, Path(tmp) / f"clip_{int(size)}.mp3")
            out = subprocess.run([sys.executable, "-m", "bench.engine", "--one", str(clip), str(warm)],
                                 check=True, capture_output=True, text=True)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(json.dumps(rows[-1]), file=sys.stderr)
    print(f"{'clip':>8} {'wall s':>8} {'RTF':>7} {'peak RSS MB':>12} {'decode s':>9}  per analyzer (s)")
    for r in rows:
        per = " ".join(f"{k[2:]}={v:.2f}" for k, v in r.items() if k.startswith("t_"))
        print(f"{r['duration_s']:>7.0f}s {r['wall_s']:>8.2f} {r['rtf']:>7.3f} {r['peak_rss_mb']:>12} "
              f"{r['decode_s']:>9.2f}  {per}")


if __name__ == "__main__":
    main()
