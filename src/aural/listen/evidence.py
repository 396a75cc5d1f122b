"""`Evidence`: the one intermediate representation between listening and answering.

Plain typed data with times in seconds from the clip's start and confidences in [0, 1].
Serialised to JSON with `Evidence.model_dump_json()`; the schema is versioned by `SCHEMA_VERSION`
(bump the minor for added fields, the major for renamed or removed ones) and documented in
docs/evidence.md; `Evidence.model_json_schema()` gives the machine-readable form.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.12"

# The parts of the evidence a listening plan can ask for (aural.listen.plan says what each fills).
# `Evidence.analysed` lists those that were analysed; a part not analysed holds its defaults, which
# say nothing about the clip (no speech analysed is not "no speech").
EVIDENCE_PARTS: tuple[str, ...] = ("events", "music", "levels", "speech", "language", "transcript", "voice",
                                   "emotion", "music_detail")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    start: float = Field(ge=0, description="seconds from the start of the clip")
    end: float = Field(ge=0)

    @property
    def duration(self) -> float:
        return self.end - self.start


class LabelScore(_Model):
    """A label with its confidence, e.g. an instrument, a genre or a language candidate."""

    label: str
    score: float = Field(ge=0, le=1)
    coverage: float | None = Field(default=None, ge=0, le=1,
                                   description="share of the clip where the label is active")


class SoundEvent(_Model):
    """One AudioSet class active over one time span (YAMNet)."""

    label: str
    index: int = Field(description="YAMNet/AudioSet class index (0-520)")
    groups: list[str] = Field(description="ontology path, broadest first, e.g. ['Sounds of things', 'Alarm']")
    start: float
    end: float
    score: float = Field(ge=0, le=1, description="peak score over the span")
    mean_score: float = Field(ge=0, le=1)
    onsets: list[float] = Field(default_factory=list,
                                description="start times of the distinct bursts inside the span (a bark, "
                                            "a knock, a beep), seconds; capped (added in 1.2)")


class SourceInfo(_Model):
    duration_s: float
    sample_rate: int = Field(description="rate the engine analysed at (16000)")
    source_format: str
    codec: str
    source_sample_rate: int
    source_channels: int
    size_bytes: int | None = None


class LanguageGuess(_Model):
    code: str = Field(description="ISO 639-1 code as Whisper names it")
    name: str
    probability: float = Field(ge=0, le=1)
    uncertain: bool = Field(description="true when the probability is below the reporting threshold")
    candidates: list[LabelScore] = Field(default_factory=list)


class Word(_Model):
    start: float
    end: float
    text: str
    probability: float = Field(ge=0, le=1)


class TranscriptSegment(_Model):
    start: float
    end: float
    text: str
    words: list[Word] = Field(default_factory=list)


class SpeechEvidence(_Model):
    present: bool
    confidence: float = Field(ge=0, le=1)
    segments: list[Span] = Field(default_factory=list, description="voice activity (Silero VAD)")
    speech_seconds: float = 0.0
    speech_ratio: float = Field(0.0, ge=0, le=1)
    language: LanguageGuess | None = None
    transcript: list[TranscriptSegment] = Field(default_factory=list)
    text: str = ""
    transcribed_seconds: float = Field(0.0, description="speech seconds that were transcribed")


class Estimate(_Model):
    """A named call with its confidence and the cues behind it (gender, emotion...)."""

    label: str
    confidence: float = Field(ge=0, le=1)
    cues: list[str] = Field(default_factory=list)
    scores: dict[str, float] = Field(default_factory=dict)


class EmotionSegment(_Model):
    """The emotion heard in one stretch of speech (a timeline entry; added in 1.1)."""

    start: float
    end: float
    label: str = Field(description="most probable emotion, or 'unclear' when its probability is low")
    confidence: float = Field(ge=0, le=1)
    arousal: float = Field(ge=-1, le=1)
    valence: float = Field(ge=-1, le=1)
    scores: dict[str, float] = Field(default_factory=dict)


class EmotionEstimate(Estimate):
    arousal: float = Field(ge=-1, le=1, description="calm (-1) to excited (+1)")
    valence: float = Field(ge=-1, le=1, description="negative (-1) to positive (+1)")
    unclear: bool = Field(False, description="true when the top probability is too low to name an emotion "
                                             "(added in 1.1)")
    leaning: str | None = Field(None, description="the most probable emotion, also when unclear (added in 1.1)")
    model: str | None = Field(None, description="what made the estimate, e.g. 'emodb-whisper-logreg 1.0' "
                                                "or 'rules' (added in 1.1)")
    timeline: list[EmotionSegment] = Field(default_factory=list,
                                           description="per-segment emotion over time, for clips with "
                                                       "several speech segments (added in 1.1)")
    summary: str | None = Field(None, description="the timeline in words, e.g. 'neutral at first, angry "
                                                  "from 0:42' (added in 1.1)")
    model_confidence: float | None = Field(None, ge=0, le=1,
                                           description="the model's own top probability before the "
                                                       "cross-corpus calibration (added in 1.3)")
    out_of_domain: bool = Field(False, description="true when the voice or channel is unlike anything the "
                                                   "model learned from: say 'hard to tell' (added in 1.3)")
    domain_score: float | None = Field(None, ge=0, le=1,
                                       description="how unfamiliar the voice and channel are: 0 typical of "
                                                   "the training voices, 1 far outside them (added in 1.3)")


class Utterance(_Model):
    """The final pitch movement of one speech segment (question intonation; added in 1.2)."""

    start: float
    end: float
    final_slope_st_per_s: float | None = Field(None, description="pitch slope over the last ~0.3 s of "
                                                                  "voiced speech, semitones per second")
    final_change_st: float | None = Field(None, description="pitch at the end minus pitch at the start of "
                                                            "that tail, semitones")
    final_rise_st: float | None = Field(None, description="pitch at the end minus the lowest pitch of that "
                                                          "tail, semitones (>= 0)")
    rising: bool | None = Field(None, description="true: the pitch rises at the end (question-like); false: "
                                                  "flat or falling; null: too little voiced speech to tell")


class VocalBurst(_Model):
    """A non-speech vocalisation (laugh, sigh, scream, sob, gasp, groan...) and the emotion it sounds like
    (added in 1.3)."""

    start: float
    end: float
    sound: str = Field(description="the strongest YAMNet vocal class over the span, e.g. 'Laughter'")
    sound_score: float = Field(ge=0, le=1)
    emotion: str = Field(description="amusement, anger, disgust, fear, pain, relief, sadness, surprise, "
                                     "neutral; or 'unclear' when no emotion stands out")
    leaning: str = Field(description="the most probable emotion, also when unclear")
    confidence: float = Field(ge=0, le=1, description="calibrated on contributors the model never heard")
    arousal: float = Field(ge=-1, le=1)
    valence: float = Field(ge=-1, le=1)
    scores: dict[str, float] = Field(default_factory=dict)


class VoiceEvidence(_Model):
    pitch_median_hz: float | None = None
    pitch_p10_hz: float | None = None
    pitch_p90_hz: float | None = None
    pitch_range_semitones: float | None = None
    voiced_ratio: float = Field(0.0, ge=0, le=1)
    loudness_db: float | None = Field(None, description="mean RMS level of speech, dBFS")
    loudness_variation_db: float | None = None
    speaking_rate_wps: float | None = Field(None, description="words per second of speech")
    speaking_rate_sps: float | None = Field(None, description="syllable-like onsets per second")
    pauses: int = 0
    pause_seconds: float = 0.0
    longest_pause_s: float = 0.0
    vocal_events: list[SoundEvent] = Field(default_factory=list)
    gender: Estimate | None = None
    emotion: EmotionEstimate | None = None
    utterances: list[Utterance] = Field(default_factory=list,
                                        description="final pitch movement per speech segment, at most 60 "
                                                    "(added in 1.2)")


class TempoPoint(_Model):
    """The tempo of one window of the music (added in 1.2)."""

    start: float
    end: float
    bpm: float | None = Field(None, description="null when the window has no steady pulse")
    confidence: float = Field(0.0, ge=0, le=1)


class MusicEvidence(_Model):
    present: bool
    confidence: float = Field(ge=0, le=1)
    spans: list[Span] = Field(default_factory=list)
    tempo_bpm: float | None = None
    tempo_confidence: float = Field(0.0, ge=0, le=1)
    beat_regularity: float | None = Field(None, ge=0, le=1, description="1 = metronomic")
    key: str | None = Field(None, description="tonic, e.g. 'C' or 'F#'")
    mode: str | None = Field(None, description="'major' or 'minor'")
    key_confidence: float = Field(0.0, ge=0, le=1)
    key_candidates: list[LabelScore] = Field(default_factory=list)
    instruments: list[LabelScore] = Field(default_factory=list)
    genres: list[LabelScore] = Field(default_factory=list)
    moods: list[LabelScore] = Field(default_factory=list)
    energy: float | None = Field(None, ge=0, le=1)
    dynamics_db: float | None = Field(None, description="spread of loudness within the music")
    tempo_curve: list[TempoPoint] = Field(default_factory=list,
                                          description="tempo per window (~15 s) when the music lasts at least "
                                                      "two windows (added in 1.2)")


class LoudnessTrend(_Model):
    """A straight line fitted to the loudness curve's non-silent points (added in 1.2)."""

    slope_db_per_s: float
    slope_db_per_min: float
    r2: float = Field(ge=0, le=1, description="share of the curve's variance the line explains")
    start_db: float = Field(description="the fitted line at the start of the clip, dBFS")
    end_db: float = Field(description="the fitted line at the end of the clip, dBFS")
    change_db: float = Field(description="mean level of the last fifth minus the first fifth of the "
                                         "non-silent points")


