"""Article text is data, never markup: hostile text in the HTML report and the class report,
opened in Chromium, runs nothing and is shown literally."""

from __future__ import annotations

import json
from pathlib import Path

import medialit
import pytest
from medialit.render import render_page

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.pwned = 1</script>",
    '<img src=x onerror="window.pwned = 2">',
    '<svg onload="window.pwned = 3"></svg>',
    '<a href="javascript:window.pwned=4">click me</a>',
    '<a href="data:text/html,<script>window.pwned=5</script>">data link</a>',
    '"><script>window.pwned = 6</script>',
    "' onmouseover='window.pwned = 7' x='",
    '<iframe srcdoc="<script>parent.pwned = 8</script>"></iframe>',
]
HOSTILE = (
    "Breaking: "
    + PAYLOADS[0]
    + " news\n\n"
    + "\n\n".join(f"Officials said {p} may matter, some 2,000 people fear." for p in PAYLOADS[1:])
)


def _assert_inert(page, url: str, texts: list[str]) -> list[str]:
    """Open ``url``, hover, open every note; nothing runs and every text shows; returns the notes' text."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.mouse.move(200, 300)
    for a in page.locator("a").all():
        a.hover()
    assert page.evaluate("() => window.pwned") is None
    shown = page.inner_text("body")
    for t in texts:
        assert t in shown, t
    assert (
        page.locator(
            "article script, .medialit-article script, .medialit-article img, .medialit-article svg, "
            ".medialit-article iframe, .medialit-article a"
        ).count()
        == 0
    )
    # every note opens as text: a hostile note runs nothing and shows literally
    notes = []
    for button in page.locator(".medialit-note-button").all():
        button.scroll_into_view_if_needed()
        button.click()
        notes.append(page.locator(".medialit-note:popover-open").inner_text())
        page.keyboard.press("Escape")
    assert page.evaluate("() => window.pwned") is None
    assert (
        page.locator(".medialit-notes script, .medialit-notes img, .medialit-notes svg, .medialit-notes a").count() == 0
    )
    return notes


def test_html_report_is_inert(page, tmp_path: Path) -> None:
    article = medialit.Article.from_text(HOSTILE)
    out = tmp_path / "report.html"
    out.write_text(render_page(medialit.analyze(article)), encoding="utf-8")
    _assert_inert(page, out.as_uri(), PAYLOADS)


def test_class_report_is_inert(page, tmp_path: Path) -> None:
    article = medialit.Article.from_text(HOSTILE)
    text = article.text
    marks = [medialit.Annotation(text.index(p), text.index(p) + len(p), "hedge", note=p) for p in PAYLOADS]
    key = medialit.make_key(article, marks, title=PAYLOADS[0])
    subs = tmp_path / "subs"
    hl = medialit.Highlighter(article, key=key)
    hl.add(marks[1].start, marks[1].end, "hedge")
    hl.add(text.index("Officials"), text.index("Officials") + 9, "attribution-gap")
    hl.save(subs / "<img src=x onerror=window.pwned=9>.json")  # even a student's file name is data
    (subs / "<script>window.pwned=10<").mkdir()
    (subs / "<script>window.pwned=10<" / "x.json").write_text(json.dumps({"bad": PAYLOADS[2]}), encoding="utf-8")
    results = medialit.grade_class(subs, key)
    out = tmp_path / "class.html"
    out.write_text(results.to_html(), encoding="utf-8")
    notes = _assert_inert(
        page, out.as_uri(), [PAYLOADS[1], "<img src=x onerror=window.pwned=9>", "<script>window.pwned=10<"]
    )
    for p in PAYLOADS:  # the key's notes are the payloads themselves
        assert any(p in n for n in notes), p
