"""Real labelled audio from ../shared/data: every set with a MANIFEST.csv becomes further cases.

Known tasks map onto the corpus's truth fields (emotion, language, tempo, voice style); a capped,
seeded sample of each set is taken so a run stays bounded.
"""

from __future__ import annotations

import csv
import os
import random
from pathlib import Path

from bench.quality.corpus import Case, _truth
from bench.quality import sounds as S

# Whisper's languages include fa and uz but not Twi: the right answer there is "not sure".
WHISPER_KNOWN = {"fa", "uz", "de", "en", "fr", "es"}


def shared_data_dir() -> Path | None:
    env = os.environ.get("AURAL_SHARED_DATA")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [here.parents[3] / "shared" / "data", here.parents[2] / "shared" / "data"]
    return next((c for c in candidates if (c / "README.md").exists() or any(c.glob("*/MANIFEST.csv"))), None)


def real_cases(seed: int, per_set: int, render_dir: Path) -> list[Case]:
    root = shared_data_dir()
    if root is None:
        return []
    cases: list[Case] = []
    for manifest in sorted(root.glob("*/MANIFEST.csv")):
        name = manifest.parent.name
        with manifest.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        random.Random(f"{seed}-{name}").shuffle(rows)
        for row in rows[:per_set]:
            case = _case(name, manifest.parent, row, render_dir)
            if case is not None:
                cases.append(case)
    return cases


def _case(name: str, folder: Path, row: dict[str, str], render_dir: Path) -> Case | None:
    path = folder / row["path"]
    task, label = row.get("task", ""), row.get("label", "")
    cid = f"real-{name}-{Path(row['path']).stem}"
    if task == "emotion":
        # The shipped emotion model was trained on all of EmoDB: these cases measure fit, not
        # generalisation (bench/emotion.py has the leave-one-speaker-out figures).
        return Case(cid, f"real:{name}", "real (trained on)", _truth(speech=True, emotion=label), str(path))
    if task == "voice_style":
        return Case(cid, f"real:{name}", "real", _truth(speech=True, emotion=label), str(path))
    if task == "language":
        truth = _truth(speech=True, language=label)
        truth["language_known"] = label in WHISPER_KNOWN
        return Case(cid, f"real:{name}", "real", truth, str(path))
    if task == "tempo" and path.suffix == ".mid":
        out = render_dir / f"{cid}.wav"
        if not out.exists():
            render_dir.mkdir(parents=True, exist_ok=True)
            S.midi.render(path, out)
        return Case(cid, f"real:{name}", "real", _truth(music=True, tempo=float(label)), str(out))
    return None
