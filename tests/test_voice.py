"""Voice analysis on real espeak-ng speech: pitch, speaking rate, pauses, and the estimates' shape."""

from __future__ import annotations

import pytest

from aural.listen.emotion import CLASSES as EMOTION_CLASSES
from aural.listen import models
from aural.listen.emotion import MAX_MODEL_CONFIDENCE, MAX_RULE_CONFIDENCE, estimate_emotion, lexicon_valence, \
    segment_features, segments_of
from aural.listen.events import score_events
from aural.listen.evidence import VoiceEvidence
from aural.listen.speech import analyze_speech
from aural.listen.voice import analyze_voice, prosodic_features

from speech_audio import espeak, join, needs_espeak, silence, white_noise

TEXT = ("I walked down to the harbour this morning to watch the boats come in. "
        "The fishermen were already unloading their catch onto the quay.")
SENTENCES = ["This is the first sentence of the test.", "Here comes the second one after a pause.",
             "And this is the third and final sentence."]


def _voice(samples):
    es = score_events(samples)
    speech = analyze_speech(samples, es)
    spans = [(s.start, s.end) for s in speech.segments]  # as the pipeline does: each segment heard on its own
    return speech, analyze_voice(samples, speech, es, segment_features(models.emotion_encoder(), samples, spans))


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    out = tmp_path_factory.mktemp("voice")
    made = {
        "low": espeak(out, "low", TEXT, voice="en-us", pitch=20),
        "high": espeak(out, "high", TEXT, voice="en+f3", pitch=80),
        "fast": espeak(out, "fast", TEXT, voice="en-us", rate=260),
        "slow": espeak(out, "slow", TEXT, voice="en-us", rate=110),
    }
    parts = []
    for i, sentence in enumerate(SENTENCES):
        parts += [espeak(out, f"pause{i}", sentence, voice="en-us"), silence(1.2)]
    made["pauses"] = join(silence(0.5), *parts)
    return {name: _voice(samples) for name, samples in made.items()}


@needs_espeak
def test_voice_evidence_shape(clips):
    speech, voice = clips["low"]
    assert isinstance(voice, VoiceEvidence)
    assert voice.pitch_median_hz and 60 <= voice.pitch_median_hz <= 500
    assert voice.pitch_p10_hz <= voice.pitch_median_hz <= voice.pitch_p90_hz
    assert voice.pitch_range_semitones >= 0
    assert 0.2 < voice.voiced_ratio <= 1
    assert voice.loudness_db is not None and -60 < voice.loudness_db < 0
    assert voice.speaking_rate_wps and voice.speaking_rate_sps
    emo = voice.emotion
    assert emo is not None and emo.label in EMOTION_CLASSES + ("unclear",)
    assert emo.model  # the trained voice model, not the rule-based fallback
    assert set(emo.scores) == set(EMOTION_CLASSES)
    assert 0 <= emo.confidence <= MAX_MODEL_CONFIDENCE
    assert emo.cues and not any("words" in c and "'" in c for c in emo.cues)  # audible cues, no words
    assert all(e.groups and "Vocal events" in e.groups for e in voice.vocal_events)


@needs_espeak
def test_low_voice_has_lower_pitch(clips):
    low, high = clips["low"][1], clips["high"][1]
    assert low.pitch_median_hz < high.pitch_median_hz * 0.8
    assert low.gender is not None and low.gender.label == "male"
    assert high.gender is not None and high.gender.label == "female"
    assert any("Hz" in c for c in low.gender.cues)
    assert low.gender.confidence <= 0.9


@needs_espeak
def test_fast_speech_has_higher_rate(clips):
    fast, slow = clips["fast"][1], clips["slow"][1]
    assert fast.speaking_rate_wps > slow.speaking_rate_wps * 1.5
    assert fast.speaking_rate_sps > slow.speaking_rate_sps * 1.3


@needs_espeak
def test_pauses_counted(clips):
    speech, voice = clips["pauses"]
    assert voice.pauses >= 2
    assert voice.longest_pause_s >= 0.8
    assert voice.pause_seconds >= 1.8
    assert clips["low"][1].pauses <= 1


