"""Hypothes.is in and out: a class that annotates a web page on Hypothes.is can be graded.

Import reads the JSON that Hypothes.is's API returns: one annotation, a list of them,
or a search result ``{"total": …, "rows": [...]}``. Each annotation's label comes from
its tags ("hedge", "Hedge", "attribution gap", "attribution-gap", "translation error",
or a teacher's own mapping); its place from its ``TextPositionSelector`` and
``TextQuoteSelector`` (a ``RangeSelector`` describes the web page's HTML, not the
article's text, and is not used). Replies and page notes are not highlights and are
skipped.

A whole group's annotations (one search result) split into one file per student with
:func:`save_by_student`, so ``medialit grade`` grades each student.

Export writes the student's highlights as Hypothes.is create-annotation payloads
(``POST /api/annotations``) for a page URL and group; nothing is sent: a teacher posts
them with an API token. The payload follows the ``annotation-create`` schema of
Hypothes.is's published API description (hypothesis/h,
``docs/_extra/api-reference/schemas/annotation-create.yaml``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .anchoring import Unanchored
from .files import atomic_write
from .highlights import HighlightsError, check_marks
from .text import Article
from .w3c import as_list, labels_of, placed, read_rows, selectors, selectors_of

#: the group every Hypothes.is user can read ("Public")
PUBLIC_GROUP = "__world__"


def _is_annotation(x: Any) -> bool:
    return isinstance(x, dict) and "target" in x and ("uri" in x or "tags" in x) and x.get("type") != "Annotation"


def looks_hypothesis(data: Any) -> bool:
    """True for Hypothes.is API JSON: an annotation, a list of them, or a search result."""
    if isinstance(data, dict) and isinstance(data.get("rows"), list) and "total" in data:
        return True
    if isinstance(data, list):
        return bool(data) and all(_is_annotation(x) for x in data)
    return _is_annotation(data)


def _rows(data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        return data["rows"]
    return data if isinstance(data, list) else [data]


def read_hypothesis(
    data: Any, article: Article, tags: Mapping[str, str] | None = None
) -> tuple[list[dict], list[Unanchored]]:
    """Marks from Hypothes.is API JSON, and the annotations that could not be placed (with reasons).

    ``tags`` maps a teacher's own tags to labels, for example ``{"weasel words": "hedge"}``.
    """
    if not looks_hypothesis(data):
        raise HighlightsError("not Hypothes.is API JSON: expected an annotation, a list or a search result")

    def parts(row: dict) -> tuple[list[Any], list[str], list[Any]] | None:
        if row.get("references"):
            return None  # a reply: discussion, not a highlight
        sels = [s for s in selectors_of(row) if isinstance(s, dict)]
        if not sels:
            return None  # a page note: about the whole page, not a passage
        row_tags = as_list(row.get("tags"))
        # only tags that name a label count: students tag freely ("week 3", "important")
        return sels, labels_of(row_tags, tags, free=False), row_tags

    return read_rows(_rows(data), article, parts)


def from_hypothesis(data: Any, article: Article, tags: Mapping[str, str] | None = None) -> list[dict]:
    """Marks from Hypothes.is API JSON; :class:`~medialit.w3c.UnanchoredError` if some cannot be placed."""
    return placed(read_hypothesis(data, article, tags))


def to_hypothesis(
    marks: list[dict], article: Article, uri: str, group: str = PUBLIC_GROUP, text: str = ""
) -> list[dict[str, Any]]:
    """One Hypothes.is create-annotation payload per highlight, for the page at ``uri`` in ``group``.

    Each payload is the body of a ``POST https://api.hypothes.is/api/annotations``; the
    label is the tag (for example ``attribution-gap``), which :func:`read_hypothesis`
    reads back. ``text`` is an optional comment on every annotation.
    """
    parts = urlsplit(uri) if isinstance(uri, str) else None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
        raise HighlightsError(f"the page URL must start with http:// or https:// (got {uri!r})")
    if not isinstance(group, str) or not group.strip() or any(c.isspace() for c in group):
        raise HighlightsError(f"the group must be a Hypothes.is group id such as {PUBLIC_GROUP!r} (got {group!r})")
    payloads = []
    for m in check_marks(marks, article):
        payloads.append(
            {
                "uri": uri,
                "document": {"title": [article.title]},
                "text": text,
                "tags": [m["label"]],
                "group": group,
                "target": [{"source": uri, "selector": selectors(article.text, m["start"], m["end"])}],
            }
        )
    return payloads


def _student_name(user: Any) -> str:
    """A safe file name for a Hypothes.is account (``acct:ana_costa@hypothes.is`` -> ``ana_costa``)."""
    name = user.removeprefix("acct:").split("@", 1)[0] if isinstance(user, str) else ""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name).strip("._")[:64]
    if not safe:
        safe = "user-" + hashlib.sha256(str(user).encode("utf-8")).hexdigest()[:10]
    return safe


def split_by_student(data: Any) -> dict[str, list[dict]]:
    """A group's annotations (a search result or a list) as {student: their annotations}, by Hypothes.is account."""
    if not looks_hypothesis(data):
        raise HighlightsError("not Hypothes.is API JSON: expected an annotation, a list or a search result")
    out: dict[str, list[dict]] = {}
    for row in _rows(data):
        if isinstance(row, dict):
            out.setdefault(_student_name(row.get("user")), []).append(row)
    return out


def save_by_student(data: Any, folder: str | os.PathLike[str]) -> list[Path]:
    """Write one ``<student>.json`` per Hypothes.is account into ``folder``, ready for ``medialit grade``.

    For a class that annotated one page in a Hypothes.is group: save the API's search result
    for that group and page (``/api/search?group=…&uri=…``) and split it here. An existing
    file is kept as ``.bak``.
    """
    return [
        atomic_write(Path(folder) / f"{student}.json", json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        for student, rows in sorted(split_by_student(data).items())
    ]
