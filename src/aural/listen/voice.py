"""Voice: how the speech sounds (pitch, loudness, rate, pauses, vocal events) and rule-based estimates.

Everything is measured on the VAD speech segments only. Long clips are sampled: at most
`MAX_ANALYSIS_S` seconds of speech, in windows spread evenly over the clip, so the cost stays bounded.
`prosodic_features` returns the plain numbers; gender is a rule-based estimate from pitch. Emotion
comes from the trained model in `aural.listen.emotion` (Whisper encoder states of each speech segment,
no words), with a per-segment timeline; the prosodic numbers only supply the audible cues that
justify the call. `estimate_emotion` (rules over prosody, vocal events and wording) remains as the
fallback when the trained model cannot run.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from aural.audio.decode import SAMPLE_RATE
from aural.errors import ModelUnavailableError
from aural.listen import emotion as emo_model
from aural.listen.events import EventScores, events_from_scores
from aural.listen.evidence import (EmotionEstimate, EmotionSegment, Estimate, SoundEvent, SpeechEvidence,
                                   VocalBurst, VoiceEvidence)

PITCH_FMIN = 60.0
PITCH_FMAX = 500.0
PYIN_FRAME = 1024           # 64 ms: two periods of 60 Hz
PYIN_HOP = 320              # 20 ms
PYIN_RESOLUTION = 0.25      # semitone grid of the pYIN HMM (0.1 costs 4x for no gain here)
MAX_ANALYSIS_S = 30.0       # speech seconds analysed at most (sampled across the clip): enough for stable pitch statistics
WINDOW_S = 6.0              # sampled window length
PAUSE_MIN_S = 0.3
MIN_VOICED_S = 0.8          # voiced speech needed before pitch-based estimates are made
MAX_RULE_CONFIDENCE = 0.7   # a rule-based emotion call is never surer than this
MAX_MODEL_CONFIDENCE = 0.9  # nor a trained one (it learned from acted German speech)
EMOTION_CLASSES = emo_model.CLASSES
GENERIC_CUE = "the voice's timbre and delivery as a whole"
TIMELINE_SUMMARY_MIN = 4    # segments (about 12 s of speech) before the timeline is told in words
NO_SPACE_LANGS = {"zh", "ja", "th", "lo", "my", "km", "yue", "bo"}

VOCAL_LABEL_KIND = {  # YAMNet vocal-event classes folded to the cues emotion reads
    "Shout": "shout", "Bellow": "shout", "Whoop": "shout", "Yell": "shout", "Children shouting": "shout",
    "Screaming": "shout", "Whispering": "whisper", "Laughter": "laughter", "Baby laughter": "laughter",
    "Giggle": "laughter", "Snicker": "laughter", "Belly laugh": "laughter",
    "Chuckle, chortle": "laughter", "Crying, sobbing": "crying", "Baby cry, infant cry": "crying",
    "Whimper": "crying", "Wail, moan": "crying", "Sigh": "sigh", "Groan": "sigh", "Grunt": "sigh",
}

# A small lexicon (en, fr, de, es, it, pt); matched on lower-cased word tokens.
POSITIVE_WORDS = frozenset("""
good great love lovely wonderful amazing awesome excellent happy glad fantastic beautiful nice
perfect thanks thank enjoy enjoyed fun brilliant delighted excited best yay wow cool pleased
super superb terrific fabulous joy congratulations glorious like
bon bonne bien génial super merci heureux heureuse magnifique parfait excellent adore formidable
joie content contente bravo
gut toll super danke glücklich wunderbar schön prima perfekt liebe freude großartig herrlich
bueno buena bien genial gracias feliz maravilloso maravillosa perfecto excelente encanta alegría
estupendo hermoso hermosa
buono buona bene grazie felice meraviglioso perfetto bellissimo ottimo
bom boa obrigado obrigada feliz maravilhoso perfeito ótimo lindo
""".split())
NEGATIVE_WORDS = frozenset("""
bad terrible awful horrible hate hated angry sad upset worst annoying annoyed stupid sorry
disappointed disappointing afraid scared worried tired sick pain hurt cry crying damn hell no never
wrong problem fail failed failure miserable furious ridiculous disgusting unfortunately lonely
depressed stressed frustrating frustrated useless shut
mauvais mauvaise terrible horrible déteste triste fâché fâchée nul nulle fatigué fatiguée peur
malheureusement colère problème pire
schlecht schrecklich furchtbar hasse traurig wütend müde leider angst problem schlimm blöd
malo mala terrible horrible odio triste enfadado enojado cansado cansada miedo desgraciadamente
problema peor
cattivo terribile orribile odio triste arrabbiato stanco paura purtroppo
mau má terrível horrível odeio triste cansado medo infelizmente
""".split())

LABELS = ("angry", "frustrated", "happy", "excited", "calm", "sad", "tired", "neutral")
# Where each label sits on (arousal, valence).
_LABEL_CENTRES = {
    "angry": (0.75, -0.7), "frustrated": (0.3, -0.5), "happy": (0.35, 0.65),
    "excited": (0.8, 0.45), "calm": (-0.5, 0.35), "sad": (-0.45, -0.6),
    "tired": (-0.75, -0.15), "neutral": (0.0, 0.0),
}


def analyze_voice(samples: np.ndarray, speech: SpeechEvidence, es: EventScores,
                  emotion_features: tuple[list[tuple[float, float]], np.ndarray] | None = None
                  ) -> VoiceEvidence | None:
    """Voice measures and estimates for the speech in `samples`; None when there is no speech.

    `emotion_features`: (segments, feature rows) from the speech analyzer's `WindowPooler`; without
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
    # Logistic in semitones around 167 Hz (between typical male ~120 and female ~210 Hz).
    st = 12 * math.log2(med / 167.0)
    p_female = 1 / (1 + math.exp(-st / 1.3))
    label = "female" if p_female >= 0.5 else "male"
    p = max(p_female, 1 - p_female)
    amount = min(1.0, feats["voiced_seconds"] / 4.0)
    confidence = 0.5 + (min(p, 0.85) - 0.5) * (0.5 + 0.5 * amount)
    if 150 <= med <= 185:
        confidence = min(confidence, 0.55)
    cues = [f"median pitch {med:.0f} Hz", "estimated from pitch alone"]
    if 150 <= med <= 185:
        cues.append("pitch in the range shared by lower female and higher male voices")
    return Estimate(label=label, confidence=round(confidence, 3), cues=cues,
                    scores={"female": round(p_female, 3), "male": round(1 - p_female, 3)})


