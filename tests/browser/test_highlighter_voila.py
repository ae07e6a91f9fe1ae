"""The Highlighter in Voilà (a notebook served as an app, no code shown), in Chromium: it works, two
visitors on one server never see each other's marks, a reload brings your own back, and axe finds
no WCAG A/AA violation in the widget."""

from __future__ import annotations

import axe
import pytest
from harness import TOKEN, drag_select, notebook, serve

pytestmark = pytest.mark.browser

# storage="browser" is what the Highlighter chooses under Voilà; set here so the test does not depend on that
APP = notebook(
    [
        "import medialit\na = medialit.load_article()\nhl = medialit.Highlighter(a)\n"
        "hl.storage = 'browser'\nhl.sentences = [[s.start, s.end] for s in a.sentences]\nhl",
    ]
)
WIDGET = ".medialit-highlighter"


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    with serve("voila", tmp_path_factory.mktemp("voila"), {"app.ipynb": APP}, notebook_name="app.ipynb") as server:
        yield server


def open_app(page, server) -> None:
    page.goto(f"{server.base}/?token={TOKEN}")
    page.wait_for_selector('[data-medialit="text"]', timeout=120_000)


def marks(page) -> list[tuple[str, str]]:
    found = page.eval_on_selector_all(
        "mark[data-control]", "ms => ms.map(m => [m.dataset.label, m.getAttribute('aria-label').split(' (')[0]])"
    )
    return [tuple(m) for m in found]


def test_highlighter_works_in_voila(voila, page, artifacts) -> None:
    open_app(page, voila)
    assert page.locator(".jp-InputArea, .CodeMirror, .cm-editor").count() == 0  # no code on the page
    counts = {"fresh": len(axe.violations(page, WIDGET))}
    drag_select(page, "apparently")
    page.click('button[data-label="hedge"]')
    page.wait_for_selector('mark[data-label="hedge"]')
    page.click('button[data-action="check"]')  # a round trip through the kernel
    page.wait_for_selector('[data-medialit="feedback"] li[data-kind="found"]', timeout=30_000)
    assert "apparently" in page.inner_text('[data-medialit="feedback"] li[data-kind="found"]')
    counts["checked"] = len(axe.violations(page, WIDGET))
    page.click('button[data-action="reveal"]')
    page.wait_for_selector('[data-medialit="key-text"] mark')
    result = axe.results(page, WIDGET)
    counts["answers"] = len(result["violations"])
    checked = sorted(v["id"] for v in result["passes"])
    print(
        "axe violations in Voilà:", counts, "needs review:", [v["id"] for v in result["incomplete"]], "passed:", checked
    )
    assert "color-contrast" in checked
    assert counts == {"fresh": 0, "checked": 0, "answers": 0}, axe.summary(result["violations"])
    assert [v["id"] for v in result["incomplete"]] == []
    page.click('button[data-action="reveal"]')
    page.evaluate("() => document.querySelector('[data-medialit=\"feedback\"]').scrollIntoView({block: 'end'})")
    page.screenshot(path=str(artifacts / "highlighter-voila.png"))


def test_two_visitors_never_share_marks_and_a_reload_brings_yours_back(voila, browser) -> None:
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    second = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        a, b = first.new_page(), second.new_page()
        open_app(a, voila)
        drag_select(a, "apparently")
        a.click('button[data-label="hedge"]')
        a.wait_for_selector('mark[data-label="hedge"]')

        open_app(b, voila)  # a second visitor, the same server and notebook
        assert marks(b) == []
        drag_select(b, "US officials")
        b.click('button[data-label="attribution-gap"]')
        b.wait_for_selector('mark[data-label="attribution-gap"]')

        for page, own in ((a, [("hedge", "apparently")]), (b, [("attribution-gap", "US officials")])):
            page.reload()
            page.wait_for_selector('[data-medialit="text"] mark[data-control]', timeout=120_000)
            assert marks(page) == own  # your own marks back, nobody else's
            assert "Restored 1 highlights" in page.inner_text('[data-medialit="status"]')
        # the restored marks reached the visitor's new kernel: Check finds them
        a.click('button[data-action="check"]')
        a.wait_for_selector('[data-medialit="feedback"] li[data-kind="found"]', timeout=30_000)
        assert "apparently" in a.inner_text('[data-medialit="feedback"] li[data-kind="found"]')
        assert a.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('medialit:')).length") == 1
    finally:
        first.close()
        second.close()
