"""Vocal attributes: what kinds of voice YAMNet hears over the clip (child speech, singing, choir, crowd,
whisper, shout, laughter, crying...), whether or not the VAD found speech.

Each attribute folds a few AudioSet classes (`VOCAL_CLASSES`) into one plain label; its per-patch score
is the best of them. The clip score is the mean of the strongest `TOP_SHARE` of patches, between 1 and
`MAX_TOP_PATCHES` of them (about 5 s), so a few seconds of laughter in a long clip still count while
one stray patch does not; coverage is the share of patches where the attribute passes EVENT_THRESHOLD.
YAMNet has no male / female speech or singing classes: the speaker's gender is `voice.gender` (pitch).
"""

from __future__ import annotations

import numpy as np

from aural.listen import ontology
from aural.listen.events import EVENT_THRESHOLD, EventScores
from aural.listen.evidence import LabelScore

# Plain label -> YAMNet class names (each must exist in the class map; tests check it).
VOCAL_CLASSES: dict[str, tuple[str, ...]] = {
    "speech": ("Speech", "Conversation", "Narration, monologue"),
    "child speech": ("Child speech, kid speaking",),
    "babbling": ("Babbling",),
    "synthetic voice": ("Speech synthesizer", "Synthetic singing"),
    "singing": ("Singing", "Yodeling", "Chant", "Mantra"),
    "child singing": ("Child singing",),
    "choir": ("Choir",),
    "rapping": ("Rapping",),
    "humming": ("Humming",),
    "crowd": ("Crowd", "Chatter", "Hubbub, speech noise, speech babble"),
    "children playing": ("Children playing", "Children shouting"),
    "whisper": ("Whispering",),
    "shout": ("Shout", "Bellow", "Yell", "Children shouting"),
    "scream": ("Screaming",),
    "laughter": ("Laughter", "Giggle", "Snicker", "Belly laugh", "Chuckle, chortle", "Baby laughter"),
    "crying": ("Crying, sobbing", "Baby cry, infant cry", "Whimper", "Wail, moan"),
    "baby": ("Baby cry, infant cry", "Baby laughter"),
    "sigh": ("Sigh",),
    "gasp": ("Gasp",),
    "groan": ("Groan", "Grunt"),
    "breathing": ("Breathing", "Pant", "Wheeze"),
    "cough": ("Cough", "Throat clearing"),
    "sneeze": ("Sneeze",),
    "whistling": ("Whistling",),
}
TOP_SHARE = 0.1
MAX_TOP_PATCHES = 10
MIN_SCORE = 0.02            # attributes weaker than this are left out


def vocal_indices() -> dict[str, list[int]]:
    names = ontology.class_names()
    return {label: [names.index(c) for c in classes] for label, classes in VOCAL_CLASSES.items()}


def robust_peak(track: np.ndarray) -> float:
    """Mean of the strongest TOP_SHARE of `track` (1 to MAX_TOP_PATCHES values)."""
    if track.size == 0:
        return 0.0
    k = int(np.clip(track.size * TOP_SHARE, 1, MAX_TOP_PATCHES))
    return float(np.partition(track, track.size - k)[-k:].mean())


def vocal_attributes(es: EventScores) -> list[LabelScore]:
    """Vocal attributes with their clip score and coverage, strongest first (those >= MIN_SCORE)."""
    if es.n == 0:
        return []
    out = []
    for label, idx in vocal_indices().items():
        track = es.track(idx)
        score = robust_peak(track)
        if score >= MIN_SCORE:
            out.append(LabelScore(label=label, score=round(score, 3),
                                  coverage=round(float(np.mean(track >= EVENT_THRESHOLD)), 3)))
    return sorted(out, key=lambda ls: -ls.score)
