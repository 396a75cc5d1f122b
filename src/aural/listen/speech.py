"""Speech: voice activity (Silero VAD v6, checked against YAMNet), spoken language and transcript.

Whisper only ever sees audio the VAD kept and YAMNet agreed was voice, because Whisper on music or
noise loops or invents text (see MODELS.md). Language ID runs on up to 30 s of that speech; the
transcript is greedy, never conditioned on earlier text, with one capped temperature fallback, and
segments that look invented are dropped (`transcriber.py`). All times are seconds in the original clip.
"""

from __future__ import annotations

import numpy as np

from aural.languages import LANGUAGE_NAMES, too_few_words
from aural.audio.decode import SAMPLE_RATE
from aural.listen import models
from aural.listen.events import EventScores, group_score
from aural.listen.evidence import LabelScore, LanguageGuess, Span, SpeechEvidence, TranscriptSegment
from aural.listen.transcriber import WHISPER_PAD_S, JoinedSpeech, first_window, join_speech, transcribe_blocks

# Silero VAD: split at silences of 0.3 s so pauses show as gaps; pad little so gaps stay honest.
VAD_THRESHOLD = 0.5
# A lone short word often stays under Silero's threshold while YAMNet hears it plainly: when YAMNet hears a
# voice this clearly and the first pass kept nothing, Silero listens again this leniently (in clips up to a
# minute: a long upload with no speech, a song say, is not worth a second pass).
VAD_RETRY_THRESHOLD = 0.2
VOICE_RETRY_PEAK = 0.5
VAD_RETRY_MAX_S = 60.0
VAD_MIN_SPEECH_MS = 200
VAD_MIN_SILENCE_MS = 300
VAD_PAD_MS = 100
# YAMNet cross-check: a VAD span counts as speech only where YAMNet hears a voice.
VOICE_GROUPS = ("Speech", "Shout", "Whispering")
VOICE_PEAK_MIN = 0.3        # some patch of the span must score at least this as voice
VOICE_MEAN_MIN = 0.12       # and the span on average at least this
VOICE_OFF = 0.08            # patches below this are "not voice" ...
VOICE_OFF_RUN_S = 2.0       # ... and runs of them this long are cut out of long VAD spans
MUSIC_DOMINANCE = 2.5       # a span whose music score is this many times its voice score is music
MASKED_VOICE_PEAK_MIN = 0.15  # a masked voice: YAMNet hears at least a trace of it ...
MASKED_VAD_MIN = 0.8          # ... and Silero's mean speech probability over the span is this high
MIN_SPEECH_S = 0.3          # less than this in the whole clip is not reported as speech

LANG_ID_S = 30.0            # language ID listens to at most this much speech (one Whisper window)
UNCERTAIN_BELOW = 0.5
N_CANDIDATES = 5
MIN_LANGUAGE_SPEECH_S = 1.5  # language ID on less speech than this is a guess, whatever its probability


def analyze_speech(samples: np.ndarray, es: EventScores,
                   max_transcribe_s: float = 3600.0,
                   word_timestamps: bool = False) -> SpeechEvidence:
    """Voice activity, language and transcript of mono float32 16 kHz `samples`.

    `confidence` is how sure the engine is that the clip holds speech (low for present=False).
    The three steps are also public (`speech_activity`, `speech_language`, `speech_transcript`) so a
    listening plan can stop after any of them.
    """
    activity, spans = speech_activity(samples, es)
    if not activity.present:
        return activity
    model = models.whisper()
    language, first, blocks = speech_language(model, samples, spans, max_transcribe_s)
    transcript, transcribed = speech_transcript(model, samples, spans, language.code, max_transcribe_s,
                                                word_timestamps, first, blocks)
    text = " ".join(s.text for s in transcript).strip()
    return activity.model_copy(update={
        "language": settle_language(language, activity.speech_seconds, text), "transcript": transcript,
        "text": text, "transcribed_seconds": round(transcribed, 2)})


