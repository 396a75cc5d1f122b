"""The labelled sets under ../shared/data that the emotion models learn from, and their cached features.

Each set is read from its MANIFEST.csv into a `LabelledSet` (paths, string labels, speakers, a SHA-256
over the manifest and every audio file). Features are computed once and cached under the aural cache
directory (`emotion-features/`), one file per set, data checksum and feature version, one array per
kind, saved after each kind so a long run resumes:

- `yamnet`: YAMNet's 521 logits over the clip's 0.96 s patches, mean and max (1042 numbers) - what the
  engine has for every sound, speech or not (`aural.listen.emotion.yamnet_features`).
- `sound`: the shape of the sound, level and channel aside (`aural.listen.emotion.sound_features`).
- `whisper-alone`: the voice-emotion features of each clip heard on its own (`emotion.clip_features`:
  the middle of Whisper-base's encoder), as the engine hears a segment of speech.
- `whisper-alone+AUG`: the same after an augmentation (`aural.train.emotion.augment`).
- `whisper-depthD` (D = 0-6): each clip alone, the same features after block D of Whisper-base's encoder
  (0: the front end; all seven from one pass), for choosing the depth (bench/emotion.py).
- `whisper-heard-2` (`HEARD_KIND`): each clip as the engine hears it (`heard_row`): voice activity, then the
  emotion segments; NaN where it hears no speech. Slower (a pass of VAD and YAMNet per clip); for measuring
  what users get (bench/emotion.py), not for training. (-2: since evidence 1.11 a lone short word is heard
  and judged; rows cached by the earlier engine are not reused.)
- `whisper-heard-2+SHAPE`: the same, each clip first reshaped as an upload might be (`emotion_data.heard_shape`:
  padded and quiet, in noise, over music, or one second of it as a word); bench/emotion.py "as the engine
  hears it".
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from aural.listen import emotion as E
from aural.listen import models
from aural.listen.events import score_events
from aural.train import spoken_languages
from aural.train.emotion_data import HEARD_SHAPES, SEED, augmented, cache_dir, clip_rows, data_root, heard_shape, \
    read_audio


@dataclass
class LabelledSet:
    name: str
    paths: list[Path]
    labels: np.ndarray     # str
    speakers: np.ndarray   # str
    checksum: str
    rows: list[dict] = field(default_factory=list, repr=False)  # the manifest rows, in the same order

    def column(self, key: str) -> np.ndarray:
        """A manifest column of every clip (e.g. EmoDB's `text_id`, Common Voice's `language`)."""
        return np.array([r[key] for r in self.rows])

    def __len__(self) -> int:
        return len(self.paths)


def _rows(folder: Path) -> list[dict]:
    with (folder / "MANIFEST.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def checksum(folder: Path, rows: list[dict]) -> str:
    h = hashlib.sha256((folder / "MANIFEST.csv").read_bytes())
    for r in rows:
        h.update((folder / r["path"]).read_bytes())
    return h.hexdigest()


# EmoGator's categories that have a speech-emotion counterpart, and the share of its contributors whose
# bursts of those categories the speech model also hears (every third, by id: the Whisper encoder is
# the costly part of training).
EMOGATOR_SPEECH = ("amusement", "anger", "disgust", "fear", "neutral", "sadness")
EMOGATOR_SPEECH_EVERY = 3


def load_set(name: str, folder: Path | None = None) -> LabelledSet:
    """`emodb`, `emogator`, `common-voice` (label: 'neutral', read speech), `spoken-languages` (the same,
    synthesized here: `spoken_languages`), `thorsten-emotional`,
    `emogator-speech` (the `EMOGATOR_SPEECH` categories of every third contributor) or
    `emogator-bursts` (the categories `emotion.BURST_MAP` folds onto the burst classes)."""
    subset = name.startswith("emogator-")
    if folder is None and name == spoken_languages.NAME:  # made here, not shipped in ../shared/data
        folder = spoken_languages.build(cache_dir() / f"{name}-{spoken_languages.VERSION}")
    folder = folder or data_root() / ("emogator" if subset else name)
    rows = _rows(folder)
    if name == "emogator-speech":
        people = sorted({r["speaker"] for r in rows})[::EMOGATOR_SPEECH_EVERY]
        rows = [r for r in rows if r["label"] in EMOGATOR_SPEECH and r["speaker"] in set(people)]
    elif name == "emogator-bursts":
        rows = [r for r in rows if r["label"] in E.BURST_MAP]
    labels = ["neutral" if name in ("common-voice", spoken_languages.NAME) else r["label"] for r in rows]
    return LabelledSet(name=name, paths=[folder / r["path"] for r in rows], labels=np.array(labels),
                       speakers=np.array([f"{name}:{r.get('speaker', '?')}" for r in rows]),
                       checksum=checksum(folder, rows), rows=rows)


def available(name: str) -> bool:
    if name == spoken_languages.NAME:
        return spoken_languages.available()
    return (data_root() / name.split("-")[0] if name.startswith("emogator") else data_root() / name
            ).joinpath("MANIFEST.csv").exists()


# --- features with a cache ----------------------------------------------------------------------

def cache_file(ls: LabelledSet) -> Path:
    # (the kinds' own names carry the versions of the burst features: 'yamnet', 'sound')
    return cache_dir() / f"set-{ls.name}-{ls.checksum[:16]}-{E.FEATURE_VERSION}-yamnet-logit-mean+max-1.npz"


def _whisper_kind(kind: str, raw: list[np.ndarray], seed: int) -> np.ndarray:
    context, _, aug = kind.removeprefix("whisper-").partition("+")
    if context != "alone":
        raise ValueError(kind)
    return clip_rows(augmented(raw, aug or "clean", seed))


HEARD_KIND = "whisper-heard-2"
DEPTHS = 7   # Whisper-base's encoder: the front end and six blocks


def heard_row(samples: np.ndarray) -> np.ndarray | None:
    """One clip's emotion features exactly as the engine reads them (voice activity checked against YAMNet,
    then `E.segment_features` of the spans), its segments' rows averaged by length (the model is linear
    in them); None when no speech is heard."""
    from aural.listen.speech import speech_activity

    _, spans = speech_activity(samples, score_events(samples))
    segs, X = E.segment_features(models.emotion_encoder(), samples, spans)
    if not segs:
        return None
    w = np.array([b - a for a, b in segs])
    return ((X * w[:, None]).sum(axis=0) / w.sum()).astype(np.float32)


def features(ls: LabelledSet, kinds: tuple[str, ...], verbose: bool = True) -> dict[str, np.ndarray]:
    """{kind: [n, dims]} for every clip of `ls`, from the cache or computed (and cached) now."""
    path = cache_file(ls)
    out: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            out = {k: z[k] for k in z.files}
    missing = [k for k in kinds if k not in out]
    raw: list[np.ndarray] | None = None
    for k in missing:
        if k in out:  # made beside another kind
            continue
        t0 = time.perf_counter()
        if raw is None:
            raw = [read_audio(p) for p in ls.paths]
        if k == "yamnet":
            out[k] = np.stack([E.yamnet_features(score_events(x).scores) for x in raw])
        elif k == "sound":
            out[k] = np.stack([E.sound_features(x) for x in raw])
        elif k.startswith("whisper-depth"):
            enc = E.MidEncoder.from_ct2(models.whisper_model_dir() / "model.bin", layers=DEPTHS - 1)
            rows = np.stack([E.voice_features(enc, x, every_depth=True) for x in raw])
            out.update({f"whisper-depth{d}": rows[:, d] for d in range(DEPTHS)})
        elif k == HEARD_KIND or k.startswith(HEARD_KIND + "+"):
            shape = k.partition("+")[2]
            if shape:
                seeds = [np.random.default_rng([SEED, i, 100 + HEARD_SHAPES.index(shape)]) for i in range(len(raw))]
                rows = [heard_row(heard_shape(x, shape, r)) for x, r in zip(raw, seeds)]
            else:
                rows = [heard_row(x) for x in raw]
            dims = next(len(r) for r in rows if r is not None)
            out[k] = np.stack([r if r is not None else np.full(dims, np.nan, np.float32) for r in rows])
        elif k.startswith("whisper-"):
            out[k] = _whisper_kind(k, raw, SEED)
        else:
            raise ValueError(k)
        if verbose:
            print(f"  {ls.name} features '{k}': {len(ls)} clips in {time.perf_counter() - t0:.0f} s",
                  file=sys.stderr, flush=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, **out)
        os.replace(tmp, path)
    return {k: out[k] for k in kinds}


def main(argv: list[str] | None = None) -> int:
    """`python -m aural.train.corpora SET:KIND[,KIND] ...`: fill the feature cache."""
    for spec in (argv if argv is not None else sys.argv[1:]):
        name, _, kinds = spec.partition(":")
        if not available(name):
            print(f"no {name} under {data_root()}", file=sys.stderr)
            continue
        features(load_set(name), tuple(kinds.split(",")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
