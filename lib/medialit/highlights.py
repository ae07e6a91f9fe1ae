"""A student's highlights as files: the kit's own save format and W3C Web Annotations.

The save format is small JSON that names the article by its fingerprint, so
highlights are never applied to a different text. W3C Web Annotation (JSON-LD)
export uses a ``TextQuoteSelector`` and a ``TextPositionSelector`` per highlight,
so tools that read that model (such as Hypothes.is) can open them; positions are
counted in Unicode code points, as the W3C model and Python both do.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

from . import formats
from .files import UnsafeFileError, atomic_write, parse_json, read_bytes
from .text import LABELS, Annotation, Article

SCHEMA = "medialit.highlights/1"
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_LABEL = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_CONTEXT_CHARS = 32
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


def from_document(data: Any, article: Article, name: str = "highlights") -> list[dict]:
    """Marks from the kit's save format (or from W3C Web Annotation JSON), checked against ``article``.

    The data is first checked against the format's JSON Schema, so a wrong type anywhere is a
    :class:`HighlightsError` naming the field, never a crash further on.
    """
    if isinstance(data, dict) and data.get("schema") == SCHEMA:
        _validate(data, "highlights", name)
        if data.get("article_sha256") != article.sha256:
            title = data.get("title")
            raise HighlightsError(f"{name} belongs to a different article (its title: {str(title)[:80]!r})")
        return check_marks(data.get("annotations"), article)
    if _w3c_shaped(data):
        return read_w3c(data, article, name)
    raise HighlightsError(f"{name} is not a medialit highlights file or W3C Web Annotation JSON")


def _validate(data: Any, schema: str, name: str) -> None:
    try:
        formats.validate(data, schema, name)
    except formats.FormatError as exc:
        raise HighlightsError(str(exc)) from None


def _w3c_shaped(data: Any) -> bool:
    """True for data that claims to be W3C Web Annotation JSON (its schema then decides if it is)."""
    if isinstance(data, list):
        return all(isinstance(x, dict) for x in data)
    return isinstance(data, dict) and ("type" in data or "@context" in data)


def read_w3c(data: Any, article: Article, name: str = "W3C annotations") -> list[dict]:
    """Marks from W3C Web Annotation JSON, after checking its shape against the kit's W3C schema."""
    _validate(data, "w3c", name)
    return from_w3c(data, article)


def load(path: str | os.PathLike[str], article: Article) -> list[dict]:
    """Read marks from a file in the kit's format or as W3C Web Annotations.

    Only a regular file of at most :data:`MAX_HIGHLIGHTS_BYTES` is read; anything wrong with it
    is a :class:`HighlightsError` in one line.
    """
    path = Path(path)
    try:
        raw = read_bytes(path, MAX_HIGHLIGHTS_BYTES, "highlights file")
    except FileNotFoundError:
        raise HighlightsError(f"no such file: {path}") from None
    except UnsafeFileError as exc:
        raise HighlightsError(str(exc)) from None
    try:
        data = parse_json(raw, path.name)
    except ValueError as exc:
        raise HighlightsError(str(exc)) from None
    return from_document(data, article, path.name)


# --- W3C Web Annotation ------------------------------------------------------------


def to_w3c(marks: list[dict], article: Article, creator: str | None = None) -> dict[str, Any]:
    """Marks as a W3C Web Annotation collection (JSON-LD), one annotation per highlight."""
    text = article.text
    source = f"urn:sha256:{article.sha256}"
    now = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    items = []
    for m in check_marks(marks, article):
        start, end = m["start"], m["end"]
        item: dict[str, Any] = {
            "@context": W3C_CONTEXT,
            "id": f"urn:uuid:{uuid.uuid4()}",
            "type": "Annotation",
            "motivation": "tagging",
            "created": now,
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": m["label"]}],
            "target": {
                "source": source,
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": text[start:end],
                        "prefix": text[max(0, start - _CONTEXT_CHARS) : start],
                        "suffix": text[end : end + _CONTEXT_CHARS],
                    },
                    {"type": "TextPositionSelector", "start": start, "end": end},
                ],
            },
        }
        if creator:
            item["creator"] = creator
        items.append(item)
    return {
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "label": f"medialit highlights: {article.title}",
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }


def _looks_w3c(data: Any) -> bool:
    if isinstance(data, list):
        return all(isinstance(x, dict) and x.get("type") == "Annotation" for x in data)
    return isinstance(data, dict) and data.get("type") in {"Annotation", "AnnotationPage", "AnnotationCollection"}


def _w3c_items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "Annotation":
        return [data]
    if kind == "AnnotationPage":
        return list(data.get("items") or [])
    if kind == "AnnotationCollection":
        first = data.get("first")
        return list(first.get("items") or []) if isinstance(first, dict) else []
    raise HighlightsError("not W3C Web Annotation JSON: expected an Annotation, AnnotationPage or AnnotationCollection")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _anchor(selectors: list[Any], text: str, n: int) -> tuple[int, int]:
    """Offsets from the selectors: the position if it still holds the quote, else the quote in context."""
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    pos = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), None)
    if pos is not None and isinstance(pos.get("start"), int) and isinstance(pos.get("end"), int):
        start, end = pos["start"], pos["end"]
        if quote is None or text[start:end] == quote.get("exact"):
            return start, end
    if quote is not None and isinstance(quote.get("exact"), str) and quote["exact"]:
        exact = quote["exact"]
        context = f"{quote.get('prefix') or ''}{exact}{quote.get('suffix') or ''}"
        at = text.find(context)
        if at >= 0:
            start = at + len(quote.get("prefix") or "")
            return start, start + len(exact)
        at = text.find(exact)
        if at >= 0:
            return at, at + len(exact)
        raise HighlightsError(f"annotation {n}: its quote {exact[:40]!r} is not in this article")
    raise HighlightsError(f"annotation {n} has no TextPositionSelector or TextQuoteSelector")


def from_w3c(data: Any, article: Article) -> list[dict]:
    """Marks from W3C Web Annotation JSON-LD (an annotation, a page, a collection or a list)."""
    marks = []
    for n, item in enumerate(_w3c_items(data), 1):
        if not isinstance(item, dict):
            raise HighlightsError(f"annotation {n} is not an object")
        bodies = [b for b in _as_list(item.get("body")) if isinstance(b, dict) and b.get("type") == "TextualBody"]
        tags = [b.get("value") for b in bodies if b.get("purpose") in {"tagging", None}]
        if not tags:
            raise HighlightsError(f"annotation {n} has no TextualBody tag naming its label")
        target = item.get("target")
        selectors = _as_list(target.get("selector")) if isinstance(target, dict) else []
        start, end = _anchor(selectors, article.text, n)
        marks.append({"start": start, "end": end, "label": tags[0]})
    return check_marks(marks, article)


def load_highlights(path: str | os.PathLike[str], article: Article | None = None) -> list[Annotation]:
    """A student's saved highlights (the kit's file or W3C JSON) as annotations with the kit's labels."""
    if article is None:
        from .text import load_article

        article = load_article()
    return [Annotation(m["start"], m["end"], m["label"]) for m in load(path, article) if m["label"] in LABELS]
