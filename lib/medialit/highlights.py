"""A student's highlights as files: the kit's own save format and W3C Web Annotations.

The save format is small JSON that names the article by its fingerprint, so
highlights are never applied to a different text. W3C Web Annotation export and
import live in :mod:`medialit.w3c` (``to_w3c`` and ``from_w3c`` are still importable
from here), Hypothes.is JSON in :mod:`medialit.hypothesis_api`; :func:`load` reads all three.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .files import atomic_write
from .text import LABELS, Annotation, Article

SCHEMA = "medialit.highlights/1"
_LABEL = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


class HighlightsError(ValueError):
    """A highlights file or W3C document cannot be used; the message says why."""


def check_label(label: object, labels: tuple[str, ...] | list[str] | None = None) -> str:
    """A label is a short lower-case name with hyphens (and one of ``labels``, if given)."""
    if not isinstance(label, str) or not _LABEL.match(label) or (labels is not None and label not in labels):
        allowed = ", ".join(labels) if labels is not None else "lower-case words with hyphens"
        raise HighlightsError(f"unknown label {label!r} (use {allowed})")
    return label


def check_marks(marks: Any, article: Article, labels: tuple[str, ...] | list[str] | None = None) -> list[dict]:
    """Validate marks (``{start, end, label}``) against ``article``; return them sorted with quotes."""
    if not isinstance(marks, list):
        raise HighlightsError("highlights must be a list of {start, end, label} objects")
    text = article.text
    out, seen = [], set()
    for n, m in enumerate(marks, 1):
        if not isinstance(m, dict):
            raise HighlightsError(f"highlight {n} is not an object")
        start, end, label = m.get("start"), m.get("end"), m.get("label")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise HighlightsError(f"highlight {n}: start and end must be whole numbers")
        if not 0 <= start < end <= len(text):
            raise HighlightsError(
                f"highlight {n}: span {start}-{end} is empty, reversed or outside the article (0-{len(text)})"
            )
        try:
            check_label(label, labels)
        except HighlightsError as exc:
            raise HighlightsError(f"highlight {n}: {exc}") from None
        if (start, end, label) in seen:
            continue  # the same highlight twice is one highlight
        seen.add((start, end, label))
        out.append({"start": start, "end": end, "label": label, "quote": text[start:end]})
    return sorted(out, key=lambda m: (m["start"], m["end"], m["label"]))


def to_document(marks: list[dict], article: Article) -> dict[str, Any]:
    """The kit's save format for ``marks`` on ``article``."""
    return {
        "schema": SCHEMA,
        "article_sha256": article.sha256,
        "title": article.title,
        "saved_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "annotations": check_marks(marks, article),
    }


def save(marks: list[dict], article: Article, path: str | os.PathLike[str], backup: bool = True) -> Path:
    """Write ``marks`` atomically; the previous file is kept as ``.bak``."""
    return atomic_write(path, json.dumps(to_document(marks, article), ensure_ascii=False, indent=1) + "\n", backup)


def from_document(
    data: Any, article: Article, name: str = "highlights", tags: Mapping[str, str] | None = None
) -> list[dict]:
    """Marks from the kit's save format, W3C Web Annotation JSON or Hypothes.is API JSON, checked against ``article``.

    W3C and Hypothes.is annotations that cannot be placed on the article raise
    ``w3c.UnanchoredError`` (which holds the marks that could); ``tags`` maps a teacher's
    own tags to labels.
    """
    from . import hypothesis_api, w3c  # they sit above this module

    if isinstance(data, dict) and data.get("schema") == SCHEMA:
        if data.get("article_sha256") != article.sha256:
            raise HighlightsError(f"{name} belongs to a different article (its title: {data.get('title')!r})")
        return check_marks(data.get("annotations"), article)
    if w3c.looks_w3c(data):
        return w3c.from_w3c(data, article, tags)
    if hypothesis_api.looks_hypothesis(data):
        return hypothesis_api.from_hypothesis(data, article, tags)
    raise HighlightsError(f"{name} is not a medialit highlights file, W3C Web Annotation JSON or Hypothes.is JSON")


def load(path: str | os.PathLike[str], article: Article, tags: Mapping[str, str] | None = None) -> list[dict]:
    """Read marks from a file in the kit's format, as W3C Web Annotations or as Hypothes.is JSON."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise HighlightsError(f"no such file: {path}") from None
    except OSError as exc:
        raise HighlightsError(f"cannot read {path}: {exc.strerror}") from None
    if not raw.strip():
        raise HighlightsError(f"{path.name} is empty")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HighlightsError(f"{path.name} is not valid JSON ({exc.__class__.__name__}: {exc})") from None
    return from_document(data, article, path.name, tags)


# --- W3C Web Annotation and Hypothes.is (in medialit.w3c and medialit.hypothesis_api) ------------------

_W3C_NAMES = {"to_w3c", "from_w3c", "read_w3c", "to_w3c_page", "UnanchoredError", "W3C_CONTEXT"}


def __getattr__(name: str) -> Any:
    """``highlights.to_w3c`` and ``highlights.from_w3c`` still work: they live in :mod:`medialit.w3c`."""
    if name in _W3C_NAMES:
        from . import w3c

        return getattr(w3c, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_highlights(path: str | os.PathLike[str], article: Article | None = None) -> list[Annotation]:
    """A student's saved highlights (the kit's file or W3C JSON) as annotations with the kit's labels."""
    if article is None:
        from .text import load_article

        article = load_article()
    return [Annotation(m["start"], m["end"], m["label"]) for m in load(path, article) if m["label"] in LABELS]