def lexicon_valence(words: list[str]) -> tuple[float, list[str], list[str]]:
    """Valence in [-1, 1] from positive/negative words, with the words found."""
    toks = [re.sub(r"[^\w']", "", w.lower()) for w in words]
    pos = [t for t in toks if t in POSITIVE_WORDS]
    neg = [t for t in toks if t in NEGATIVE_WORDS]
    if not pos and not neg:
        return 0.0, [], []
    score = (len(pos) - len(neg)) / (len(pos) + len(neg) + 1.0)
    return float(np.clip(score * 1.3, -1, 1)), pos, neg


def estimate_emotion(feats: dict[str, Any], words: list[str] | None = None,
                     gender: str | None = None) -> EmotionEstimate:
    """Rule-based arousal/valence from prosody, vocal events and wording, mapped to a label."""
    cues: list[str] = []
    a_terms: list[float] = []  # each term roughly in [-1, 1]
    med, rng = feats.get("pitch_median_hz"), feats.get("pitch_range_semitones")
    if med is not None:
        base = {"male": 120.0, "female": 210.0}.get(gender or "", 160.0)
        level = float(np.clip(12 * math.log2(med / base) / 4.0, -1, 1))
        spread = float(np.clip((rng - 7.0) / 4.0, -1, 1)) if rng is not None else 0.0
        a_terms += [level, spread]
        if level > 0.4 or spread > 0.4:
            cues.append(f"{'high' if level > 0.4 else 'moderate'}, "
                        f"{'wide-ranging' if spread > 0.4 else 'steady'} pitch "
                        f"(median {med:.0f} Hz, {rng:.0f} semitones)")
        elif level < -0.4 or spread < -0.4:
            cues.append(f"{'low' if level < -0.4 else 'moderate'}, "
                        f"{'flat' if spread < -0.4 else 'varied'} pitch "
                        f"(median {med:.0f} Hz, {rng:.0f} semitones)")
    loud = feats.get("loudness_db")
    if loud is not None:
        lz = float(np.clip((loud + 22.0) / 8.0, -1, 1)) * 0.6  # level depends on the recording
        a_terms.append(lz)
        if loud > -14:
            cues.append(f"loud speech ({loud:.0f} dBFS)")
        elif loud < -35:
            cues.append(f"quiet speech ({loud:.0f} dBFS)")
    var = feats.get("loudness_variation_db")
    if var is not None:
        a_terms.append(float(np.clip((var - 6.0) / 4.0, -1, 1)) * 0.5)
    sps = feats.get("speaking_rate_sps")
    if sps is not None:
        rz = float(np.clip((sps - 4.5) / 1.5, -1, 1))
        a_terms.append(rz)
        if rz > 0.5:
            cues.append(f"fast speech ({sps:.1f} syllables/s)")
        elif rz < -0.5:
            cues.append(f"slow speech ({sps:.1f} syllables/s)")
    pause_share = feats.get("pause_seconds", 0.0) / max(feats.get("speech_seconds", 0.0)
                                                       + feats.get("pause_seconds", 0.0), 1e-9)
    if pause_share > 0.35 and feats.get("pauses", 0) >= 2:
        a_terms.append(-0.5)
        cues.append(f"long pauses ({feats['pauses']} pauses, {feats['pause_seconds']:.1f} s)")

    arousal = float(np.mean(a_terms)) if a_terms else 0.0
    shout, whisper = feats.get("event_shout", 0.0), feats.get("event_whisper", 0.0)
    laugh, cry, sigh = (feats.get("event_laughter", 0.0), feats.get("event_crying", 0.0),
                        feats.get("event_sigh", 0.0))
    if shout:
        arousal += 0.6 * shout
        cues.append(f"shouting heard (score {shout:.2f})")
    if whisper:
        arousal -= 0.4 * whisper
        cues.append(f"whispering heard (score {whisper:.2f})")
    if sigh:
        arousal -= 0.3 * sigh
        cues.append(f"sighs heard (score {sigh:.2f})")

    valence, v_weight = 0.0, 0.0
    lex, pos, neg = lexicon_valence(words or [])
    if pos or neg:
        w = min(1.0, 0.4 + 0.2 * (len(pos) + len(neg)))
        valence += lex * w
        v_weight += w
        if neg:
            cues.append("negative words: " + ", ".join(f"'{t}'" for t in _uniq(neg)[:4]))
        if pos:
            cues.append("positive words: " + ", ".join(f"'{t}'" for t in _uniq(pos)[:4]))
    if laugh:
        valence += 0.8 * laugh
        v_weight += laugh
        arousal += 0.2 * laugh
        cues.append(f"laughter heard (score {laugh:.2f})")
    if cry:
        valence -= 0.9 * cry
        v_weight += cry
        cues.append(f"crying heard (score {cry:.2f})")
    if sigh:
        valence -= 0.2 * sigh
    valence = float(np.clip(valence / max(v_weight, 1.0), -1, 1))
    arousal = float(np.clip(arousal, -1, 1))

    names = list(LABELS)
    d2 = np.array([(arousal - _LABEL_CENTRES[n][0]) ** 2 + (valence - _LABEL_CENTRES[n][1]) ** 2
                   for n in names])
    logits = -d2 / 0.15
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    best = int(np.argmax(probs))
    # How much there was to go on: prosody from enough speech, words, events.
    evidence = min(1.0, feats.get("voiced_seconds", 0.0) / 5.0) * 0.5 \
        + min(1.0, v_weight) * 0.3 + min(1.0, abs(arousal) + abs(valence)) * 0.2
    confidence = float(min(MAX_RULE_CONFIDENCE, probs[best] * (0.4 + 0.6 * evidence)))
    if not cues:
        cues.append("no strong prosodic or verbal cues")
    cues.append("rule-based estimate from prosody, vocal events and wording")
    return EmotionEstimate(label=names[best], confidence=round(confidence, 3), cues=cues,
                           scores={n: round(float(p), 3) for n, p in zip(names, probs)},
                           arousal=round(arousal, 3), valence=round(valence, 3))


