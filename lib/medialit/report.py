"""The class report: one HTML page a teacher can open, print or share, with charts embedded.

It sits above both ``render`` (HTML) and ``plots`` (charts). Every value is escaped;
charts are PNG images the kit draws itself, embedded as data, each with the chart's own text alternative.
No script runs and nothing is fetched: a note opens as a popover from its highlight's button.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import plots
from .plots import Chart
from .render import LABEL_INFO, escape, render_shaded, stylesheet, table

if TYPE_CHECKING:
    from .grading import ClassResults

PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
    "<style>{css} body {{ margin: 2em auto; max-width: 60em; padding: 0 1em; }}</style></head>"
    '<body><main class="medialit"><h1>{title}</h1><p class="medialit-meta">{meta}</p>{sections}</main></body></html>\n'
)


def _chart(fig: Chart) -> str:
    """A chart as an embedded image whose alt text is the chart's own text alternative."""
    return fig.to_html(dpi=90)


def _section(title: str, content: str) -> str:
    return f"<h2>{escape(title)}</h2>{content}"


def class_table(results: ClassResults) -> str:
    """The per-student table (also what a notebook shows for the results)."""
    head = (
        ["student", "status"]
        + [f"{LABEL_INFO[lb][0]} F1" for lb in LABEL_INFO if lb != "booster"]
        + ["overall F1", "problem"]
    )
    rows = []
    for s in results.students:
        r = s.row()
        rows.append(
            [s.student, r["status"]]
            + [r[f"{lb} f1"] for lb in LABEL_INFO if lb != "booster"]
            + [r["overall f1"], s.problem]
        )
    return table(head, rows)


def render_class_report(results: ClassResults) -> str:
    """The whole class report as one self-contained HTML page."""
    article = results.article
    graded = results.graded
    n = len(graded)
    sections = []
    if graded:
        averages = []
        for label in results.labels:
            ps = [s.report.labels[label].precision for s in graded]
            rs = [s.report.labels[label].recall for s in graded]
            fs = [s.report.labels[label].f1 for s in graded]
            averages.append([LABEL_INFO[label][0], f"{sum(ps) / n:.0%}", f"{sum(rs) / n:.0%}", f"{sum(fs) / n:.2f}"])
        sections.append(_section("Class averages", table(["label", "precision", "recall", "F1"], averages)))
        sections.append(
            _section(
                "Key items most students missed",
                _chart(plots.class_missed_items(results))
                + table(
                    ["item", "label", "quote", "missed by"],
                    [
                        [k.id, LABEL_INFO[k.label][0], article.quote(k), f"{m} of {n}"]
                        for k, m in results.most_missed(12)
                    ],
                ),
            )
        )
        sections.append(_section("F1 per label across the class", _chart(plots.class_f1_histograms(results))))
        alarms = results.common_false_alarms(12)
        sections.append(
            _section(
                "False alarms most students made",
                table(["label", "quote", "students"], [[LABEL_INFO.get(lb, (lb,))[0], q, c] for lb, q, c in alarms])
                if alarms
                else "<p>None.</p>",
            )
        )
        found = results.found_by()
        shaded = [
            (k, found[k.id] / n, f"This key item was found by {found[k.id]} of {n} students. {k.note}")
            for k in results.key
        ]
        sections.append(
            _section(
                "The article: darker means more students found it",
                "<p>The number after a highlight opens its note: how many students found it and the key's note.</p>"
                + render_shaded(article, shaded),
            )
        )
    if results.problems:
        sections.append(
            _section(
                "Files that could not be graded",
                table(["student", "file", "reason"], [[s.student, s.file, s.problem] for s in results.problems]),
            )
        )
    sections.append(_section("Every student", class_table(results)))
    meta = f"{escape(article.title)} · {n} students graded · {len(results.problems)} files with problems · key: {len(results.key)} items"
    return PAGE.format(title=escape("medialit class report"), css=stylesheet(), meta=meta, sections="".join(sections))
