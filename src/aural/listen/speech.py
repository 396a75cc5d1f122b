"""Speech: voice activity (Silero VAD v6, checked against YAMNet), spoken language and transcript.

Whisper only ever sees audio the VAD kept and YAMNet agreed was voice, because Whisper on music or
noise loops or invents text (see MODELS.md). Language ID runs on up to 30 s of that speech; the
transcript is greedy, never conditioned on earlier text, with one capped temperature fallback, and
segments that look invented are dropped. All times are seconds in the original clip.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import numpy as np

from aural.languages import LANGUAGE_NAMES
from aural.audio.decode import SAMPLE_RATE
from aural.listen import models
from aural.listen.emotion import WINDOW_FRAMES, WindowPooler, content_mel, encode_window
from aural.listen.events import EventScores, group_score
from aural.listen.evidence import LabelScore, LanguageGuess, Span, SpeechEvidence, TranscriptSegment, Word

# Silero VAD: split at silences of 0.3 s so pauses show as gaps; pad little so gaps stay honest.
VAD_THRESHOLD = 0.5
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

WHISPER_PAD_S = 0.2         # context added around each speech span before Whisper hears it
WHISPER_BLOCK_S = 600.0     # concatenated speech is transcribed in blocks of at most this length
TEMPERATURES = (0.0, 0.4)   # greedy, then at most one sampled retry
# Hallucination filters applied after Whisper's own (no_speech 0.6 with logprob -1, ratio 2.4).
MAX_COMPRESSION = 2.4
NO_SPEECH_DROP = 0.5
LOGPROB_WITH_NO_SPEECH = -0.7
LOGPROB_DROP = -1.6
_STOCK_PHRASES = re.compile(
    r"(thanks? (you )?for watching|subscribe|subtitles? by|amara\.org|untertitel|sous-titr|"
    r"sottotitoli|please like|see you next time)", re.I)


def analyze_speech(samples: np.ndarray, es: EventScores,
                   max_transcribe_s: float = 3600.0,
                   word_timestamps: bool = False,
                   pooler: WindowPooler | None = None) -> SpeechEvidence:
    """Voice activity, language and transcript of mono float32 16 kHz `samples`.

    `confidence` is how sure the engine is that the clip holds speech (low for present=False).
    `pooler` (the voice-emotion features) is shown every Whisper encoder window as it is computed.
    The three steps are also public (`speech_activity`, `speech_language`, `speech_transcript`) so a
    listening plan can stop after any of them.
    """
    activity, spans = speech_activity(samples, es)
    if not activity.present:
        return activity
    model = models.whisper()
    if pooler is not None:
        pooler.start(spans)
    language, first, blocks = speech_language(model, samples, spans, max_transcribe_s, pooler)
    transcript, transcribed = speech_transcript(model, samples, spans, language.code, max_transcribe_s,
                                                word_timestamps, first, blocks, pooler)
    return activity.model_copy(update={
        "language": language, "transcript": transcript,
        "text": " ".join(s.text for s in transcript).strip(), "transcribed_seconds": round(transcribed, 2)})


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


def speech_language(model, samples: np.ndarray, spans: list[tuple[float, float]], max_transcribe_s: float,
                    pooler: WindowPooler | None = None) -> tuple[LanguageGuess, tuple | None, list]:
    """The spoken language of the speech `spans`, and what the transcript can reuse: (language, the
    first window's (features, encoder output) or None, the Whisper blocks).

    When the transcript will cover the language-ID window, that window is the transcript's first one,
    encoded once for both (so the language is the same whether or not the transcript follows)."""
    speech_s = float(sum(b - a for a, b in spans))
    blocks = _join(samples, spans, max_transcribe_s, WHISPER_PAD_S) if max_transcribe_s > 0 else []
    if blocks and max_transcribe_s >= min(speech_s, LANG_ID_S):
        first = _first_window(model, blocks[0].audio)
        return _guess_from_encoder(model, first[1]), first, blocks
    return detect_language(model, samples, spans, pooler), None, blocks


def speech_transcript(model, samples: np.ndarray, spans: list[tuple[float, float]], language: str | None,
                      max_transcribe_s: float, word_timestamps: bool, first: tuple | None = None,
                      blocks: list | None = None,
                      pooler: WindowPooler | None = None, prompt: str | None = None,
                      task: str = "transcribe") -> tuple[list[TranscriptSegment], float]:
    """The transcript of the speech `spans` (at most `max_transcribe_s` of it) and the seconds heard;
    `first` and `blocks` from `speech_language` save re-encoding its window."""
    if blocks is None:
        blocks = _join(samples, spans, max_transcribe_s, WHISPER_PAD_S) if max_transcribe_s > 0 else []
    return _transcribe_blocks(model, blocks, spans, language, word_timestamps, first, prompt, pooler=pooler,
                              task=task)


def emotion_windows(model, samples: np.ndarray, spans: list[tuple[float, float]], pooler: WindowPooler,
                    max_transcribe_s: float, first: tuple | None = None, blocks: list | None = None) -> None:
    """Show `pooler` the Whisper encoder windows that hold its segments, without transcribing: the
    windows are cut from the transcriber's own blocks (the first one is the transcriber's first window
    exactly; later ones sit at fixed 30 s steps where the decoder would seek by its timestamps).
    Call `pooler.start(spans)` first."""
    if blocks is None:
        blocks = _join(samples, spans, max_transcribe_s, WHISPER_PAD_S) if max_transcribe_s > 0 else []
    window_s = WINDOW_FRAMES / 100
    for bi, block in enumerate(blocks):
        features = first[0] if bi == 0 and first is not None else None
        n_frames = int(np.ceil(len(block.audio) / SAMPLE_RATE * 100))
        for seek in range(0, max(n_frames, 1), WINDOW_FRAMES):
            w0, w1 = seek / 100, seek / 100 + window_s
            if not any(_overlaps(block, w0, w1, a, b) for a, b in pooler.segments):
                continue
            if features is None:
                features = model.feature_extractor(block.audio)
            mel = content_mel(features)[:, seek: seek + WINDOW_FRAMES]
            if mel.shape[-1] == 0:
                continue
            out = first[1] if bi == 0 and seek == 0 and first is not None else encode_window(model, mel)
            pooler.add(block.pieces, w0, mel, out)


def _overlaps(block: "_Concat", w0: float, w1: float, a: float, b: float) -> bool:
    """Whether clip span [a, b) lies partly inside joined-audio window [w0, w1) of `block`."""
    for clip_start, joined_start, length in block.pieces:
        lo, hi = max(a, clip_start), min(b, clip_start + length)
        if hi > lo and joined_start + (lo - clip_start) < w1 and joined_start + (hi - clip_start) > w0:
            return True
    return False


# --- voice activity -------------------------------------------------------------------------------

def vad_spans(samples: np.ndarray) -> list[tuple[float, float]]:
    """Silero VAD v6 (faster-whisper's bundled ONNX) speech spans in seconds."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    opts = VadOptions(threshold=VAD_THRESHOLD, min_speech_duration_ms=VAD_MIN_SPEECH_MS,
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
    voice = np.max([group_score(es, g) for g in VOICE_GROUPS], axis=0)
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


# --- Whisper ----------------------------------------------------------------------------------------

@dataclass
class _Concat:
    """Speech spans joined end to end, with the map back to clip time."""

    audio: np.ndarray
    concat_starts: list[float]   # where each piece starts in the joined audio (s)
    clip_starts: list[float]     # where it starts in the clip (s)
    lengths: list[float]
    speech_s: float              # VAD speech seconds inside (padding excluded)

    @property
    def pieces(self) -> list[tuple[float, float, float]]:
        """(clip start, joined start, length) of each piece, in seconds."""
        return list(zip(self.clip_starts, self.concat_starts, self.lengths))

    def to_clip(self, t: float, is_end: bool = False) -> float:
        if not self.concat_starts:
            return t
        i = bisect.bisect_right(self.concat_starts, t) - 1
        if is_end and i > 0 and abs(t - self.concat_starts[i]) < 1e-6:
            i -= 1  # an end exactly on a seam belongs to the piece before it
        i = max(0, i)
        off = min(max(t - self.concat_starts[i], 0.0), self.lengths[i])
        return self.clip_starts[i] + off


def _join(samples: np.ndarray, spans: list[tuple[float, float]], budget_s: float,
          pad_s: float) -> list[_Concat]:
    """Pad spans, merge overlaps, stop after `budget_s` of speech, split into Whisper blocks."""
    n = len(samples)
    padded: list[list[float]] = []
    speech_in: list[float] = []
    used = 0.0
    for a, b in spans:
        if used >= budget_s:
            break
        if used + (b - a) > budget_s:
            b = a + (budget_s - used)
        used += b - a
        pa, pb = max(0.0, a - pad_s), min(n / SAMPLE_RATE, b + pad_s)
        if padded and pa <= padded[-1][1]:
            padded[-1][1] = max(padded[-1][1], pb)
            speech_in[-1] += b - a
        else:
            padded.append([pa, pb])
            speech_in.append(b - a)
    blocks: list[_Concat] = []
    pieces: list[np.ndarray] = []
    cs: list[float] = []
    ks: list[float] = []
    ls: list[float] = []
    pos, sp = 0, 0.0

    def flush() -> None:
        if pieces:
            blocks.append(_Concat(np.concatenate(pieces), cs.copy(), ks.copy(), ls.copy(), sp))

    for (pa, pb), s_in in zip(padded, speech_in):
        i0, i1 = int(pa * SAMPLE_RATE), int(pb * SAMPLE_RATE)
        while i1 > i0:
            room = int(WHISPER_BLOCK_S * SAMPLE_RATE) - pos
            if room <= 0:
                flush()
                pieces, cs, ks, ls, pos, sp = [], [], [], [], 0, 0.0
                continue
            j1 = min(i1, i0 + room)
            pieces.append(samples[i0:j1])
            cs.append(pos / SAMPLE_RATE)
            ks.append(i0 / SAMPLE_RATE)
            ls.append((j1 - i0) / SAMPLE_RATE)
            sp += s_in * (j1 - i0) / max(int(pb * SAMPLE_RATE) - int(pa * SAMPLE_RATE), 1)
            pos += j1 - i0
            i0 = j1
    flush()
    return blocks


def _first_window(model, audio: np.ndarray) -> tuple[np.ndarray, object]:
    """Whisper log-mel of `audio` and the encoder output of its first 30 s window.

    The window is cut exactly as faster-whisper's own decoding loop cuts it, so the encoder output can
    be handed to `generate_segments` for the first window instead of encoding it twice.
    """
    features = model.feature_extractor(audio)
    return features, encode_window(model, content_mel(features))


def _window_mel(features: np.ndarray) -> np.ndarray:
    """The log-mel frames of the first window, as the decoding loop cuts them."""
    return content_mel(features)[:, :WINDOW_FRAMES]


class _EncoderTap:
    """Stands in for the WhisperModel inside faster-whisper's decoding loop to see each window it
    encodes: the loop slices `features` at a seek it keeps to itself, found here by matching."""

    def __init__(self, model, features: np.ndarray, on_window) -> None:
        self._model, self._on_window = model, on_window
        self._content = content_mel(features)  # what the loop slices its windows from
        self._from = 0

    def __getattr__(self, name: str):
        return getattr(self._model, name)

    def encode(self, segment: np.ndarray):
        out = self._model.encode(segment)
        seek = self._seek_of(segment)
        if seek is not None:
            self._from = seek
            self._on_window(seek / 100.0, self._content[:, seek: seek + segment.shape[-1]], out)
        return out

    def _seek_of(self, segment: np.ndarray) -> int | None:
        feats = self._content
        head = segment[:, :1]
        for s in np.flatnonzero(np.all(feats[:, self._from:] == head, axis=0)) + self._from:
            k = min(32, feats.shape[-1] - s)
            if np.array_equal(feats[:, s: s + k], segment[:, :k]):
                return int(s)
        return None


def _guess_from_encoder(model, encoder_output) -> LanguageGuess:
    results = model.model.detect_language(encoder_output)[0]
    ranked = sorted(((tok[2:-2], float(p)) for tok, p in results), key=lambda kv: -kv[1])
    code, prob = ranked[0]
    return LanguageGuess(
        code=code, name=LANGUAGE_NAMES.get(code, code), probability=round(prob, 4),
        uncertain=prob < UNCERTAIN_BELOW,
        candidates=[LabelScore(label=c, score=round(p, 4)) for c, p in ranked[:N_CANDIDATES]])


def detect_language(model, samples: np.ndarray, spans: list[tuple[float, float]],
                    pooler: WindowPooler | None = None) -> LanguageGuess:
    """Whisper language ID on the first 30 s of VAD speech (joined), with the top candidates."""
    blocks = _join(samples, spans, LANG_ID_S, pad_s=WHISPER_PAD_S)
    audio = blocks[0].audio if blocks else samples[:SAMPLE_RATE]
    features, encoder_output = _first_window(model, audio)
    if pooler is not None and blocks:
        pooler.add(blocks[0].pieces, 0.0, _window_mel(features), encoder_output)
    return _guess_from_encoder(model, encoder_output)


def _looks_invented(seg) -> bool:
    text = seg.text.strip()
    if not text or not re.search(r"\w", text):
        return True
    if seg.compression_ratio > MAX_COMPRESSION:
        return True
    if seg.no_speech_prob > NO_SPEECH_DROP and seg.avg_logprob < LOGPROB_WITH_NO_SPEECH:
        return True
    if seg.avg_logprob < LOGPROB_DROP:
        return True
    if _STOCK_PHRASES.search(text) and (seg.no_speech_prob > 0.2 or seg.avg_logprob < -0.6):
        return True
    return False


def _snap(t: float, spans: list[tuple[float, float]]) -> float:
    """Move a time that fell in Whisper's padding onto the nearest edge of a VAD span."""
    if not spans:
        return t
    i = bisect.bisect_right([a for a, _ in spans], t) - 1
    if i >= 0 and t <= spans[i][1]:
        return t
    before = spans[i][1] if i >= 0 else None
    after = spans[i + 1][0] if i + 1 < len(spans) else None
    options = [x for x in (before, after) if x is not None]
    return min(options, key=lambda x: abs(x - t))


def transcribe(model, samples: np.ndarray, spans: list[tuple[float, float]], language: str | None,
               max_transcribe_s: float = 3600.0, word_timestamps: bool = True,
               prompt: str | None = None, task: str = "transcribe") -> tuple[list[TranscriptSegment], float]:
    """Transcribe the speech spans (at most `max_transcribe_s` seconds of speech), times in clip time;
    `task="translate"` gives English text of speech in `language` (Whisper's translate task).

    Returns the kept segments and the speech seconds Whisper heard.
    """
    if max_transcribe_s <= 0:
        return [], 0.0
    blocks = _join(samples, spans, max_transcribe_s, pad_s=WHISPER_PAD_S)
    return _transcribe_blocks(model, blocks, spans, language, word_timestamps, None, prompt, task=task)


def _whisper_kwargs(language: str | None, word_timestamps: bool, prompt: str | None = None,
                    task: str = "transcribe") -> dict:
    return dict(language=language, initial_prompt=prompt or None, task=task, beam_size=1, best_of=2,
                temperature=list(TEMPERATURES), condition_on_previous_text=False,
                compression_ratio_threshold=MAX_COMPRESSION, log_prob_threshold=-1.0,
                no_speech_threshold=0.6, word_timestamps=word_timestamps, vad_filter=False,
                without_timestamps=False)


def _segments(model, audio: np.ndarray, language: str | None, word_timestamps: bool, first,
              prompt: str | None = None, on_window=None, task: str = "transcribe"):
    """Whisper segments of `audio`; `first` = (features, encoder output of window 0) skips one encode;
    `on_window(start_s, mel, encoder_output)` sees every window the decoding loop encodes."""
    kwargs = _whisper_kwargs(language, word_timestamps, prompt, task)
    if (first is not None or on_window is not None) and language is not None and not prompt:
        try:
            from faster_whisper.tokenizer import Tokenizer

            # transcribe() is lazy: on a stub it only builds the options faster-whisper would use.
            _, info = model.transcribe(np.zeros(SAMPLE_RATE // 10, np.float32), **kwargs)
            tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual,
                                  task=task, language=language)
            features, encoder_output = first if first is not None else (model.feature_extractor(audio), None)
            runner = model
            if on_window is not None:
                if encoder_output is not None:
                    on_window(0.0, _window_mel(features), encoder_output)
                runner = _EncoderTap(model, features, on_window)
            return type(model).generate_segments(runner, features, tokenizer, info.transcription_options,
                                                 False, encoder_output)
        except (AttributeError, TypeError):  # a faster-whisper without these internals
            pass
    segments, _info = model.transcribe(audio, **kwargs)
    return segments


def _transcribe_blocks(model, blocks: list[_Concat], spans: list[tuple[float, float]],
                       language: str | None, word_timestamps: bool,
                       first, prompt: str | None = None,
                       pooler: WindowPooler | None = None,
                       task: str = "transcribe") -> tuple[list[TranscriptSegment], float]:
    out: list[TranscriptSegment] = []
    heard = 0.0
    for bi, block in enumerate(blocks):
        heard += block.speech_s
        on_window = None
        if pooler is not None:
            def on_window(start_s: float, mel: np.ndarray, encoder_output, pieces=block.pieces) -> None:
                pooler.add(pieces, start_s, mel, encoder_output)
        for seg in _segments(model, block.audio, language, word_timestamps, first if bi == 0 else None,
                             prompt, on_window, task):
            if _looks_invented(seg):
                continue
            words = []
            for w in seg.words or []:
                if not w.word.strip():
                    continue
                ws = _snap(block.to_clip(float(w.start)), spans)
                we = max(ws, _snap(block.to_clip(float(w.end), is_end=True), spans))
                words.append(Word(start=round(ws, 2), end=round(we, 2), text=w.word.strip(),
                                  probability=round(float(np.clip(w.probability, 0, 1)), 3)))
            start = _snap(block.to_clip(float(seg.start)), spans)
            end = max(start, _snap(block.to_clip(float(seg.end), is_end=True), spans))
            if words:
                start, end = min(start, words[0].start), max(end, words[-1].end)
            out.append(TranscriptSegment(start=round(start, 2), end=round(end, 2),
                                         text=seg.text.strip(), words=words))
    return out, heard
