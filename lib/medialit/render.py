"""HTML rendering of an article and its labelled spans (in the manner of spaCy's displacy).

The detectors give plain spans; this module alone turns them into HTML. Every
value that reaches the page (article text, labels, notes, rule names, titles)
goes through :func:`escape`: article text is data, never markup.
"""

from __future__ import annotations

import functools
import html
import itertools
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources as importlib_resources
from typing import TYPE_CHECKING, Any

from .text import Annotation, Article, Span

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
# HTML built from these templates.
TEMPLATES = {
    "fragment": '<div class="medialit"><style>{css}</style>{legend}<div class="medialit-article">{body}</div></div>',
    "paragraph": "<p{cls}>{content}</p>",
    "mark": '<mark class="medialit-hl medialit-{css_label}" data-label="{label}" data-rule="{rule}" '
    'title="{tooltip}" aria-label="{aria}">{content}</mark>',
    "shaded": '<mark class="medialit-hl medialit-{css_label}" data-label="{label}" style="background: rgba({rgb}, {alpha:.2f})" '
    'title="{tooltip}" aria-label="{aria}">{content}</mark>',
    "legend": '<div class="medialit-legend" role="list" aria-label="Legend">{items}</div>',
    "legend_item": '<span class="medialit-legend-item" role="listitem"><mark class="medialit-hl medialit-{css_label}">{name}</mark> {meaning}</span>',
    "page": '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>{title}</title><style>{css} body {{ margin: 2em auto; max-width: 52em; padding: 0 1em; }}</style></head>"
    '<body><div class="medialit"><h1>{title}</h1><p class="medialit-meta">{meta}</p>{legend}'
    '<div class="medialit-article">{body}</div>{sections}</div></body></html>\n',
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


def _escape_text(segment: str) -> str:
    return escape(segment).replace("\n", "<br>")


def _mark(a: Annotation, content: str) -> str:
    name = _name(a.label)
    tooltip = " · ".join(x for x in (name, a.rule, a.note, f"→ {a.correction}" if a.correction else "") if x)
    return TEMPLATES["mark"].format(
        css_label=_css_label(a.label),
        label=escape(a.label),
        rule=escape(a.rule),
        tooltip=escape(tooltip),
        aria=escape(name),
        content=content,
    )


def _paragraph_html(text: str, para: Span, marks: list[Annotation]) -> str:
    """One paragraph, split at every span boundary; overlapping spans nest."""
    cuts = {para.start, para.end}
    inside = [a for a in marks if a.start < para.end and a.end > para.start]
    for a in inside:
        cuts.add(_snap(text, max(a.start, para.start)))
        cuts.add(_snap(text, min(a.end, para.end)))
    points = sorted(c for c in cuts if para.start <= c <= para.end)
    order = {label: i for i, label in enumerate(LABEL_ORDER)}
    parts = []
    for a_, b_ in itertools.pairwise(points):
        content = _escape_text(text[a_:b_])
        covering = [m for m in inside if m.start < b_ and m.end > a_]
        for m in sorted(covering, key=lambda m: (order.get(m.label, 99), m.start), reverse=True):
            content = _mark(m, content)
        parts.append(content)
    return "".join(parts)


#: label -> the RGB of its colour, for shading by a share (class reports)
SHADE_RGB = {
    "attribution-gap": "230, 159, 0",
    "hedge": "86, 180, 233",
    "translation-error": "213, 94, 0",
    "booster": "0, 158, 115",
}


def render_shaded(article: Article, spans: Iterable[tuple[Annotation, float, str]]) -> str:
    """The article with each span shaded by a share from 0 to 1 (for example: how many students found it).

    Each entry is (annotation, share, tooltip); darker means a larger share.
    """
    text = article.text
    entries = [(a, max(0.0, min(1.0, w)), tip) for a, w, tip in spans if a.end > a.start]
    weight = {id(a): (w, tip) for a, w, tip in entries}
    marks = [a for a, _, _ in entries]
    paragraphs = []
    for para in article.paragraphs:
        cuts = {para.start, para.end}
        inside = [a for a in marks if a.start < para.end and a.end > para.start]
        for a in inside:
            cuts.update((_snap(text, max(a.start, para.start)), _snap(text, min(a.end, para.end))))
        points = sorted(cuts)
        parts = []
        for a_, b_ in itertools.pairwise(points):
            content = _escape_text(text[a_:b_])
            for m in sorted((m for m in inside if m.start < b_ and m.end > a_), key=lambda m: m.start, reverse=True):
                w, tip = weight[id(m)]
                content = TEMPLATES["shaded"].format(
                    css_label=_css_label(m.label),
                    label=escape(m.label),
                    rgb=SHADE_RGB.get(m.label, "204, 121, 167"),
                    alpha=0.08 + 0.72 * w,
                    tooltip=escape(tip),
                    aria=escape(f"{_name(m.label)}: {tip}"),
                    content=content,
                )
            parts.append(content)
        cls = ' class="medialit-title"' if para == article.title_span else ""
        paragraphs.append(TEMPLATES["paragraph"].format(cls=cls, content="".join(parts)))
    return '<div class="medialit-article">' + "".join(paragraphs) + "</div>"


def legend(labels: Iterable[str] = LABEL_ORDER) -> str:
    """The legend: each label's colour, underline and meaning."""
    items = "".join(
        TEMPLATES["legend_item"].format(
            css_label=_css_label(lb), name=escape(_name(lb)), meaning=escape(LABEL_INFO.get(lb, ("", ""))[1])
        )
        for lb in labels
    )
    return TEMPLATES["legend"].format(items=items)


def _body(article: Article, marks: list[Annotation]) -> str:
    text = article.text
    paragraphs = []
    for para in article.paragraphs:
        cls = ' class="medialit-title"' if para == article.title_span else ""
        paragraphs.append(TEMPLATES["paragraph"].format(cls=cls, content=_paragraph_html(text, para, marks)))
    return "".join(paragraphs)


def render_html(
    article: Article | str, annotations: Iterable[Annotation | Mapping[str, Any]] = (), show_legend: bool = True
) -> HTML:
    """A self-contained HTML fragment of ``article`` with its spans highlighted.

    One colour and one underline style per label, a legend, and each span's
    label, rule and note as a tooltip. ``article`` may be plain text.
    """
    if isinstance(article, str):
        article = Article.from_text(article)
    marks = _coerce(annotations, article.text)
    labels = [lb for lb in LABEL_ORDER if lb in {m.label for m in marks}] or list(LABEL_ORDER[:3])
    labels += sorted({m.label for m in marks} - set(labels))
    return HTML(
        TEMPLATES["fragment"].format(
            css=stylesheet(), legend=legend(labels) if show_legend else "", body=_body(article, marks)
        )
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
    findings = [
        [article.sentence_index(a.start) + 1, _name(a.label), a.rule, a.text_of(text), a.note]
        for a in analysis.annotations
    ]
    sections = TEMPLATES["section"].format(
        title="Who says so? Every attribution",
        content=table(["sentence", "kind", "source", "cue", "content"], sources),
    )
    sections += TEMPLATES["section"].format(
        title="Every finding", content=table(["sentence", "label", "rule", "quote", "why"], findings)
    )
    return TEMPLATES["page"].format(
        title=escape(title or f"medialit: {article.title or article.name}"),
        css=stylesheet(),
        meta=f"{escape(article.name)} · {len(text):,} characters · {len(article.sentences)} sentences · {meta}",
        legend=legend(),
        body=_body(article, list(analysis.annotations)),
        sections=sections,
    )


def render_score(report: ScoreReport) -> str:
    """A score report as HTML: the per-label table and every line of feedback."""
    rows = [
        [
            _name(s.label) if s.label in LABEL_INFO else s.label,
            f"{s.true_positives:g}",
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
