"""Run every analyzer over one clip and gather the results into `Evidence`.

YAMNet's event scores run first because the other analyzers read them (speech cross-checks its
VAD against them, music takes instruments and genres from them). Each analyzer is timed; one that
fails unexpectedly leaves a warning and empty evidence for its part, never a half-made answer.
"""

from __future__ import annotations

import logging
import time
from typing import Callable, TypeVar

import numpy as np

from aural.audio.decode import SAMPLE_RATE, Clip
from aural.config import get_settings
from aural.errors import AuralError
from aural.listen.events import EventScores, clip_labels, events_from_scores, score_events
from aural.listen.evidence import (
    Evidence,
    LevelsEvidence,
    MusicEvidence,
    SourceInfo,
    SpeechEvidence,
)
from aural.listen.dynamics import analyze_dynamics
from aural.listen.intonation import utterance_intonation
from aural.listen.levels import analyze_levels
from aural.listen.live import live_cue
from aural.listen.music import analyze_music
from aural.listen.onsets import event_onsets
from aural.listen.room import estimate_reverb
from aural.listen.scene import analyze_scene
from aural.listen.spectrum import band_limits
from aural.listen.emotion import WindowPooler
from aural.listen.speech import analyze_speech
from aural.listen.vocal import vocal_attributes
from aural.errors import ModelUnavailableError
from aural.listen.voice import analyze_bursts, analyze_voice

log = logging.getLogger(__name__)

StageFn = Callable[[str], None]
T = TypeVar("T")

def listen(clip: Clip, on_stage: StageFn | None = None) -> Evidence:
    """Analyse a decoded clip; `on_stage(name)` is called as each stage starts."""
    samples = clip.samples
    timings: dict[str, float] = {}
    warnings: list[str] = []

    def run(name: str, fn: Callable[[], T], fallback: T) -> T:
        if on_stage:
            on_stage(name)
        t0 = time.perf_counter()
        try:
            return fn()
        except AuralError:
            raise
        except Exception as exc:  # an analyzer bug must not take the whole answer down
            log.exception("analyzer %s failed", name)
            warnings.append(f"{name} analysis failed: {type(exc).__name__}: {exc}")
            return fallback
        finally:
            timings[name] = round(time.perf_counter() - t0, 3)

    es = run("sound events", lambda: score_events(samples),
             EventScores(np.zeros((0, 521), np.float32)))
    settings = get_settings()
    pooler = WindowPooler(samples)  # voice-emotion features from the transcriber's encoder windows
    speech = run("speech", lambda: analyze_speech(samples, es, settings.max_transcribe_s,
                                                  settings.word_timestamps, pooler),
                 SpeechEvidence(present=False, confidence=0.0))
    voice = run("voice", lambda: analyze_voice(samples, speech, es, pooler.result()), None)
    if voice is not None:
        voice = voice.model_copy(update={"utterances": run(
            "intonation", lambda: utterance_intonation(samples, speech.segments), [])})

    def bursts_or_warn() -> list:
        try:
            return analyze_bursts(es, clip.duration_s)
        except ModelUnavailableError as exc:  # no burst weights: the rest of the evidence stands
            warnings.append(str(exc))
            return []

    bursts = run("bursts", bursts_or_warn, [])
    music = run("music", lambda: analyze_music(samples, es), MusicEvidence(present=False, confidence=0.0))
    levels = run("levels", lambda: analyze_levels(samples),
                 LevelsEvidence(peak_dbfs=0.0, rms_dbfs=0.0, dynamic_range_db=0.0, silence_ratio=0.0,
                                clipping_ratio=0.0))
    levels = levels.model_copy(update=run("loudness curve", lambda: analyze_dynamics(samples).fields(), {}))
    levels = levels.model_copy(update=run(
        "bandwidth", lambda: dict(zip(("bandwidth_hz", "low_cut_hz"), band_limits(samples))), {}))
    events = events_from_scores(es, clip.duration_s)
    events = run("onsets", lambda: event_onsets(samples, events), events)
    vocal = run("vocal", lambda: vocal_attributes(es), [])
    levels = levels.model_copy(update={"reverb": run("room", lambda: estimate_reverb(samples), None)})
    live = run("live", lambda: live_cue(es, levels.reverb), None)
    return Evidence(
        source=SourceInfo(duration_s=round(clip.duration_s, 3), sample_rate=SAMPLE_RATE,
                          source_format=clip.source_format, codec=clip.codec,
                          source_sample_rate=clip.source_sample_rate,
                          source_channels=clip.source_channels, size_bytes=clip.size_bytes),
        events=events,
        labels=clip_labels(es),
        speech=speech,
        voice=voice,
        music=music,
        levels=levels,
        scene=analyze_scene(es),
        bursts=bursts,
        vocal=vocal,
        live=live,
        timings_s=timings,
        warnings=warnings,
    )
