"""`Part`: what one topic writer says about one asked intent (shared by the writers and the layout)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Part:
    topic: str
    sentences: list[str]
    short: str = ""                 # the answer in a word or a short phrase ("a dog barking", "3", "Yes")
    value: Any = None               # the JSON value for this intent
    items: list[str] = field(default_factory=list)   # list items when a list is asked for
    yes: bool | None = None         # the yes/no verdict this part gives, when it gives one


__all__ = ["Part"]
