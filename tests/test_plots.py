"""Every chart comes from medialit.plots as a Figure with a title, labelled axes and readable fonts."""

from __future__ import annotations

import medialit
import pytest
from medialit import plots


@pytest.fixture(scope="module")
def figures(article):
    report = medialit.score(list(medialit.answer_key(article).by_label("hedge")), medialit.answer_key(article))
    return {
        "sources_by_kind": plots.sources_by_kind(article),
        "hedge_density": plots.hedge_density(medialit.analyze(article)),
        "certainty_scale": plots.certainty_scale(),
        "label_counts": plots.label_counts(article),
        "score_bars": plots.score_bars(report),
    }


def test_every_chart_is_titled_and_labelled(figures) -> None:
    from matplotlib.figure import Figure

    for name, fig in figures.items():
        assert isinstance(fig, Figure), name
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel(), name
        assert ax.title.get_fontsize() >= 13 and ax.xaxis.label.get_fontsize() >= 11, name


def test_charts_show_the_data(figures, article) -> None:
    counts = medialit.analyze(article).source_counts()
    heights = [round(p.get_height()) for p in figures["sources_by_kind"].axes[0].patches]
    assert heights == [counts[k] for k in medialit.SOURCE_KINDS]
    density = figures["hedge_density"].axes[0]
    hedges = sum(1 for a in medialit.analyze(article).annotations if a.label == "hedge")
    assert round(sum(p.get_height() for p in density.containers[0])) == hedges
    recall = [p.get_height() for p in figures["score_bars"].axes[0].containers[1]]
    assert recall[medialit.LABELS.index("hedge")] == 1.0


def test_charts_render_to_png(figures, tmp_path) -> None:
    for name, fig in figures.items():
        out = tmp_path / f"{name}.png"
        fig.savefig(out)
        assert out.stat().st_size > 5000
