"""Voice emotion: how words are said (Whisper-base's middle encoder layer, no words) and vocal bursts.

- `space`: the labels and the one arousal/valence table (`AROUSAL_VALENCE`, the model's `CLASS_AV`).
- `encoder`: the first blocks of Whisper-base's encoder in numpy (`MidEncoder`).
- `features`: segments of speech and their features (`segment_features`, `clip_features`).
- `model`: the speech-emotion classifier (`EmotionModel`) and the clip estimate it makes (`model_emotion`).
- `rules`: the rule-based fallback over prosody, vocal events and a small lexicon (`estimate_emotion`).
- `timeline`: per-segment timelines, their summary in words, and the audible cues behind a call.
- `bursts`: vocal bursts found by YAMNet and the burst classifier (`analyze_bursts`).

The names below are re-exported so callers can write `from aural.listen import emotion as E`.
"""

from __future__ import annotations

from aural.audio.decode import SAMPLE_RATE
from aural.listen.emotion.bursts import (BURST_FEATURE_VERSION, BURST_MODEL_FILE, SPOKEN_BURSTS, BurstModel,
                                         analyze_bursts, burst_features, burst_model, sound_features,
                                         yamnet_features)
from aural.listen.emotion.encoder import LAYERS, MidEncoder
from aural.listen.emotion.features import (FEATURE_VERSION, FRAME_SAMPLES, MAX_SEGMENT_S, MAX_SPEECH_S,
                                           MIN_SEGMENT_S, SEGMENT_S, VOICED_DB, clip_features, content_mel,
                                           contrast_features, log_mel, pooled_features, segment_features,
                                           segments_of, speaker_normalise, voice_features, voiced_frames)
from aural.listen.emotion.model import (DOMAIN_DIMS, META_FILE, MIN_NORM_SEGMENTS, MIN_NORM_SPEECH_S, MODEL_FILE,
                                        EmotionModel, Head, domain_distance, model_emotion, softmax)
from aural.listen.emotion.rules import MAX_RULE_CONFIDENCE, estimate_emotion, lexicon_valence
from aural.listen.emotion.space import (AROUSAL_VALENCE, BURST_AV, BURST_CLASSES, BURST_MAP, CLASS_AV, CLASSES,
                                        HIGH_AROUSAL, LOW_AROUSAL, MAX_MODEL_CONFIDENCE, RULE_LABELS,
                                        UNCLEAR_BELOW, arousal_valence, call)

__all__ = [
    "AROUSAL_VALENCE", "BURST_AV", "BURST_CLASSES", "BURST_FEATURE_VERSION", "BURST_MAP", "BURST_MODEL_FILE",
    "BurstModel", "CLASSES", "CLASS_AV", "DOMAIN_DIMS", "EmotionModel", "FEATURE_VERSION", "FRAME_SAMPLES",
    "HIGH_AROUSAL", "Head", "LAYERS", "LOW_AROUSAL", "MAX_MODEL_CONFIDENCE", "MAX_RULE_CONFIDENCE",
    "MAX_SEGMENT_S", "MAX_SPEECH_S", "META_FILE", "MIN_NORM_SEGMENTS", "MIN_NORM_SPEECH_S", "MIN_SEGMENT_S",
    "MODEL_FILE", "MidEncoder", "RULE_LABELS", "SAMPLE_RATE", "SEGMENT_S", "SPOKEN_BURSTS", "UNCLEAR_BELOW",
    "VOICED_DB",
    "analyze_bursts", "arousal_valence", "burst_features", "burst_model", "call", "clip_features",
    "content_mel", "contrast_features", "domain_distance", "estimate_emotion", "lexicon_valence", "log_mel",
    "model_emotion", "pooled_features", "segment_features", "segments_of", "softmax", "sound_features",
    "speaker_normalise", "voice_features", "voiced_frames", "yamnet_features",
]
