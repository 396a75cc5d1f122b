"""The AudioSet class vocabulary (YAMNet's 521 classes) and the groups above each class.

YAMNet's class map lists the ontology depth-first, so each group is a run of class indices. The groups
below follow the AudioSet ontology's top levels and the branches answers need (vocal events,
instruments, genres, moods, alarms, vehicles...). A class can sit in several groups: Siren is an Alarm,
and the emergency-vehicle sirens are both Vehicle and Alarm.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from aural.listen.models import yamnet_class_map_path

N_CLASSES = 521


@dataclass(frozen=True)
class Group:
    name: str
    parent: str | None
    ranges: tuple[tuple[int, int], ...]  # inclusive index ranges

    def __contains__(self, index: int) -> bool:
        return any(lo <= index <= hi for lo, hi in self.ranges)


GROUPS: tuple[Group, ...] = (
    Group("Human sounds", None, ((0, 66),)),
    Group("Human voice", "Human sounds", ((0, 35),)),
    Group("Speech", "Human voice", ((0, 5),)),
    Group("Shout", "Human voice", ((6, 11),)),
    Group("Whispering", "Human voice", ((12, 12),)),
    Group("Laughter", "Human voice", ((13, 18),)),
    Group("Crying", "Human voice", ((19, 22),)),
    Group("Sigh", "Human voice", ((23, 23),)),
    Group("Singing", "Human voice", ((24, 31),)),
    Group("Vocal events", "Human voice", ((6, 23), (33, 34))),
    Group("Respiratory sounds", "Human sounds", ((36, 45),)),
    Group("Human locomotion", "Human sounds", ((46, 48),)),
    Group("Hands", "Human sounds", ((56, 58),)),
    Group("Human group actions", "Human sounds", ((61, 66),)),
    Group("Animal", None, ((67, 131),)),
    Group("Domestic animals, pets", "Animal", ((68, 80),)),
    Group("Livestock, farm animals", "Animal", ((81, 102),)),
    Group("Wild animals", "Animal", ((103, 131),)),
    Group("Music", None, ((132, 276),)),
    Group("Musical instrument", "Music", ((133, 210),)),
    Group("Plucked string instrument", "Musical instrument", ((134, 146),)),
    Group("Keyboard (musical)", "Musical instrument", ((147, 155),)),
    Group("Percussion", "Musical instrument", ((156, 178),)),
    Group("Orchestra", "Musical instrument", ((179, 179),)),
    Group("Brass instrument", "Musical instrument", ((180, 183),)),
    Group("Bowed string instrument", "Musical instrument", ((184, 189),)),
    Group("Wind instrument", "Musical instrument", ((190, 193),)),
    Group("Music genre", "Music", ((211, 270),)),
    Group("Music mood", "Music", ((271, 276),)),
    Group("Natural sounds", None, ((277, 293),)),
    Group("Wind", "Natural sounds", ((277, 279),)),
    Group("Thunderstorm", "Natural sounds", ((280, 281),)),
    Group("Water", "Natural sounds", ((282, 291),)),
    Group("Rain", "Water", ((283, 285),)),
    Group("Fire", "Natural sounds", ((292, 293),)),
    Group("Sounds of things", None, ((294, 493),)),
    Group("Vehicle", "Sounds of things", ((294, 336),)),
    Group("Motor vehicle (road)", "Vehicle", ((300, 321),)),
    Group("Emergency vehicle", "Motor vehicle (road)", ((316, 319),)),
    Group("Rail transport", "Vehicle", ((322, 328),)),
    Group("Aircraft", "Vehicle", ((329, 334),)),
    Group("Engine", "Sounds of things", ((337, 347),)),
    Group("Domestic sounds", "Sounds of things", ((348, 381),)),
    Group("Door", "Domestic sounds", ((348, 357),)),
    Group("Alarm", "Sounds of things", ((382, 397), (304, 304), (317, 319))),
    Group("Telephone", "Alarm", ((383, 388),)),
    Group("Siren", "Alarm", ((390, 391), (317, 319))),
    Group("Mechanisms", "Sounds of things", ((398, 411),)),
    Group("Tools", "Sounds of things", ((412, 419),)),
    Group("Explosion", "Sounds of things", ((420, 430),)),
    Group("Wood", "Sounds of things", ((431, 434),)),
    Group("Glass", "Sounds of things", ((435, 437),)),
    Group("Liquid", "Sounds of things", ((438, 450),)),
    Group("Miscellaneous sources", "Sounds of things", ((451, 493),)),
    Group("Source-ambiguous sounds", None, ((494, 499),)),
    Group("Acoustic environment", None, ((500, 506),)),
    Group("Noise", None, ((507, 517),)),
    Group("Sound reproduction", None, ((518, 520),)),
)

_BY_NAME = {g.name: g for g in GROUPS}

# The instrument families: groups whose first class is a broad name for the family ("Percussion"), which
# an answer drops when a member of the family is heard too. Orchestra is a one-class group, not a family.
INSTRUMENT_FAMILIES = ("Musical instrument", "Plucked string instrument", "Keyboard (musical)", "Percussion",
                       "Brass instrument", "Bowed string instrument", "Wind instrument")


@lru_cache(maxsize=1)
def class_names() -> tuple[str, ...]:
    """Display names of the 521 classes, by index."""
    with yamnet_class_map_path().open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    names = tuple(r["display_name"] for r in sorted(rows, key=lambda r: int(r["index"])))
    if len(names) != N_CLASSES:
        raise ValueError(f"class map has {len(names)} classes, expected {N_CLASSES}")
    return names


def group(name: str) -> Group:
    return _BY_NAME[name]


def indices(group_name: str) -> list[int]:
    """All class indices inside a group, in index order."""
    g = _BY_NAME[group_name]
    return [i for i in range(N_CLASSES) if i in g]


def in_group(index: int, group_name: str) -> bool:
    return index in _BY_NAME[group_name]


@lru_cache(maxsize=None)
def paths(index: int) -> tuple[str, ...]:
    """Every group holding `index`, broadest first (a top-level group before its children)."""

    def depth(g: Group) -> int:
        d, p = 0, g.parent
        while p is not None:
            d, p = d + 1, _BY_NAME[p].parent
        return d

    return tuple(g.name for g in sorted((g for g in GROUPS if index in g), key=depth))


def groups_of(label: str) -> frozenset[str]:
    """Every group holding the class named `label` (empty for a name that is no class): two classes that
    share two or more are near kin ('Rain' and 'Stream': Natural sounds > Water)."""
    try:
        return frozenset(paths(index_of(label)))
    except KeyError:
        return frozenset()


def index_of(label: str) -> int:
    """Index of a class by its display name (case-insensitive)."""
    lowered = label.lower()
    for i, name in enumerate(class_names()):
        if name.lower() == lowered:
            return i
    raise KeyError(label)


@lru_cache(maxsize=1)
def family_head_labels() -> frozenset[str]:
    """The class names heading each instrument family ('Wind instrument, woodwind instrument')."""
    names = class_names()
    return frozenset(names[group(n).ranges[0][0]] for n in INSTRUMENT_FAMILIES)
