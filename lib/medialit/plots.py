"""Charts for the lessons. Every function returns a matplotlib ``Figure`` (shown when it is a
cell's last value), with a title, labelled axes and fonts a class can read from the back.

Every figure is a :class:`Chart`: it carries its text alternative (``fig.medialit_alt``, what the chart
shows, numbers included) and shows itself in a notebook as an image with that alt text, so a screen
reader hears what a sighted student sees. The class report embeds the same image and text.

matplotlib is imported here only, so ``import medialit`` stays light.
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from .detectors import SOURCE_KINDS, Analysis, analyze
from .render import image
from .text import LABELS, Article, shorten
from .untrusted import for_chart

if TYPE_CHECKING:
    from .grading import ClassResults
    from .scoring import ScoreReport

#: Okabe-Ito colours, as in the HTML highlights (colour-blind safe)
COLOURS = {
    "attribution-gap": "#E69F00",
    "hedge": "#56B4E9",
    "translation-error": "#D55E00",
    "booster": "#009E73",
    "person": "#0072B2",
    "organisation": "#009E73",
    "vague": "#E69F00",
    "pronoun": "#CC79A7",
    "none": "#999999",
}
#: hatch patterns, so that bars never rely on colour alone
HATCHES = {"attribution-gap": "//", "hedge": "..", "translation-error": "xx", "booster": "--"}
#: the F1 bands of the class histograms
BINS = [i / 10 for i in range(11)]
FONT = {"font.size": 12, "axes.titlesize": 14, "axes.labelsize": 12}

#: how sure each wording sounds, from 0 (pure guess) to 1 (stated as certain); examples for the lesson
CERTAINTY_SCALE: tuple[tuple[str, float], ...] = (
    ("X is true", 1.0),
    ("clearly X", 0.95),
    ("X will happen", 0.9),
    ("X is likely", 0.75),
    ("X appears to be", 0.6),
    ("X may be", 0.5),
    ("X might be", 0.4),
    ("it is possible that X", 0.35),
    ("some fear X", 0.3),
    ("X is unlikely", 0.2),
)


class Chart(Figure):
    """A matplotlib Figure with a text alternative that says what it shows (``medialit_alt``).

    In a notebook it shows as ``<img alt="...">`` (HTML) with the PNG beside it for other viewers and the
    alt text as its plain-text form; everything else is an ordinary Figure.
    """

    medialit_alt: str = ""

    def to_png(self, dpi: float | None = None) -> bytes:
        """The chart as PNG bytes."""
        buf = io.BytesIO()
        self.savefig(buf, format="png", dpi=dpi or self.dpi)
        return buf.getvalue()

    def to_html(self, dpi: float | None = None) -> str:
        """The chart as an embedded ``<img>`` whose ``alt`` is :attr:`medialit_alt`."""
        return image(self.to_png(dpi), self.medialit_alt)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        png = self.to_png()
        return {
            "text/html": image(png, self.medialit_alt),
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": self.medialit_alt,
        }


def _figure(width: float = 8, height: float = 4.5) -> tuple[Chart, object]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), layout="constrained", FigureClass=Chart)
    plt.close(fig)  # returned, not shown twice
    return fig, ax


def _label(ax, title: str, xlabel: str, ylabel: str) -> None:
    """Every chart says what it shows and what its axes measure."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def _alt(kind: str, title: str, content: str) -> str:
    """A chart's text alternative: what kind of chart, its title, and the numbers it shows."""
    return f"{kind}: {title}. {content}"


def _listing(pairs: Iterable[tuple[str, object]]) -> str:
    return ", ".join(f"{name} {value}" for name, value in pairs)


