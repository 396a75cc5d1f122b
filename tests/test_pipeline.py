"""The whole engine on clips whose truth the test knows, and the Evidence JSON contract."""

from __future__ import annotations

import numpy as np
import pytest

from aural.audio.decode import Clip
from aural.listen.evidence import Evidence
from aural.listen.pipeline import listen

from audio_tools import SR, silence, tone, white_noise


def clip_of(samples: np.ndarray) -> Clip:
    return Clip(samples.astype(np.float32), "wav", "pcm_s16le", SR, 1, None)


@pytest.mark.parametrize("name,samples", [
    ("silence", silence(4.0)),
    ("white noise", white_noise(4.0)),
])
def test_silence_and_noise_give_no_speech_no_language_no_music(name: str, samples: np.ndarray) -> None:
    ev = listen(clip_of(samples))
    assert ev.warnings == []
    assert not ev.speech.present and ev.speech.language is None and ev.speech.text == ""
    assert ev.voice is None
    assert not ev.music.present and ev.music.tempo_bpm is None and ev.music.key is None
    if name == "silence":
        assert ev.levels.silence_ratio == 1.0 and ev.levels.integrated_lufs is None
    else:
        assert ev.levels.silence_ratio == 0.0 and ev.levels.integrated_lufs is not None


def test_very_short_clip_is_analysed_without_warnings() -> None:
    ev = listen(clip_of(tone(440, 0.25)))
    assert ev.warnings == []
    assert ev.source.duration_s == pytest.approx(0.25)
    assert all(e.end <= 0.25 + 1e-6 for e in ev.events)


def test_evidence_round_trips_through_json() -> None:
    ev = listen(clip_of(np.concatenate([silence(1.0), tone(440, 2.0, 0.3)])))
    again = Evidence.model_validate_json(ev.model_dump_json())
    assert again == ev
    assert {"sound events", "speech", "voice", "music", "levels", "onsets"} <= set(ev.timings_s)


def test_loud_clipped_audio_is_reported() -> None:
    ev = listen(clip_of(np.clip(tone(220, 2.0, 1.5), -1, 1)))
    assert ev.levels.clipping_ratio > 0.1
    assert ev.levels.peak_dbfs == pytest.approx(0.0, abs=0.1)