class Reverb(_Model):
    """How reverberant the recording space sounds, from energy decays after sharp offsets (added in 1.2)."""

    rt60_s: float | None = Field(None, description="RT60-like decay time (60 dB), seconds")
    label: str = Field(description="'dry' (< 0.3 s), 'room' (0.3-0.8 s), 'hall' (> 0.8 s) or 'unclear'")
    confidence: float = Field(ge=0, le=1)
    decays: int = Field(0, description="number of offsets measured")


class LevelsEvidence(_Model):
    integrated_lufs: float | None = None
    peak_dbfs: float
    rms_dbfs: float
    dynamic_range_db: float = Field(description="loud (p95) minus quiet (p10) short-term level")
    silence_ratio: float = Field(ge=0, le=1)
    clipping_ratio: float = Field(ge=0, le=1)
    curve_db: list[float] = Field(default_factory=list,
                                  description="short-term RMS level (dBFS, floor -90) every curve_hop_s; at most "
                                              "~300 points (added in 1.2)")
    curve_hop_s: float | None = Field(None, description="time between curve_db points; point i covers "
                                                        "[i * hop, (i + 1) * hop) (added in 1.2)")
    trend: LoudnessTrend | None = Field(None, description="line fitted to the curve (added in 1.2)")
    fade_in_s: float | None = Field(None, description="length of a fade-in at the start, if any (added in 1.2)")
    fade_out_s: float | None = Field(None, description="length of a fade-out at the end, if any (added in 1.2)")
    bandwidth_hz: float | None = Field(None, description="highest frequency with substantial energy (p95 of the "
                                                         "99 % spectral rolloff over active frames); ~3400 for "
                                                         "telephone audio (added in 1.2)")
    low_cut_hz: float | None = Field(None, description="lowest frequency with substantial energy (p5 of the "
                                                       "1 % roll-on over active frames) (added in 1.2)")
    noise_floor_db: float | None = Field(None, description="background level: p10 of 50 ms frame levels, dBFS "
                                                           "(added in 1.2)")
    snr_db: float | None = Field(None, description="p95 minus p10 of 50 ms frame levels, dB (added in 1.2)")
    reverb: Reverb | None = Field(None, description="room estimate (added in 1.2)")