def _readable(func):
    """Draw with the kit's font sizes, whatever the notebook's defaults."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        import matplotlib.pyplot as plt

        with plt.rc_context(FONT):
            return func(*args, **kwargs)

    return wrapper


def _analysis(source: Article | Analysis) -> Analysis:
    return source if isinstance(source, Analysis) else analyze(source)


@_readable
def sources_by_kind(source: Article | Analysis) -> Chart:
    """Bar chart: how many attributions name a person, an organisation, a vague group, a pronoun, nobody."""
    analysis = _analysis(source)
    counts = analysis.source_counts()
    fig, ax = _figure()
    names = {
        "person": "named person",
        "organisation": "organisation",
        "vague": "vague group",
        "pronoun": "pronoun (he, it)",
        "none": "nobody (passive)",
    }
    bars = ax.bar(
        [names[k] for k in SOURCE_KINDS],
        [counts[k] for k in SOURCE_KINDS],
        color=[COLOURS[k] for k in SOURCE_KINDS],
        edgecolor="black",
    )
    ax.bar_label(bars, fontsize=12)
    ax.margins(y=0.12)
    _label(ax, "Who says so? The article's sources by kind", "kind of source", "number of attributions")
    ax.tick_params(axis="x", labelrotation=15)
    fig.medialit_alt = _alt(
        "Bar chart",
        "Who says so? The article's sources by kind",
        "Number of attributions by kind of source: " + _listing((names[k], counts[k]) for k in SOURCE_KINDS) + ".",
    )
    return fig


@_readable
def hedge_density(source: Article | Analysis) -> Chart:
    """Hedges and boosters per sentence, so students see where the article grows unsure."""
    analysis = _analysis(source)
    article = analysis.article
    n = len(article.sentences)
    per = {label: [0] * n for label in ("hedge", "booster")}
    for a in analysis.annotations:
        if a.label in per:
            per[a.label][article.sentence_index(a.start)] += 1
    fig, ax = _figure(10, 4.5)
    xs = list(range(1, n + 1))
    ax.bar(xs, per["hedge"], color=COLOURS["hedge"], hatch=HATCHES["hedge"], edgecolor="black", label="hedges")
    ax.bar(
        xs,
        per["booster"],
        bottom=per["hedge"],
        color=COLOURS["booster"],
        hatch=HATCHES["booster"],
        edgecolor="black",
        label="boosters",
    )
    _label(ax, "How sure is it? Hedges and boosters, sentence by sentence", "sentence number", "cues in the sentence")
    ax.set_xticks(xs[:: max(1, n // 15)])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend()

    def cues(i: int) -> str:
        return ", ".join(
            f"{per[lb][i]} {lb}{'s' if per[lb][i] != 1 else ''}" for lb in ("hedge", "booster") if per[lb][i]
        )

    busy = [f"sentence {i}: {cues(i - 1)}" for i in xs if cues(i - 1)]
    fig.medialit_alt = _alt(
        "Stacked bar chart",
        "How sure is it? Hedges and boosters, sentence by sentence",
        f"{sum(per['hedge'])} hedges and {sum(per['booster'])} boosters in {n} sentences. "
        + (
            f"Sentences with cues: {'; '.join(busy)}. The other sentences have none."
            if busy
            else "No sentence has one."
        ),
    )
    return fig


@_readable
def certainty_scale(examples: Iterable[tuple[str, float]] = CERTAINTY_SCALE) -> Chart:
    """A scale from 'stated as certain' to 'a guess', with example wordings placed on it."""
    rows = sorted(examples, key=lambda e: e[1])
    fig, ax = _figure(8, 0.45 * len(rows) + 1.5)
    ys = range(len(rows))
    ax.barh(
        list(ys),
        [v for _, v in rows],
        color=[COLOURS["booster"] if v >= 0.9 else COLOURS["hedge"] for _, v in rows],
        edgecolor="black",
    )
    ax.set_yticks(list(ys), [w for w, _ in rows])
    ax.set_xlim(0, 1.05)
    _label(
        ax,
        "How sure does it sound? A certainty scale",
        "how certain the wording sounds (0 = a guess, 1 = stated as fact)",
        "wording",
    )
    fig.medialit_alt = _alt(
        "Horizontal bar chart",
        "How sure does it sound? A certainty scale",
        "How certain each wording sounds, from 0 (a guess) to 1 (stated as fact): "
        + _listing((w, f"{v:g}") for w, v in rows)
        + ".",
    )
    return fig


@_readable
def label_counts(source: Article | Analysis) -> Chart:
    """How many findings of each label the detectors make."""
    analysis = _analysis(source)
    counts = analysis.counts()
    labels = [lb for lb in counts if counts[lb]]
    fig, ax = _figure()
    bars = ax.bar(
        labels,
        [counts[lb] for lb in labels],
        color=[COLOURS[lb] for lb in labels],
        hatch=[HATCHES.get(lb, "") for lb in labels],
        edgecolor="black",
    )
    ax.bar_label(bars)
    _label(ax, "What the detectors found", "label", "findings")
    fig.medialit_alt = _alt(
        "Bar chart",
        "What the detectors found",
        "Findings per label: " + (_listing((lb, counts[lb]) for lb in labels) if labels else "none") + ".",
    )
    return fig


@_readable
def score_bars(report: ScoreReport) -> Chart:
    """Precision and recall per label for one student's check."""
    fig, ax = _figure()
    xs = range(len(LABELS))
    width = 0.38
    p = [report.labels[lb].precision for lb in LABELS]
    r = [report.labels[lb].recall for lb in LABELS]
    ax.bar(
        [x - width / 2 for x in xs],
        p,
        width,
        label="precision (how many marks were right)",
        color="#0072B2",
        edgecolor="black",
    )
    ax.bar(
        [x + width / 2 for x in xs],
        r,
        width,
        label="recall (how much of the key you found)",
        color="#E69F00",
        hatch="//",
        edgecolor="black",
    )
    ax.set_xticks(list(xs), list(LABELS))
    ax.set_ylim(0, 1.05)
    _label(ax, "Your check: precision and recall per label", "label", "share (0 to 1)")
    ax.legend(loc="upper right", fontsize=10)
    fig.medialit_alt = _alt(
        "Grouped bar chart",
        "Your check: precision and recall per label",
        "Precision (how many marks were right) and recall (how much of the key you found), per label: "
        + "; ".join(f"{lb}: precision {pv:.0%}, recall {rv:.0%}" for lb, pv, rv in zip(LABELS, p, r))
        + ".",
    )
    return fig


