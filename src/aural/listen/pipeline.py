"""Run every analyzer over one clip and gather the results into `Evidence`.

YAMNet's event scores run first because the other analyzers read them (speech cross-checks its
VAD against them, music takes instruments and genres from them). Each analyzer is timed; one that
fails unexpectedly leaves a warning and empty evidence for its part, never a half-made answer.

A `Plan` (listen/plan.py) says which parts of the evidence to analyse; `Evidence.analysed` lists them.
`listen_more` adds the parts a plan wants to evidence already made (the evidence cache's follow-up
questions), reusing YAMNet's scores and the speech spans kept in `Heard`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable, TypeVar

import numpy as np

from aural.audio.decode import SAMPLE_RATE, Clip
from aural.config import get_settings
from aural.errors import AuralError
from aural.listen.events import EventScores, clip_labels, events_from_scores, score_events
from aural.listen.evidence import (
    EVIDENCE_PARTS,
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
from aural.listen.onsets import burst_profiles, clip_transients, energy_envelope, event_onsets
from aural.listen.room import estimate_reverb
from aural.listen.scene import analyze_scene
from aural.listen.spectrum import band_limits
from aural.listen import models
from aural.listen.emotion.bursts import analyze_bursts
from aural.listen.emotion.features import segment_features
from aural.listen.plan import Plan
from aural.listen.speech import settle_language, speech_activity, speech_language, speech_transcript
from aural.listen.vocal import vocal_attributes
from aural.errors import ModelUnavailableError
from aural.listen.voice import analyze_voice

log = logging.getLogger(__name__)

StageFn = Callable[[str], None]
T = TypeVar("T")

def source_info(clip: Clip) -> SourceInfo:
    return SourceInfo(duration_s=round(clip.duration_s, 3), sample_rate=SAMPLE_RATE,
                      source_format=clip.source_format, codec=clip.codec,
                      source_sample_rate=clip.source_sample_rate, source_channels=clip.source_channels,
                      size_bytes=clip.size_bytes)


@dataclass
class Heard:
    """What a listening keeps besides its evidence so a later plan can add parts without repeating work:
    YAMNet's scores and the exact speech spans (None when speech was not analysed)."""

    scores: EventScores
    spans: list[tuple[float, float]] | None = None


def listen(clip: Clip, on_stage: StageFn | None = None, plan: Plan | None = None) -> Evidence:
    """Analyse a decoded clip as far as `plan` says (everything by default); `on_stage(name)` is called
    as each stage starts."""
    return listen_more(clip, plan, on_stage=on_stage)[0]


