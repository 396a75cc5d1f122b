"""The embedded default provider: aural's own listening engine, offline."""

from __future__ import annotations

from aural.audio.decode import Clip
from aural.config import get_settings
from aural.listen import models
from aural.listen.pipeline import listen
from aural.listen.speech import detect_language, transcribe, vad_spans
from aural.providers.base import Answer, Transcript


class LocalProvider:
    """Answers from the engine's evidence; transcribes the speech Silero VAD finds with Whisper."""

    def understand(self, clip: Clip, question: str) -> Answer:
        from aural.answer.respond import respond

        evidence = listen(clip)
        text, parsed = respond(evidence, question)
        return Answer(text=text, evidence=evidence, question=parsed)

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
        if language is None:
            language = detect_language(model, clip.samples, spans).code
        segments, _ = transcribe(model, clip.samples, spans, language, get_settings().max_transcribe_s,
                                 word_timestamps=word_timestamps, prompt=prompt, task=task)
        return Transcript(text=" ".join(s.text for s in segments).strip(), language=language,
                          duration_s=clip.duration_s, segments=segments)
