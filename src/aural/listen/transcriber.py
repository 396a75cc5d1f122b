"""Whisper transcription of the kept speech: spans joined into blocks, decoded window by window.

Whisper only hears the speech spans, padded a little and joined end to end into blocks of at most
`WHISPER_BLOCK_S`; times map back to the clip through each block's pieces. Decoding is greedy, never
conditioned on earlier text, with one capped temperature fallback; segments that look invented are
dropped. The language-ID window is encoded once and handed to the decoder.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from aural.audio.decode import SAMPLE_RATE
from aural.listen.evidence import TranscriptSegment, Word
from aural.listen.whisper_constants import N_FRAMES, content_mel

WHISPER_PAD_S = 0.2         # context added around each speech span before Whisper hears it
WHISPER_BLOCK_S = 600.0     # concatenated speech is transcribed in blocks of at most this length
TEMPERATURES = (0.0,)   # greedy only: a sampled retry gave unclear speech different words on every run
# Whisper's own filter (its defaults): a window with no-speech probability over 0.6 and mean log
# probability under -1.0 is skipped as silence.
WHISPER_NO_SPEECH_THRESHOLD = 0.6
WHISPER_LOGPROB_THRESHOLD = -1.0
# Hallucination filters applied after Whisper's own.
MAX_COMPRESSION = 2.4       # gzip compression ratio of the text above this: a loop (also Whisper's own)
NO_SPEECH_DROP = 0.5
LOGPROB_WITH_NO_SPEECH = -0.7
LOGPROB_DROP = -1.6
_STOCK_PHRASES = re.compile(
    r"(thanks? (you )?for watching|subscribe|subtitles? by|amara\.org|untertitel|sous-titr|"
    r"sottotitoli|please like|see you next time)", re.I)
STOCK_NO_SPEECH_MIN = 0.2   # a stock phrase is dropped when the no-speech probability is above this ...
STOCK_LOGPROB_MAX = -0.6    # ... or its mean log probability below this

@dataclass
class JoinedSpeech:
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


def join_speech(samples: np.ndarray, spans: list[tuple[float, float]], budget_s: float,
          pad_s: float) -> list[JoinedSpeech]:
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
    blocks: list[JoinedSpeech] = []
    pieces: list[np.ndarray] = []
    cs: list[float] = []
    ks: list[float] = []
    ls: list[float] = []
    pos, sp = 0, 0.0

    def flush() -> None:
        if pieces:
            blocks.append(JoinedSpeech(np.concatenate(pieces), cs.copy(), ks.copy(), ls.copy(), sp))

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


def first_window(model, audio: np.ndarray) -> tuple[np.ndarray, object]:
    """Whisper log-mel of `audio` and the encoder output of its first 30 s window.

    The window is cut exactly as faster-whisper's own decoding loop cuts it, so the encoder output can
    be handed to `generate_segments` for the first window instead of encoding it twice.
    """
    features = model.feature_extractor(audio)
    return features, encode_window(model, content_mel(features))


def encode_window(model, mel: np.ndarray) -> Any:
    """Encoder output of one window: the first 30 s of `mel`, zero-padded as faster-whisper pads it."""
    from faster_whisper.audio import pad_or_trim  # faster-whisper loads CTranslate2: only when encoding

    return model.encode(pad_or_trim(mel[:, :N_FRAMES]))


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
    if _STOCK_PHRASES.search(text) and (seg.no_speech_prob > STOCK_NO_SPEECH_MIN or seg.avg_logprob < STOCK_LOGPROB_MAX):
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
    blocks = join_speech(samples, spans, max_transcribe_s, pad_s=WHISPER_PAD_S)
    return transcribe_blocks(model, blocks, spans, language, word_timestamps, None, prompt, task=task)


def _whisper_kwargs(language: str | None, word_timestamps: bool, prompt: str | None = None,
                    task: str = "transcribe") -> dict:
    return dict(language=language, initial_prompt=prompt or None, task=task, beam_size=1, best_of=2,
                temperature=list(TEMPERATURES), condition_on_previous_text=False,
                compression_ratio_threshold=MAX_COMPRESSION, log_prob_threshold=WHISPER_LOGPROB_THRESHOLD,
                no_speech_threshold=WHISPER_NO_SPEECH_THRESHOLD, word_timestamps=word_timestamps, vad_filter=False,
                without_timestamps=False)


def _segments(model, audio: np.ndarray, language: str | None, word_timestamps: bool, first,
              prompt: str | None = None, task: str = "transcribe"):
    """Whisper segments of `audio`; `first` = (features, encoder output of window 0) skips one encode."""
    kwargs = _whisper_kwargs(language, word_timestamps, prompt, task)
    if first is not None and language is not None and not prompt:
        try:
            from faster_whisper.tokenizer import Tokenizer

            # transcribe() is lazy: on a stub it only builds the options faster-whisper would use.
            _, info = model.transcribe(np.zeros(SAMPLE_RATE // 10, np.float32), **kwargs)
            tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual,
                                  task=task, language=language)
            features, encoder_output = first
            return model.generate_segments(features, tokenizer, info.transcription_options, False,
                                           encoder_output)
        except (AttributeError, TypeError):  # a faster-whisper without these internals
            pass
    segments, _info = model.transcribe(audio, **kwargs)
    return segments


def transcribe_blocks(model, blocks: list[JoinedSpeech], spans: list[tuple[float, float]],
                       language: str | None, word_timestamps: bool,
                       first, prompt: str | None = None,
                       task: str = "transcribe") -> tuple[list[TranscriptSegment], float]:
    out: list[TranscriptSegment] = []
    heard = 0.0
    for bi, block in enumerate(blocks):
        heard += block.speech_s
        for seg in _segments(model, block.audio, language, word_timestamps, first if bi == 0 else None,
                             prompt, task):
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