@_readable
def class_missed_items(results: ClassResults, n: int = 12) -> Chart:
    """The key items most students missed, as horizontal bars."""
    rows = results.most_missed(n)[::-1]
    total = max(1, len(results.graded))
    fig, ax = _figure(9, 0.42 * len(rows) + 1.6)
    text = results.article.text
    names = [for_chart(f"{k.id} “{shorten(k.text_of(text), 28)}”") for k, _ in rows]  # "$5" stays "$5"
    bars = ax.barh(
        names,
        [m for _, m in rows],
        color=[COLOURS[k.label] for k, _ in rows],
        hatch=[HATCHES.get(k.label, "") for k, _ in rows],
        edgecolor="black",
    )
    ax.bar_label(bars, padding=3)
    ax.set_xlim(0, total * 1.1)
    _label(ax, "Key items most students missed", f"students who missed it (of {total})", "key item")
    fig.medialit_alt = _alt(
        "Horizontal bar chart",
        "Key items most students missed",
        f"Students who missed each key item, of {total}: "
        + ("; ".join(f"{k.id} “{shorten(k.text_of(text), 60)}” missed by {m}" for k, m in rows[::-1]) or "none")
        + ".",
    )
    return fig


@_readable
def class_f1_histograms(results: ClassResults) -> Chart:
    """How F1 is spread across the class, one histogram per label."""
    import matplotlib.pyplot as plt

    by_label = results.f1_by_label()
    labels = list(by_label)
    if not labels:  # a key with no items: nothing to grade, say so instead of failing
        fig, ax = _figure(6, 2.5)
        ax.text(0.5, 0.5, "The key has no items: there is no F1 to show.", ha="center", va="center")
        ax.set_axis_off()
        fig.suptitle("F1 per label across the class")
        return fig
    fig, axes = plt.subplots(
        1,
        len(labels),
        figsize=(3.8 * len(labels) + 0.6, 3.8),
        layout="constrained",
        sharey=True,
        squeeze=False,
        FigureClass=Chart,
    )
    plt.close(fig)
    axes = axes[0]
    counts = {}
    for ax, label in zip(axes, labels):
        counts[label], _, _ = ax.hist(
            by_label[label],
            bins=BINS,
            color=COLOURS[label],
            hatch=HATCHES[label],
            edgecolor="black",
        )
        ax.set_title(label)
        ax.set_xlabel("F1 (0 to 1)")
    axes[0].set_ylabel("students")
    fig.suptitle("F1 per label across the class")
    parts = []
    for label in labels:
        scores = by_label[label]
        heights = counts[label].astype(int)  # the bars drawn, for the text alternative
        spread = ", ".join(
            f"{BINS[b]:.1f} to {BINS[b + 1]:.1f}: {h} student{'s' if h != 1 else ''}"
            for b, h in enumerate(heights)
            if h
        )
        mean = f", average {sum(scores) / len(scores):.2f}" if scores else ""
        parts.append(f"{label}: {spread or 'no students'}{mean}")
    fig.medialit_alt = _alt(
        "Histograms, one per label",
        "F1 per label across the class",
        f"How many of {len(results.graded)} students reached each F1 band (0 to 1): " + "; ".join(parts) + ".",
    )
    return fig