def test_no_speech_gives_no_voice():
    samples = join(silence(2.0), white_noise(3.0))
    es = score_events(samples)
    speech = analyze_speech(samples, es)
    assert analyze_voice(samples, speech, es) is None


def test_emotion_rules_from_features():
    excited = {"pitch_median_hz": 260.0, "pitch_range_semitones": 13.0, "loudness_db": -12.0,
               "loudness_variation_db": 9.0, "speaking_rate_sps": 6.5, "voiced_seconds": 6.0,
               "speech_seconds": 8.0, "pauses": 0, "pause_seconds": 0.0, "event_shout": 0.6}
    angry = estimate_emotion(excited, ["this", "is", "terrible", "I", "hate", "it"], gender="male")
    assert angry.label in {"angry", "frustrated"} and angry.arousal > 0.3 and angry.valence < 0
    assert any("terrible" in c for c in angry.cues)
    assert angry.confidence <= MAX_RULE_CONFIDENCE
    happy = estimate_emotion(excited | {"event_shout": 0.0, "event_laughter": 0.7},
                             ["what", "a", "wonderful", "day"], gender="male")
    assert happy.label in {"happy", "excited"} and happy.valence > 0.3
    flat = {"pitch_median_hz": 100.0, "pitch_range_semitones": 3.0, "loudness_db": -32.0,
            "loudness_variation_db": 3.0, "speaking_rate_sps": 2.8, "voiced_seconds": 6.0,
            "speech_seconds": 8.0, "pauses": 4, "pause_seconds": 6.0}
    low = estimate_emotion(flat, ["I", "am", "so", "tired", "and", "sad"], gender="male")
    assert low.arousal < -0.3 and low.label in {"sad", "tired"}
    weak = estimate_emotion({"voiced_seconds": 0.5}, [])
    assert weak.label == "neutral" and weak.confidence < 0.4
    assert lexicon_valence(["génial", "merci"])[0] > 0
    assert lexicon_valence(["schrecklich"])[0] < 0


def test_prosodic_features_on_no_audio_is_safe():
    feats = prosodic_features(silence(1.0), [(0.0, 1.0)])
    assert feats["pitch_median_hz"] is None
    assert feats["pauses"] == 0


@needs_espeak
def test_whispered_speech_is_heard_as_a_whisper_by_its_missing_voicing(tmp_path) -> None:
    """YAMNet's Whispering class misses espeak's whisper; the voice has no voiced frames at all, and the
    answer says so. The same words spoken aloud are not a whisper."""
    from aural.answer.respond import respond
    from aural.audio.decode import Clip
    from aural.listen.pipeline import listen

    text = "Meet me by the old bridge after dark and bring the map with you."
    for voice, whispered in (("en-us+whisper", True), ("en-us", False)):
        x = espeak(tmp_path, voice.replace("+", "_"), text, voice=voice, rate=150)
        ev = listen(Clip(x, "wav", "pcm_s16le", 16000, 1, None))
        answer, _ = respond(ev, "Is the person whispering?")
        assert answer.startswith("Yes" if whispered else "No"), (voice, ev.voice.voiced_ratio, answer)


def _flat(segs):
    return [x for seg in segs for x in seg]


def test_one_short_word_is_one_emotion_segment_and_short_spans_beside_longer_ones_are_left_out():
    # a 0.3 s word: widened to the shortest segment about its middle, within the clip
    assert _flat(segments_of([(1.0, 1.3)], clip_s=3.0)) == pytest.approx([0.9, 1.4])
    assert _flat(segments_of([(0.05, 0.35)], clip_s=3.0)) == pytest.approx([0.0, 0.5])
    assert _flat(segments_of([(2.8, 2.98)], clip_s=3.0)) == pytest.approx([2.5, 3.0])
    # the longest of several short spans is the one judged
    assert _flat(segments_of([(0.2, 0.4), (1.0, 1.45), (2.0, 2.1)], clip_s=3.0)) == pytest.approx([0.975, 1.475])
    # beside a longer span, short spans stay out (they would be noise in a timeline)
    assert segments_of([(0.2, 0.4), (1.0, 2.2)], clip_s=3.0) == [(1.0, 2.2)]
    # without the clip's length (callers that cut segments of a span list alone): the old rule
    assert segments_of([(1.0, 1.3)]) == []
