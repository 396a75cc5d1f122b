"""The vocal-burst emotion model: committed weights, their reproducibility on real EmoGator clips, and the
engine's burst evidence (times, sound, emotion) on a real laugh placed in a longer clip.

Reads ../shared/data/emogator and skips cleanly when it is absent; a dozen clips at most.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from aural.listen import emotion as E
from aural.train import corpora as C

HAVE_EMOGATOR = C.available("emogator")
needs_emogator = pytest.mark.skipif(not HAVE_EMOGATOR, reason="../shared/data/emogator is absent")


def test_committed_burst_weights_load_and_held_out_skill_is_recorded():
    assert E.BURST_MODEL_FILE.exists() and E.BURST_MODEL_FILE.stat().st_size < 2_000_000
    with np.load(E.BURST_MODEL_FILE, allow_pickle=False) as z:
        assert all(z[k].dtype != object for k in z.files)
    meta = json.loads(E.BURST_MODEL_FILE.with_suffix(".json").read_text())
    assert len(meta["data_checksum_sha256"]) == 64
    assert tuple(meta["classes"]) == E.BURST_CLASSES and len(E.BURST_CLASSES) >= 9
    assert set(meta["map"].values()) == set(E.BURST_CLASSES)
    # speaker-independent figure recorded at training (5 folds of contributors)
    assert meta["held_out"]["uar"] >= 0.40
    model = E.burst_model()
    assert model is E.burst_model()
    p = model.predict_proba(model.head.mean[None, :])
    assert p.shape == (1, len(E.BURST_CLASSES)) and abs(p.sum() - 1) < 1e-6


def _read(path):
    from aural.train.emotion import read_audio

    return read_audio(path)


@needs_emogator
def test_committed_burst_model_reproduces_its_check_record():
    """A dozen EmoGator clips heard afresh give the recorded probabilities. The 8-bit YAMNet under the features
    scores differently on CPUs with and without VNNI (on this record's clips half the calls differ), so the
    record holds a reference per kernel family and the one for this CPU is compared."""
    from aural.listen import models
    from aural.train.bursts import check_probs, reference_probs

    model = E.burst_model()
    check = model.meta["check"]
    folder = C.data_root() / "emogator" / "audio"
    if not all((folder / name).exists() for name in check["paths"]):
        pytest.skip("the EmoGator copy differs from the one the weights were trained on")
    recorded = reference_probs(check, models.int8_kernels())
    if recorded is None:
        pytest.skip(f"no check reference for {models.int8_kernels()} kernels "
                    "(python -m aural.train.bursts --add-check adds one)")
    probs, recorded = check_probs(model, check["paths"]), np.array(recorded)
    assert np.mean(probs.argmax(1) == recorded.argmax(1)) >= 0.9
    assert np.abs(probs - recorded).max() < 0.1


@needs_emogator
def test_a_laugh_in_a_clip_is_a_burst_with_times_and_a_positive_emotion():
    """A real EmoGator amusement burst (a laugh) placed 3 s into 7 s of quiet room noise: the evidence names
    the burst where it is, as laughter, with a positive, amused-leaning reading."""
    from aural.listen.events import score_events
    from aural.listen.emotion import analyze_bursts

    ls = C.load_set("emogator-bursts")
    rng = np.random.default_rng(0)
    found = None
    for i in np.flatnonzero(ls.labels == "amusement")[:6]:  # the first contributors' laughs
        laugh = _read(ls.paths[i])
        x = (rng.standard_normal(7 * E.SAMPLE_RATE) * 1e-4).astype(np.float32)
        x[3 * E.SAMPLE_RATE: 3 * E.SAMPLE_RATE + len(laugh)] += laugh[: 4 * E.SAMPLE_RATE]
        bursts = analyze_bursts(x, score_events(x), 7.0)
        laughs = [b for b in bursts if "augh" in b.sound or b.sound in ("Giggle", "Snicker", "Chuckle, chortle")]
        if laughs:
            found = (laughs[0], len(laugh) / E.SAMPLE_RATE)
            break
    assert found is not None, "YAMNet heard no laughter in six real laughs"
    b, dur = found
    assert 2.0 <= b.start <= 3.0 + dur and b.start < b.end <= 7.0
    assert set(b.scores) == set(E.BURST_CLASSES) and abs(sum(b.scores.values()) - 1) < 0.01
    assert b.leaning in E.BURST_CLASSES and 0 < b.confidence <= 0.9
    assert b.valence > 0 and b.scores["amusement"] == max(b.scores.values())


@needs_emogator
def test_wordless_vocal_sounds_are_not_someone_speaking_a_language():
    """Real vocal bursts (EmoGator pain and relief sounds of the first contributors) pass the voice-activity
    check and Whisper writes them as "Oh." or "Aye!": the main sound names no language, and when the voice
    wins it is said as a voice without clear words, not as someone speaking English."""
    from aural.answer.compose import compose
    from aural.audio.decode import Clip
    from aural.listen.pipeline import listen

    ls = C.load_set("emogator")
    said = []
    for lab in ("pain", "relief", "disgust"):
        for i in np.flatnonzero(ls.labels == lab)[:3]:
            ev = listen(Clip(_read(ls.paths[i]), "wav", "pcm_f32le", E.SAMPLE_RATE, 1))
            answer = compose(ev, "What is the main sound in this clip? Answer in a few words.")
            said.append(answer)
            assert not any(w in answer for w in ("English", "German", "French", "Spanish", "speaking")), answer
            if ev.speech.language is not None and ev.speech.text:
                from aural.languages import lexical_words

                if lexical_words(ev.speech.text) < 2:
                    assert ev.speech.language.uncertain, (ev.speech.text, ev.speech.language)
    assert any("voice" in a or "groan" in a.lower() or "sigh" in a.lower() for a in said), said


@needs_emogator
def test_offered_emotions_are_chosen_from_a_burst_when_there_are_no_words():
    """Real EmoGator anger bursts (groans and grunts, no words; the first twelve contributors) asked as users
    ask, four options and one word: where the engine hears no speech but a burst, the option is chosen from the
    burst's emotion, not the first option by default. (The burst model learned these contributors: this
    checks the answer's path.)"""
    from aural.answer.respond import parse, plan_for_question, respond
    from aural.audio.decode import Clip
    from aural.listen.pipeline import listen

    question = "Which emotion does the speaker express: happy, sad, afraid, or angry? Answer with one word."
    parsed = parse(question)
    ls = C.load_set("emogator-bursts")
    wordless = []
    for i in np.flatnonzero(ls.labels == "anger")[:12]:
        ev = listen(Clip(_read(ls.paths[i]), "wav", "pcm_f32le", E.SAMPLE_RATE, 1), plan=plan_for_question(parsed))
        if not ev.speech.present and any(b.emotion == "anger" for b in ev.bursts):
            answer, _ = respond(ev, question, parsed)
            wordless.append(answer)
            long_answer, _ = respond(ev, "Which emotion does the speaker express: happy, sad, afraid, or angry?")
            assert "without words" in long_answer, long_answer
    assert len(wordless) >= 2, "YAMNet heard under two wordless anger bursts in twelve real ones"
    assert all(a.strip(".").lower() == "angry" for a in wordless), wordless


@needs_emogator
def test_a_clear_laugh_beside_speech_read_unclearly_decides_the_offered_emotion_but_a_shout_does_not():
    """Real EmoGator laughs that the engine hears as speech too: when the speech emotion is unclear, the laugh's
    clear amusement picks 'happy'; the same evidence whose bursts are shouts (raised speech's own sound) keeps the
    voice model's leaning."""
    from aural.answer.respond import parse, plan_for_question, respond
    from aural.audio.decode import Clip
    from aural.listen.pipeline import listen

    question = "Which emotion does the speaker express: happy, sad, afraid, or angry? Answer with one word."
    parsed = parse(question)
    ls = C.load_set("emogator-bursts")
    for i in np.flatnonzero(ls.labels == "amusement")[:12]:
        ev = listen(Clip(_read(ls.paths[i]), "wav", "pcm_f32le", E.SAMPLE_RATE, 1), plan=plan_for_question(parsed))
        laughs = [b for b in ev.bursts if b.emotion == "amusement" and b.confidence > 0.5]
        if ev.speech.present and ev.voice is not None and ev.voice.emotion is not None and laughs:
            break
    else:
        pytest.skip("no laugh among twelve that the engine hears both as speech and as a clear burst")
    sad = {c: (0.34 if c == "sad" else 0.11) for c in E.CLASSES}
    unclear = ev.voice.emotion.model_copy(update={"label": "unclear", "leaning": "sad", "unclear": True,
                                                  "confidence": 0.3, "scores": sad})
    ev = ev.model_copy(update={"voice": ev.voice.model_copy(update={"emotion": unclear})})
    assert respond(ev, question, parsed)[0].strip(".").lower() == "happy"
    shouts = ev.model_copy(update={"bursts": [b.model_copy(update={"sound": "Yell"}) for b in ev.bursts]})
    assert respond(shouts, question, parsed)[0].lower().startswith("sad")
