"""Run the quality benchmark: build or reuse the corpus, listen once per clip, ask every question,
score, and print accuracy per question type and condition (plus a JSON report)."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from aural import __version__
from aural.answer.respond import respond
from aural.audio.decode import decode_file
from aural.config import get_settings
from aural.listen.pipeline import listen
from bench.quality.corpus import CORPUS_VERSION, Case, generated_cases, materialize
from bench.quality.questions import first_token, questions_for
from bench.quality.real import real_cases

TYPES = ["sound events", "speech presence", "music presence", "language", "tempo", "key/mode", "instrument",
         "emotion/tone", "option adherence", "format", "no hallucination"]


def condition_group(case: Case) -> str:
    if case.condition.startswith("speech+"):
        return case.condition.split(" ")[0]
    return case.condition if case.condition.startswith("real") else "clean"


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.quality")
    ap.add_argument("--quick", action="store_true", help="about 60 clips (CI)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--real-per-set", type=int, default=None, help="cases per real set (default 40, quick 3)")
    ap.add_argument("--cache", type=Path, default=None, help="corpus folder (default: the aural cache)")
    ap.add_argument("--out", type=Path, default=Path("bench/out"))
    args = ap.parse_args()
    per_set = args.real_per_set if args.real_per_set is not None else (3 if args.quick else 40)
    cache = args.cache or get_settings().cache_dir / "quality" / f"v{CORPUS_VERSION}-seed{args.seed}"

    t0 = time.perf_counter()
    cases = generated_cases(args.seed, args.quick)
    materialize(cases, cache, lambda i, n: progress("rendering corpus", i, n))
    cases += real_cases(args.seed, per_set, cache / "real")
    print(f"corpus: {len(cases)} clips in {cache} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)

    rng = random.Random(args.seed)
    results: list[dict] = []
    latency: dict[str, list[float]] = defaultdict(list)
    for i, case in enumerate(cases, 1):
        t1 = time.perf_counter()
        evidence = listen(decode_file(case.path))
        latency[case.kind.split(":")[0]].append(time.perf_counter() - t1)
        for q in questions_for(case, rng):
            answer = respond(evidence, q.text)[0]
            row = {"case": case.id, "kind": case.kind, "condition": condition_group(case), "type": q.type,
                   "question": q.text, "answer": answer, "ok": bool(q.score(answer))}
            results.append(row)
            if q.options:
                results.append({**row, "type": "option adherence", "ok": first_token(answer) in q.options})
        progress("listening", i, len(cases))
    report = summarize(results, latency)
    print_table(report)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"quality-{'quick' if args.quick else 'full'}-seed{args.seed}.json"
    out.write_text(json.dumps({"version": __version__, "seed": args.seed, "quick": args.quick,
                               "clips": len(cases), "summary": report, "results": results}, indent=1,
                              ensure_ascii=False))
    print(f"report: {out}  ({len(results)} scored answers, {time.perf_counter() - t0:.0f} s)")


def progress(what: str, i: int, n: int) -> None:
    """A live counter on a terminal; a line every 10 % in logs (CI)."""
    if sys.stderr.isatty():
        print(f"\r{what} {i}/{n}", end="\n" if i == n else "", file=sys.stderr)
    elif i == n or i % max(1, n // 10) == 0:
        print(f"{what} {i}/{n}", file=sys.stderr)


def summarize(results: list[dict], latency: dict[str, list[float]]) -> dict:
    cells: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in results:
        for cond in (r["condition"], "all"):
            cell = cells[r["type"]][cond]
            cell[0] += int(r["ok"])
            cell[1] += 1
    return {"accuracy": {t: {c: {"correct": v[0], "n": v[1], "accuracy": round(v[0] / v[1], 3)}
                             for c, v in conds.items()} for t, conds in cells.items()},
            "mean_latency_s": {k: round(sum(v) / len(v), 3) for k, v in latency.items()}}


def print_table(report: dict) -> None:
    acc = report["accuracy"]
    conds = ["clean", "speech+music", "speech+noise", "speech+siren", "real", "real (trained on)", "all"]
    print(f"{'question type':<18}" + "".join(f"{c:>18}" for c in conds))
    for t in TYPES:
        if t not in acc:
            continue
        cells = [acc[t].get(c) for c in conds]
        print(f"{t:<18}" + "".join(f"{'-':>18}" if x is None else f"{x['accuracy']:>11.0%} ({x['n']:>3})"
                                   for x in cells))
    print("mean latency per clip (s): " + ", ".join(f"{k} {v:.2f}" for k, v in report["mean_latency_s"].items()))