def speech_activity(samples: np.ndarray, es: EventScores) -> tuple[SpeechEvidence, list[tuple[float, float]]]:
    """Where the clip holds speech (Silero VAD, checked against YAMNet): the evidence without language or
    transcript, and the kept spans in seconds, unrounded (what language ID and Whisper hear)."""
    samples = np.ascontiguousarray(samples, dtype=np.float32)
    duration = len(samples) / SAMPLE_RATE
    if len(samples) < SAMPLE_RATE // 10 or not np.any(samples):
        return SpeechEvidence(present=False, confidence=0.0), []

    raw = vad_spans(samples)
    spans, voice_scores = _confirm_with_yamnet(raw, es, duration, samples)
    speech_s = float(sum(b - a for a, b in spans))
    if speech_s < MIN_SPEECH_S and duration <= VAD_RETRY_MAX_S and es.n and _voice_curve(es).max() >= VOICE_RETRY_PEAK:
        # YAMNet hears a voice Silero was not sure of; YAMNet must still confirm each span of the retry
        retry, retry_scores = _confirm_with_yamnet(vad_spans(samples, VAD_RETRY_THRESHOLD), es, duration, samples)
        if sum(b - a for a, b in retry) > speech_s:
            spans, voice_scores = retry, {**voice_scores, **retry_scores}
            speech_s = float(sum(b - a for a, b in spans))
    if speech_s < MIN_SPEECH_S:
        rejected = max(voice_scores.values(), default=0.0)
        return SpeechEvidence(present=False, confidence=round(min(0.3, 0.3 * rejected), 3)), []

    vad_prob = _silero_mean_prob(samples, spans)
    voice = float(np.average([voice_scores[s] for s in spans], weights=[b - a for a, b in spans]))
    confidence = (0.5 * vad_prob + 0.5 * voice) * min(1.0, 0.5 + speech_s / 4.0)
    return SpeechEvidence(
        present=True,
        confidence=round(float(np.clip(confidence, 0.0, 1.0)), 3),
        segments=[Span(start=round(a, 2), end=round(b, 2)) for a, b in spans],
        speech_seconds=round(speech_s, 2),
        speech_ratio=round(min(1.0, speech_s / max(duration, 1e-9)), 4),
    ), spans


def speech_language(model, samples: np.ndarray, spans: list[tuple[float, float]], max_transcribe_s: float
                    ) -> tuple[LanguageGuess, tuple | None, list[JoinedSpeech]]:
    """The spoken language of the speech `spans`, and what the transcript can reuse: (language, the
    first window's (features, encoder output) or None, the Whisper blocks).

    When the transcript will cover the language-ID window, that window is the transcript's first one,
    encoded once for both (so the language is the same whether or not the transcript follows)."""
    speech_s = float(sum(b - a for a, b in spans))
    blocks = join_speech(samples, spans, max_transcribe_s, WHISPER_PAD_S) if max_transcribe_s > 0 else []
    if blocks and max_transcribe_s >= min(speech_s, LANG_ID_S):
        first = first_window(model, blocks[0].audio)
        return _guess_from_encoder(model, first[1]), first, blocks
    return detect_language(model, samples, spans), None, blocks


def speech_transcript(model, samples: np.ndarray, spans: list[tuple[float, float]], language: str | None,
                      max_transcribe_s: float, word_timestamps: bool, first: tuple | None = None,
                      blocks: list[JoinedSpeech] | None = None, prompt: str | None = None,
                      task: str = "transcribe") -> tuple[list[TranscriptSegment], float]:
    """The transcript of the speech `spans` (at most `max_transcribe_s` of it) and the seconds heard;
    `first` and `blocks` from `speech_language` save re-encoding its window."""
    if blocks is None:
        blocks = join_speech(samples, spans, max_transcribe_s, WHISPER_PAD_S) if max_transcribe_s > 0 else []
    return transcribe_blocks(model, blocks, spans, language, word_timestamps, first, prompt, task=task)


# --- voice activity -------------------------------------------------------------------------------

