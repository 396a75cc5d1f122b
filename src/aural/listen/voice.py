"""Voice: how the speech sounds (pitch, loudness, rate, pauses, vocal events) and the gender rule.

Everything is measured on the VAD speech segments only. Long clips are sampled: at most
`MAX_ANALYSIS_S` seconds of speech, in windows spread evenly over the clip, so the cost stays bounded.
`prosodic_features` returns the plain numbers; gender is a rule-based estimate from pitch. Emotion
comes from `aural.listen.emotion`: the trained model over the Whisper encoder states of each speech
segment (no words), with the rule-based fallback when the model cannot run; the prosodic numbers here
supply the audible cues that justify the call.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from aural.audio.decode import SAMPLE_RATE
from aural.errors import ModelUnavailableError
from aural.listen.emotion.model import model_emotion
from aural.listen.emotion.rules import estimate_emotion
from aural.listen.events import EventScores, events_from_scores
from aural.listen.evidence import Estimate, SoundEvent, SpeechEvidence, VoiceEvidence
from aural.listen.voice_norms import GENDER_SPLIT_HZ, SHARED_PITCH_HZ

PITCH_FMIN = 60.0
PITCH_FMAX = 500.0
PYIN_FRAME = 1024           # 64 ms: two periods of 60 Hz
PYIN_HOP = 320              # 20 ms
PYIN_RESOLUTION = 0.25      # semitone grid of the pYIN HMM (0.1 costs 4x for no gain here)
MAX_ANALYSIS_S = 30.0       # speech seconds analysed at most (sampled across the clip): enough for stable pitch statistics
WINDOW_S = 6.0              # sampled window length
PAUSE_MIN_S = 0.3
MIN_VOICED_S = 0.8          # voiced speech needed before pitch-based estimates are made
NO_SPACE_LANGS = {"zh", "ja", "th", "lo", "my", "km", "yue", "bo"}

VOCAL_LABEL_KIND = {  # YAMNet vocal-event classes folded to the cues emotion reads
    "Shout": "shout", "Bellow": "shout", "Whoop": "shout", "Yell": "shout", "Children shouting": "shout",
    "Screaming": "shout", "Whispering": "whisper", "Laughter": "laughter", "Baby laughter": "laughter",
    "Giggle": "laughter", "Snicker": "laughter", "Belly laugh": "laughter",
    "Chuckle, chortle": "laughter", "Crying, sobbing": "crying", "Baby cry, infant cry": "crying",
    "Whimper": "crying", "Wail, moan": "crying", "Sigh": "sigh", "Groan": "sigh", "Grunt": "sigh",
}

def analyze_voice(samples: np.ndarray, speech: SpeechEvidence, es: EventScores,
                  emotion_features: tuple[list[tuple[float, float]], np.ndarray] | None = None
                  ) -> VoiceEvidence | None:
    """Voice measures and estimates for the speech in `samples`; None when there is no speech.

    `emotion_features`: (segments, feature rows) from `emotion.segment_features`; without
    them (or without the weights) emotion falls back to the rules over prosody and vocal events.
    """
    if not speech.present or not speech.segments:
        return None
    samples = np.ascontiguousarray(samples, dtype=np.float32)
    duration = len(samples) / SAMPLE_RATE
    spans = [(s.start, s.end) for s in speech.segments]
    words = _transcript_words(speech)
    feats = prosodic_features(samples, spans, words=words,
                              transcribed_s=speech.transcribed_seconds,
                              language=speech.language.code if speech.language else None)
    vocal = vocal_events(es, duration)
    feats.update(_event_cues(vocal))
    gender = estimate_gender(feats)
    gender_label = gender.label if gender and gender.confidence >= 0.6 else None
    emotion = None
    if emotion_features is not None and emotion_features[0]:
        try:
            emotion = model_emotion(*emotion_features, feats, gender_label)
        except ModelUnavailableError:
            emotion = None
    if emotion is None:
        emotion = estimate_emotion(feats, words, gender_label)
    return VoiceEvidence(
        pitch_median_hz=_r(feats["pitch_median_hz"], 1),
        pitch_p10_hz=_r(feats["pitch_p10_hz"], 1),
        pitch_p90_hz=_r(feats["pitch_p90_hz"], 1),
        pitch_range_semitones=_r(feats["pitch_range_semitones"], 2),
        voiced_ratio=round(float(feats["voiced_ratio"]), 3),
        loudness_db=_r(feats["loudness_db"], 1),
        loudness_variation_db=_r(feats["loudness_variation_db"], 1),
        speaking_rate_wps=_r(feats["speaking_rate_wps"], 2),
        speaking_rate_sps=_r(feats["speaking_rate_sps"], 2),
        pauses=int(feats["pauses"]),
        pause_seconds=round(float(feats["pause_seconds"]), 2),
        longest_pause_s=round(float(feats["longest_pause_s"]), 2),
        vocal_events=vocal,
        gender=gender,
        emotion=emotion,
    )


# --- features ---------------------------------------------------------------------------------------

def prosodic_features(samples: np.ndarray, spans: list[tuple[float, float]],
                      words: list[str] | None = None, transcribed_s: float | None = None,
                      language: str | None = None,
                      max_analysis_s: float = MAX_ANALYSIS_S) -> dict[str, Any]:
    """Plain prosodic numbers of the speech spans (seconds) of `samples`; None where not measurable.

    Keys: speech_seconds, analysed_seconds, pitch_median_hz, pitch_p10_hz, pitch_p90_hz,
    pitch_range_semitones, voiced_ratio, voiced_seconds, loudness_db, loudness_variation_db,
    speaking_rate_wps, speaking_rate_sps, pauses, pause_seconds, longest_pause_s, word_count.
    """
    speech_s = float(sum(b - a for a, b in spans))
    feats: dict[str, Any] = {"speech_seconds": speech_s}
    feats.update(pause_stats(spans))
    windows = sample_windows(spans, max_analysis_s)
    feats["analysed_seconds"] = float(sum(b - a for a, b in windows))
    chunks = [samples[int(a * SAMPLE_RATE): int(b * SAMPLE_RATE)] for a, b in windows]
    chunks = [c for c in chunks if len(c) >= PYIN_FRAME]
    feats.update(_pitch(chunks))
    feats.update(_loudness(chunks))
    feats["speaking_rate_sps"] = _syllable_rate(chunks)
    feats["word_count"] = len(words) if words is not None else None
    wps = None
    if words and transcribed_s and transcribed_s > 0.5 and language not in NO_SPACE_LANGS:
        wps = len(words) / transcribed_s
    feats["speaking_rate_wps"] = wps
    return feats


def pause_stats(spans: list[tuple[float, float]], min_pause_s: float = PAUSE_MIN_S) -> dict[str, float]:
    gaps = [b2 - a1 for (_, a1), (b2, _) in zip(spans, spans[1:]) if b2 - a1 > min_pause_s]
    return {"pauses": len(gaps), "pause_seconds": float(sum(gaps)),
            "longest_pause_s": float(max(gaps, default=0.0))}


def sample_windows(spans: list[tuple[float, float]], budget_s: float,
                   window_s: float = WINDOW_S) -> list[tuple[float, float]]:
    """Cut spans into windows of at most `window_s`; keep at most `budget_s` of them, evenly spread."""
    windows: list[tuple[float, float]] = []
    for a, b in spans:
        t = a
        while b - t > 1e-3:
            windows.append((t, min(b, t + window_s)))
            t += window_s
    total = sum(b - a for a, b in windows)
    if total <= budget_s or not windows:
        return windows
    keep = max(1, int(len(windows) * budget_s / total))
    idx = np.unique(np.linspace(0, len(windows) - 1, keep).round().astype(int))
    return [windows[i] for i in idx]


def _pitch(chunks: list[np.ndarray]) -> dict[str, Any]:
    import librosa

    f0s, n_frames = [], 0
    for c in chunks:
        f0, voiced, _ = librosa.pyin(c, fmin=PITCH_FMIN, fmax=PITCH_FMAX, sr=SAMPLE_RATE,
                                     frame_length=PYIN_FRAME, hop_length=PYIN_HOP,
                                     resolution=PYIN_RESOLUTION)
        n_frames += len(f0)
        f0s.append(f0[voiced & np.isfinite(f0)])
    f0 = np.concatenate(f0s) if f0s else np.zeros(0)
    out: dict[str, Any] = {"voiced_ratio": float(len(f0) / n_frames) if n_frames else 0.0,
                           "voiced_seconds": len(f0) * PYIN_HOP / SAMPLE_RATE}
    if len(f0) < 10:
        out.update(pitch_median_hz=None, pitch_p10_hz=None, pitch_p90_hz=None,
                   pitch_range_semitones=None)
        return out
    p10, med, p90 = np.percentile(f0, [10, 50, 90])
    out.update(pitch_median_hz=float(med), pitch_p10_hz=float(p10), pitch_p90_hz=float(p90),
               pitch_range_semitones=float(12 * np.log2(p90 / p10)))
    return out


def _loudness(chunks: list[np.ndarray]) -> dict[str, Any]:
    """Mean RMS of the speech in dBFS, and the spread (std) of its 100 ms levels while active."""
    if not chunks:
        return {"loudness_db": None, "loudness_variation_db": None}
    x = np.concatenate(chunks).astype(np.float64)
    rms = math.sqrt(float(np.mean(x * x)))
    if rms <= 1e-9:
        return {"loudness_db": None, "loudness_variation_db": None}
    frame = SAMPLE_RATE // 10
    n = len(x) // frame
    var = None
    if n >= 3:
        lv = 10 * np.log10(np.mean(x[: n * frame].reshape(n, frame) ** 2, axis=1) + 1e-12)
        active = lv[lv > lv.max() - 40]
        var = float(np.std(active)) if len(active) >= 3 else None
    return {"loudness_db": 20 * math.log10(rms), "loudness_variation_db": var}


def _syllable_rate(chunks: list[np.ndarray]) -> float | None:
    """Syllable-like nuclei per second: peaks of the smoothed 250-2500 Hz energy envelope."""
    from scipy.signal import find_peaks

    total_s = sum(len(c) for c in chunks) / SAMPLE_RATE
    if total_s < 0.5:
        return None
    n_fft, hop = 512, 160  # 10 ms hop
    freqs = np.fft.rfftfreq(n_fft, 1 / SAMPLE_RATE)
    band = (freqs >= 250) & (freqs <= 2500)
    window = np.hanning(n_fft).astype(np.float32)
    kernel = np.hanning(7)
    kernel /= kernel.sum()  # ~60 ms smoothing
    count = 0
    for c in chunks:
        if len(c) < n_fft:
            continue
        frames = np.lib.stride_tricks.sliding_window_view(c, n_fft)[::hop]
        energy = (np.abs(np.fft.rfft(frames * window, axis=1))[:, band] ** 2).sum(axis=1)
        env = 10 * np.log10(energy + 1e-10)
        env = np.convolve(env, kernel, mode="same")
        floor = np.percentile(env, 95) - 25
        peaks, _ = find_peaks(env, prominence=3.0, distance=8, height=floor)
        count += len(peaks)
    return count / total_s


def _transcript_words(speech: SpeechEvidence) -> list[str]:
    words: list[str] = []
    for seg in speech.transcript:
        if seg.words:
            words.extend(w.text for w in seg.words)
        else:
            words.extend(seg.text.split())
    return [w for w in words if re.search(r"\w", w)]


def vocal_events(es: EventScores, duration_s: float) -> list[SoundEvent]:
    """YAMNet events in the 'Vocal events' group: laughter, crying, shouting, whispering, sighs."""
    return [e for e in events_from_scores(es, duration_s) if "Vocal events" in e.groups]


def _event_cues(events: list[SoundEvent]) -> dict[str, float]:
    """Strongest peak score per vocal cue kind (shout, whisper, laughter, crying, sigh)."""
    cues = {f"event_{k}": 0.0 for k in ("shout", "whisper", "laughter", "crying", "sigh")}
    for e in events:
        kind = VOCAL_LABEL_KIND.get(e.label)
        if kind:
            key = f"event_{kind}"
            cues[key] = max(cues[key], e.score)
    return cues


# --- estimates --------------------------------------------------------------------------------------

def estimate_gender(feats: dict[str, Any]) -> Estimate | None:
    """'male' / 'female' from median pitch (an estimate: pitch is not gender)."""
    med = feats.get("pitch_median_hz")
    if med is None or feats.get("voiced_seconds", 0.0) < MIN_VOICED_S:
        return None
    # Logistic in semitones around GENDER_SPLIT_HZ (between the typical male and female voice).
    st = 12 * math.log2(med / GENDER_SPLIT_HZ)
    p_female = 1 / (1 + math.exp(-st / 1.3))
    label = "female" if p_female >= 0.5 else "male"
    p = max(p_female, 1 - p_female)
    amount = min(1.0, feats["voiced_seconds"] / 4.0)
    confidence = 0.5 + (min(p, 0.85) - 0.5) * (0.5 + 0.5 * amount)
    if SHARED_PITCH_HZ[0] <= med <= SHARED_PITCH_HZ[1]:
        confidence = min(confidence, 0.55)
    cues = [f"median pitch {med:.0f} Hz", "estimated from pitch alone"]
    if SHARED_PITCH_HZ[0] <= med <= SHARED_PITCH_HZ[1]:
        cues.append("pitch in the range shared by lower female and higher male voices")
    return Estimate(label=label, confidence=round(confidence, 3), cues=cues,
                    scores={"female": round(p_female, 3), "male": round(1 - p_female, 3)})


def _r(v: float | None, nd: int) -> float | None:
    return None if v is None else round(float(v), nd)
