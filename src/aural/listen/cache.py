"""The evidence cache: what the engine heard in a clip, kept on disk so a later question about the same
audio answers without listening again, and a question that needs more computes only the missing parts.

Content-addressed: the key is a hash of the decoded samples (so the same audio uploaded as mp3 or wav,
under any name, is one entry) and of the engine's version (`engine_version()`: schema, package version,
model files, the listening code and the settings that change evidence), so an upgraded engine never
reads an older engine's evidence. An entry holds the evidence computed so far (`Evidence.analysed`) with
what `listen_more` needs to extend it (YAMNet's scores, the exact speech spans).

Bounded by bytes on disk (`AURAL_EVIDENCE_CACHE_BYTES`), least recently used entries evicted first.
Safe across worker processes: entries are written to a temporary file and renamed into place (a reader
sees a whole entry or none), and writers take an exclusive file lock for the write and the eviction.
Evidence in which an analyzer failed is not stored (the failure may pass). Off with
`AURAL_EVIDENCE_CACHE=false`. Billing never depends on it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import numpy as np

from aural import __version__
from aural.audio.decode import Clip
from aural.config import get_settings
from aural.listen import models
from aural.listen.events import EventScores
from aural.listen.evidence import SCHEMA_VERSION, Evidence
from aural.listen.pipeline import Heard, StageFn, listen, listen_more, source_info
from aural.listen.plan import Plan

log = logging.getLogger(__name__)

SUFFIX = ".npz"


@lru_cache(maxsize=1)
def engine_version() -> str:
    """A digest of everything that changes the evidence of a given audio: the schema and package
    version, the bundled model files (name and size), the listening code itself, and the settings
    read while listening."""
    h = hashlib.blake2b(digest_size=12)
    settings = get_settings()
    h.update(f"{SCHEMA_VERSION}|{__version__}|{settings.max_transcribe_s}|{settings.word_timestamps}".encode())
    root = Path(__file__).resolve().parent.parent
    # The listening code, the decoder, and the shared tables listening reads from the package root.
    code = [*root.joinpath("listen").rglob("*"), *root.joinpath("audio").rglob("*"),
            root / "timecode.py", root / "languages.py"]
    for path in sorted(code):
        if path.is_file() and path.suffix in (".py", ".npz", ".json", ".csv", ".npy"):
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    for locate in (models.yamnet_onnx_path, models.whisper_model_dir):
        try:
            p = locate()
            files = [p] if p.is_file() else sorted(q for q in p.iterdir() if q.is_file())
            for q in files:
                h.update(f"{q.name}:{q.stat().st_size}".encode())
        except Exception as exc:  # a missing model fails the listening itself, with its own message
            h.update(type(exc).__name__.encode())
    return h.hexdigest()


def audio_key(clip: Clip) -> str:
    """The cache key of a decoded clip under this engine."""
    h = hashlib.blake2b(digest_size=20)
    h.update(engine_version().encode())
    h.update(np.ascontiguousarray(clip.samples, dtype=np.float32).tobytes())
    return h.hexdigest()


class EvidenceCache:
    """Evidence by audio, on disk under `root`, at most about `max_bytes` of it."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = Path(root)
        self.max_bytes = int(max_bytes)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}{SUFFIX}"

    def get(self, key: str) -> tuple[Evidence, Heard] | None:
        """The entry for `key`, or None; a hit counts as a use for eviction."""
        path = self._path(key)
        try:
            with np.load(path, allow_pickle=False) as z:
                evidence = Evidence.model_validate_json(z["evidence"].tobytes())
                spans = [tuple(map(float, s)) for s in z["spans"]] if bool(z["has_spans"]) else None
                heard = Heard(scores=EventScores(np.array(z["scores"], dtype=np.float32)), spans=spans)
            os.utime(path)  # least recently used = oldest mtime
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged or foreign entry is a miss, and goes
            log.warning("evidence cache: dropping unreadable entry %s (%s)", path.name, exc)
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        return evidence, heard

    def put(self, key: str, evidence: Evidence, heard: Heard) -> bool:
        """Store the entry unless an analyzer failed in it, or an entry with more parts is already there
        (another worker got further). Returns whether it was written."""
        if any("analysis failed" in w for w in evidence.warnings):
            return False
        buf = io.BytesIO()
        spans = np.asarray(heard.spans or [], dtype=np.float64).reshape(-1, 2)
        np.savez(buf, evidence=np.frombuffer(evidence.model_dump_json().encode(), dtype=np.uint8),
                 scores=np.asarray(heard.scores.scores, dtype=np.float32), spans=spans,
                 has_spans=np.array(heard.spans is not None))
        data = buf.getvalue()
        if len(data) > self.max_bytes:
            return False
        path = self._path(key)
        with self._locked():
            existing = self._analysed(path)
            if existing is not None and existing > set(evidence.analysed):
                return False
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            self._evict()
        return True

    def _analysed(self, path: Path) -> set[str] | None:
        try:
            with np.load(path, allow_pickle=False) as z:
                return set(Evidence.model_validate_json(z["evidence"].tobytes()).analysed)
        except Exception:
            return None

    def entries(self) -> list[tuple[float, int, Path]]:
        """(mtime, bytes, path) of every entry."""
        out = []
        for sub in self.root.iterdir() if self.root.exists() else []:
            if not sub.is_dir():
                continue
            for p in sub.iterdir():
                if p.name.endswith(SUFFIX) and not p.name.startswith(".tmp-"):
                    with contextlib.suppress(FileNotFoundError):
                        st = p.stat()
                        out.append((st.st_mtime, st.st_size, p))
        return out

    def size_bytes(self) -> int:
        return sum(n for _, n, _ in self.entries())

    def _evict(self) -> None:
        entries = sorted(self.entries())
        total = sum(n for _, n, _ in entries)
        for _, n, p in entries:
            if total <= self.max_bytes:
                break
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
            total -= n

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            import fcntl
        except ImportError:  # no POSIX locks: renames alone keep entries whole
            yield
            return
        with open(self.root / ".lock", "a+") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)