# --- the trained emotion model ---------------------------------------------------------------------

def model_emotion(segs: list[tuple[float, float]], X: np.ndarray, feats: dict[str, Any],
                  gender: str | None = None) -> EmotionEstimate | None:
    """Emotion from the trained model: per-segment probabilities, pooled over the clip, with a timeline.

    `segs` and `X` are the segments (clip seconds) and their features (`emotion.WindowPooler`).
    Raises ModelUnavailableError when the weights cannot be loaded; None when no segment was heard.
    """
    from aural.listen import models

    if not segs:
        return None
    model = models.emotion_model()
    speech_s = sum(b - a for a, b in segs)
    plain = model.predict_proba(X)
    normalised = (len(segs) >= emo_model.MIN_NORM_SEGMENTS and speech_s >= emo_model.MIN_NORM_SPEECH_S
                  and model.normed is not None)
    if normalised:  # one voice heard long enough: also judge each segment against the voice's others
        normed = model.predict_proba(X, normalise=True)
        seg_p = np.sqrt(plain * normed)
        seg_p /= seg_p.sum(axis=1, keepdims=True)
    else:
        seg_p = plain
    w = np.array([b - a for a, b in segs])
    clip_p = (seg_p * w[:, None]).sum(axis=0) / w.sum()
    names = list(model.classes)
    scores = {n: round(float(p), 3) for n, p in zip(names, clip_p)}
    best = int(np.argmax(clip_p))
    label, top, unclear = emo_model.call(clip_p, tuple(names))
    # How unfamiliar the voice and channel are, and the chance the call is right on a corpus never heard.
    log_d = float(np.average(model.domain_distance(X), weights=w))
    out_of_domain = model.out_of_domain(log_d)
    confidence = float(model.calibrated(top, log_d))
    if out_of_domain and not unclear:
        label, unclear = "unclear", True
    arousal, valence = emo_model.arousal_valence(dict(zip(names, clip_p)))
    timeline = _timeline(segs, seg_p, names) if len(segs) >= 2 else []
    summary = _timeline_summary(timeline) if len(timeline) >= TIMELINE_SUMMARY_MIN else None
    cues = emotion_cues(feats, arousal, gender)
    if unclear:
        cues = [f"no emotion stands out (most probable {names[best]} at {top:.0%})"] + \
            [c for c in cues if not c.startswith(GENERIC_CUE)]
    if summary and "throughout" not in summary:
        cues.append(f"over time: {summary}")
    if normalised:
        cues.append("segments also compared with the same voice's other segments")
    if out_of_domain:
        cues.insert(0, "the voice or recording is unlike those the model learned from: hard to tell")
    cues.append("estimate from a voice model trained on acted German speech (EmoDB) and read speech in "
                "many voices (Common Voice), words not used")
    meta = model.meta
    return EmotionEstimate(
        label=label, leaning=names[best],
        confidence=round(min(confidence, MAX_MODEL_CONFIDENCE), 3), unclear=unclear, cues=cues, scores=scores,
        model_confidence=round(top, 3), out_of_domain=out_of_domain,
        domain_score=round(float(model.domain_score(log_d)), 3),
        arousal=round(arousal, 3), valence=round(valence, 3),
        model=f"{meta.get('data', 'emodb')}-whisper-nap-lda {meta.get('train_version', '?')}",
        timeline=timeline, summary=summary)


