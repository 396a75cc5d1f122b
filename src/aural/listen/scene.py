"""Acoustic scene (indoor, outdoor, crowd, traffic, nature) from the sound-event scores."""

from __future__ import annotations

import numpy as np

from aural.listen import ontology
from aural.listen.events import EventScores
from aural.listen.evidence import LabelScore

SCENE_THRESHOLD = 0.2

# Each scene is supported by a set of AudioSet classes or groups; the scene's score is the
# top-decile mean of the max over its classes, so a scene needs sustained support, not one blip.
_SCENES: dict[str, tuple[str, ...]] = {
    "indoor": ("Inside, small room", "Inside, large room or hall", "Inside, public space",
               "Domestic sounds"),
    "outdoor": ("Outside, urban or manmade", "Outside, rural or natural"),
    "crowd": ("Crowd", "Chatter", "Hubbub, speech noise, speech babble", "Cheering", "Applause",
              "Children playing"),
    "traffic": ("Traffic noise, roadway noise", "Motor vehicle (road)", "Car passing by", "Bus",
                "Truck", "Motorcycle"),
    "nature": ("Natural sounds", "Bird", "Insect", "Wild animals", "Rustling leaves"),
}


def _class_indices(names: tuple[str, ...]) -> list[int]:
    out: set[int] = set()
    for name in names:
        try:
            out.update(ontology.indices(name))
        except KeyError:
            out.add(ontology.index_of(name))
    return sorted(out)


def analyze_scene(es: EventScores) -> list[LabelScore]:
    if es.n == 0:
        return []
    k = max(1, es.n // 10)
    found = []
    for scene, names in _SCENES.items():
        track = es.track(_class_indices(names))
        score = float(np.sort(track)[-k:].mean())
        if score >= SCENE_THRESHOLD:
            found.append(LabelScore(label=scene, score=round(score, 3),
                                    coverage=round(float(np.mean(track >= SCENE_THRESHOLD)), 3)))
    return sorted(found, key=lambda s: -s.score)
