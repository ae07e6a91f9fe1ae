"""HTML rendering of an article and its labelled spans (in the manner of spaCy's displacy).

The detectors give plain spans; this module alone turns them into HTML. Every
value that reaches the page (article text, labels, notes, rule names, titles)
goes through :func:`escape`: article text is data, never markup.
"""

from __future__ import annotations

import base64
import functools
import html
import itertools
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources as importlib_resources
from typing import TYPE_CHECKING, Any

from .text import Annotation, Article, shorten

if TYPE_CHECKING:
    from .detectors import Analysis
    from .scoring import ScoreReport

#: label -> (display name, what it means); labels not listed render in a neutral style
LABEL_INFO: dict[str, tuple[str, str]] = {
    "attribution-gap": ("Attribution gap", "who says so? a claim with no clear source"),
    "hedge": ("Hedge", "how sure is it? a word that softens a claim"),
    "translation-error": ("Translation error", "what did machine translation break?"),
    "booster": ("Booster", "a word that makes a claim sound more certain"),
}
LABEL_ORDER = tuple(LABEL_INFO)

# All templates in one place. Every {placeholder} is filled with escaped text or with
# HTML built from these templates. A page's article container holds the article's text and nothing else
# (its DOM text equals ``article.text``, paragraph breaks included): a highlight's label is generated
# content (CSS), its note button is empty, and the notes themselves live outside it, in the notes list.
TEMPLATES = {
    "fragment": '<div class="medialit"><style>{css}</style>{legend}{article}</div>',
    "article": '<div class="medialit-article">{body}</div>{notes}',
    "paragraph": "<p>{content}</p>",
    "headline": '<h{level} class="medialit-title">{content}</h{level}>',
    "mark": '<mark class="medialit-hl medialit-{css_label}{shaded}" data-label="{label}"{rule}{name}{share} '
    'aria-describedby="{note_id}-text">{content}</mark>',
    "note_button": '<button type="button" class="medialit-note-button" popovertarget="{note_id}" data-n="{n}" '
    'aria-label="{aria}" aria-describedby="{note_id}-text"></button>',
    "notes": '<div class="medialit-notes">{notes}</div>',
    "note": '<div class="medialit-note" id="{note_id}" popover><div class="medialit-note-head"><strong>{head}</strong> '
    '“{quote}”</div><div id="{note_id}-text">{text}</div>{extra}<button type="button" class="medialit-note-close" '
    'popovertarget="{note_id}" popovertargetaction="hide">Close</button></div>',
    "legend": '<div class="medialit-legend" role="list" aria-label="Legend">{items}</div>',
    "legend_item": '<span class="medialit-legend-item" role="listitem"><mark class="medialit-hl medialit-{css_label}">{name}</mark> {meaning}</span>',
    "page": '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>{title}</title><style>{css} body {{ margin: 2em auto; max-width: 52em; padding: 0 1em; }}</style></head>"
    '<body><main class="medialit"><h1>{title}</h1><p class="medialit-meta">{meta}</p>{legend}'
    "{article}{sections}</main></body></html>\n",
    "section": "<h2>{title}</h2>{content}",
    "table": '<table class="medialit-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>',
    "feedback": '<div class="medialit medialit-score">{table}<ul class="medialit-feedback">{items}</ul></div>',
    "feedback_item": '<li class="medialit-{kind}"><strong>{kind_name}</strong> (sentence {sentence}, {label}): {message}</li>',
}


def escape(value: object) -> str:
    """HTML-escape any value, quotes included."""
    return html.escape(str(value), quote=True)


