"""Train the voice-emotion model from EmoDB: `python -m aural.train.emotion` (or `make train-emotion`).

Reproducible: fixed seed, deterministic augmentation per clip, deterministic solver. Features are
cached under the aural cache directory keyed by the data checksum, the feature version and the
augmentation version, so a rerun (and bench/emotion.py) skips the Whisper encoder.

Writes src/aural/listen/data/emotion_model.npz (plain arrays, no pickle) and emotion_model.json
(classes, feature config, this script's version, the data checksum, training figures).

The work is split by job; this module is the entry point and re-exports their names (bench/emotion.py
and the tests use them as `T.<name>`):
- emotion_data.py   the EmoDB corpus, augmentations, cached Whisper-encoder features
- emotion_fit.py    the EmoDB recipe (train version 2, `--emodb-only`): heads, calibration, check model
- emotion_multi.py  the multi-corpus recipe (train version 3, the default)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from aural.listen import emotion as E
from aural.train.emotion_data import (AUGMENTS, AUG_VERSION, CROP_S, DEFAULT_DATA, KINDS, SEED, Corpus, augment,
                                      cache_dir, data_checksum, data_root, emodb, extract, feature_cache_key,
                                      load_manifest, clip_rows, read_audio, speech_crop)
from aural.train.emotion_fit import (CHECK_C, CHECK_TEST_SPEAKERS, CHECK_TRAIN_SPEAKERS, CLASSIFIER, C_NORMED,
                                     C_PLAIN, TRAIN_VERSION, calibrate_temperature, check_indices,
                                     check_model, check_record, fit_head, fold_logits, normalise_by, stack,
                                     train)
from aural.train.emotion_multi import (AUGMENTED_KINDS, EMOGATOR_TO_SPEECH, MULTI_TRAIN_VERSION, NAP_DIMS, NUISANCE_SETS,
                                       NO_SPREAD, NUISANCE_SPREAD, Spread,
                                       SPEECH_KIND, SPEECH_KINDS, SPEECH_SETS, TEST_KIND, THORSTEN_TO_SPEECH, Part,
                                       check_record_multi, fit_confidence, fit_domain, fit_multi, held_out,
                                       held_out_report, main_multi, nap_directions, speech_part, speech_parts,
                                       train_multi)

__all__ = [
    "main", "AUGMENTS", "AUG_VERSION", "CROP_S", "DEFAULT_DATA", "KINDS", "SEED", "Corpus", "augment", "cache_dir",
    "data_checksum", "data_root", "emodb", "extract", "feature_cache_key", "load_manifest",
    "clip_rows", "read_audio", "speech_crop", "CHECK_C", "CHECK_TEST_SPEAKERS", "CHECK_TRAIN_SPEAKERS",
    "CLASSIFIER", "C_NORMED", "C_PLAIN", "TRAIN_VERSION", "calibrate_temperature", "check_indices",
    "check_model", "check_record", "fit_head", "fold_logits", "normalise_by", "stack", "train",
    "AUGMENTED_KINDS", "EMOGATOR_TO_SPEECH", "MULTI_TRAIN_VERSION", "NAP_DIMS", "NUISANCE_SETS", "NO_SPREAD", "NUISANCE_SPREAD", "Spread", "SPEECH_KIND", "SPEECH_KINDS",
    "SPEECH_SETS", "TEST_KIND", "THORSTEN_TO_SPEECH", "Part", "speech_parts", "check_record_multi", "fit_confidence", "fit_domain", "fit_multi",
    "held_out", "held_out_report", "main_multi", "nap_directions", "speech_part", "train_multi"
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="EmoDB folder (default ../shared/data/emodb)")
    ap.add_argument("--out", type=Path, default=E.MODEL_FILE)
    ap.add_argument("--emodb-only", action="store_true", help="the version-2 recipe (EmoDB alone)")
    args = ap.parse_args(argv)
    if not args.emodb_only:
        return main_multi(args.out)
    folder = args.data or data_root() / "emodb"
    if not (folder / "MANIFEST.csv").exists():
        print(f"no EmoDB at {folder}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    corpus = emodb(folder)
    feats = extract(corpus)
    model = train(corpus, feats)
    model.meta["check"] = check_record(corpus, feats["clean"], model)
    model.save(args.out)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB), temperatures plain {model.plain.temperature:.2f} "
          f"normed {model.normed.temperature:.2f}, data sha256 {corpus.checksum[:12]}, "
          f"{time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