def _timeline(segs: list[tuple[float, float]], probs: np.ndarray, names: list[str]) -> list[EmotionSegment]:
    # Light smoothing over neighbours (weights 1-2-1) so one odd segment does not flip the story.
    sm = probs.copy()
    if len(probs) >= 3:
        sm[1:-1] = (probs[:-2] + 2 * probs[1:-1] + probs[2:]) / 4
    out = []
    for (a, b), p in zip(segs, sm):
        label, top, _ = emo_model.call(p, tuple(names))
        ar, va = emo_model.arousal_valence(dict(zip(names, p)))
        out.append(EmotionSegment(
            start=round(a, 2), end=round(b, 2), label=label,
            confidence=round(min(top, MAX_MODEL_CONFIDENCE), 3), arousal=round(ar, 3),
            valence=round(va, 3), scores={n: round(float(x), 3) for n, x in zip(names, p)}))
    return out


def _clock(t: float) -> str:
    return f"{int(t // 60)}:{int(t % 60):02d}"


def _timeline_summary(timeline: list[EmotionSegment]) -> str | None:
    """'neutral at first, angry from 0:42' — runs of one label, short blips (one segment) ignored."""
    if len(timeline) < 2:
        return None
    runs: list[list[Any]] = []  # [label, start, n]
    for seg in timeline:
        if runs and runs[-1][0] == seg.label:
            runs[-1][2] += 1
        else:
            runs.append([seg.label, seg.start, 1])
    if len(runs) > 1:
        runs = [r for r in runs if r[2] >= 2] or runs
        merged: list[list[Any]] = []
        for r in runs:
            if merged and merged[-1][0] == r[0]:
                merged[-1][2] += r[2]
            else:
                merged.append(list(r))
        runs = merged
    if len(runs) == 1:
        return f"{runs[0][0]} throughout"
    parts = [f"{runs[0][0]} at first"] + [f"{lab} from {_clock(start)}" for lab, start, _ in runs[1:4]]
    return ", ".join(parts)


