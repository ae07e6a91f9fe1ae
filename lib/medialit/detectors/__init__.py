"""Rule-based detectors: each finding names the rule and the cue that fired."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..text import DETECTOR_LABELS, Annotation, Article
from .attribution import SOURCE_KINDS, Attribution, find_attribution_gaps, find_attributions
from .hedges import find_hedges
from .rules import REGISTRY, Rule
from .translation import find_translation_errors


@dataclass(frozen=True)
class Analysis:
    """Everything the detectors find in one article: labelled spans and attributions.

    ``to_dict()`` gives plain ``{text, spans: [{start, end, label, ...}]}`` data;
    in a notebook the analysis shows itself as highlighted HTML.
    """

    article: Article
    annotations: tuple[Annotation, ...]
    attributions: tuple[Attribution, ...]

    def by_label(self, label: str) -> list[Annotation]:
        return [a for a in self.annotations if a.label == label]

    def counts(self) -> dict[str, int]:
        """Findings per label, in the kit's label order."""
        c = Counter(a.label for a in self.annotations)
        return {label: c[label] for label in DETECTOR_LABELS}

    def source_counts(self) -> dict[str, int]:
        """Attributions per kind of source (person, organisation, vague, pronoun, none)."""
        c = Counter(a.kind for a in self.attributions)
        return {kind: c[kind] for kind in SOURCE_KINDS}

    def to_dict(self) -> dict[str, Any]:
        text = self.article.text
        return {
            "title": self.article.title,
            "text": text,
            "spans": [a.to_dict(text) for a in self.annotations],
            "attributions": [a.to_dict(text) for a in self.attributions],
        }

    def _repr_html_(self) -> str:
        from ..render import render_html  # rendering sits above the detectors; imported for display only

        return render_html(self.article, self.annotations).html


@functools.lru_cache(maxsize=16)
def analyze(article: Article) -> Analysis:
    """Run every detector on ``article`` (results are cached per article)."""
    attributions = find_attributions(article)
    found = [
        *find_hedges(article),
        *find_attribution_gaps(article, attributions),
        *find_translation_errors(article),
    ]
    return Analysis(article, tuple(sorted(found)), tuple(attributions))


__all__ = [
    "REGISTRY",
    "SOURCE_KINDS",
    "Analysis",
    "Attribution",
    "Rule",
    "analyze",
    "find_attribution_gaps",
    "find_attributions",
    "find_hedges",
    "find_translation_errors",
]
