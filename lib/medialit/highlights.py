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

from . import formats
from .files import atomic_write, parse_json, read_for
from .text import LABELS, Annotation, Article

SCHEMA = "medialit.highlights/1"
_LABEL = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
#: Largest highlights file (kit or W3C) a reader accepts, in bytes: tens of thousands of highlights.
MAX_HIGHLIGHTS_BYTES = 10_000_000


class HighlightsError(ValueError):
    """A highlights file or W3C document cannot be used; the message says why."""


def check_label(label: object, labels: tuple[str, ...] | list[str] | None = None) -> str:
    """A label is a short lower-case name with hyphens (and one of ``labels``, if given)."""
    if not isinstance(label, str) or not _LABEL.match(label) or (labels is not None and label not in labels):
        allowed = ", ".join(labels) if labels is not None else "lower-case words with hyphens"
        raise HighlightsError(f"unknown label {label!r} (use {allowed})")
    return label


def _num(value: int) -> str:
    """An offset for a message (Python refuses to print integers of thousands of digits)."""
    return str(value) if -(10**15) < value < 10**15 else "(a huge number)"


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
                f"highlight {n}: span {_num(start)}-{_num(end)} is empty, reversed or outside the article (0-{len(text)})"
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

    The data is first checked against its format's JSON Schema, so a wrong type anywhere is a
    :class:`HighlightsError` naming the field, never a crash further on. W3C and Hypothes.is
    annotations that cannot be placed raise ``w3c.UnanchoredError`` (which holds the marks that
    could); ``tags`` maps a teacher's own tags to labels.
    """
    from . import hypothesis_api, w3c  # they sit above this module

    if isinstance(data, dict) and data.get("schema") == SCHEMA:
        validate(data, "highlights", name)
        if data.get("article_sha256") != article.sha256:
            title = data.get("title")
            raise HighlightsError(f"{name} belongs to a different article (its title: {str(title)[:80]!r})")
        return check_marks(data.get("annotations"), article)
    if hypothesis_api.looks_hypothesis(data):
        return hypothesis_api.from_hypothesis(data, article, tags)
    if _w3c_shaped(data):  # checked against the W3C schema first: wrong types are named field by field
        return w3c.from_w3c(data, article, tags, name)
    raise HighlightsError(f"{name} is not a medialit highlights file, W3C Web Annotation JSON or Hypothes.is JSON")


def validate(data: Any, schema: str, name: str) -> None:
    """Check ``data`` against one of the kit's JSON Schemas; a mismatch is a HighlightsError naming the field."""
    try:
        formats.validate(data, schema, name)
    except formats.FormatError as exc:
        raise HighlightsError(str(exc)) from None


def _w3c_shaped(data: Any) -> bool:
    """True for data that claims to be W3C Web Annotation JSON (its schema then decides if it is)."""
    if isinstance(data, list):
        return all(isinstance(x, dict) for x in data)
    return isinstance(data, dict) and ("type" in data or "@context" in data)


def load(path: str | os.PathLike[str], article: Article, tags: Mapping[str, str] | None = None) -> list[dict]:
    """Read marks from a file in the kit's format, as W3C Web Annotations or as Hypothes.is JSON.

    Only a regular file of at most :data:`MAX_HIGHLIGHTS_BYTES` is read; anything wrong with it
    is a :class:`HighlightsError` in one line.
    """
    path = Path(path)
    raw = read_for(path, MAX_HIGHLIGHTS_BYTES, "highlights file", HighlightsError)
    try:
        data = parse_json(raw, path.name)
    except ValueError as exc:
        raise HighlightsError(str(exc)) from None
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
