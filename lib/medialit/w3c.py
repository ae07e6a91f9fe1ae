"""A student's highlights as W3C Web Annotations (JSON-LD), out and back in.

Export: an ``AnnotationCollection`` whose embedded ``AnnotationPage`` holds one
``Annotation`` per highlight, each naming the article (``urn:sha256:`` of its text, or
the page URL given) as a ``SpecificResource`` refined by a ``TextQuoteSelector`` and a
``TextPositionSelector``. Positions are Unicode code points, as the W3C model says.
Every MUST of the W3C Web Annotation test suite holds, and the SHOULDs that apply
(ids, ``created``, ``creator`` and ``generator`` as Agents, the page's ``partOf`` and
``startIndex``); ``tests/test_w3c.py`` checks them with the suite's own schemas.

Import: W3C annotations, pages, collections or lists, and Hypothes.is API JSON (see
:mod:`medialit.hypothesis_api`). Each highlight is placed with :mod:`medialit.anchoring`;
one that cannot be placed is reported, never guessed.
"""

from __future__ import annotations

import datetime as _dt
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from .anchoring import Anchor, NotAnchored, Unanchored, anchor, quote_of
from .highlights import _LABEL, HighlightsError, check_marks, validate
from .text import LABELS, Article

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: characters of context kept before and after each quote (as the Hypothes.is client does)
CONTEXT_CHARS = 32
HOMEPAGE = "https://github.com/medialit/medialit"
#: tags that name the kit's labels, besides the labels themselves (compared case-insensitively,
#: with spaces, hyphens and underscores alike)
TAG_ALIASES = {
    "attribution gap": "attribution-gap",
    "missing attribution": "attribution-gap",
    "unattributed": "attribution-gap",
    "hedge": "hedge",
    "hedged claim": "hedge",
    "hedging": "hedge",
    "translation error": "translation-error",
    "mistranslation": "translation-error",
}


class UnanchoredError(HighlightsError):
    """Some annotations could not be placed on the article; ``marks`` holds those that could.

    Raised by :func:`from_w3c` (and so by ``highlights.load``); :func:`read_w3c` returns
    both lists instead.
    """

    def __init__(self, marks: list[dict], unanchored: list[Unanchored]):
        self.marks, self.unanchored = marks, unanchored
        shown = "; ".join(str(u) for u in unanchored[:3]) + ("; …" if len(unanchored) > 3 else "")
        super().__init__(f"{len(unanchored)} of {len(marks) + len(unanchored)} highlights could not be placed: {shown}")


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def agent(creator: str | Mapping[str, Any]) -> dict[str, Any]:
    """A W3C Agent: a name becomes a Person with that name; a mapping is kept (with a type)."""
    if isinstance(creator, Mapping):
        out = dict(creator)
        out.setdefault("type", "Person")
        return out
    if not isinstance(creator, str) or not creator.strip():
        raise HighlightsError("creator must be a name or a W3C Agent object")
    return {"type": "Person", "name": creator.strip()}


def generator() -> dict[str, Any]:
    """The kit, as the Software Agent that wrote the annotations."""
    from . import __version__

    return {"id": HOMEPAGE, "type": "Software", "name": f"medialit {__version__}", "homepage": HOMEPAGE}


def selectors(text: str, start: int, end: int) -> list[dict[str, Any]]:
    """A TextQuoteSelector (with context) and a TextPositionSelector for ``text[start:end]``."""
    return [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - CONTEXT_CHARS) : start],
            "suffix": text[end : end + CONTEXT_CHARS],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def _annotations(
    marks: list[dict], article: Article, creator: Any, source: str | None, created: str
) -> list[dict[str, Any]]:
    text = article.text
    who = agent(creator) if creator else None
    items = []
    for m in check_marks(marks, article):
        item: dict[str, Any] = {
            "@context": W3C_CONTEXT,
            "id": f"urn:uuid:{uuid.uuid4()}",
            "type": "Annotation",
            "motivation": "tagging",
            "created": created,
            "generator": generator(),
            "body": [
                {
                    "type": "TextualBody",
                    "purpose": "tagging",
                    "value": m["label"],
                    "format": "text/plain",
                    "language": "en",
                }
            ],
            "target": {
                "type": "SpecificResource",
                "source": source or f"urn:sha256:{article.sha256}",
                "selector": selectors(text, m["start"], m["end"]),
            },
        }
        if who:
            item["creator"] = who
        items.append(item)
    return items


def to_w3c(
    marks: list[dict], article: Article, creator: str | Mapping[str, Any] | None = None, source: str | None = None
) -> dict[str, Any]:
    """Marks as a W3C ``AnnotationCollection`` (JSON-LD) with one embedded page.

    ``creator`` is the student's name (or a W3C Agent object); ``source`` is the IRI of
    the page the article is on (default: ``urn:sha256:`` of the article's text).
    """
    now = _now()
    collection_id, page_id = f"urn:uuid:{uuid.uuid4()}", f"urn:uuid:{uuid.uuid4()}"
    items = _annotations(marks, article, creator, source, now)
    out: dict[str, Any] = {
        "@context": W3C_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"medialit highlights: {article.title}",
        "created": now,
        "generator": generator(),
        "total": len(items),
        "last": page_id,  # one page holds every annotation
        "first": {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        },
    }
    if creator:
        out["creator"] = agent(creator)
    return out


def to_w3c_page(
    marks: list[dict], article: Article, creator: str | Mapping[str, Any] | None = None, source: str | None = None
) -> dict[str, Any]:
    """Marks as a W3C ``AnnotationPage`` on its own (with its ``@context``)."""
    items = _annotations(marks, article, creator, source, _now())
    return {
        "@context": W3C_CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationPage",
        "startIndex": 0,
        "items": items,
    }


