"""The analysis report and the class report in Chromium: no axe-core violation (WCAG 2.0/2.1/2.2 A and
AA), every "needs review" item examined, notes that open on click, tap and Enter and are linked to their
highlight, nothing run or fetched, and the article's DOM text equal to ``article.text`` (issue 12)."""

from __future__ import annotations

import random
from pathlib import Path

import axe
import medialit
import pytest
from medialit.render import render_page

pytestmark = pytest.mark.browser

#: an article with emoji (two UTF-16 units each, one a ZWJ sequence), a line break inside a paragraph,
#: and highlights after them, so that any off-by-one between code points and the DOM shows
EMOJI = (
    "Flood 🌊 warning for the river towns\n\n"
    "Officials said the river 🌊 may rise overnight, and some 2,000 people 👩‍👩‍👧 fear for their homes.\n"
    "Reportedly, the dam is safe.\n\n"
    "It is believed that the rain will stop on Friday, experts said."
)

#: axe's "needs review" items we examined and found fine, as rule id -> the CSS selector of the only
#: elements it may concern, each with its reason; anything else fails the test. Empty today: the reports
#: had 56 and 97 "aria-prohibited-attr" (aria-label on <mark>) and one "p-as-heading" (the headline was
#: a bold <p>); all fixed rather than waived.
REVIEWED: dict[str, str] = {}


def _class(folder: Path, article: medialit.Article, key: medialit.AnswerKey, students: int = 20) -> str:
    """A class of ``students``: each marks about half the key items, at random (seeded)."""
    rng = random.Random(13)
    for i in range(students):
        hl = medialit.Highlighter(article, key=key)
        for k in key:
            if rng.random() < 0.5:
                hl.add(k.start, k.end, k.label)
        hl.save(folder / f"student{i:02d}.json")
    return medialit.grade_class(folder, key).to_html()


def _emoji_key(article: medialit.Article) -> medialit.AnswerKey:
    text = article.text
    marks = []
    for quote, label in [
        ("may rise", "hedge"),
        ("some 2,000", "hedge"),
        ("Officials said", "attribution-gap"),
        ("Reportedly", "hedge"),
        ("It is believed", "attribution-gap"),
        ("the dam is safe", "attribution-gap"),
    ]:
        start = text.index(quote)
        marks.append(medialit.Annotation(start, start + len(quote), label, note=f"why “{quote}” matters"))
    return medialit.make_key(article, marks, title="emoji key")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, tuple[Path, medialit.Article]]:
    out = tmp_path_factory.mktemp("a11y-pages")
    bundled = medialit.load_article()
    emoji = medialit.Article.from_text(EMOJI, name="emoji")
    made = {}
    for name, article, key in [
        ("bundled", bundled, medialit.answer_key(bundled)),
        ("emoji", emoji, _emoji_key(emoji)),
    ]:
        report = out / f"report-{name}.html"
        report.write_text(render_page(medialit.analyze(article)), encoding="utf-8")
        made[f"analysis report, {name}"] = (report, article)
        klass = out / f"class-{name}.html"
        klass.write_text(_class(out / f"subs-{name}", article, key), encoding="utf-8")
        made[f"class report, {name}"] = (klass, article)
    return made


