"""HTML rendering: every character shown exactly once, escaped, one style per label."""

from __future__ import annotations

from html.parser import HTMLParser

import medialit
import pytest
from htmltext import read
from medialit import Annotation, Article, analyze, render_html
from medialit.render import render_page, render_shaded

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


class _Container(HTMLParser):
    """The text of the article container (every text node, as the DOM's textContent has it), its marks,
    its buttons, and every element id on the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.marks: list[dict[str, str | None]] = []
        self.buttons: list[dict[str, str | None]] = []
        self.ids: dict[str, str] = {}
        self._id_stack: list[tuple[str, str | None]] = []
        self._texts: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self._texts[attrs["id"]] = []
        self._id_stack.append((tag, attrs.get("id")))
        if self.depth:
            self.depth += tag == "div"
            if tag == "mark":
                self.marks.append(attrs)
            elif tag == "button":
                self.buttons.append(attrs)
        elif tag == "div" and attrs.get("class") == "medialit-article":
            self.depth = 1

    def handle_endtag(self, tag):
        while self._id_stack:
            t, i = self._id_stack.pop()
            if i:
                self.ids[i] = "".join(self._texts.pop(i))
            if t == tag:
                break
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
        for i in self._texts:
            self._texts[i].append(data)


def _container(html: str) -> _Container:
    parsed = _Container()
    parsed.feed(html)
    parsed.close()
    return parsed


EMOJI = "Flood 🌊 warning for the towns\n\n  Officials said the river 🌊 may rise.\nSome 2,000 👩‍👩‍👧 people fear it.\n\n\nIt is believed that it will stop.\n"


@pytest.mark.parametrize("text", [EMOJI, HOSTILE, "One paragraph only: they said, with no title"])
def test_the_article_container_holds_exactly_the_article_text(text: str) -> None:
    """One text everywhere: paragraph breaks are text between the blocks, so that W3C selectors computed on
    ``article.text`` anchor unchanged in the page (the notes and labels live outside that text)."""
    article = Article.from_text(text)
    marks = [Annotation(m.start, m.end, m.label, note="a <b>note</b>") for m in analyze(article).annotations]
    start = text.find("said")
    marks += [Annotation(start, start + 4, "hedge"), Annotation(0, len(text.rstrip()), "attribution-gap")]
    for html in (
        render_html(article, marks).html,
        render_page(analyze(article)),
        render_shaded(article, [(m, 0.5, "found by 1 of 2") for m in marks]),
    ):
        assert "".join(_container(html).text) == article.text


def test_every_highlight_has_a_label_a_note_and_a_button(article: Article) -> None:
    analysis = analyze(article)
    page = render_page(analysis)
    parsed = _container(page)
    assert all(
        "aria-label" not in m and "title" not in m for m in parsed.marks
    )  # prohibited on <mark>; no title-only notes
    notes = {m["aria-describedby"] for m in parsed.marks}
    assert len(notes) == len(analysis.annotations) == len(parsed.buttons)
    assert sorted(int(b["data-n"]) for b in parsed.buttons) == list(range(1, len(parsed.buttons) + 1))
    for b in parsed.buttons:  # after each highlight's end, numbered in the order highlights start
        target = b["popovertarget"]
        assert b["type"] == "button" and b["aria-label"].startswith(f"Note {b['data-n']}: ")
        assert b["aria-describedby"] == f"{target}-text" and f"{target}-text" in notes
        assert target in parsed.ids and parsed.ids[f"{target}-text"]  # the note exists, outside the article, with text
    for a in analysis.annotations:
        assert any(a.note in parsed.ids[i] for i in notes), a  # every note is in the page, not only in an attribute
    named = [m for m in parsed.marks if m.get("data-name")]
    assert len(named) == len(analysis.annotations)  # the label once, at each highlight's start
    assert "<script" not in page and "popover" in page


def test_the_class_report_shades_by_share_and_says_it_in_words(article: Article, key: medialit.AnswerKey) -> None:
    items = list(key)[:3]
    html = render_shaded(
        article, [(items[0], 1.0, "found by 2 of 2"), (items[1], 0.0, "found by 0 of 2"), (items[2], 7, "x")]
    )
    parsed = _container(html)
    assert {m["style"] for m in parsed.marks} >= {"--medialit-share: 1.00", "--medialit-share: 0.00"}
    assert all("medialit-shaded" in m["class"] for m in parsed.marks)
    assert any("found by 2 of 2" == t for t in parsed.ids.values())
    assert "--medialit-share: 7" not in html  # shares are clamped to 0..1


def test_notes_and_labels_are_escaped() -> None:
    article = Article.from_text(HOSTILE)
    html = render_html(article, [Annotation(0, 8, "hedge", note='<img src=x onerror="y">', rule="<script>")]).html
    assert "<img" not in html and "<script>" not in html and "&lt;img src=x onerror=&quot;y&quot;&gt;" in html
