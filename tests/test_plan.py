"""Listening plans: the intent table, what a plan runs, and that completing a partial evidence gives the
evidence a full listening gives."""

from __future__ import annotations

import json

import numpy as np
import pytest

from aural.answer.intents import INTENTS
from aural.answer.respond import parse, plan_for_question
from aural.audio.decode import SAMPLE_RATE, Clip
from aural.listen.evidence import EVIDENCE_PARTS, Evidence
from aural.listen.pipeline import listen, listen_more
from aural.listen.plan import ALWAYS, INTENT_PARTS, Plan, plan_for


def test_every_intent_has_a_plan() -> None:
    assert set(INTENTS) == set(INTENT_PARTS)
    for parts in INTENT_PARTS.values():
        assert set(parts) <= set(EVIDENCE_PARTS)


def test_plans_close_over_what_they_read() -> None:
    assert Plan().parts == ALWAYS
    assert Plan(["transcript"]).parts == {"events", "music", "speech", "language", "transcript"}
    assert Plan(["emotion"]).parts == {"events", "music", "speech", "voice", "emotion"}
    assert Plan(["music_detail"]).parts == {"events", "music", "music_detail"}
    assert Plan.everything().complete and not Plan(["levels"]).complete
    with pytest.raises(ValueError):
        Plan(["nonsense"])


@pytest.mark.parametrize("question,parts", [
    ("Are there any sirens?", {"events", "music"}),
    ("How many times does the dog bark?", {"events", "music"}),
    ("What sounds can you hear in the background?", {"events", "music", "speech"}),
    ("What language is spoken?", {"events", "music", "speech", "language"}),
    ("Transcribe what they say.", {"events", "music", "speech", "language", "transcript"}),
    ("Is the speaker frustrated, neutral, or pleased?", {"events", "music", "speech", "voice", "emotion"}),
    ("What is the tempo?", {"events", "music", "music_detail"}),
    ("Is anyone talking?", {"events", "music", "speech"}),
    ("Describe the clip", set(EVIDENCE_PARTS)),
])
def test_questions_plan_what_their_answers_read(question: str, parts: set[str]) -> None:
    assert plan_for_question(parse(question)).parts == parts


def test_include_evidence_or_an_unknown_intent_plans_everything() -> None:
    assert plan_for(["sound_presence"], include_evidence=True).complete
    assert plan_for(["some_future_intent"]).complete
    assert plan_for_question(parse("Are there any sirens?"), include_evidence=True).complete


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Clip:
    import subprocess

    from aural.audio.decode import decode_file

    wav = tmp_path_factory.mktemp("plan") / "s.wav"
    subprocess.run(["espeak-ng", "-v", "en", "-s", "160", "-w", str(wav),
                    "The train to the coast leaves at seven, so we should pack the bags tonight."],
                   check=True, capture_output=True)
    speech = decode_file(wav).samples
    t = np.arange(int(4 * SAMPLE_RATE)) / SAMPLE_RATE
    f = 900 + 300 * np.sin(2 * np.pi * 0.5 * t)
    siren = (0.3 * np.sin(2 * np.pi * np.cumsum(f) / SAMPLE_RATE)).astype(np.float32)
    samples = np.concatenate([speech, np.zeros(SAMPLE_RATE // 2, np.float32), siren])
    return Clip(samples=samples, source_format="wav", codec="pcm_s16le",
                source_sample_rate=SAMPLE_RATE, source_channels=1, size_bytes=None)


def _fields(ev: Evidence) -> dict:
    d = json.loads(ev.model_dump_json())
    d.pop("timings_s")
    return d


def test_a_sound_plan_runs_yamnet_alone_and_says_so(clip: Clip) -> None:
    ev = listen(clip, plan=Plan())
    assert ev.analysed == ["events", "music"]
    assert ev.was_analysed("events") and not ev.was_analysed("speech") and not ev.was_analysed("levels")
    assert ev.events and not ev.speech.present and ev.voice is None
    assert {"speech", "language", "transcript", "voice", "music", "levels"}.isdisjoint(
        {k for k in ev.timings_s if k != "music"})
    with pytest.raises(ValueError):
        ev.was_analysed("nonsense")


def test_completing_a_partial_evidence_equals_a_full_listening(clip: Clip) -> None:
    full = listen(clip)
    assert full.analysed == list(EVIDENCE_PARTS)
    for parts in ([], ["speech", "language"], ["emotion"], ["levels"]):
        part, heard = listen_more(clip, Plan(parts))
        assert set(part.analysed) == Plan(parts).parts
        if "speech" in parts:
            assert part.speech.segments == full.speech.segments
            assert part.speech.language == full.speech.language and not part.speech.transcript
        if "emotion" in parts:  # the emotion model hears the segments alone, transcript or not
            assert full.voice is not None and full.voice.emotion is not None and full.voice.emotion.model
            assert part.voice.emotion.scores == full.voice.emotion.scores
            assert part.voice.emotion.timeline == full.voice.emotion.timeline
        done, _ = listen_more(clip, Plan.everything(), prior=part, heard=heard)
        assert _fields(done) == _fields(full), parts
        # the parts already there were not computed again
        assert "sound events" not in done.timings_s or done.timings_s["sound events"] == part.timings_s.get(
            "sound events")
