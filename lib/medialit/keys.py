"""Answer keys: the expert's marks for one article, checked against its text on load."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from . import formats
from .files import atomic_write, parse_json, read_for
from .text import LABELS, Annotation, Article, load_article

SCHEMA = "medialit.key/1"
#: Where a key item's problem comes from: the agency's original, or the copy (republication, translation).
ORIGINS: tuple[str, ...] = ("wire", "copy")
#: ``core`` items every student should find; ``extra`` items are bonus finds.
PRIORITIES: tuple[str, ...] = ("core", "extra")
#: Largest key file a reader accepts, in bytes (the bundled key is about 30 KB).
MAX_KEY_BYTES = 10_000_000


def is_core(item: Annotation) -> bool:
    """A key item every student should find (``priority`` "core", the default) rather than an "extra"."""
    return item.priority != "extra"


def seen_as(item: Annotation, labels: Iterable[str]) -> Annotation | None:
    """``item`` as a task about ``labels`` sees it: only its wanted labels, the first as its label (None if none)."""
    wanted = set(labels)
    kept = [label for label in item.labels if label in wanted]
    if not kept:
        return None
    return item if len(kept) == len(item.labels) else replace(item, label=kept[0], also=tuple(kept[1:]))


class AnswerKeyError(ValueError):
    """An answer key is malformed or does not fit its article; the message names the item."""


class AnswerKey(Sequence[Annotation]):
    """The key items for one article, in text order; a sequence of :class:`Annotation`."""

    def __init__(self, article: Article, items: Iterable[Annotation], title: str = ""):
        self.article = article
        self.items = sorted(items)
        self.title = title or f"Answer key: {article.title}"

    def __getitem__(self, i):  # type: ignore[override]
        return self.items[i]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Annotation]:
        return iter(self.items)

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {label}" for label, n in self.counts().items())
        return f"<AnswerKey {len(self)} items: {counts}>"

    def counts(self) -> dict[str, int]:
        """Items per label, in the kit's label order (an item with two labels counts under both)."""
        c = Counter(label for a in self.items for label in a.labels)
        return {label: c[label] for label in LABELS if c[label]}

    def by_label(self, label: str) -> list[Annotation]:
        """The items that count under ``label``, as that label (an item with two labels is seen as this one)."""
        return self.only([label]).items

    def core(self, label: str | None = None) -> list[Annotation]:
        """The items every student should find (Check scores these; "extra" items are a bonus)."""
        return [a for a in (self.items if label is None else self.by_label(label)) if is_core(a)]

    def only(self, labels: Iterable[str]) -> AnswerKey:
        """The same key restricted to ``labels`` (for a task about one skill).

        An item with two labels stays when either is wanted and keeps only the wanted
        ones: in a task about attribution, "He said" is an attribution gap.
        """
        wanted = set(labels)
        return AnswerKey(self.article, [s for a in self.items if (s := seen_as(a, wanted)) is not None], self.title)

    def get(self, item_id: str) -> Annotation:
        for a in self.items:
            if a.id == item_id:
                return a
        raise AnswerKeyError(f"the key has no item {item_id!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "title": self.title,
            "article_sha256": self.article.sha256,
            "items": [a.to_dict(self.article.text) for a in self.items],
        }

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the key as JSON atomically; the previous version is kept as ``.bak``."""
        return atomic_write(path, json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n")


def _show(value: Any, width: int = 60) -> str:
    """A value for a message: its repr cut short (Python refuses to print integers of thousands of digits)."""
    try:
        text = repr(value)
    except ValueError:
        return "(a huge number)"
    return text if len(text) <= width else text[: width - 1] + "…"


def _check_item(i: int, raw: Any, article: Article, name: str) -> Annotation:
    """One key item, validated: its quote must be the text at its offsets."""
    if not isinstance(raw, dict):
        raise AnswerKeyError(f"{name}: item {i + 1} is not an object")
    label = raw.get("id") if isinstance(raw.get("id"), str) and raw.get("id") else f"number {i + 1}"
    where = f"{name}: item {label}"
    for field in ("start", "end", "label", "quote"):
        if field not in raw:
            raise AnswerKeyError(f"{where} has no {field!r}")
    start, end, quote = raw["start"], raw["end"], raw["quote"]
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        raise AnswerKeyError(f"{where}: start and end must be whole numbers")
    if not 0 <= start < end <= len(article.text):
        start, end = (v if abs(v) < 10**15 else "(a huge number)" for v in (start, end))
        raise AnswerKeyError(
            f"{where}: span {start}-{end} is empty, reversed or outside the article (0-{len(article.text)})"
        )
    if raw["label"] not in LABELS:
        raise AnswerKeyError(f"{where}: unknown label {_show(raw['label'])} (use one of {', '.join(LABELS)})")
    if not isinstance(quote, str):
        raise AnswerKeyError(f"{where}: quote must be text, not {_show(quote)}")
    _check_provenance(raw, where)
    actual = article.text[start:end]
    if actual != quote:
        found = article.text.find(quote) if isinstance(quote, str) and quote else -1
        tip = f"; the quote is at {found}-{found + len(quote)}" if found >= 0 else "; the quote is not in the article"
        raise AnswerKeyError(f"{where}: quote {quote!r} does not match the text at {start}-{end} ({actual!r}){tip}")
    try:
        return Annotation.from_dict(raw)
    except ValueError as exc:
        raise AnswerKeyError(f"{where}: {exc}") from None


def _check_provenance(raw: dict[str, Any], where: str) -> None:
    """The optional ``origin``, ``original`` and ``priority`` fields, when present, must be well formed."""
    if "origin" in raw and raw["origin"] not in ORIGINS:
        raise AnswerKeyError(f"{where}: origin {raw['origin']!r} is not one of {', '.join(ORIGINS)}")
    if "priority" in raw and raw["priority"] not in PRIORITIES:
        raise AnswerKeyError(f"{where}: priority {raw['priority']!r} is not one of {', '.join(PRIORITIES)}")
    if "original" in raw:
        original = raw["original"]
        quote = original.get("quote") if isinstance(original, dict) else None
        url = original.get("url") if isinstance(original, dict) else None
        if not (isinstance(quote, str) and quote.strip()):
            raise AnswerKeyError(f"{where}: original needs a 'quote': the wire's own words")
        if not (isinstance(url, str) and url.startswith(("http://", "https://"))):
            raise AnswerKeyError(f"{where}: original needs a 'url' starting with http:// or https://")


def key_from_dict(data: Any, article: Article, name: str = "answer key") -> AnswerKey:
    """Build and validate a key from its JSON data."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise AnswerKeyError(f"{name} is not an answer key: expected an object with a list of 'items'")
    items = [_check_item(i, raw, article, name) for i, raw in enumerate(data["items"])]
    try:  # then every field's type, as the published schema declares it (errors name the field)
        formats.validate(data, "key", name)
    except formats.FormatError as exc:
        raise AnswerKeyError(str(exc)) from None
    ids = Counter(a.id for a in items if a.id)
    if dupes := [k for k, n in ids.items() if n > 1]:
        raise AnswerKeyError(f"{name}: item id {dupes[0]!r} is used more than once")
    return AnswerKey(article, items, title=data.get("title", ""))


