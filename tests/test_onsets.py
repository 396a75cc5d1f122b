"""Onsets inside event spans: bursts (barks, knocks, beeps) counted exactly, also in noise and with echoes."""

from __future__ import annotations

import numpy as np
import pytest

from aural.listen.evidence import SoundEvent
from aural.listen.onsets import burst_onsets, clip_transients, energy_envelope, event_onsets

from audio_tools import SR


def _bark(rng: np.random.Generator) -> np.ndarray:
    """A bark-like burst: a falling harmonic tone with breath noise, fast attack, 70 ms decay."""
    t = np.arange(int(0.22 * SR)) / SR
    phase = 2 * np.pi * np.cumsum(450.0 * (1 - 0.3 * t / 0.22)) / SR
    x = sum(0.6 ** k * np.sin((k + 1) * phase) for k in range(6)) + 0.3 * rng.standard_normal(t.size)
    return x * np.minimum(1, t / 0.008) * np.exp(-t / 0.07)


def _knock(rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(0.12 * SR)) / SR
    x = np.sin(2 * np.pi * 180 * t) + 0.5 * np.sin(2 * np.pi * 530 * t) + 0.4 * rng.standard_normal(t.size)
    return x * np.exp(-t / 0.015)


def _beep(rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(0.15 * SR)) / SR
    return np.sin(2 * np.pi * 1000 * t) * np.minimum(1, np.minimum(t, 0.15 - t) / 0.005)


def burst_train(kind, gaps: list[float], echo: bool = False, seed: int = 0) -> tuple[np.ndarray, list[float]]:
    """Bursts separated by `gaps` (s) after 0.5 s of silence, levels varying by 3 dB; their start times."""
    rng = np.random.default_rng(seed)
    bursts = [kind(rng) for _ in range(len(gaps) + 1)]
    total = 1.0 + sum(len(b) for b in bursts) / SR + sum(gaps)
    y = np.zeros(int(total * SR), np.float32)
    t, times = 0.5, []
    for i, b in enumerate(bursts):
        s = int(t * SR)
        b = 0.4 * (0.7 + 0.3 * rng.random()) * b / np.abs(b).max()
        y[s: s + len(b)] += b
        if echo:  # a wall 25 m away: the burst again 150 ms later, 12 dB down
            d = s + int(0.15 * SR)
            y[d: d + len(b)] += 0.25 * b
        times.append(t)
        t += len(b) / SR + (gaps[i] if i < len(gaps) else 0.0)
    return y, times


def with_noise(y: np.ndarray, snr_db: float) -> np.ndarray:
    """White noise added `snr_db` below the power of the bursts (over their active samples)."""
    power = float(np.mean(y[np.abs(y) > 1e-4] ** 2))
    noise = np.random.default_rng(1).standard_normal(y.size) * np.sqrt(power / 10 ** (snr_db / 10))
    return (y + noise).astype(np.float32)


CASES = [(_bark, [0.3, 0.8, 0.5, 0.4]), (_knock, [0.3, 0.35, 0.6]), (_beep, [0.3, 0.5, 0.3, 0.8, 0.4])]


@pytest.mark.parametrize("kind,gaps", CASES, ids=["5 barks", "4 knocks", "6 beeps"])
@pytest.mark.parametrize("snr_db", [None, 10.0], ids=["clean", "10 dB SNR"])
@pytest.mark.parametrize("echo", [False, True], ids=["dry", "echo"])
def test_bursts_are_counted_exactly_at_their_starts(kind, gaps, snr_db, echo) -> None:
    y, times = burst_train(kind, gaps, echo=echo)
    if snr_db is not None:
        y = with_noise(y, snr_db)
    onsets = burst_onsets(energy_envelope(y))
    assert len(onsets) == len(times)
    assert np.allclose(onsets, times, atol=0.03)


