"""Speed side by side, in one run (issue 17): what a question costs, what a cached clip costs, and
aural's overhead over bare faster-whisper. Ratios matter more than seconds on a shared machine.

    python -m bench.speed                      # 60 s and 30 min (about 10 minutes on 2 cores)
    python -m bench.speed --sizes 60           # the 60 s clip only
    python -m bench.speed --whisper-modes      # also: today's transcript path vs faster-whisper's
                                               # BatchedInferencePipeline vs its own VAD-chunked transcribe

(a) bare faster-whisper (Whisper base int8, the engine's decoding options, its own Silero VAD and language
    ID) vs aural's POST /v1/audio/transcriptions on the same 60 s of speech, interleaved, medians;
(b) "Are there any sirens?" vs "Describe the clip" on each clip (decode included; no evidence cache);
(c) on a cached clip: "Describe the clip" (the first time), the same question again, then a different one;
(d) peak RSS of each process (each scenario runs in its own process after a warm-up on a 5 s clip, so
    model loading is not timed).
Clips: espeak-ng speech concatenated to length, synthesized music under every other 30 s (bench.engine),
and a 10 s siren (bench.quality.sounds) at a third of the clip; mp3 at 32 kbps.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

SR = 16000
SIREN_S = 10.0
QUESTION_SIRENS = "Are there any sirens?"
QUESTION_DESCRIBE = "Describe the clip"
QUESTION_OTHER = "What language is spoken?"


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def write_mp3(samples: np.ndarray, path: Path) -> Path:
    wav = path.with_suffix(".wav")
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-b:a", "32k", str(path)], check=True)
    wav.unlink()
    return path


def speech_only(seconds: float, path: Path) -> Path:
    """Distinct espeak-ng sentences with pauses, repeated to length (bench.engine's voices)."""
    from bench.engine import SENTENCES, speech

    talk = np.concatenate([np.concatenate([speech(s), np.zeros(SR // 2, np.float32)]) for s in SENTENCES])
    return write_mp3(np.resize(talk, int(seconds * SR)).astype(np.float32), path)


def _mixed(seconds: float, path: Path) -> Path:
    from aural.audio.decode import decode_file
    from bench.engine import make_clip
    from bench.quality.sounds import siren

    make_clip(seconds, path)
    x = decode_file(path).samples.copy()
    a = int(seconds / 3 * SR)
    s = siren("wail", min(SIREN_S, seconds / 4))
    x[a:a + len(s)] += 0.8 * s[: len(x) - a]
    return write_mp3(x, path)


# --- one scenario per process ---------------------------------------------------------------------

def _warm(tmp: Path) -> None:
    """Load every model on a short clip (not timed)."""
    from aural.audio.decode import decode_file
    from aural.listen.pipeline import listen

    warm = tmp / "warm.mp3"
    if not warm.exists():
        speech_only(5, warm)
    listen(decode_file(warm))
    from aural.answer.respond import parse

    parse("Is there a dog barking?")  # the question model and the sentence embedder


def scenario_questions(clip: Path, questions: list[str], cache_dir: Path | None) -> dict:
    """Ask `questions` in turn (decode included), through an evidence cache in `cache_dir` or none."""
    from aural.answer.respond import parse, plan_for_question, respond
    from aural.audio.decode import decode_file
    from aural.listen.cache import EvidenceCache, listen_cached

    _warm(clip.parent)
    cache = EvidenceCache(cache_dir, 4 * 1024 ** 3) if cache_dir else None
    rows = []
    for q in questions:
        t0 = time.perf_counter()
        c = decode_file(clip)
        parsed = parse(q)
        ev = listen_cached(c, plan_for_question(parsed), cache)
        text, _ = respond(ev, q, parsed)
        rows.append({"question": q, "s": round(time.perf_counter() - t0, 3), "answer": text[:120],
                     "analysed": ev.analysed})
    return {"rows": rows, "peak_rss_mb": peak_mb()}


def _bare_kwargs() -> dict:
    from aural.listen.transcriber import _whisper_kwargs

    kw = _whisper_kwargs(None, False)
    kw["vad_filter"] = True  # faster-whisper's own Silero VAD, as aural runs one
    return kw


def scenario_transcribe(clip: Path, repeats: int) -> dict:
    """Bare faster-whisper vs aural's /v1/audio/transcriptions on the same file, interleaved."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import httpx
    from api_server import funded_ledger, running_server

    from aural.billing.pricing import usd_to_micros
    from aural.listen import models

    model = models.whisper()
    data = clip.read_bytes()
    bare_s, api_s, bare_text, api_text = [], [], "", ""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "b.db"
        _, key = funded_ledger(db, "bench", usd_to_micros("100"))
        with running_server(db, rate_limit_per_minute=0) as base, httpx.Client(timeout=600) as client:
            def api() -> tuple[float, str]:
                t0 = time.perf_counter()
                r = client.post(base + "/v1/audio/transcriptions", headers={"Authorization": f"Bearer {key}"},
                                files={"file": (clip.name, data, "audio/mpeg")},
                                data={"model": "whisper-1", "response_format": "json"})
                r.raise_for_status()
                return time.perf_counter() - t0, r.json()["text"]

            def bare() -> tuple[float, str]:
                t0 = time.perf_counter()
                segments, _ = model.transcribe(str(clip), **_bare_kwargs())
                text = " ".join(s.text.strip() for s in segments)
                return time.perf_counter() - t0, text

            api()
            bare()  # warm both paths
            for _ in range(repeats):
                s, bare_text = bare()
                bare_s.append(s)
                s, api_text = api()
                api_s.append(s)
    return {"bare_s": [round(x, 3) for x in bare_s], "api_s": [round(x, 3) for x in api_s],
            "bare_words": len(bare_text.split()), "api_words": len(api_text.split()), "peak_rss_mb": peak_mb()}


def scenario_whisper_modes(clip: Path) -> dict:
    """Today's transcript path vs BatchedInferencePipeline vs faster-whisper's VAD-chunked transcribe."""
    from faster_whisper import BatchedInferencePipeline

    from aural.audio.decode import decode_file
    from aural.listen import models
    from aural.listen.events import score_events
    from aural.listen.speech import speech_activity, speech_language, speech_transcript

    _warm(clip.parent)
    model = models.whisper()
    samples = decode_file(clip).samples
    out = {}
    t0 = time.perf_counter()
    _, spans = speech_activity(samples, score_events(samples))
    lang, first, blocks = speech_language(model, samples, spans, 3600.0)
    segs, _ = speech_transcript(model, samples, spans, lang.code, 3600.0, False, first, blocks)
    out["aural"] = {"s": round(time.perf_counter() - t0, 2), "words": sum(len(s.text.split()) for s in segs)}
    kw = _bare_kwargs()
    t0 = time.perf_counter()
    segments, _ = model.transcribe(samples, **kw)
    words = sum(len(s.text.split()) for s in segments)
    out["vad_chunked"] = {"s": round(time.perf_counter() - t0, 2), "words": words}
    pipe = BatchedInferencePipeline(model)
    for batch in (4, 8):
        kw_b = {k: v for k, v in kw.items() if k not in ("best_of", "condition_on_previous_text")}
        kw_b["without_timestamps"] = True
        t0 = time.perf_counter()
        segments, _ = pipe.transcribe(samples, batch_size=batch, **kw_b)
        words = sum(len(s.text.split()) for s in segments)
        out[f"batched_{batch}"] = {"s": round(time.perf_counter() - t0, 2), "words": words}
    out["peak_rss_mb"] = peak_mb()
    return out


def _child(kind: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.speed", "--child", kind, *args],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench.speed {kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.speed")
    ap.add_argument("--sizes", nargs="*", type=float, default=[60, 1800])
    ap.add_argument("--repeats", type=int, default=3, help="interleaved runs of (a)")
    ap.add_argument("--whisper-modes", action="store_true")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "questions":
            clip, cache = Path(rest[0]), (Path(rest[1]) if rest[1] != "-" else None)
            print(json.dumps(scenario_questions(clip, rest[2:], cache)))
        elif kind == "transcribe":
            print(json.dumps(scenario_transcribe(Path(rest[0]), int(rest[1]))))
        elif kind == "whisper":
            print(json.dumps(scenario_whisper_modes(Path(rest[0]))))
        return

    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_p = Path(tmp)
        speech60 = speech_only(60, tmp_p / "speech60.mp3")
        a = _child("transcribe", str(speech60), str(args.repeats))
        report["transcribe_60s"] = a
        ratio = statistics.median(a["api_s"]) / statistics.median(a["bare_s"])
        print(f"(a) 60 s speech: bare faster-whisper {statistics.median(a['bare_s']):.2f} s ({a['bare_words']} words), "
              f"aural /v1/audio/transcriptions {statistics.median(a['api_s']):.2f} s ({a['api_words']} words): "
              f"ratio {ratio:.3f} (bar <= 1.15); peak RSS {a['peak_rss_mb']} MB", flush=True)
        for size in args.sizes:
            clip = _mixed(size, tmp_p / f"mix{int(size)}.mp3")
            sirens = _child("questions", str(clip), "-", QUESTION_SIRENS)
            cache_dir = tmp_p / f"cache{int(size)}"
            cached = _child("questions", str(clip), str(cache_dir), QUESTION_DESCRIBE, QUESTION_DESCRIBE,
                            QUESTION_OTHER)
            report[f"clip_{int(size)}s"] = {"sirens": sirens, "cached": cached}
            s_sir = sirens["rows"][0]["s"]
            d1, d2, other = (r["s"] for r in cached["rows"])
            print(f"(b) {size:.0f} s: '{QUESTION_SIRENS}' {s_sir:.2f} s (peak RSS {sirens['peak_rss_mb']} MB) vs "
                  f"'{QUESTION_DESCRIBE}' {d1:.2f} s (peak RSS {cached['peak_rss_mb']} MB): "
                  f"describe / sirens = {d1 / s_sir:.1f}x (bar >= 10x at 30 min)", flush=True)
            print(f"(c) {size:.0f} s cached: describe again {d2:.3f} s = {100 * d2 / d1:.2f} % of the first; "
                  f"'{QUESTION_OTHER}' {other:.3f} s = {100 * other / d1:.2f} % (bar < 5 %)", flush=True)
            for r in sirens["rows"] + cached["rows"]:
                print(f"      {r['s']:8.2f} s  {r['question']!r} -> {r['answer']!r}", flush=True)
        if args.whisper_modes:
            for size in args.sizes:
                clip = speech_only(size, tmp_p / f"speech{int(size)}.mp3")
                w = _child("whisper", str(clip))
                report[f"whisper_modes_{int(size)}s"] = w
                print(f"(3) {size:.0f} s speech: " + ", ".join(
                    f"{k} {v['s']:.1f} s / {v['words']} words" for k, v in w.items() if isinstance(v, dict))
                    + f"; peak RSS {w['peak_rss_mb']} MB", flush=True)
    out = Path("bench/out")
    out.mkdir(parents=True, exist_ok=True)
    (out / "speed.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