TYPICAL_PITCH_HZ = {"male": 120.0, "female": 210.0, None: 160.0}


def pitch_level_semitones(median_hz: float, gender: str | None = None) -> float:
    """How far a voice's median pitch sits above (+) or below (-) a typical voice of its gender."""
    return 12 * math.log2(median_hz / TYPICAL_PITCH_HZ.get(gender, TYPICAL_PITCH_HZ[None]))


# (measure, above this it is a cue for excitement, how that reads, below this a cue for calm, how that reads)
_AROUSAL_CUES: tuple[tuple[str, float, str, float, str], ...] = (
    ("pitch_level", 2.0, "raised pitch (median {med:.0f} Hz)", -2.0, "low pitch (median {med:.0f} Hz)"),
    ("pitch_range_semitones", 9.0, "wide pitch range ({v:.0f} semitones)", 5.0, "flat pitch ({v:.0f} semitones)"),
    ("loudness_variation_db", 8.0, "strongly varying loudness ({v:.0f} dB spread)",
     4.0, "even loudness ({v:.0f} dB spread)"),
    ("loudness_db", -14.0, "loud speech ({v:.0f} dBFS)", -35.0, "quiet speech ({v:.0f} dBFS)"),
    ("speaking_rate_sps", 5.5, "fast speech ({v:.1f} syllables/s)", 3.5, "slow speech ({v:.1f} syllables/s)"),
)


def emotion_cues(feats: dict[str, Any], arousal: float, gender: str | None = None) -> list[str]:
    """Measured, audible cues that agree with the arousal of the call (never words, never invented)."""
    high: list[str] = []
    low: list[str] = []
    med = feats.get("pitch_median_hz")
    measures = dict(feats, pitch_level=pitch_level_semitones(med, gender) if med is not None else None)
    for name, above, high_text, below, low_text in _AROUSAL_CUES:
        v = measures.get(name)
        if v is not None and v > above:
            high.append(high_text.format(v=v, med=med))
        elif v is not None and v < below:
            low.append(low_text.format(v=v, med=med))
    speech_s, pause_s = feats.get("speech_seconds", 0.0), feats.get("pause_seconds", 0.0)
    if feats.get("pauses", 0) >= 2 and pause_s / max(speech_s + pause_s, 1e-9) > 0.35:
        low.append(f"long pauses ({feats['pauses']} pauses, {pause_s:.1f} s)")
    for kind, side in (("shout", high), ("laughter", high), ("crying", low), ("whisper", low), ("sigh", low)):
        score = feats.get(f"event_{kind}", 0.0)
        if score:
            verb = {"shout": "shouting", "crying": "crying", "whisper": "whispering", "laughter": "laughter",
                    "sigh": "sighs"}[kind]
            side.insert(0, f"{verb} heard (score {score:.2f})")
    if arousal > 0.15:
        cues = high
    elif arousal < -0.15:
        cues = low
    else:
        cues = []
    if not cues:
        cues = [GENERIC_CUE + " (no single pitch, loudness or rate cue stands out)"]
    return cues[:3]


