"""Charts for the lessons. Every function returns a matplotlib ``Figure`` (shown when it is a
cell's last value), with a title, labelled axes and fonts a class can read from the back.

matplotlib is imported here only, so ``import medialit`` stays light.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .detectors import SOURCE_KINDS, Analysis, analyze
from .text import LABELS, Article, shorten
from .untrusted import for_chart

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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


def _figure(width: float = 8, height: float = 4.5) -> tuple[Figure, object]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    plt.close(fig)  # returned, not shown twice
    return fig, ax


def _label(ax, title: str, xlabel: str, ylabel: str) -> None:
    """Every chart says what it shows and what its axes measure."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


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
def sources_by_kind(source: Article | Analysis) -> Figure:
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
    return fig


@_readable
def hedge_density(source: Article | Analysis) -> Figure:
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
    return fig


@_readable
def certainty_scale(examples: Iterable[tuple[str, float]] = CERTAINTY_SCALE) -> Figure:
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
    return fig


@_readable
def label_counts(source: Article | Analysis) -> Figure:
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
    return fig


@_readable
def score_bars(report: ScoreReport) -> Figure:
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
    return fig


@_readable
def class_missed_items(results: ClassResults, n: int = 12) -> Figure:
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
    return fig


@_readable
def class_f1_histograms(results: ClassResults) -> Figure:
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
        1, len(labels), figsize=(3.8 * len(labels) + 0.6, 3.8), layout="constrained", sharey=True, squeeze=False
    )
    plt.close(fig)
    axes = axes[0]
    for ax, label in zip(axes, labels):
        ax.hist(
            by_label[label],
            bins=[i / 10 for i in range(11)],
            color=COLOURS[label],
            hatch=HATCHES[label],
            edgecolor="black",
        )
        ax.set_title(label)
        ax.set_xlabel("F1 (0 to 1)")
    axes[0].set_ylabel("students")
    fig.suptitle("F1 per label across the class")
    return fig