def load_key(path: str | os.PathLike[str], article: Article) -> AnswerKey:
    """Read a key file for ``article`` (a teacher's own key; format: ``schemas/key.schema.json``).

    Only a regular file of at most :data:`MAX_KEY_BYTES` is read; a UTF-8 BOM is allowed.
    """
    path = Path(path)
    raw = read_for(path, MAX_KEY_BYTES, "key file", AnswerKeyError, missing="no such key file")
    try:
        data = parse_json(raw, path.name)
    except ValueError as exc:
        raise AnswerKeyError(str(exc)) from None
    return key_from_dict(data, article, path.name)


def make_key(article: Article, annotations: Iterable[Annotation | dict], title: str = "") -> AnswerKey:
    """Turn a teacher's marks into an answer key for ``article`` (validated like any key)."""
    items = []
    for n, a in enumerate(sorted(Annotation.from_dict(x) if isinstance(x, dict) else x for x in annotations), 1):
        data = a.to_dict(article.text)
        data.setdefault("id", f"{a.label[0].upper()}{n:02d}")
        items.append(data)
    return key_from_dict({"items": items, "title": title}, article, "the new key")


_BUNDLED: dict[str, AnswerKey] = {}


def answer_key(article: Article | None = None) -> AnswerKey:
    """The expert key for the bundled article (the only article the kit ships a key for)."""
    bundled = load_article() if article is None else article
    if bundled.sha256 in _BUNDLED:
        return _BUNDLED[bundled.sha256]
    raw = json.loads(
        importlib_resources.files("medialit").joinpath("data/keys/bundled.json").read_text(encoding="utf-8")
    )
    if raw.get("article_sha256") != bundled.sha256:
        raise AnswerKeyError(
            "the kit has an answer key for the bundled article only; for another article, "
            "make one with medialit.make_key(article, marks) or load yours with medialit.load_key(path, article)"
        )
    key = key_from_dict(raw, bundled, "the bundled answer key")
    _BUNDLED[bundled.sha256] = key
    return key