@functools.cache
def stylesheet() -> str:
    """The kit's CSS (``static/medialit.css``), shared with the widget."""
    return importlib_resources.files("medialit").joinpath("static/medialit.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class HTML:
    """Rendered HTML that shows itself in a notebook; ``str(obj)`` is the markup."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def _css_label(label: str) -> str:
    return label if label in LABEL_INFO else "other"


def _name(label: str) -> str:
    return LABEL_INFO.get(label, (label, ""))[0]


def names_of(a: Annotation) -> str:
    """'Hedge', or for a key item with two labels 'Translation error and attribution gap'."""
    return " and ".join([_name(a.label), *(_name(x).lower() for x in a.also)])


def _coerce(annotations: Iterable[Annotation | Mapping[str, Any]], text: str) -> list[Annotation]:
    out = []
    for a in annotations:
        if isinstance(a, Mapping):
            a = Annotation.from_dict(dict(a))
        if a.end > len(text):
            raise ValueError(f"span {a.start}-{a.end} runs past the end of the text ({len(text)} characters)")
        if a.end > a.start:  # an empty span has nothing to show
            out.append(a)
    return out


def _snap(text: str, offset: int) -> int:
    """Move a boundary off a combining mark so that no highlight cuts a character in two."""
    while 0 < offset < len(text) and unicodedata.combining(text[offset]):
        offset += 1
    return offset


@dataclass(frozen=True)
class Note:
    """What a highlight's note says: a heading, the note itself and optional extra lines (all plain text)."""

    head: str
    text: str
    extra: tuple[str, ...] = ()


def _note_for(a: Annotation) -> Note:
    """An analysis or key highlight's note: its label, what it means, the rule and the intended English."""
    text = a.note or LABEL_INFO.get(a.label, ("", "a highlight"))[1]
    extra = []
    if a.correction:
        extra.append(f"Intended English: {a.correction}")
    if a.rule:
        extra.append(f"Rule: {a.rule}")
    return Note(_heading(a), text, tuple(extra))


def _heading(a: Annotation) -> str:
    """A note's heading: 'T08 · Translation error and attribution gap', or the label's name alone."""
    return f"{a.id} · {names_of(a)}" if a.id else names_of(a)


def _article_html(
    article: Article,
    items: list[tuple[Annotation, Note]],
    prefix: str,
    shares: list[float] | None = None,
    heading: int = 2,
) -> str:
    """The article container (its DOM text is exactly ``article.text``) and, after it, the notes list.

    Every paragraph is split at every highlight boundary; overlapping highlights nest. A highlight's
    first piece carries its label (``data-name``, shown to screen readers by CSS), every piece points
    at its note (``aria-describedby``), and after its last piece an empty numbered button opens the note,
    a popover: click, tap and Enter open it, with no script.
    """
    text = article.text
    order = {label: i for i, label in enumerate(LABEL_ORDER)}
    paras = article.paragraphs
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, (a, _) in enumerate(items):
        for para in paras:
            if a.start < para.end and a.end > para.start:
                first.setdefault(i, _snap(text, max(a.start, para.start)))
                last[i] = _snap(text, min(a.end, para.end))
    shown = [i for i in range(len(items)) if i in first and last[i] > first[i]]
    number = {i: n for n, i in enumerate(shown, 1)}
    note_id = {i: f"{prefix}-note-{number[i]}" for i in shown}
    body, prev = [], 0
    for para in paras:
        body.append(escape(text[prev : para.start]))  # the paragraph break, as text between the blocks
        inside = [i for i in shown if items[i][0].start < para.end and items[i][0].end > para.start]
        cuts = {para.start, para.end}
        for i in inside:
            cuts.update((_snap(text, max(items[i][0].start, para.start)), _snap(text, min(items[i][0].end, para.end))))
        parts = []
        for a_, b_ in itertools.pairwise(sorted(c for c in cuts if para.start <= c <= para.end)):
            content = escape(text[a_:b_])
            covering = [i for i in inside if items[i][0].start < b_ and items[i][0].end > a_]
            for i in sorted(
                covering, key=lambda i: (order.get(items[i][0].label, 99), items[i][0].start), reverse=True
            ):
                a = items[i][0]
                share = f' style="--medialit-share: {shares[i]:.2f}"' if shares is not None else ""
                content = TEMPLATES["mark"].format(
                    css_label=_css_label(a.label),
                    shaded=" medialit-shaded" if shares is not None else "",
                    label=escape(a.label),
                    rule=f' data-rule="{escape(a.rule)}"' if a.rule else "",
                    name=f' data-name="{escape(_name(a.label))}"' if first[i] == a_ else "",
                    share=share,
                    note_id=note_id[i],
                    content=content,
                )
            parts.append(content)
            for i in sorted(i for i in covering if last[i] == b_):
                parts.append(
                    TEMPLATES["note_button"].format(
                        note_id=note_id[i],
                        n=number[i],
                        aria=escape(
                            f"Note {number[i]}: {names_of(items[i][0])}, “{shorten(article.quote(items[i][0]), 40)}”"
                        ),
                    )
                )
        if para == article.title_span:  # the article's headline is a heading (axe: p-as-heading)
            body.append(TEMPLATES["headline"].format(level=heading, content="".join(parts)))
        else:
            body.append(TEMPLATES["paragraph"].format(content="".join(parts)))
        prev = para.end
    body.append(escape(text[prev:]))
    notes = "".join(
        TEMPLATES["note"].format(
            note_id=note_id[i],
            head=escape(f"{number[i]}. {items[i][1].head}"),
            quote=escape(shorten(article.quote(items[i][0]), 120)),
            text=escape(items[i][1].text),
            extra="".join(f"<div>{escape(x)}</div>" for x in items[i][1].extra),
        )
        for i in shown
    )
    return TEMPLATES["article"].format(
        body="".join(body), notes=TEMPLATES["notes"].format(notes=notes) if notes else ""
    )


def _prefix() -> str:
    """A fresh prefix for the ids in one rendered fragment (a notebook shows many on one page)."""
    return f"medialit-{secrets.token_hex(4)}"


def render_shaded(
    article: Article, spans: Iterable[tuple[Annotation, float, str]], prefix: str = "medialit-shaded", heading: int = 3
) -> str:
    """The article with each span shaded by a share from 0 to 1 (for example: how many students found it).

    Each entry is (annotation, share, note); darker means a larger share, and the note (which should say
    the share in words, for example "found by 3 of 20") opens from the highlight's button.
    """
    entries = [(a, max(0.0, min(1.0, w)), note) for a, w, note in spans if a.end > a.start]
    items = [(a, Note(_heading(a), note)) for a, _, note in entries]
    return _article_html(article, items, prefix, shares=[w for _, w, _ in entries], heading=heading)


#: how to read a note, said once in the legend
NOTES_HINT = "The number after a highlight opens its note (click, tap or Enter)."


def legend(labels: Iterable[str] = LABEL_ORDER, notes: bool = False) -> str:
    """The legend: each label's colour, underline and meaning (and, with ``notes``, how to open a note)."""
    items = "".join(
        TEMPLATES["legend_item"].format(
            css_label=_css_label(lb), name=escape(_name(lb)), meaning=escape(LABEL_INFO.get(lb, ("", ""))[1])
        )
        for lb in labels
    )
    if notes:
        items += f'<span class="medialit-legend-item" role="listitem">{escape(NOTES_HINT)}</span>'
    return TEMPLATES["legend"].format(items=items)


def render_html(
    article: Article | str, annotations: Iterable[Annotation | Mapping[str, Any]] = (), show_legend: bool = True
) -> HTML:
    """A self-contained HTML fragment of ``article`` with its spans highlighted.

    One colour and one underline style per label, a legend, and for each span a numbered button that
    opens its note (label, explanation, rule). ``article`` may be plain text. The article's container
    holds exactly the article's text, so that W3C text selectors computed on ``article.text`` anchor in it.
    """
    if isinstance(article, str):
        article = Article.from_text(article)
    marks = _coerce(annotations, article.text)
    labels = [lb for lb in LABEL_ORDER if lb in {m.label for m in marks}] or list(LABEL_ORDER[:3])
    labels += sorted({m.label for m in marks} - set(labels))
    return HTML(
        TEMPLATES["fragment"].format(
            css=stylesheet(),
            legend=legend(labels, notes=bool(marks)) if show_legend else "",
            article=_article_html(article, [(m, _note_for(m)) for m in marks], _prefix()),
        )
    )


def image(png: bytes, alt: str, width: int | None = None) -> str:
    """A PNG as an ``<img>`` with its text alternative, embedded as data (no outside request)."""
    data = base64.b64encode(png).decode("ascii")
    size = f' width="{width}"' if width else ""
    return (
        f'<img class="medialit-chart" alt="{escape(alt)}"{size} style="max-width: 100%; height: auto" '
        f'src="data:image/png;base64,{data}">'
    )


def table(head: list[str], rows: list[list[object]]) -> str:
    """An HTML table; every cell escaped."""
    return TEMPLATES["table"].format(
        head="".join(f"<th>{escape(h)}</th>" for h in head),
        rows="".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows),
    )