def vad_spans(samples: np.ndarray, threshold: float = VAD_THRESHOLD) -> list[tuple[float, float]]:
    """Silero VAD v6 (faster-whisper's bundled ONNX) speech spans in seconds."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    opts = VadOptions(threshold=threshold, min_speech_duration_ms=VAD_MIN_SPEECH_MS,
                      min_silence_duration_ms=VAD_MIN_SILENCE_MS, speech_pad_ms=VAD_PAD_MS)
    stamps = get_speech_timestamps(samples, opts, sampling_rate=SAMPLE_RATE)
    return [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in stamps if s["end"] > s["start"]]


def _patch_range(es: EventScores, a: float, b: float) -> tuple[int, int]:
    """Patches overlapping [a, b) as a half-open index range (at least one patch when any exist)."""
    i0 = max(0, int(np.floor((a - es.win_s) / es.hop_s)) + 1)
    i1 = min(es.n, int(np.ceil(b / es.hop_s)))
    if i1 <= i0:
        i0 = min(max(0, int(a // es.hop_s)), max(es.n - 1, 0))
        i1 = min(es.n, i0 + 1)
    return i0, i1


def _confirm_with_yamnet(spans: list[tuple[float, float]], es: EventScores,
                         duration: float, samples: np.ndarray) -> tuple[list[tuple[float, float]], dict]:
    """Keep the VAD spans YAMNet hears as voice; cut long non-voice stretches out of long spans.

    A louder sound (a siren, a band) can mask the voice for YAMNet: a span YAMNet hears only faintly
    is still kept when Silero itself is sure of it.

    Returns the kept spans and a voice score for every span judged (kept or not).
    """
    if es.n == 0:
        return [], {}
    voice = _voice_curve(es)
    music = group_score(es, "Music")
    off_run = max(2, int(round(VOICE_OFF_RUN_S / es.hop_s)))
    kept: list[tuple[float, float]] = []
    scores: dict[tuple[float, float], float] = {}
    for a, b in spans:
        for pa, pb in _split_on_silent_voice(a, b, voice, es, off_run):
            i0, i1 = _patch_range(es, pa, pb)
            v, m = voice[i0:i1], music[i0:i1]
            vmean, vpeak = float(v.mean()), float(v.max())
            score = 0.5 * vmean + 0.5 * vpeak
            scores[(pa, pb)] = score
            weak = vpeak < VOICE_PEAK_MIN or vmean < VOICE_MEAN_MIN
            music_led = float(m.mean()) > MUSIC_DOMINANCE * vmean
            if weak or music_led:
                if vpeak < MASKED_VOICE_PEAK_MIN or _silero_mean_prob(samples, [(pa, pb)]) < MASKED_VAD_MIN:
                    continue
            kept.append((max(0.0, pa), min(duration, pb)))
    return kept, scores


def _voice_curve(es: EventScores) -> np.ndarray:
    """Per YAMNet patch, the strongest of its voice groups."""
    return np.max([group_score(es, g) for g in VOICE_GROUPS], axis=0)


def _split_on_silent_voice(a: float, b: float, voice: np.ndarray, es: EventScores,
                           off_run: int) -> list[tuple[float, float]]:
    i0, i1 = _patch_range(es, a, b)
    if i1 - i0 < off_run + 2:
        return [(a, b)]
    off = voice[i0:i1] < VOICE_OFF
    pieces: list[tuple[float, float]] = []
    start = a
    j = 0
    n = len(off)
    while j < n:
        if not off[j]:
            j += 1
            continue
        k = j
        while k < n and off[k]:
            k += 1
        if k - j >= off_run:
            # patches i0+j .. i0+k-1 hear no voice: the gap is where only they cover the audio
            gap_a = (i0 + j) * es.hop_s + (es.win_s - es.hop_s)
            gap_b = (i0 + k) * es.hop_s
            if gap_b > gap_a:
                if gap_a > start:
                    pieces.append((start, min(gap_a, b)))
                start = max(start, gap_b)
        j = k
    if b > start:
        pieces.append((start, b))
    return [(p, q) for p, q in pieces if q - p > 0.05] or []


def _silero_mean_prob(samples: np.ndarray, spans: list[tuple[float, float]],
                      budget_s: float = 60.0) -> float:
    """Mean Silero speech probability over the kept spans (re-run on at most `budget_s` of them,
    spread across the clip)."""
    from faster_whisper.vad import get_vad_model

    total_s = sum(b - a for a, b in spans)
    if total_s > budget_s:
        keep = max(1, int(len(spans) * budget_s / total_s))
        spans = [spans[i] for i in np.unique(np.linspace(0, len(spans) - 1, keep).round().astype(int))]
    model = get_vad_model()
    total, weight = 0.0, 0
    for a, b in spans:
        b = min(b, a + budget_s)
        seg = samples[int(a * SAMPLE_RATE): int(b * SAMPLE_RATE)]
        if len(seg) == 0:
            continue
        seg = np.pad(seg, (0, (-len(seg)) % 512))
        probs = np.asarray(model(seg)).ravel()
        total += float(probs.sum())
        weight += probs.size
    return total / weight if weight else 0.0


# --- language ID ----------------------------------------------------------------------------------

def settle_language(language: LanguageGuess, speech_seconds: float, text: str | None = None) -> LanguageGuess:
    """The guess marked uncertain when too little speech was heard to tell a language, or when the
    transcript (`text`, when there is one) holds fewer than `MIN_LEXICAL_WORDS` real words: Whisper names
    a language for a laugh or a groan as readily as for a sentence."""
    short = speech_seconds < MIN_LANGUAGE_SPEECH_S
    wordless = text is not None and too_few_words(text)
    if language.uncertain or not (short or wordless):
        return language
    return language.model_copy(update={"uncertain": True})


def _guess_from_encoder(model, encoder_output) -> LanguageGuess:
    results = model.model.detect_language(encoder_output)[0]
    ranked = sorted(((tok[2:-2], float(p)) for tok, p in results), key=lambda kv: -kv[1])
    code, prob = ranked[0]
    return LanguageGuess(
        code=code, name=LANGUAGE_NAMES.get(code, code), probability=round(prob, 4),
        uncertain=prob < UNCERTAIN_BELOW,
        candidates=[LabelScore(label=c, score=round(p, 4)) for c, p in ranked[:N_CANDIDATES]])


def detect_language(model, samples: np.ndarray, spans: list[tuple[float, float]]) -> LanguageGuess:
    """Whisper language ID on the first 30 s of VAD speech (joined), with the top candidates."""
    blocks = join_speech(samples, spans, LANG_ID_S, pad_s=WHISPER_PAD_S)
    audio = blocks[0].audio if blocks else samples[:SAMPLE_RATE]
    _, encoder_output = first_window(model, audio)
    return _guess_from_encoder(model, encoder_output)
