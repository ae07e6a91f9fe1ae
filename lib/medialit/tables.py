"""Results that show themselves as tables, so a lesson cell is one line of the public API.

``table(findings, article)`` turns what the detectors, a key or a highlighter give
(attributions, gaps, hedges and boosters, key items, marks, rules, scores, an article's facts)
into a :class:`Table`: an HTML table in a notebook, aligned plain text anywhere else.
``categories(key)`` counts a key's items per label and category, core and extra.
The findings themselves stay plain lists, so code that uses them as lists keeps working.
Every cell is escaped: in HTML by :func:`render.escape`, in text by :func:`untrusted.for_terminal`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .detectors import Analysis, Attribution, Rule
from .keys import AnswerKey, seen_as
from .render import LABEL_INFO, LABEL_ORDER, escape, names_of
from .render import table as html_table
from .scoring import ScoreReport
from .text import Annotation, Article, shorten
from .untrusted import for_terminal

#: how wide a column may be in the plain-text view (the HTML view shows every cell in full)
TEXT_WIDTH = 40
#: the little CSS a table brings along: JupyterLab right-aligns table cells, which is hard to read for text
#: (the full stylesheet is left out so that outputs kept for nbval stay small)
CSS = (
    ".medialit > .medialit-table th, .medialit > .medialit-table td "
    "{ text-align: left; vertical-align: top; overflow-wrap: anywhere; }"
)
#: what the label names look like in a table
LABEL_NAMES = {label: name.lower() for label, (name, _) in LABEL_INFO.items()}


class Table:
    """Rows under a header that show themselves: an HTML table in a notebook, aligned text elsewhere.

    The HTML carries only a line of CSS, not the kit's stylesheet, so a lesson that keeps a table's output
    for nbval to compare stays small.

    ``len(t)`` is the number of rows; ``t.rows`` are dicts (header -> value) for code that wants the data.
    """

    def __init__(self, head: Sequence[str], rows: Iterable[Sequence[object]], caption: str = "") -> None:
        self.head = list(head)
        self._rows = [["" if v is None else v for v in row] for row in rows]
        self.caption = caption

    @property
    def rows(self) -> list[dict[str, object]]:
        return [dict(zip(self.head, row, strict=True)) for row in self._rows]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self):
        return iter(self.rows)

    def _repr_html_(self) -> str:
        caption = f"<p>{escape(self.caption)}</p>" if self.caption else ""
        if not self._rows:
            return f'<div class="medialit">{caption}<p>(nothing to show)</p></div>'
        return f'<div class="medialit"><style>{CSS}</style>{caption}{html_table(self.head, self._rows)}</div>'

    def __repr__(self) -> str:
        """Plain text: one line a row, columns aligned, long cells cut short, control characters made visible."""
        cells = [[for_terminal(shorten(str(v), TEXT_WIDTH)) for v in row] for row in [self.head, *self._rows]]
        widths = [max(len(r[i]) for r in cells) for i in range(len(self.head))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        if not self._rows:
            lines = ["(nothing to show)"]
        if self.caption:
            lines.insert(0, for_terminal(self.caption))
        return "\n".join(lines)


def _number(article: Article, offset: int) -> int:
    """The sentence number a student sees (counting from 1)."""
    return article.sentence_index(offset) + 1


def _attributions(items: list[Attribution], article: Article) -> Table:
    pronouns = any(a.kind == "pronoun" for a in items)
    head = ["sentence", "kind", "source (who)", "cue", "content (what)", "direct quote?"]
    head += ["who that is"] if pronouns else []
    rows = []
    for a in items:
        row: list[object] = [
            _number(article, a.cue.start),
            a.kind,
            article.quote(a.source) if a.source else "(nobody)",
            article.quote(a.cue),
            article.quote(a.content) if a.content else "",
            "yes" if a.direct else "no",
        ]
        if pronouns:
            row.append((a.resolved_to or "nobody clear") if a.kind == "pronoun" else "")
        rows.append(row)
    return Table(head, rows)


#: annotation columns: header -> how to get the value (shown only when some row has one)
_ANNOTATION_COLUMNS: dict[str, Any] = {
    "id": lambda a, art: a.id,
    "sentence": lambda a, art: _number(art, a.start),
    "label": lambda a, art: names_of(a).lower(),
    "category": lambda a, art: a.category,
    "words": lambda a, art: art.quote(a),
    "should say": lambda a, art: a.correction,
    "why": lambda a, art: a.note,
    "rule": lambda a, art: a.rule,
}


def _annotations(items: list[Annotation], article: Article, context: bool) -> Table:
    columns = dict(_ANNOTATION_COLUMNS)
    if any(a.note for a in items):
        del columns["rule"]  # a note says why in words; the rule id is for teachers
    values = {h: [get(a, article) for a in items] for h, get in columns.items()}
    head = [h for h, vs in values.items() if h in ("sentence", "words") or any(v not in ("", None) for v in vs)]
    if len({a.labels for a in items}) == 1 and "category" in head:
        head.remove("label")  # one label: the category says more
    rows = [[values[h][i] for h in head] for i in range(len(items))]
    if context:
        head.insert(head.index("words"), "the sentence")
        for row, a in zip(rows, items, strict=True):
            row.insert(head.index("the sentence"), article.quote(article.sentence_of(a)))
    return Table(head, rows)


def _rules(rules: list[Rule]) -> Table:
    head = ["rule", "label", "looks for", "why", "idea from"]
    return Table(head, [[r.id, r.label, r.pattern, r.explanation, r.source] for r in rules])


def _facts(article: Article) -> Table:
    meta = article.metadata
    rows: list[list[object]] = [
        ["headline", article.title or "(missing)"],
        ["paragraphs", len(article.paragraphs)],
        ["characters", len(article.text)],
    ]
    for field in ("byline", "date", "source"):
        rows.append([field, article.quote(meta[field]) if field in meta else "(missing)"])
    return Table(["what", "this article"], rows)


def _scores(report: ScoreReport, labels: set[str] | None) -> Table:
    head = ["label", "found", "of", "bonus finds", "false alarms", "recall", "precision"]
    rows = [
        [LABEL_NAMES.get(s.label, s.label), f"{s.found:g}", s.expected, s.bonus, s.false_alarms, *percent]
        for s in report.labels.values()
        if labels is None or s.label in labels
        for percent in [(f"{s.recall:.0%}", f"{s.precision:.0%}")]
    ]
    return Table(head, rows)


def _keep(item: object, only: set[str]) -> bool:
    if isinstance(item, Attribution):
        return item.kind in only
    if isinstance(item, Rule):
        return item.label in only or item.id in only
    if isinstance(item, Annotation):
        return bool({item.id, *item.labels, item.category} & only)
    return True


def table(
    findings: Any,
    article: Article | None = None,
    *,
    only: str | Iterable[str] | None = None,
    context: bool = False,
) -> Table:
    """A table of ``findings``: attributions, gaps, hedges, key items, marks, rules, a score or an article's facts.

    ``article`` is the article the findings point into (a key and an analysis bring their own; rules and an
    article need none). ``only`` keeps some rows: a kind of attribution (``"pronoun"``), a label (also of a score), a category, a key
    item's id or a rule's id. ``context=True`` adds each finding's whole sentence.
    """
    if isinstance(findings, Article):
        return _facts(findings)
    if isinstance(findings, ScoreReport):
        return _scores(findings, None if only is None else {only} if isinstance(only, str) else set(only))
    if isinstance(findings, AnswerKey):
        article = article or findings.article
    if isinstance(findings, Analysis):  # medialit.analyze(article): every suggestion of every detector
        article, findings = article or findings.article, findings.annotations
    if isinstance(findings, Mapping):
        findings = findings.values()  # medialit.RULES
    items = list(findings)
    if only is not None:
        order = [only] if isinstance(only, str) else list(only)
        items = [i for i in items if _keep(i, set(order))]
        items.sort(key=lambda i: order.index(i.id) if getattr(i, "id", None) in order else len(order))
    if items and all(isinstance(i, Rule) for i in items):
        return _rules(items)
    if any(not isinstance(i, (Attribution, Annotation)) for i in items):
        bad = next(i for i in items if not isinstance(i, (Attribution, Annotation)))
        raise TypeError(f"table() shows findings, key items, marks or rules, not {type(bad).__name__}")
    if article is None:
        raise TypeError("table() needs the article the findings come from: medialit.table(findings, article)")
    if items and all(isinstance(i, Attribution) for i in items):
        return _attributions(items, article)
    if any(isinstance(i, Attribution) for i in items):
        raise TypeError("table() shows attributions or annotations, not both in one table")
    return _annotations(items, article, context)


def categories(items: Iterable[Annotation], label: str | None = None) -> Table:
    """How many items there are per label and category, most common first.

    For a key: core and extra counts (what Check scores, and the bonus finds). For a detector's findings
    (which have no priority): how many each rule found, with the rule's id (without the matched word, so
    the counts give no answer away).
    """
    if label is not None:  # an item with two labels is counted under the one asked for
        items = [s for i in items if (s := seen_as(i, [label])) is not None]
    labels = {i.label for i in items}
    show_label = label is None and len(labels) > 1
    if not any(i.priority for i in items):
        found = Counter((i.label, i.category or "(none)", i.rule.split(":")[0]) for i in items)
        ordered = sorted(found, key=lambda g: (_label_rank(g[0]), -found[g], g[2]))
        head = (["label"] if show_label else []) + ["category", "rule", "found"]
        return Table(
            head, [([LABEL_NAMES.get(g[0], g[0])] if show_label else []) + [g[1], g[2], found[g]] for g in ordered]
        )
    counts = Counter((i.label, i.category or "(none)", i.priority or "core") for i in items)
    groups = sorted(
        {(lab, cat) for lab, cat, _ in counts},
        key=lambda g: (_label_rank(g[0]), -(counts[(*g, "core")] + counts[(*g, "extra")]), g[1]),
    )
    head = (["label"] if show_label else []) + ["category", "core", "extra", "total"]
    rows = []
    for lab, cat in groups:
        core, extra = counts[(lab, cat, "core")], counts[(lab, cat, "extra")]
        rows.append(([LABEL_NAMES.get(lab, lab)] if show_label else []) + [cat, core, extra, core + extra])
    return Table(head, rows)


def _label_rank(label: str) -> int:
    return LABEL_ORDER.index(label) if label in LABEL_ORDER else len(LABEL_ORDER)