def _open(page, path: Path) -> list[str]:
    """Open a report and return every URL it requested (only itself and data: URLs are allowed)."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return requests


@pytest.mark.parametrize(
    "name", ["analysis report, bundled", "class report, bundled", "analysis report, emoji", "class report, emoji"]
)
def test_no_axe_violations_and_every_review_item_examined(pages, page, name: str) -> None:
    path, _ = pages[name]
    requests = _open(page, path)
    found = axe.violations(page)
    assert found == [], f"{name}: {axe.count(found)} axe violations\n{axe.describe(found)}"
    for item in axe.incomplete(page):
        assert item["id"] in REVIEWED, f"{name}: unexamined axe review item\n{axe.describe([item])}"
        for node in item["nodes"]:
            assert page.locator(node["target"][0]).evaluate("(el, sel) => el.matches(sel)", REVIEWED[item["id"]])
    # inert: nothing runs, nothing is fetched
    assert page.locator("script").count() == 0
    assert all(u == path.as_uri() or u.startswith("data:") for u in requests), requests


@pytest.mark.parametrize(
    "name", ["analysis report, bundled", "class report, bundled", "analysis report, emoji", "class report, emoji"]
)
def test_the_article_text_in_the_page_is_the_article(pages, page, name: str) -> None:
    path, article = pages[name]
    _open(page, path)
    containers = page.locator(".medialit-article")
    assert containers.count() == 1
    shown = containers.evaluate("el => el.textContent")
    assert shown == article.text
    # and the same string, counted in code points as the W3C model does, from the DOM's own text
    assert page.evaluate("el => Array.from(el.textContent).length", containers.element_handle()) == len(article.text)


def test_every_highlight_is_labelled_and_linked_to_its_note(pages, page) -> None:
    path, article = pages["class report, bundled"]
    _open(page, path)
    marks = page.locator(".medialit-article mark")
    assert marks.count() > 50
    info = page.evaluate(
        """() => Array.from(document.querySelectorAll('.medialit-article mark')).map(m => ({
             label: m.getAttribute('aria-label'), title: m.getAttribute('title'),
             name: m.dataset.name || null,
             before: m.dataset.name ? getComputedStyle(m, '::before').content : null,
             note: (document.getElementById(m.getAttribute('aria-describedby')) || {}).textContent || null,
             inside: !!document.getElementById(m.getAttribute('aria-describedby'))
                       ?.closest('.medialit-article'),
           }))"""
    )
    assert all(m["label"] is None and m["title"] is None for m in info)  # no aria-label on <mark>, no title-only notes
    assert all(m["note"] and "found by" in m["note"] and not m["inside"] for m in info)
    named = [m for m in info if m["name"]]
    assert len(named) >= len(article.text) // 1000 and all(m["before"] == f'"{m["name"]}: "' for m in named)
    # a screen reader hears the label at the start of the highlight (Chromium's own accessibility tree)
    snapshot = page.locator(".medialit-article").aria_snapshot()
    assert "mark: Attribution gap:" in snapshot or 'mark: "Attribution gap:' in snapshot


def test_a_note_opens_on_click_enter_and_tap(pages, browser) -> None:
    path, _ = pages["class report, bundled"]
    context = browser.new_context(viewport={"width": 900, "height": 800}, has_touch=True)
    page = context.new_page()
    try:
        _open(page, path)
        buttons = page.locator(".medialit-article .medialit-note-button")
        first, second, third = buttons.nth(0), buttons.nth(1), buttons.nth(2)
        note_of = "b => document.getElementById(b.getAttribute('popovertarget'))"
        open_note = "() => Array.from(document.querySelectorAll('.medialit-note:popover-open')).map(n => n.id)"

        first.click()
        note = first.evaluate(f"b => ({note_of})(b).id")
        assert page.evaluate(open_note) == [note]
        shown = page.locator(f"#{note}")
        assert shown.is_visible() and "found by" in shown.inner_text()
        page.keyboard.press("Escape")
        assert page.evaluate(open_note) == []

        second.focus()
        page.keyboard.press("Enter")
        assert page.evaluate(open_note) == [second.evaluate(f"b => ({note_of})(b).id")]
        page.keyboard.press("Tab")  # the open note comes next in the tab order: its Close button
        assert page.evaluate("() => document.activeElement.className") == "medialit-note-close"
        page.keyboard.press("Enter")
        assert page.evaluate(open_note) == []

        third.tap()
        assert page.evaluate(open_note) == [third.evaluate(f"b => ({note_of})(b).id")]
        # the button names its highlight and is described by the note, as the highlight is
        name = third.get_attribute("aria-label")
        assert name.startswith("Note 3: ") and third.get_attribute("aria-describedby").endswith("-text")
    finally:
        context.close()


def test_printed_reports_show_every_note(pages, page) -> None:
    """On paper nothing can be clicked: the notes print as a numbered list after the article."""
    path, _ = pages["class report, bundled"]
    _open(page, path)
    notes = page.locator(".medialit-notes .medialit-note")
    assert notes.count() > 50 and not notes.first.is_visible()
    page.emulate_media(media="print")
    assert notes.first.is_visible() and notes.last.is_visible()
    assert "found by" in notes.first.inner_text() and not page.locator(".medialit-note-close").first.is_visible()


@pytest.mark.parametrize("name", ["analysis report, bundled", "class report, bundled"])
def test_reports_reflow_on_a_phone(pages, browser, name: str) -> None:
    """WCAG 1.4.10 (Reflow): at 320 CSS px wide nothing scrolls sideways, and an open note fits the screen."""
    path, _ = pages[name]
    context = browser.new_context(viewport={"width": 320, "height": 640}, has_touch=True)
    page = context.new_page()
    try:
        _open(page, path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        button = page.locator(".medialit-article .medialit-note-button").nth(8)
        button.scroll_into_view_if_needed()
        button.tap()
        box = page.locator(".medialit-note:popover-open").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320 and box["y"] >= 0 and box["y"] + box["height"] <= 640
    finally:
        context.close()
