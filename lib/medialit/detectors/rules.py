"""Rules as data a student can read: what a rule looks for, why, and where the idea comes from."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources as importlib_resources
from typing import Any

from ..text import Annotation


@dataclass(frozen=True)
class Rule:
    """One detector rule.

    ``fires`` are sentences the rule must flag and ``quiet`` sentences it must
    not flag; the test suite checks every rule against its own examples.
    """

    id: str
    label: str
    pattern: str
    message: str
    explanation: str
    source: str
    fires: tuple[str, ...] = ()
    quiet: tuple[str, ...] = ()

    def as_row(self) -> dict[str, str]:
        """The rule as a table row for a notebook."""
        return {"id": self.id, "label": self.label, "looks for": self.pattern, "why": self.explanation}


REGISTRY: dict[str, Rule] = {}


def rule(**fields: Any) -> Rule:
    """Define a rule and register it under its id (ids are unique)."""
    r = Rule(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})
    if r.id in REGISTRY:
        raise ValueError(f"duplicate rule id {r.id!r}")
    REGISTRY[r.id] = r
    return r


@functools.cache
def lexicon(name: str) -> dict[str, Any]:
    """A word-list file from ``medialit/data/lexicons`` (read once)."""
    path = importlib_resources.files("medialit").joinpath(f"data/lexicons/{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def dedupe(items: list[Annotation]) -> list[Annotation]:
    """One finding per rule and span, in text order (two conditions of one rule may meet the same words)."""
    seen, out = set(), []
    for a in sorted(items):
        if (a.start, a.end, a.rule) not in seen:
            seen.add((a.start, a.end, a.rule))
            out.append(a)
    return out
