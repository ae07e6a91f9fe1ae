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


@pytest.fixture(scope="module")
def class_results(tmp_path_factory, article):
    """Three students: every hedge; half the gaps; one false alarm."""
    key = medialit.answer_key(article)
    folder = tmp_path_factory.mktemp("class")
    hl = medialit.Highlighter(article)
    for k in key.by_label("hedge"):
        hl.add(k.start, k.end, k.label)
    hl.save(folder / "ana.json")
    hl.clear()
    gaps = key.by_label("attribution-gap")
    for k in gaps[: len(gaps) // 2]:
        hl.add(k.start, k.end, k.label)
    hl.save(folder / "ben.json")
    hl.clear()
    hl.add(article.text.index("Belarus"), article.text.index("Belarus") + 7, "translation-error")
    hl.save(folder / "cleo.json")
    return medialit.grade_class(folder, key)


def test_every_chart_says_what_it_shows(figures, class_results, article) -> None:
    """Each chart's text alternative names its kind, its title and the very numbers and labels it draws."""
    charts = {
        **figures,
        "class_missed_items": plots.class_missed_items(class_results),
        "class_f1_histograms": plots.class_f1_histograms(class_results),
    }
    for name, fig in charts.items():
        alt = fig.medialit_alt
        title = fig.get_suptitle() or fig.axes[0].get_title()
        assert title and title in alt and len(alt) > len(title) + 40, name
    analysis = medialit.analyze(article)
    sources = charts["sources_by_kind"]
    for tick, bar in zip(sources.axes[0].get_xticklabels(), sources.axes[0].patches):
        assert f"{tick.get_text()} {round(bar.get_height())}" in sources.medialit_alt
    counts = analysis.counts()
    for label, n in counts.items():
        if n:
            assert f"{label} {n}" in charts["label_counts"].medialit_alt
    hedges = sum(1 for a in analysis.annotations if a.label == "hedge")
    boosters = sum(1 for a in analysis.annotations if a.label == "booster")
    density = charts["hedge_density"].medialit_alt
    assert f"{hedges} hedges and {boosters} boosters in {len(article.sentences)} sentences" in density
    busiest = max(
        range(len(article.sentences)),
        key=lambda i: sum(
            1 for a in analysis.annotations if a.label == "hedge" and article.sentence_index(a.start) == i
        ),
    )
    assert f"sentence {busiest + 1}: " in density
    for wording, value in plots.CERTAINTY_SCALE:
        assert f"{wording} {value:g}" in charts["certainty_scale"].medialit_alt
    assert "hedge: precision 100%, recall 100%" in charts["score_bars"].medialit_alt
    missed = charts["class_missed_items"].medialit_alt
    for k, m in class_results.most_missed(12):
        assert f"{k.id} “" in missed and f"missed by {m}" in missed
    assert "of 3" in missed
    hist = charts["class_f1_histograms"].medialit_alt
    assert "hedge: 0.0 to 0.1: 2 students, 0.9 to 1.0: 1 student" in hist  # ana has every hedge, the others none


def test_a_chart_shows_itself_with_its_alt_text(figures) -> None:
    """In a notebook (and in the class report) a chart is an <img> whose alt is its text alternative."""
    from html.parser import HTMLParser

    fig = figures["sources_by_kind"]
    bundle = fig._repr_mimebundle_()
    assert bundle["text/plain"] == fig.medialit_alt and len(bundle["image/png"]) > 5000

    images: list[dict[str, str | None]] = []

    class Img(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                images.append(dict(attrs))

    Img().feed(bundle["text/html"])
    [img] = images
    assert img["alt"] == fig.medialit_alt and img["src"].startswith("data:image/png;base64,")


def test_the_class_report_uses_the_charts_alt_text(class_results) -> None:
    import html

    page = class_results.to_html()
    for fig in (plots.class_missed_items(class_results), plots.class_f1_histograms(class_results)):
        assert f'alt="{html.escape(fig.medialit_alt, quote=True)}"' in page
