"""The evidence cache: hits, merging a follow-up plan, engine-version keys, LRU eviction by bytes, and
writers in several processes."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import numpy as np
import pytest

from aural.audio.decode import SAMPLE_RATE, Clip
from aural.listen import cache as C
from aural.listen.cache import EvidenceCache, audio_key, listen_cached
from aural.listen.events import EventScores
from aural.listen.evidence import Evidence, LevelsEvidence, MusicEvidence, SourceInfo, SpeechEvidence
from aural.listen.pipeline import Heard
from aural.listen.plan import Plan


def _clip(seed: int = 0, seconds: float = 3.0) -> Clip:
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    x = 0.2 * np.sin(2 * np.pi * 440 * t) + 0.02 * rng.standard_normal(t.size)
    return Clip(samples=x.astype(np.float32), source_format="wav", codec="pcm_s16le",
                source_sample_rate=SAMPLE_RATE, source_channels=1)


def _evidence(parts: list[str], warnings: list[str] | None = None) -> Evidence:
    return Evidence(source=SourceInfo(duration_s=1.0, sample_rate=SAMPLE_RATE, source_format="wav", codec="pcm",
                                      source_sample_rate=SAMPLE_RATE, source_channels=1),
                    speech=SpeechEvidence(present=False, confidence=0.0),
                    music=MusicEvidence(present=False, confidence=0.0),
                    levels=LevelsEvidence(peak_dbfs=0.0, rms_dbfs=0.0, dynamic_range_db=0.0, silence_ratio=0.0,
                                          clipping_ratio=0.0),
                    analysed=parts, warnings=warnings or [])


def _heard(n: int = 10) -> Heard:
    return Heard(scores=EventScores(np.full((n, 521), 0.5, np.float32)), spans=[(0.1, 0.9)])


def test_put_get_round_trip(tmp_path: Path) -> None:
    cache = EvidenceCache(tmp_path, 10 ** 7)
    assert cache.get("ab" * 20) is None
    ev = _evidence(["events", "music", "speech"])
    assert cache.put("ab" * 20, ev, _heard())
    got, heard = cache.get("ab" * 20)
    assert got == ev and heard.spans == [(0.1, 0.9)] and heard.scores.scores.shape == (10, 521)


def test_failed_analyses_and_smaller_entries_are_not_stored(tmp_path: Path) -> None:
    cache = EvidenceCache(tmp_path, 10 ** 7)
    assert not cache.put("cd" * 20, _evidence(["events", "music"], ["music analysis failed: boom"]), _heard())
    assert cache.put("cd" * 20, _evidence(["events", "music", "levels"]), _heard())
    assert not cache.put("cd" * 20, _evidence(["events", "music"]), _heard())  # another worker got further
    assert cache.get("cd" * 20)[0].analysed == ["events", "music", "levels"]


def test_lru_eviction_keeps_the_cache_under_its_bytes(tmp_path: Path) -> None:
    import os
    import time

    one = len(_heard().scores.scores.tobytes())
    cache = EvidenceCache(tmp_path, int(3.5 * one))
    keys = [f"{i:02d}" * 20 for i in range(3)]
    for i, k in enumerate(keys):
        cache.put(k, _evidence(["events", "music"]), _heard())
        os.utime(cache._path(k), (time.time() - 100 + i, time.time() - 100 + i))
    assert cache.get(keys[0]) is not None  # a use: now the most recent
    cache.put("99" * 20, _evidence(["events", "music"]), _heard())
    assert cache.size_bytes() <= cache.max_bytes
    assert cache.get(keys[1]) is None  # the least recently used went first
    assert cache.get(keys[0]) is not None and cache.get("99" * 20) is not None


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache = EvidenceCache(tmp_path, 10 ** 7)
    cache.put("ef" * 20, _evidence(["events", "music"]), _heard())
    cache._path("ef" * 20).write_bytes(b"not an npz")
    assert cache.get("ef" * 20) is None and not cache._path("ef" * 20).exists()


def test_key_follows_the_samples_and_the_engine(monkeypatch) -> None:
    a, b = _clip(0), _clip(1)
    assert audio_key(a) == audio_key(_clip(0)) != audio_key(b)
    before = audio_key(a)
    monkeypatch.setattr(C, "engine_version", lambda: "another engine")
    assert audio_key(a) != before


def _writer(root: str, i: int) -> None:
    cache = EvidenceCache(Path(root), 10 ** 8)
    for j in range(20):
        cache.put(f"{(i * 20 + j) % 7:02d}" * 20, _evidence(["events", "music"]), _heard(50))


def test_writers_in_several_processes_leave_whole_entries(tmp_path: Path) -> None:
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), i)) for i in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    cache = EvidenceCache(tmp_path, 10 ** 8)
    assert len(cache.entries()) == 7
    for _, _, path in cache.entries():
        assert cache.get(path.stem) is not None
    assert not list(tmp_path.rglob(".tmp-*"))


def test_a_follow_up_question_computes_only_the_missing_parts(tmp_path: Path) -> None:
    cache = EvidenceCache(tmp_path, 10 ** 8)
    clip = _clip(3)
    first = listen_cached(clip, Plan(), cache)
    assert first.analysed == ["events", "music"]
    again = listen_cached(clip, Plan(), cache)
    assert again == first  # a hit: nothing analysed again
    more = listen_cached(clip, Plan(["levels"]), cache)
    assert more.analysed == ["events", "music", "levels"]
    assert "sound events" in more.timings_s and more.timings_s["sound events"] == first.timings_s["sound events"]
    assert more.events == first.events
    # the same audio in another container: the same evidence, this clip's source info
    other = Clip(samples=clip.samples.copy(), source_format="mp3", codec="mp3", source_sample_rate=44100,
                 source_channels=2, size_bytes=1234)
    got = listen_cached(other, Plan(["levels"]), cache)
    assert got.source.source_format == "mp3" and got.levels == more.levels


def test_the_operator_setting_turns_it_off(monkeypatch, tmp_path: Path) -> None:
    from aural.config import get_settings

    monkeypatch.setenv("AURAL_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("AURAL_EVIDENCE_CACHE", "false")
    get_settings.cache_clear()
    try:
        assert C.cache_from_settings() is None
        monkeypatch.setenv("AURAL_EVIDENCE_CACHE", "true")
        monkeypatch.setenv("AURAL_EVIDENCE_CACHE_BYTES", "5000000")
        get_settings.cache_clear()
        cache = C.cache_from_settings()
        assert cache is not None and cache.max_bytes == 5_000_000 and cache.root == tmp_path / "evidence"
    finally:
        get_settings.cache_clear()