def render_page(analysis: Analysis, title: str | None = None) -> str:
    """A complete HTML page of an analysis: highlights, legend, sources and findings."""
    article = analysis.article
    text = article.text
    counts = analysis.counts()
    meta = ", ".join(f"{n} {escape(_name(lb).lower())}{'s' if n != 1 else ''}" for lb, n in counts.items())
    sources = [
        [
            article.sentence_index(a.cue.start) + 1,
            a.kind + (f" → {a.resolved_to}" if a.resolved_to else ""),
            a.source.text_of(text) if a.source else "(none)",
            a.cue.text_of(text),
            a.content.text_of(text) if a.content else "",
        ]
        for a in analysis.attributions
    ]
    annotations = _coerce(analysis.annotations, text)
    findings = [
        [n, article.sentence_index(a.start) + 1, _name(a.label), a.rule, a.text_of(text), a.note]
        for n, a in enumerate(annotations, 1)
    ]
    sections = TEMPLATES["section"].format(
        title="Who says so? Every attribution",
        content=table(["sentence", "kind", "source", "cue", "content"], sources),
    )
    sections += TEMPLATES["section"].format(
        title="Every finding", content=table(["note", "sentence", "label", "rule", "quote", "why"], findings)
    )
    return TEMPLATES["page"].format(
        title=escape(title or f"medialit: {article.title or article.name}"),
        css=stylesheet(),
        meta=f"{escape(article.name)} · {len(text):,} characters · {len(article.sentences)} sentences · {meta}",
        legend=legend(notes=bool(annotations)),
        article=_article_html(article, [(a, _note_for(a)) for a in annotations], "medialit-page"),
        sections=sections,
    )


def render_score(report: ScoreReport) -> str:
    """A score report as HTML: the per-label table and every line of feedback."""
    rows = [
        [
            _name(s.label) if s.label in LABEL_INFO else s.label,
            f"{s.found:g}",
            s.misses,
            s.false_alarms,
            f"{s.precision:.0%}",
            f"{s.recall:.0%}",
            f"{s.f1:.2f}",
        ]
        for s in [*report.labels.values(), report.overall]
    ]
    figures = table(["label", "found", "missed", "false alarms", "precision", "recall", "F1"], rows)
    kind_names = {"hit": "Found", "miss": "Missed", "false-alarm": "False alarm", "bonus": "Bonus"}
    items = "".join(
        TEMPLATES["feedback_item"].format(
            kind=escape(f.kind),
            kind_name=escape(kind_names[f.kind]),
            sentence=f.sentence,
            label=escape(_name(f.label)),
            message=escape(f.message),
        )
        for f in report.feedback
    )
    return TEMPLATES["feedback"].format(table=figures, items=items)
