"""Typical voices, named once: the pitch a voice is compared with when it is called high or low.

The gender rule (`voice.estimate_gender`), the rule-based emotion fallback, the emotion cues and the
answers' pitch readings all measure a voice against these.
"""

from __future__ import annotations

import math

# Typical median speaking pitch (Hz) of a male voice, a female voice, and a voice of unknown gender.
TYPICAL_PITCH_HZ = {"male": 120.0, "female": 210.0, None: 160.0}
# The gender rule's midpoint (Hz): a logistic in semitones around it, between the typical male and female.
GENDER_SPLIT_HZ = 167.0
# Median pitch (Hz) shared by lower female and higher male voices: the gender rule stays unsure here.
SHARED_PITCH_HZ = (150, 185)


def pitch_level_semitones(median_hz: float, gender: str | None = None) -> float:
    """How far a voice's median pitch sits above (+) or below (-) a typical voice of its gender."""
    return 12 * math.log2(median_hz / TYPICAL_PITCH_HZ.get(gender, TYPICAL_PITCH_HZ[None]))
