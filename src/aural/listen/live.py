"""Live-audience cue: does this sound recorded in front of people (a concert, a talk) or in a studio?

Evidence for an audience: YAMNet's applause / cheering classes (strong) and crowd / chatter classes
(weaker), counted fully when they come within `NEAR_S` of music or speech (applause follows a song or a
talk) and only partly without any; a reverberant hall adds to it. The score combines the two as
independent cues: 1 - (1 - audience)(1 - room).
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import maximum_filter1d

from aural.listen import ontology
from aural.listen.events import EventScores, group_score
from aural.listen.evidence import LiveCue, Reverb
from aural.listen.vocal import robust_peak

APPLAUSE_CLASSES = ("Applause", "Cheering", "Clapping", "Whoop")
CROWD_CLASSES = ("Crowd", "Chatter", "Hubbub, speech noise, speech babble")
CONTENT_SPEECH = ("Speech", "Narration, monologue", "Conversation")
CROWD_WEIGHT = 0.6           # crowd noise is a weaker audience cue than applause
ACTIVE = 0.2                 # an audience patch
CONTENT_ACTIVE = 0.5         # a music or speech patch
NEAR_S = 5.0
NEAR_PATCHES = 3             # audience patches (~1.5 s) within NEAR_S of music or speech that count fully
NO_CONTENT_WEIGHT = 0.4      # an audience with no performance heard (a crowd in the street) counts this much
ROOM_WEIGHT = {"hall": 0.35, "room": 0.1, "dry": 0.0, "unclear": 0.0}
REVERB_CLASS_WEIGHT = 0.2    # YAMNet's own 'Reverberation' / 'Echo' classes
CUE_MIN = 0.15


def _idx(names: tuple[str, ...]) -> list[int]:
    return [ontology.index_of(n) for n in names]


def live_cue(es: EventScores, reverb: Reverb | None = None) -> LiveCue:
    if es.n == 0:
        return LiveCue(score=0.0, cues=[])
    applause_t = es.track(_idx(APPLAUSE_CLASSES))
    crowd_t = es.track(_idx(CROWD_CLASSES))
    content_t = np.maximum(group_score(es, "Music"), es.track(_idx(CONTENT_SPEECH)))
    applause, crowd = robust_peak(applause_t), robust_peak(crowd_t)
    audience_t = np.maximum(applause_t, CROWD_WEIGHT * crowd_t)
    audience = max(applause, CROWD_WEIGHT * crowd)

    cues: list[str] = []
    active = audience_t >= ACTIVE
    content = content_t >= CONTENT_ACTIVE
    if active.any():
        near_content = maximum_filter1d(content.astype(np.uint8), 2 * int(NEAR_S / es.hop_s) + 1) > 0
        near = min(1.0, float(np.sum(near_content & active)) / NEAR_PATCHES)
        audience_term = audience * (NO_CONTENT_WEIGHT + (1 - NO_CONTENT_WEIGHT) * near) if content.any() \
            else audience * NO_CONTENT_WEIGHT
    else:
        audience_term = audience * NO_CONTENT_WEIGHT

    if applause >= CUE_MIN:
        names = ontology.class_names()
        best = max(_idx(APPLAUSE_CLASSES), key=lambda c: robust_peak(es.scores[:, c]))
        cues.append(f"{names[best].lower()} ({applause:.2f})")
    if crowd >= CUE_MIN:
        cues.append(f"crowd noise ({crowd:.2f})")
    if audience >= CUE_MIN:
        cues.append("next to music or speech" if content.any() and audience_term > audience * NO_CONTENT_WEIGHT
                    else "with no performance heard")

    room_term = 0.0
    if reverb is not None and reverb.rt60_s is not None:
        room_term = ROOM_WEIGHT.get(reverb.label, 0.0) * reverb.confidence
        if reverb.label in ("hall", "room"):
            cues.append(f"{reverb.label}-like reverberation (RT60 about {reverb.rt60_s:.1f} s)")
        elif reverb.label == "dry":
            cues.append("dry sound, little room reverberation")
    reverb_cls = robust_peak(es.track(_idx(("Reverberation", "Echo"))))
    if reverb_cls >= CUE_MIN:
        cues.append(f"reverberation heard ({reverb_cls:.2f})")
    room_term = 1 - (1 - room_term) * (1 - REVERB_CLASS_WEIGHT * reverb_cls)

    score = 1 - (1 - audience_term) * (1 - room_term)
    return LiveCue(score=round(float(np.clip(score, 0.0, 1.0)), 3), cues=cues)