# --- import --------------------------------------------------------------------------


def looks_w3c(data: Any) -> bool:
    """True for a W3C Annotation, AnnotationPage, AnnotationCollection or a list of Annotations."""
    if isinstance(data, list):
        return bool(data) and all(isinstance(x, dict) and x.get("type") == "Annotation" for x in data)
    return isinstance(data, dict) and data.get("type") in {"Annotation", "AnnotationPage", "AnnotationCollection"}


def w3c_items(data: Any) -> list[Any]:
    """The annotations in a W3C document."""
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


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def tag_label(tag: Any, mapping: Mapping[str, str] | None = None) -> str | None:
    """The label a tag names: the teacher's ``mapping`` first, then the kit's labels and their aliases.

    "Hedge", "hedge", "attribution gap", "Attribution-Gap" and "translation_error" all
    name kit labels. A tag that is already a label-like word (lower case, hyphens) is
    that label; anything else names none.
    """
    if not isinstance(tag, str):
        return None
    key = re.sub(r"[\s_-]+", " ", tag.strip().casefold())
    for name, label in (mapping or {}).items():
        if re.sub(r"[\s_-]+", " ", name.strip().casefold()) == key:
            return label
    if key.replace(" ", "-") in LABELS:
        return key.replace(" ", "-")
    if key in TAG_ALIASES:
        return TAG_ALIASES[key]
    return tag if _LABEL.match(tag) else None


def labels_of(tags: list[Any], mapping: Mapping[str, str] | None = None, free: bool = True) -> list[str]:
    """The labels ``tags`` name: the kit's and the teacher's labels if any; else, if ``free``, the first label-like tag."""
    named = [lb for t in tags if (lb := tag_label(t, mapping))]
    known = set(LABELS) | set((mapping or {}).values())
    chosen = [lb for lb in named if lb in known] or (named[:1] if free else [])
    return list(dict.fromkeys(chosen))


def place(
    number: int, selectors_: list[Any], labels: list[str], text: str, tags: list[Any] = ()
) -> tuple[list[dict], list[Unanchored]]:
    """Marks for one annotation (one per label), or its reason for not being placed."""
    quote = quote_of(selectors_)
    if not labels:
        shown = ", ".join(repr(t) for t in list(tags)[:5])
        return [], [Unanchored(number, "", quote, f"none of its tags ({shown or 'none'}) names a label")]
    try:
        where: Anchor = anchor(selectors_, text)
    except NotAnchored as exc:
        return [], [Unanchored(number, ", ".join(labels), quote, str(exc))]
    return [{"start": where.start, "end": where.end, "label": lb} for lb in labels], []


def read_w3c(
    data: Any, article: Article, tags: Mapping[str, str] | None = None, name: str = "W3C annotations"
) -> tuple[list[dict], list[Unanchored]]:
    """Marks from W3C Web Annotation JSON-LD, and the annotations that could not be placed (with reasons).

    The data is checked against the kit's W3C schema first, so a wrong type is an error naming
    the field. ``tags`` maps a teacher's own tag names to labels (for example ``{"vague": "hedge"}``).
    """
    validate(data, "w3c", name)

    def parts(item: dict) -> tuple[list[Any], list[str], list[Any]]:
        bodies = [b for b in as_list(item.get("body")) if isinstance(b, dict) and b.get("type") == "TextualBody"]
        values = [b.get("value") for b in bodies if b.get("purpose") in {"tagging", None}]
        return selectors_of(item), labels_of(values, tags), values

    return read_rows(w3c_items(data), article, parts)


def selectors_of(annotation: Mapping[str, Any]) -> list[Any]:
    """Every selector of every target of an annotation (W3C or Hypothes.is)."""
    targets = [t for t in as_list(annotation.get("target")) if isinstance(t, dict)]
    return [s for t in targets for s in as_list(t.get("selector"))]


def read_rows(
    rows: list[Any], article: Article, parts: Callable[[dict], tuple[list[Any], list[str], list[Any]] | None]
) -> tuple[list[dict], list[Unanchored]]:
    """Place each annotation, as ``parts`` reads it (selectors, labels, tags; ``None``: not a highlight, skip)."""
    marks: list[dict] = []
    unanchored: list[Unanchored] = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            unanchored.append(Unanchored(n, "", "", "it is not an annotation object"))
            continue
        found = parts(row)
        if found is None:
            continue
        got, lost = place(n, *found[:2], article.text, found[2])
        marks += got
        unanchored += lost
    return check_marks(marks, article), unanchored


def partly_placed(read: Callable[[], list[dict]]) -> tuple[list[dict], list[Unanchored]]:
    """Run an import; what could not be placed comes back beside the marks (an error only if nothing could)."""
    try:
        return read(), []
    except UnanchoredError as exc:
        if not exc.marks:
            raise  # nothing in the file fits this article: an error, not a partial import
        return exc.marks, list(exc.unanchored)


def placed(read: tuple[list[dict], list[Unanchored]]) -> list[dict]:
    """The marks of a read; :class:`UnanchoredError` (holding them) if some annotations could not be placed."""
    marks, unanchored = read
    if unanchored:
        raise UnanchoredError(marks, unanchored)
    return marks


def from_w3c(
    data: Any, article: Article, tags: Mapping[str, str] | None = None, name: str = "W3C annotations"
) -> list[dict]:
    """Marks from W3C Web Annotation JSON-LD (an annotation, a page, a collection or a list).

    Raises :class:`UnanchoredError` (a ``HighlightsError``, holding the marks that were
    placed) when some annotations cannot be placed; :func:`read_w3c` returns both instead.
    """
    return placed(read_w3c(data, article, tags, name))
