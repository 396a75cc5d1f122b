"""API benchmark: requests per second and p50/p99 latency for 10 s clips at concurrency 1, 4 and 16,
and the gateway's own overhead (client latency minus the engine time the server reports in its
Server-Timing header, measured in the same run).

    python -m bench.api [--requests 24]
"""

from __future__ import annotations

import argparse
import logging
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from api_server import funded_ledger, running_server  # noqa: E402

from aural.billing.pricing import usd_to_micros  # noqa: E402
from bench.engine import make_clip  # noqa: E402

QUESTION = "Describe the mood, dominant instruments, tempo, and any background sounds."


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=24, help="requests per concurrency level")
    ap.add_argument("--concurrency", type=int, nargs="*", default=[1, 4, 16])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clip = make_clip(10, Path(tmp) / "clip.mp3").read_bytes()
        db = Path(tmp) / "bench.db"
        ledger, key = funded_ledger(db, "bench", usd_to_micros("100"))
        with running_server(db, rate_limit_per_minute=0) as base:
            logging.getLogger("aural.api").setLevel(logging.WARNING)  # one line per request would drown the table
            local = threading.local()

            def one(_: int) -> tuple[float, float]:
                # One keep-alive client per thread, as real clients do (a new httpx client costs
                # ~25 ms of its own set-up, which is not the gateway's).
                if not hasattr(local, "client"):
                    local.client = httpx.Client(timeout=600)
                t0 = time.perf_counter()
                r = local.client.post(base + "/v1/audio/understand", headers={"Authorization": f"Bearer {key}"},
                                      files={"file": ("clip.mp3", clip, "audio/mpeg")},
                                      data={"question": QUESTION, "duration_sec": "10"})
                wall = time.perf_counter() - t0
                r.raise_for_status()
                engine_ms = float(re.search(r"engine;dur=([\d.]+)", r.headers["server-timing"]).group(1))
                return wall, wall - engine_ms / 1000

            one(0)  # load the models
            print(f"{'conc':>4} {'n':>4} {'req/s':>7} {'p50 s':>7} {'p99 s':>7} {'overhead p50 ms':>16} "
                  f"{'overhead p99 ms':>16}")
            for c in args.concurrency:
                t0 = time.perf_counter()
                with ThreadPoolExecutor(c) as pool:
                    results = list(pool.map(one, range(args.requests)))
                elapsed = time.perf_counter() - t0
                walls = [w for w, _ in results]
                over = [o * 1000 for _, o in results]
                # At concurrency > analysis slots, requests queue for the engine; that wait is inside
                # the engine time the server reports, so `overhead` stays the gateway's own work.
                print(f"{c:>4} {len(results):>4} {len(results) / elapsed:>7.2f} {statistics.median(walls):>7.2f} "
                      f"{pct(walls, 0.99):>7.2f} {statistics.median(over):>16.1f} {pct(over, 0.99):>16.1f}")
        problems = ledger.check_invariants()
        print("ledger invariants:", "ok" if not problems else problems)


if __name__ == "__main__":
    main()