# --- vocal bursts -----------------------------------------------------------------------------------

# YAMNet classes that mark a non-speech vocalisation (shouts and screams, laughter, crying, sighs,
# groans, grunts, gasps, panting, snorts): the spans the burst model judges.
BURST_SOUNDS = ("Shout", "Bellow", "Whoop", "Yell", "Screaming", "Laughter", "Giggle", "Snicker",
                "Belly laugh", "Chuckle, chortle", "Crying, sobbing", "Whimper", "Wail, moan", "Sigh",
                "Groan", "Grunt", "Gasp", "Pant", "Snort")
# A patch belongs to a burst when one of those classes scores this much: YAMNet then hears 56 % of
# EmoGator's bursts, and a burst in 5 % of EmoDB and Common Voice speech clips.
BURST_THRESHOLD = 0.15
MAX_BURSTS = 20
UNCLEAR_BURST_BELOW = 0.35  # top burst-emotion probability under this: 'unclear'


def analyze_bursts(samples: np.ndarray, es: EventScores, duration_s: float) -> list[VocalBurst]:
    """Vocal bursts heard by YAMNet, each with the emotion the burst model hears in it.

    Raises ModelUnavailableError when the burst weights cannot be loaded.
    """
    from aural.listen import ontology
    from aural.listen.events import spans_of

    if es.n == 0:
        return []
    names = ontology.class_names()
    idx = [names.index(n) for n in BURST_SOUNDS if n in names]
    track = es.track(idx)
    spans = spans_of(track >= BURST_THRESHOLD, max_gap=0)
    if not spans:
        return []
    spans = sorted(spans, key=lambda ab: -float(track[ab[0]: ab[1] + 1].max()))[:MAX_BURSTS]
    model = emo_model.burst_model()
    X = np.stack([emo_model.burst_features(
        es.scores[a: b + 1], samples[int(a * es.hop_s * SAMPLE_RATE): int((b * es.hop_s + es.win_s) * SAMPLE_RATE)])
        for a, b in spans])
    probs = model.predict_proba(X)
    out = []
    for (a, b), p in zip(spans, probs):
        seg = es.scores[a: b + 1][:, idx]
        best = int(np.argmax(seg.max(axis=0)))
        i = int(np.argmax(p))
        ar = sum(float(q) * emo_model.BURST_AV[c][0] for c, q in zip(model.classes, p))
        va = sum(float(q) * emo_model.BURST_AV[c][1] for c, q in zip(model.classes, p))
        unclear = bool(p[i] < UNCLEAR_BURST_BELOW)
        out.append(VocalBurst(
            start=round(a * es.hop_s, 2), end=round(min(duration_s, b * es.hop_s + es.win_s), 2),
            sound=names[idx[best]], sound_score=round(float(seg.max()), 3),
            emotion="unclear" if unclear else model.classes[i], leaning=model.classes[i],
            confidence=round(min(float(p[i]), MAX_MODEL_CONFIDENCE), 3),
            arousal=round(float(np.clip(ar, -1, 1)), 3), valence=round(float(np.clip(va, -1, 1)), 3),
            scores={c: round(float(q), 3) for c, q in zip(model.classes, p)}))
    return sorted(out, key=lambda v: v.start)


def _uniq(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _r(v: float | None, nd: int) -> float | None:
    return None if v is None else round(float(v), nd)