class LiveCue(_Model):
    """Whether this sounds like a live recording in front of people (added in 1.2)."""

    score: float = Field(ge=0, le=1)
    cues: list[str] = Field(default_factory=list, description="what points to (or against) an audience")


class Evidence(_Model):
    schema_version: str = SCHEMA_VERSION
    source: SourceInfo
    events: list[SoundEvent] = Field(default_factory=list)
    labels: list[LabelScore] = Field(default_factory=list,
                                     description="clip-level AudioSet labels, strongest first")
    speech: SpeechEvidence
    voice: VoiceEvidence | None = None
    music: MusicEvidence
    levels: LevelsEvidence
    scene: list[LabelScore] = Field(default_factory=list,
                                    description="acoustic scene: indoor, outdoor, crowd, traffic, nature")
    bursts: list[VocalBurst] = Field(default_factory=list,
                                     description="laughs, sighs, screams, sobs, gasps, groans with the "
                                                 "emotion each sounds like (added in 1.3)")
    vocal: list[LabelScore] = Field(default_factory=list,
                                    description="vocal attributes from YAMNet over the whole clip (child speech, "
                                                "singing, choir, crowd, whisper, shout, laughter...), strongest "
                                                "first (added in 1.2)")
    live: LiveCue | None = Field(None, description="live-audience cue (added in 1.2)")
    transients: list[float] = Field(default_factory=list,
                                    description="start times of the distinct short bursts anywhere in the clip, "
                                                "named or not (at most 500; added in 1.5)")
    transient_profiles: list[list[float]] = Field(
        default_factory=list,
        description="for the first 200 transients, what each adds to the spectrum: dB of rise in 24 mel bands "
                    "(50 Hz-8 kHz) over the 120 ms after its onset; repeats of one sound rise alike (added in 1.7)")
    timings_s: dict[str, float] = Field(default_factory=dict, description="wall time per analyzer")
    warnings: list[str] = Field(default_factory=list)
    analysed: list[str] = Field(default_factory=lambda: list(EVIDENCE_PARTS),
                                description="the parts of the evidence that were analysed (a listening plan "
                                            "can leave some out; their fields then hold defaults that say "
                                            "nothing about the clip); added in 1.4")

    def was_analysed(self, part: str) -> bool:
        """Whether `part` (one of EVIDENCE_PARTS) was analysed: only then may an answer say it is absent."""
        if part not in EVIDENCE_PARTS:
            raise ValueError(f"unknown evidence part {part!r}")
        return part in self.analysed
