"""The emotion labels and where each sits on the arousal/valence plane: the one table.

`AROUSAL_VALENCE` places every speech-emotion label the engine can say, both axes in [-1, 1] (Russell's
circumplex, rough): the trained voice model's classes (`CLASSES`) and the four more the rule-based
fallback can call (`RULE_LABELS`). `CLASS_AV` is the model's view of it. Vocal bursts have their own
label set (nouns, from the burst corpus) in `BURST_AV`.
"""

from __future__ import annotations

import numpy as np

CLASSES = ("angry", "bored", "disgusted", "fearful", "happy", "neutral", "sad")
# Where each label sits on (arousal, valence).
AROUSAL_VALENCE: dict[str, tuple[float, float]] = {
    "angry": (0.8, -0.7), "bored": (-0.6, -0.3), "disgusted": (0.1, -0.7), "fearful": (0.6, -0.6),
    "happy": (0.6, 0.7), "neutral": (0.0, 0.05), "sad": (-0.55, -0.65),
    # said only by the rule-based fallback
    "frustrated": (0.3, -0.5), "excited": (0.8, 0.45), "calm": (-0.5, 0.35), "tired": (-0.75, -0.15),
}
CLASS_AV = {c: AROUSAL_VALENCE[c] for c in CLASSES}
# The labels the rule-based fallback chooses between (`rules.estimate_emotion`).
RULE_LABELS = ("angry", "frustrated", "happy", "excited", "calm", "sad", "tired", "neutral")
# The arousal split the reports and tests score: excited classes vs calm ones.
HIGH_AROUSAL = ("angry", "happy", "fearful")
LOW_AROUSAL = ("sad", "bored", "neutral")
UNCLEAR_BELOW = 0.40      # top probability under this: the emotion is "unclear"
MAX_MODEL_CONFIDENCE = 0.9  # a trained call is never surer than this (it learned from acted German speech)

# Vocal bursts (non-speech vocalisations): the emotions the burst model names, and how EmoGator's 30
# categories fold onto them: only the categories that are plainly one of them (both kinds of surprise
# are 'surprise'). The other 20 (adoration, awe, confusion, contempt, contentment, desire,
# disappointment, distress, ecstasy, elation, embarrassment, guilt, interest, pride, realization,
# romantic_love, serenity, shame, sympathy, triumph) are left out of training and scoring: folding
# contempt into disgust, distress into fear and disappointment into sadness lowered held-out UAR
# from 0.437 to 0.414.
BURST_CLASSES = ("amusement", "anger", "disgust", "fear", "pain", "relief", "sadness", "surprise",
                 "neutral")
BURST_MAP = {
    "amusement": "amusement", "anger": "anger", "disgust": "disgust", "fear": "fear", "pain": "pain",
    "relief": "relief", "sadness": "sadness", "surprise_negative": "surprise",
    "surprise_positive": "surprise", "neutral": "neutral",
}
# Where each burst emotion sits on (arousal, valence). A separate vocabulary from the speech labels; its
# 'neutral' sits at (0, 0) where the speech table's sits at (0, 0.05).
BURST_AV = {
    "amusement": (0.6, 0.8), "anger": (0.8, -0.7), "disgust": (0.2, -0.7), "fear": (0.7, -0.6),
    "pain": (0.6, -0.8), "relief": (-0.4, 0.5), "sadness": (-0.5, -0.7), "surprise": (0.7, 0.1),
    "neutral": (0.0, 0.0),
}


def call(probs: np.ndarray | dict[str, float], classes: tuple[str, ...] = CLASSES) -> tuple[str, float, bool]:
    """(label, top probability, unclear): the label is 'unclear' when the top probability is low."""
    p = np.array([probs[c] for c in classes]) if isinstance(probs, dict) else np.asarray(probs, float)
    i = int(np.argmax(p))
    unclear = bool(p[i] < UNCLEAR_BELOW)
    return ("unclear" if unclear else classes[i]), float(p[i]), unclear


def arousal_valence(probs: dict[str, float]) -> tuple[float, float]:
    """The probability-weighted (arousal, valence) of the model's classes, each clipped to [-1, 1]."""
    a = sum(p * CLASS_AV[c][0] for c, p in probs.items() if c in CLASS_AV)
    v = sum(p * CLASS_AV[c][1] for c, p in probs.items() if c in CLASS_AV)
    return float(np.clip(a, -1, 1)), float(np.clip(v, -1, 1))
