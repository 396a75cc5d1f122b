"""The embedded default provider: aural's own listening engine, offline."""

from __future__ import annotations

from aural.answer.respond import parse, plan_for_question, respond
from aural.audio.decode import Clip
from aural.config import get_settings
from aural.listen import models
from aural.listen.cache import cache_from_settings, listen_cached
from aural.listen.speech import speech_language, speech_transcript, vad_spans
from aural.providers.base import Answer, Transcript


class LocalProvider:
    """Answers from the engine's evidence; transcribes the speech Silero VAD finds with Whisper.

    `understand` listens only as far as the question needs (its listening plan, or everything with
    `include_evidence`), through the evidence cache when the operator keeps one."""

    def understand(self, clip: Clip, question: str, include_evidence: bool = False) -> Answer:
        parsed = parse(question)
        evidence = listen_cached(clip, plan_for_question(parsed, include_evidence), cache_from_settings())
        text, parsed_json = respond(evidence, question, parsed)
        return Answer(text=text, evidence=evidence, question=parsed_json)

    def transcribe(self, clip: Clip, language: str | None, prompt: str | None,
                   word_timestamps: bool = True) -> Transcript:
        return self._speech(clip, language, prompt, word_timestamps, "transcribe")

    def translate(self, clip: Clip, prompt: str | None, word_timestamps: bool = False) -> Transcript:
        """English text of speech in any language; `language` of the result is the one spoken."""
        return self._speech(clip, None, prompt, word_timestamps, "translate")

    def _speech(self, clip: Clip, language: str | None, prompt: str | None, word_timestamps: bool,
                task: str) -> Transcript:
        spans = vad_spans(clip.samples)
        if not spans:
            return Transcript(text="", language=language, duration_s=clip.duration_s)
        model = models.whisper()
        max_s = get_settings().max_transcribe_s
        first = blocks = None
        if language is None:
            # The language-ID window is the transcript's first window: encoded once for both.
            guess, first, blocks = speech_language(model, clip.samples, spans, max_s)
            language = guess.code
        segments, _ = speech_transcript(model, clip.samples, spans, language, max_s, word_timestamps, first,
                                        blocks, prompt=prompt, task=task)
        return Transcript(text=" ".join(s.text for s in segments).strip(), language=language,
                          duration_s=clip.duration_s, segments=segments)