def listen_cached(clip: Clip, plan: Plan | None = None, cache: EvidenceCache | None = None,
                  on_stage: StageFn | None = None) -> Evidence:
    """`listen(clip, plan=plan)` through `cache`: a hit that holds the plan's parts is returned as it
    is (it may hold more); otherwise only the missing parts are computed, and the merged evidence is
    stored. The source info is always this clip's (the same audio may come in another container)."""
    plan = plan or Plan.everything()
    if cache is None:
        return listen(clip, on_stage=on_stage, plan=plan)
    key = audio_key(clip)
    got = cache.get(key)
    prior, heard = got if got is not None else (None, None)
    if prior is not None and plan.parts <= set(prior.analysed):
        evidence = prior
    else:
        evidence, heard = listen_more(clip, plan, prior, heard, on_stage=on_stage)
        try:
            cache.put(key, evidence, heard)
        except OSError as exc:  # a full or read-only disk costs the cache, never the answer
            log.warning("evidence cache: cannot store an entry (%s)", exc.strerror)
    return evidence.model_copy(update={"source": source_info(clip)})


_caches: dict[tuple[Path, int], EvidenceCache] = {}


def cache_from_settings() -> EvidenceCache | None:
    """The operator's evidence cache (`AURAL_EVIDENCE_CACHE`, `AURAL_EVIDENCE_CACHE_BYTES`, under
    `AURAL_CACHE_DIR`/evidence), or None when it is off or its folder cannot be made."""
    settings = get_settings()
    if not settings.evidence_cache or settings.evidence_cache_bytes <= 0:
        return None
    root = settings.cache_dir / "evidence"
    key = (root, settings.evidence_cache_bytes)
    if key not in _caches:
        try:
            _caches[key] = EvidenceCache(root, settings.evidence_cache_bytes)
        except OSError as exc:
            log.warning("evidence cache off: cannot use %s (%s)", root, exc.strerror)
            return None
    return _caches[key]


__all__ = ["EvidenceCache", "audio_key", "engine_version", "cache_from_settings", "listen_cached"]
