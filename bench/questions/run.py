"""Run the question benchmark: intent accuracy on the held-out split, then the labelled clips (render or
reuse, listen once each, ask every question, score), a table per intent and a JSON report with the
previous run beside it. Exits non-zero only on a crash, never on a score."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

from aural import __version__
from aural.config import get_settings
from bench.questions import heldout
from bench.questions.corpus import CORPUS_VERSION, cases, materialize, questions
from bench.questions.scorers import is_generic

# Table order: the query intents first, then the rest of the held-out split's intents.
ORDER = ["event_count", "order_first", "order_last", "order_relative", "sound_timing", "duration", "word_count",
         "loudness_trend", "tempo_change", "question_intonation", "speaking_style", "phone_quality", "reverb",
         "live_studio"]


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.questions")
    ap.add_argument("--quick", action="store_true", help="about 25 clips (CI)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--split", type=Path, default=heldout.TEST_SPLIT, help="the held-out question split (TSV)")
    ap.add_argument("--no-clips", action="store_true", help="only the held-out intent accuracy")
    ap.add_argument("--cache", type=Path, default=None, help="clip folder (default: the aural cache)")
    ap.add_argument("--out", type=Path, default=Path("bench/out"))
    args = ap.parse_args()
    t0 = time.perf_counter()

    rows = heldout.load(args.split)
    if rows:
        split, misses = heldout.intent_accuracy(rows)
        print(f"held-out split: {split['rows']} questions, intent sequence exact {split['exact']:.1%}, "
              f"first intent {split['first']:.1%} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    else:
        split, misses = {"rows": 0, "missing": str(args.split)}, []
        print(f"held-out split: {args.split} not found; intent accuracy skipped, own phrasings only", file=sys.stderr)

    results: list[dict] = []
    cs = []
    if not args.no_clips:
        cache = args.cache or get_settings().cache_dir / "questions" / f"v{CORPUS_VERSION}-seed{args.seed}"
        cs = cases(args.seed, args.quick)
        materialize(cs, cache, lambda i, n: progress("rendering clips", i, n))
        print(f"clips: {len(cs)} in {cache} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
        results = ask_all(cs, heldout.Pool(rows, args.seed), args.seed)

    report = {"version": __version__, "seed": args.seed, "quick": args.quick, "clips": len(cs),
              "seconds": round(time.perf_counter() - t0), "split": split,
              "per_intent": summarize(results), "results": results, "split_misses": misses}
    args.out.mkdir(parents=True, exist_ok=True)
    out, prev_path = args.out / "questions.json", args.out / "questions.prev.json"
    prev = None
    if out.exists():
        try:
            prev = json.loads(out.read_text())
        except ValueError:
            prev = None
        shutil.move(str(out), str(prev_path))
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print_table(report, prev)
    wrong = [r for r in results if not r["right"]]
    if wrong:
        print(f"\nwrong answers ({len(wrong)}; all in {out}):")
        for r in wrong[:40]:
            print(f"  [{r['intent']}] {r['case']}: {r['question']!r}\n      -> {r['answer'][:160]!r}  (truth: {r['truth']}"
                  f"{'' if r['answered'] else '; intent not answered: ' + '+'.join(r['parsed_intents'])})")
    print(f"\nreport: {out}  ({len(results)} answers, {time.perf_counter() - t0:.0f} s)")


def ask_all(cs: list, pool: heldout.Pool, seed: int) -> list[dict]:
    from aural.answer.respond import respond
    from aural.audio.decode import decode_file
    from aural.listen.pipeline import listen

    rng = random.Random(seed)
    results: list[dict] = []
    for i, case in enumerate(cs):
        evidence = listen(decode_file(case.path))
        for q in questions(case, pool, rng, i):
            answer, parsed = respond(evidence, q.text)
            answered = bool({q.intent, *q.also} & set(parsed["intents"])) and not is_generic(answer)
            results.append({"case": case.id, "intent": q.intent, "source": q.source, "question": q.text,
                            "original": q.original, "answer": answer, "truth": q.truth,
                            "parsed_intents": parsed["intents"], "answered": answered,
                            "right": bool(q.score(q.text, answer))})
        progress("listening", i + 1, len(cs))
    return results


def progress(what: str, i: int, n: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{what} {i}/{n}", end="\n" if i == n else "", file=sys.stderr)
    elif i == n or i % max(1, n // 5) == 0:
        print(f"{what} {i}/{n}", file=sys.stderr)


def summarize(results: list[dict]) -> dict:
    cells: dict[str, dict] = defaultdict(lambda: {"questions": 0, "answered": 0, "right": 0, "clips": set()})
    for r in results:
        for key in (r["intent"], "all"):
            c = cells[key]
            c["questions"] += 1
            c["answered"] += r["answered"]
            c["right"] += r["right"]
            c["clips"].add(r["case"])
    return {k: {"questions": c["questions"], "clips": len(c["clips"]),
                "answered": round(c["answered"] / c["questions"], 3), "right": round(c["right"] / c["questions"], 3)}
            for k, c in cells.items()}


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def print_table(report: dict, prev: dict | None) -> None:
    split = report["split"].get("per_intent", {})
    per = report["per_intent"]
    psplit = (prev or {}).get("split", {}).get("per_intent", {})
    pper = (prev or {}).get("per_intent", {})
    names = [i for i in ORDER if i in per or i in split] + sorted(set(split) - set(ORDER))
    if prev:
        print(f"previous run beside each figure (in brackets): {'quick' if prev.get('quick') else 'full'}, "
              f"seed {prev.get('seed')}, version {prev.get('version')}")
    print(f"{'intent':<20}{'split rows':>11}{'intent acc':>14}{'questions':>11}{'clips':>7}{'answered':>15}{'right':>15}")

    def fig(now: float | None, before: float | None) -> str:
        return _pct(now) + (f" ({_pct(before)})" if prev else "")

    for name in names + ["all"]:
        s, c = split.get(name, {}), per.get(name, {})
        ps, pc = psplit.get(name, {}), pper.get(name, {})
        if name == "all":
            s = {"rows": report["split"].get("rows"), "accuracy": report["split"].get("exact")}
            ps = {"accuracy": (prev or {}).get("split", {}).get("exact")}
        print(f"{name:<20}{s.get('rows') or '-':>11}{fig(s.get('accuracy'), ps.get('accuracy')):>14}"
              f"{c.get('questions', '-'):>11}{c.get('clips', '-'):>7}"
              f"{fig(c.get('answered'), pc.get('answered')) if c else '-':>15}"
              f"{fig(c.get('right'), pc.get('right')) if c else '-':>15}")
    sp = report["split"]
    if sp.get("rows"):
        print(f"held-out split: {sp['rows']} questions; intent sequence exact {sp['exact']:.1%}, first intent "
              f"{sp['first']:.1%}" + (f" (before: {prev['split'].get('exact', 0):.1%}, {prev['split'].get('first', 0):.1%})"
                                       if prev and prev.get("split", {}).get("rows") else ""))
