"""Side by side: each copy item's sentence in the copy beside the news agency's own words.

SIFT's hardest move is "trace claims to the original". The answer key already holds, for every
item the republication or its translation brought in (``origin == "copy"``), the wire's wording and
the address of the copy it was checked against (``original``). This module shows the two together,
so students see for themselves what changed, with no internet needed.

Every value that reaches the page is escaped. An address is shown as its text; an ``http(s)``
address is also a link that opens in a new tab (``rel="noopener noreferrer"``) and only when clicked:
the page makes no outside request by itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .keys import AnswerKey, AnswerKeyError, answer_key
from .render import LABEL_INFO, TEMPLATES, escape, stylesheet
from .text import Annotation
from .untrusted import for_terminal

HEAD = ["Item", "In the copy (sentence)", "The wire's own words", "Checked against"]


@dataclass(frozen=True)
class Row:
    """One copy item: where it sits in the copy and what the wire wrote."""

    id: str
    label: str
    category: str
    sentence_number: int
    sentence: str
    quote: str
    quote_at: int
    original: str
    url: str


def _link(url: str) -> str:
    """The address as text; an http(s) address is also a link that opens only on a click."""
    shown = escape(url)
    if url.lower().startswith(("https://", "http://")):
        return f'<a href="{shown}" target="_blank" rel="noopener noreferrer">{shown}</a>'
    return f"<code>{shown}</code>"


def _copy_cell(row: Row) -> str:
    before = row.sentence[: row.quote_at]
    after = row.sentence[row.quote_at + len(row.quote) :]
    css = row.label if row.label in LABEL_INFO else "other"
    return (
        f"<small>S{row.sentence_number}</small> {escape(before)}"
        f'<mark class="medialit-hl medialit-{css}">{escape(row.quote)}</mark>{escape(after)}'
    )


@dataclass(frozen=True)
class SideBySide:
    """A table of copy items beside the wire's wording; shows itself in a notebook, prints as text."""

    rows: tuple[Row, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def _repr_html_(self) -> str:
        body = "".join(
            "<tr>"
            f'<td style="overflow-wrap: normal; min-width: 7em">{escape(r.id)}<br><small>{escape(r.category)}</small></td>'
            f"<td>{_copy_cell(r)}</td>"
            f"<td>{escape(r.original)}</td>"
            f"<td>{_link(r.url)}</td>"
            "</tr>"
            for r in self.rows
        )
        table = TEMPLATES["table"].format(head="".join(f"<th>{escape(h)}</th>" for h in HEAD), rows=body)
        return f'<div class="medialit medialit-side-by-side"><style>{stylesheet()}</style>{table}</div>'

    def __str__(self) -> str:
        blocks = []
        for r in self.rows:
            blocks.append(
                "\n".join(
                    [
                        f"{r.id} ({r.category}), sentence {r.sentence_number}",
                        f"  copy:  {for_terminal(r.sentence)}",
                        f"  words: “{for_terminal(r.quote)}”",
                        f"  wire:  {for_terminal(r.original)}",
                        f"  checked against: {for_terminal(r.url)}",
                    ]
                )
            )
        return "\n\n".join(blocks) if blocks else "(no copy items with the wire's wording)"

    def __repr__(self) -> str:
        return str(self)


def _row(key: AnswerKey, item: Annotation) -> Row:
    article = key.article
    sentence = article.sentence_of(item)
    start = min(sentence.start, item.start)
    end = max(sentence.end, item.end)
    original = item.original or {}
    return Row(
        id=item.id,
        label=item.label,
        category=item.category,
        sentence_number=article.sentence_index(item.start) + 1,
        sentence=article.text[start:end],
        quote=article.text[item.start : item.end],
        quote_at=item.start - start,
        original=str(original.get("quote", "")),
        url=str(original.get("url", "")),
    )


def side_by_side(key: AnswerKey | None = None, ids: Iterable[str] | None = None) -> SideBySide:
    """Each copy item's sentence beside the wire's own words and the address they were checked at.

    ``key`` defaults to the bundled article's key. With ``ids``, only those items, in the order
    given (an item that is not a copy item with the wire's wording is an :class:`AnswerKeyError`);
    without, every such item in reading order.
    """
    key = answer_key() if key is None else key
    if ids is None:
        items = [a for a in key if a.original and a.original.get("quote")]
    else:
        if isinstance(ids, str):
            ids = [ids]
        items = []
        for item_id in ids:
            item = key.get(item_id)
            if not (item.original and item.original.get("quote")):
                raise AnswerKeyError(
                    f"key item {item_id!r} has no wire wording to compare with "
                    f"(origin {item.origin or 'not given'}): only copy items carry one"
                )
            items.append(item)
    return SideBySide(tuple(_row(key, a) for a in items))
