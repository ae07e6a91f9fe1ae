"""medialit: spot attribution gaps, hedged claims and translation errors in news articles.

Everything a notebook needs is importable from here. The widget and the plots
load their heavy dependencies (ipywidgets, matplotlib) only when first used.
"""

from __future__ import annotations

from typing import Any

from .assignments import highlight_points, try_function
from .compare import SideBySide, side_by_side
from .detectors import REGISTRY as RULES
from .detectors import (
    SOURCE_KINDS,
    Analysis,
    Attribution,
    Rule,
    analyze,
    find_attribution_gaps,
    find_attributions,
    find_hedges,
    find_translation_errors,
)
from .grading import ClassResults, GradingError, StudentResult, grade_class
from .highlights import HighlightsError, load_highlights
from .keys import AnswerKey, AnswerKeyError, answer_key, load_key, make_key
from .library import transfer_article, transfer_key
from .render import HTML, render_html
from .resources import MissingResourceError
from .scoring import Feedback, LabelScore, ScoreReport, score
from .tables import Table, categories, table
from .text import LABELS, Annotation, Article, ArticleError, Span, load_article

__version__ = "0.1.0"

__all__ = [
    "HTML",
    "LABELS",
    "RULES",
    "SOURCE_KINDS",
    "Analysis",
    "Annotation",
    "AnswerKey",
    "AnswerKeyError",
    "Article",
    "ArticleError",
    "Attribution",
    "ClassResults",
    "Feedback",
    "GradingError",
    "Highlighter",
    "HighlightsError",
    "LabelScore",
    "MissingResourceError",
    "Reveal",
    "Rule",
    "ScoreReport",
    "SideBySide",
    "Span",
    "StudentResult",
    "Table",
    "analyze",
    "answer_key",
    "categories",
    "find_attribution_gaps",
    "find_attributions",
    "find_hedges",
    "find_translation_errors",
    "grade_class",
    "highlight_points",
    "load_article",
    "load_highlights",
    "load_key",
    "make_key",
    "render_html",
    "score",
    "side_by_side",
    "table",
    "transfer_article",
    "transfer_key",
    "try_function",
]


def __getattr__(name: str) -> Any:
    """Import the widget and plotting modules only when a notebook asks for them."""
    import importlib

    if name in {"widget", "plots"}:
        return importlib.import_module(f".{name}", __name__)
    if name == "Highlighter":
        return importlib.import_module(".widget", __name__).Highlighter
    if name == "Reveal":
        return importlib.import_module(".reveal", __name__).Reveal
    raise AttributeError(f"module 'medialit' has no attribute {name!r}")
