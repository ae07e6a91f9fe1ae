"""HTML rendering: every character shown exactly once, escaped, one style per label."""

from __future__ import annotations

import medialit
import pytest
from htmltext import read
from medialit import Annotation, Article, analyze, render_html
from medialit.render import render_page

HOSTILE = (
    "Breaking <script>window.pwned=1</script> news\n\n"
    'Officials said <img src=x onerror="window.pwned=1"> and "quotes" & \'apostrophes\' matter.\n\n'
    'A <svg onload=alert(1)> tag and a <a href="javascript:alert(1)">link</a>.'
)


def test_rendered_text_equals_the_article(article: Article) -> None:
    result = analyze(article)
    html = render_html(article, result.annotations).html
    shown = read(html).paragraphs
    assert shown == [article.quote(p) for p in article.paragraphs]


def test_every_label_has_its_mark_and_legend(article: Article, key: medialit.AnswerKey) -> None:
    html = render_html(article, list(key)).html
    marks = read(html).marks
    assert {m["data-label"] for m in marks} == set(medialit.LABELS)
    for label in medialit.LABELS:
        assert f"medialit-{label}" in html
    assert 'class="medialit-legend"' in html and "Translation error" in html
    css = medialit.render.stylesheet()
    styles = {
        line.split("{")[1]
        for line in css.splitlines()
        if line.startswith(".medialit-") and "text-decoration: underline" in line
    }
    assert len(styles) >= 4  # every label its own colour and underline style


def test_hostile_text_is_escaped() -> None:
    article = Article.from_text(HOSTILE)
    note = '<b onmouseover="x">note</b>'
    marks = [Annotation(0, 8, "hedge", note=note, rule='"><script>'), Annotation(20, 30, "attribution-gap")]
    html = render_html(article, marks).html
    parsed = read(html)
    assert (
        "script" not in parsed.tags and "img" not in parsed.tags and "svg" not in parsed.tags and "a" not in parsed.tags
    )
    assert parsed.paragraphs == [article.quote(p) for p in article.paragraphs]
    assert "&lt;script&gt;" in html and note not in html and "&lt;b onmouseover=&quot;x&quot;&gt;" in html
    page = render_page(analyze(article))
    assert "<script" not in page and "<img" not in page and 'onerror="window' not in page


def test_overlapping_spans_nest() -> None:
    article = Article.from_text("He may have said so.")
    html = render_html(article, [Annotation(0, 11, "attribution-gap"), Annotation(3, 6, "hedge")]).html
    parsed = read(html)
    assert parsed.paragraphs == ["He may have said so."]
    assert [m["data-label"] for m in parsed.marks].count("attribution-gap") == 3  # split around the hedge
    assert 'data-label="hedge"' in html


def test_empty_spans_are_skipped_and_bad_spans_refused() -> None:
    article = Article.from_text("Short text.")
    assert read(render_html(article, [Annotation(3, 3, "hedge")]).html).marks == []
    with pytest.raises(ValueError, match="past the end"):
        render_html(article, [{"start": 0, "end": 99, "label": "hedge"}])


def test_highlights_never_cut_a_combining_accent() -> None:
    text = "Cafe\u0301 owners said so."  # é written as e + combining acute
    html = render_html(Article.from_text(text), [Annotation(0, 4, "hedge")]).html
    assert "Cafe\u0301</mark>" in html


def test_analysis_and_report_show_themselves_in_notebooks(article: Article, key: medialit.AnswerKey) -> None:
    assert "<mark" in analyze(article)._repr_html_()
    assert render_html(article, [])._repr_html_().startswith('<div class="medialit">')
    page = render_page(analyze(article))
    assert page.startswith("<!DOCTYPE html>") and "Every attribution" in page and "Every finding" in page