def listen_more(clip: Clip, plan: Plan | None = None, prior: Evidence | None = None, heard: Heard | None = None,
                on_stage: StageFn | None = None) -> tuple[Evidence, Heard]:
    """The evidence `prior` (of this clip; None: nothing yet) with the parts `plan` wants added, and
    what a further call needs (`heard`). Parts already in `prior` are kept, not recomputed."""
    samples = clip.samples
    timings: dict[str, float] = {}
    warnings: list[str] = []
    plan = plan or Plan.everything()
    have = set(prior.analysed) if prior is not None else set()
    want = set(plan.parts) | have
    todo = want - have

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

    if heard is not None:
        es = heard.scores
    else:
        es = run("sound events", lambda: score_events(samples), EventScores(np.zeros((0, 521), np.float32)))
    settings = get_settings()
    max_t = settings.max_transcribe_s

    # events (always in a plan): YAMNet's spans with their onsets, clip labels, scene, vocal attributes
    if "events" in todo:
        events = events_from_scores(es, clip.duration_s)
        env = energy_envelope(samples)  # one level curve serves the events' onsets and the clip's transients
        events = run("onsets", lambda: event_onsets(samples, events, env), events)
        transients = run("transients", lambda: clip_transients(samples, env), [])
        profiles = run("transient profiles", lambda: burst_profiles(samples, transients), [])
        vocal = run("vocal", lambda: vocal_attributes(es), [])
        labels, scene = clip_labels(es), analyze_scene(es)
    else:
        events, vocal, labels, scene = prior.events, prior.vocal, prior.labels, prior.scene
        transients, profiles = prior.transients, prior.transient_profiles

    # music: presence and labels from YAMNet (always), tempo/key/energy measured when planned
    if "music_detail" in todo or "music" in todo:
        detail = "music_detail" in want
        music = run("music", lambda: analyze_music(samples, es, detail=detail),
                    MusicEvidence(present=False, confidence=0.0))
    else:
        music = prior.music

    # speech: voice activity, then language, transcript, emotion windows as planned
    speech = prior.speech if prior is not None else SpeechEvidence(present=False, confidence=0.0)
    spans = heard.spans if heard is not None and heard.spans is not None else \
        [(s.start, s.end) for s in speech.segments]
    if "speech" in todo:
        speech, spans = run("speech", lambda: speech_activity(samples, es),
                            (SpeechEvidence(present=False, confidence=0.0), []))
    redo_voice = "voice" in want and bool({"voice", "emotion", "transcript"} & todo)
    first = blocks = None
    if speech.present and "language" in todo:
        got = run("language", lambda: speech_language(models.whisper(), samples, spans, max_t), None)
        if got is not None:
            language, first, blocks = got
            speech = speech.model_copy(update={"language": settle_language(language, speech.speech_seconds)})
    if speech.present and "transcript" in todo and speech.language is not None:
        code = speech.language.code
        got = run("transcript", lambda: speech_transcript(models.whisper(), samples, spans, code, max_t,
                                                          settings.word_timestamps, first, blocks), None)
        if got is not None:
            transcript, transcribed = got
            text = " ".join(t.text for t in transcript).strip()
            speech = speech.model_copy(update={"transcript": transcript, "text": text,
                                               "language": settle_language(speech.language, speech.speech_seconds,
                                                                           text),
                                               "transcribed_seconds": round(transcribed, 2)})

    voice = prior.voice if prior is not None else None
    if redo_voice:
        old_utterances = voice.utterances if voice is not None and "voice" not in todo else None
        # voice-emotion features: each speech segment heard by the middle of Whisper's encoder
        heard_voice = run("emotion features", lambda: segment_features(models.emotion_encoder(), samples, spans),
                          None) if "emotion" in want and speech.present else None
        voice = run("voice", lambda: analyze_voice(samples, speech, es, heard_voice), None)
        if voice is not None and "emotion" not in want:
            voice = voice.model_copy(update={"emotion": None})  # rules alone are not the emotion part
        if voice is not None:
            voice = voice.model_copy(update={"utterances": old_utterances if old_utterances is not None else run(
                "intonation", lambda: utterance_intonation(samples, speech.segments), [])})

    def bursts_or_warn() -> list:
        try:
            return analyze_bursts(samples, es, clip.duration_s)
        except ModelUnavailableError as exc:  # no burst weights: the rest of the evidence stands
            warnings.append(str(exc))
            return []

    if "voice" in todo:
        bursts = run("bursts", bursts_or_warn, [])
    else:
        bursts = prior.bursts if prior is not None else []

    if "levels" in todo:
        levels = run("levels", lambda: analyze_levels(samples),
                     LevelsEvidence(peak_dbfs=0.0, rms_dbfs=0.0, dynamic_range_db=0.0, silence_ratio=0.0,
                                    clipping_ratio=0.0))
        levels = levels.model_copy(update=run("loudness curve", lambda: analyze_dynamics(samples).fields(), {}))
        levels = levels.model_copy(update=run(
            "bandwidth", lambda: dict(zip(("bandwidth_hz", "low_cut_hz"), band_limits(samples))), {}))
        levels = levels.model_copy(update={"reverb": run("room", lambda: estimate_reverb(samples), None)})
        live = run("live", lambda: live_cue(es, levels.reverb), None)
    elif prior is not None:
        levels, live = prior.levels, prior.live
    else:  # not analysed: placeholders that say nothing (Evidence.was_analysed('levels') is False)
        levels = LevelsEvidence(peak_dbfs=0.0, rms_dbfs=0.0, dynamic_range_db=0.0, silence_ratio=0.0,
                                clipping_ratio=0.0)
        live = None
    evidence = Evidence(
        source=source_info(clip),
        events=events,
        labels=labels,
        speech=speech,
        voice=voice,
        music=music,
        levels=levels,
        scene=scene,
        bursts=bursts,
        vocal=vocal,
        transients=transients,
        transient_profiles=profiles,
        live=live,
        timings_s={**(prior.timings_s if prior is not None else {}), **timings},
        warnings=list(dict.fromkeys((prior.warnings if prior is not None else []) + warnings)),
        analysed=[p for p in EVIDENCE_PARTS if p in want],
    )
    return evidence, Heard(scores=es, spans=spans if "speech" in want else None)
