"""What to listen for: a `Plan` names the parts of `Evidence` a question needs, so a clip is analysed
only as far as the question asks (on a 30-minute clip "Are there any sirens?" needs YAMNet alone, a few
seconds; "Describe the clip" needs everything, minutes).

The parts (`aural.listen.evidence.EVIDENCE_PARTS`) and what each fills:

    events        YAMNet: events (with onsets), labels, scene, vocal          always run
    music         music.present / confidence / spans / instruments / genres / moods (YAMNet)  always run
    levels        levels (LUFS, peak, curve, trend, fades, band, noise floor, reverb), live
    speech        speech.present / confidence / segments / speech_seconds / speech_ratio (Silero VAD)
    language      speech.language (Whisper language ID on the first speech)
    transcript    speech.transcript / text / transcribed_seconds (Whisper)
    voice         voice (pitch, loudness, rate, pauses, gender, vocal events, utterances), bursts
    emotion       voice.emotion (the emotion model on each speech segment: the middle of Whisper's encoder)
    music_detail  music.tempo_bpm / tempo_confidence / beat_regularity / key / mode / key_candidates /
                  energy / dynamics_db / tempo_curve

The intent -> parts table below is the one place that says which evidence answers which intent. The
intent names are the answer layer's (`aural.answer.intents.INTENTS`); this module only holds them as
strings (the listen layer never imports the answer layer). An intent not in the table gets everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from aural.listen.evidence import EVIDENCE_PARTS

ALWAYS = frozenset({"events", "music"})
# A part needs the parts it reads.
REQUIRES: dict[str, frozenset[str]] = {
    "language": frozenset({"speech"}),
    "transcript": frozenset({"speech", "language"}),
    "voice": frozenset({"speech"}),
    "emotion": frozenset({"speech", "voice"}),
    "music_detail": frozenset({"music"}),
}

_SOUND = ()  # YAMNet alone (events, and music presence from its scores): the parts every plan has
_LEVELS = ("levels",)
_VOICE = ("speech", "voice")
_WORDS = ("speech", "language", "transcript")
_EMOTION = ("speech", "voice", "emotion")
_MUSIC = ("music",)
_MUSIC_DETAIL = ("music", "music_detail")

INTENT_PARTS: dict[str, tuple[str, ...]] = {
    "description": EVIDENCE_PARTS,
    # sounds and their times: YAMNet
    "sound_presence": _SOUND, "event_count": _SOUND,
    # ... and where speech is one of the sources to weigh, name or order: the VAD too (cheap)
    "main_sound": _SOUND + ("speech",), "sound_list": _SOUND + ("speech",), "sound_timing": _SOUND + ("speech",),
    "order_first": _SOUND + ("speech",), "order_last": _SOUND + ("speech",),
    "order_relative": _SOUND + ("speech",), "duration": _SOUND + ("speech",),
    # the place: YAMNet's scene classes and the room's reverberation
    "scene": _SOUND + _LEVELS, "indoor_outdoor": _SOUND + _LEVELS,
    # the recording
    "live_studio": _LEVELS, "loudness": _LEVELS, "loudness_trend": _LEVELS, "audio_quality": _LEVELS,
    "clipping": _LEVELS, "reverb": _LEVELS, "phone_quality": _LEVELS,
    "silence": _LEVELS + _VOICE,
    # the voice
    "speaker_count": _VOICE, "speaker_gender": _VOICE, "speaker_age": _VOICE, "speaking_style": _VOICE,
    "voice_pitch": _VOICE, "question_intonation": _VOICE + _WORDS, "speaking_rate": _VOICE + _WORDS,
    "emotion": _EMOTION, "emotion_change": _EMOTION,
    # the words
    "language": ("speech", "language"), "transcript": _WORDS, "speech_topic": _WORDS, "word_count": _WORDS,
    # the music
    "music_presence": _MUSIC, "genre": _MUSIC, "era": _MUSIC, "music_mood": _MUSIC, "instruments": _MUSIC,
    "lead_instrument": _MUSIC, "vocals": _MUSIC, "singer_gender": _MUSIC + _VOICE,
    "tempo": _MUSIC_DETAIL, "tempo_change": _MUSIC_DETAIL, "key": _MUSIC_DETAIL,
    "energy": _LEVELS + _VOICE + _MUSIC_DETAIL,
    # what the engine cannot know: it says so from what it heard
    "limit_meaning": _WORDS + _EMOTION, "limit_sarcasm": _WORDS + _EMOTION, "limit_identity": _VOICE + _MUSIC,
}


def closure(parts: Iterable[str]) -> frozenset[str]:
    """`parts` with ALWAYS and everything they require."""
    out = set(ALWAYS) | set(parts)
    unknown = out - set(EVIDENCE_PARTS)
    if unknown:
        raise ValueError(f"unknown evidence part(s): {', '.join(sorted(unknown))}")
    while True:
        more = set().union(*(REQUIRES.get(p, frozenset()) for p in out)) - out
        if not more:
            return frozenset(out)
        out |= more


@dataclass(frozen=True)
class Plan:
    """The evidence parts to analyse (closed under REQUIRES, always holding ALWAYS)."""

    parts: frozenset[str]

    def __init__(self, parts: Iterable[str] = ()) -> None:
        object.__setattr__(self, "parts", closure(parts))

    @classmethod
    def everything(cls) -> "Plan":
        return cls(EVIDENCE_PARTS)

    def needs(self, part: str) -> bool:
        return part in self.parts

    @property
    def complete(self) -> bool:
        return self.parts >= set(EVIDENCE_PARTS)

    def __or__(self, other: "Plan") -> "Plan":
        return Plan(self.parts | other.parts)

    def __le__(self, other: "Plan") -> bool:
        return self.parts <= other.parts

    def ordered(self) -> list[str]:
        """The parts in EVIDENCE_PARTS order (what `Evidence.analysed` lists)."""
        return [p for p in EVIDENCE_PARTS if p in self.parts]


def plan_for(intents: Iterable[str], include_evidence: bool = False, extra: Iterable[str] = ()) -> Plan:
    """The plan for a question's intents: the union of their parts, plus `extra` parts the question's
    slots need (e.g. "speech" when it names a voice as a sound: "is anyone talking?"); everything for
    `include_evidence` (the caller asked to see all the evidence) or an intent this table does not know."""
    if include_evidence:
        return Plan.everything()
    parts: set[str] = set()
    for intent in intents:
        if intent not in INTENT_PARTS:
            return Plan.everything()
        parts.update(INTENT_PARTS[intent])
    parts.update(extra)
    return Plan(parts)


__all__ = ["Plan", "plan_for", "INTENT_PARTS", "ALWAYS", "REQUIRES", "closure", "EVIDENCE_PARTS"]