def test_a_steady_sound_is_one_burst_not_many() -> None:
    t = np.arange(3 * SR) / SR
    hum = 0.3 * np.sin(2 * np.pi * 220 * t) * (1 + 0.2 * np.sin(2 * np.pi * 3 * t))  # 3 dB wobble
    y = np.concatenate([np.zeros(SR // 2), hum, np.zeros(SR // 2)]).astype(np.float32)
    assert burst_onsets(energy_envelope(y)) == [pytest.approx(0.5, abs=0.03)]
    assert burst_onsets(energy_envelope(np.zeros(SR, np.float32))) == []


def test_event_onsets_keep_to_the_padded_span() -> None:
    y, times = burst_train(_beep, [0.3, 0.5, 0.3, 0.8, 0.4])  # beeps at 0.5, 0.95, 1.6, 2.05, 3.0, 3.55
    ev = SoundEvent(label="Beep, bleep", index=481, groups=[], start=1.44, end=2.4, score=0.9, mean_score=0.8)
    whole = ev.model_copy(update={"start": 0.0, "end": len(y) / SR})
    part, full = event_onsets(y, [ev, whole])
    assert part.onsets == pytest.approx([1.6, 2.05], abs=0.03)  # 0.95 began before the padded span
    assert full.onsets == pytest.approx(times, abs=0.03)


def test_the_engine_counts_the_beeps_of_a_beep_event() -> None:
    from aural.audio.decode import Clip
    from aural.listen.pipeline import listen

    y, times = burst_train(_beep, [0.3, 0.5, 0.3, 0.8, 0.4])
    ev = listen(Clip(y, "wav", "pcm_s16le", SR, 1, None))
    beeps = [e for e in ev.events if e.label == "Beep, bleep"]
    assert beeps and not ev.warnings
    assert sorted({t for e in beeps for t in e.onsets}) == pytest.approx(times, abs=0.03)


@pytest.mark.parametrize("kind,gaps", CASES, ids=["5 barks", "4 knocks", "6 beeps"])
def test_clip_transients_find_every_burst_in_noise(kind, gaps) -> None:
    y, times = burst_train(kind, gaps)
    y = with_noise(np.concatenate([y, np.zeros(2 * SR, np.float32)]), 12.0)
    assert clip_transients(y) == pytest.approx(times, abs=0.03)


def test_a_swelling_sound_makes_no_transients() -> None:
    # Noise rising 24 dB over 6 s: every later stretch is louder than the clip's quiet start, but nothing
    # stands out from the level around it.
    n = 6 * SR
    gain = 10 ** (np.linspace(-24, 0, n) / 20)
    y = (0.3 * gain * np.random.default_rng(3).standard_normal(n)).astype(np.float32)
    assert clip_transients(y) == []


def test_a_count_of_bursts_no_class_names_says_so() -> None:
    from aural.answer.respond import respond
    from aural.audio.decode import Clip
    from aural.listen.pipeline import listen

    # Knocks as the tests synthesise them: YAMNet does not name them, but they are plainly four bursts.
    y, times = burst_train(_knock, [0.3, 0.35, 0.6])
    y = with_noise(np.concatenate([y, np.zeros(SR, np.float32)]), 15.0)
    ev = listen(Clip(y, "wav", "pcm_s16le", SR, 1, None))
    assert not any(e.label == "Knock" for e in ev.events)
    text, _ = respond(ev, "How many knocks are there?")
    assert text.startswith("I count four short bursts") and "low confidence" in text and "recognised" in text
    # Only bursts nothing else accounts for: on the steady hum above there is nothing to count.
    t = np.arange(3 * SR) / SR
    hum = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    text, _ = respond(listen(Clip(hum, "wav", "pcm_s16le", SR, 1, None)), "How many knocks are there?")
    assert "count is zero" in text


def _higher_beep(rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(0.15 * SR)) / SR
    return np.sin(2 * np.pi * 1250 * t) * np.minimum(1, np.minimum(t, 0.15 - t) / 0.005)


def test_repeats_of_one_sound_have_alike_profiles_and_other_sounds_do_not() -> None:
    from aural.answer.queries import REPEAT_SIM
    from aural.listen.onsets import burst_profiles, profile_similarity

    def profiles(kind, seed: int) -> list[list[float]]:
        y, times = burst_train(kind, [0.4, 0.5], seed=seed)
        return burst_profiles(with_noise(y, 15.0), times)

    beeps, higher, knocks, barks = (profiles(k, i) for i, k in enumerate((_beep, _higher_beep, _knock, _bark)))
    assert all(len(p) == 24 and min(p) >= 0.0 for p in beeps)
    same = [(beeps, beeps + higher), (knocks, knocks), (barks, barks)]   # a beep a little higher too
    assert min(profile_similarity(a, b) for xs, ys in same for a in xs for b in ys) >= REPEAT_SIM
    assert max(profile_similarity(a, b) for a in beeps for b in knocks + barks) < 0.8
    assert max(profile_similarity(a, b) for a in knocks for b in barks) < REPEAT_SIM


def test_a_count_adds_the_repeats_the_event_model_did_not_name() -> None:
    """Six beeps and two knocks, with the event model naming 'Beep' only over the last two beeps (as YAMNet
    does under noise): the count is six, not two and not eight."""
    from aural.answer.respond import respond

    rng = np.random.default_rng(3)
    y = np.zeros(9 * SR, np.float32)
    beeps = [0.5, 1.5, 2.5, 3.5, 6.5, 7.5]
    for t in beeps:
        b = _beep(rng)
        y[int(t * SR): int(t * SR) + b.size] += 0.3 * b
    for t in (4.5, 5.5):
        k = _knock(rng)
        y[int(t * SR): int(t * SR) + k.size] += 0.8 * k / np.abs(k).max()
    y = with_noise(y, 20.0)
    ev = _evidence_with_scores(y, [("Beep, bleep", 13, 17, 0.6)])   # 0.48 s patches: 'Beep' from 6.2 s on
    assert len(ev.transients) == 8
    text, _ = respond(ev, "How many times does it beep?")
    assert text.startswith("I count six bursts"), text
    assert "4 of them only by sounding like the rest" in text
    # without profiles (evidence from before 1.7) the count is what the event model named
    text, _ = respond(ev.model_copy(update={"transient_profiles": []}), "How many times does it beep?")
    assert text.startswith("I count two bursts"), text


def _evidence_with_scores(y: np.ndarray, named: list[tuple[str, int, int, float]]):
    """Evidence of `y` (real transients and profiles) with the event model naming each (class, first patch,
    last patch, score) over those 0.48 s patches: how YAMNet names a knock 'Chop' or a clap 'Camera'."""
    from aural.listen.events import EventScores, clip_labels, events_from_scores
    from aural.listen.evidence import Evidence, LevelsEvidence, MusicEvidence, SourceInfo, SpeechEvidence
    from aural.listen.ontology import index_of
    from aural.listen.onsets import burst_profiles

    dur = len(y) / SR
    s = np.zeros((int(dur / 0.48) + 1, 521), np.float32)
    for label, a, b, score in named:
        s[a:b, index_of(label)] = score
    es = EventScores(s)
    transients = clip_transients(y)
    return Evidence(source=SourceInfo(duration_s=dur, sample_rate=SR, source_format="wav", codec="pcm",
                                      source_sample_rate=SR, source_channels=1),
                    speech=SpeechEvidence(present=False, confidence=0.0),
                    music=MusicEvidence(present=False, confidence=0.0),
                    levels=LevelsEvidence(peak_dbfs=-6.0, rms_dbfs=-20.0, dynamic_range_db=20.0, silence_ratio=0.0,
                                          clipping_ratio=0.0),
                    events=event_onsets(y, events_from_scores(es, dur)), labels=clip_labels(es),
                    transients=transients, transient_profiles=burst_profiles(y, transients), analysed=["events"])


def test_a_count_takes_bursts_a_weak_name_covers_but_not_those_a_clear_name_explains() -> None:
    from aural.answer.respond import respond

    # Four knocks at 0.5-2.7 s; the event model names the first two 'Chop' at 0.5 (as YAMNet does with
    # synthetic knocks) and nothing over the rest: all four are the same sound, so the count is four.
    y, times = burst_train(_knock, [0.4, 0.6, 0.5])
    y = with_noise(np.concatenate([y, np.zeros(SR, np.float32)]), 20.0)
    assert len(clip_transients(y)) == 4
    ev = _evidence_with_scores(y, [("Chop", 0, 3, 0.5)])
    text, _ = respond(ev, "How many knocks are there?")
    assert text.startswith("I count four short bursts") and "low confidence" in text, text
    # Named 'Chop' over all four, weakly: still counted, and said what they were heard as.
    ev = _evidence_with_scores(y, [("Chop", 0, 7, 0.5)])
    text, _ = respond(ev, "How many knocks are there?")
    assert text.startswith("I count four short bursts"), text
    assert "heard as wood being chopped rather than knocks" in text, text
    # Named 'Knock' with high confidence: a question about barks counts none, and says what the bursts are.
    ev = _evidence_with_scores(y, [("Knock", 0, 7, 0.9)])
    text, _ = respond(ev, "How many barks are there?")
    assert text == "No barks were detected, so the count is zero (the four bursts heard are knocking).", text
    # ...also when the event model missed the last two: they sound like the knocks it named.
    ev = _evidence_with_scores(y, [("Knock", 0, 2, 0.9)])
    assert ev.events[-1].end < times[2]
    text, _ = respond(ev, "How many barks are there?")
    assert "count is zero" in text, text


def test_bursts_no_class_names_take_their_place_in_the_order() -> None:
    """Knocks YAMNet does not name, then a siren: the siren is not what comes first."""
    from aural.answer.respond import respond
    from aural.audio.decode import Clip
    from aural.demo import siren
    from aural.listen.pipeline import listen

    y, times = burst_train(_knock, [0.3, 0.35, 0.6])
    y = np.concatenate([y, np.zeros(SR, np.float32), 0.5 * siren(5.0).astype(np.float32)])
    ev = listen(Clip(y, "wav", "pcm_s16le", SR, 1, None))
    assert not any(e.label == "Knock" for e in ev.events) and any(e.label == "Siren" for e in ev.events)
    text, _ = respond(ev, "What sound comes first?")
    assert text.startswith("First comes a run of four short bursts (not recognised by name), from 0:00"), text
    assert "siren" in text.split(".")[1], text
    text, _ = respond(ev, "Does the siren come before the knocking?")
    assert text.startswith("No"), text
