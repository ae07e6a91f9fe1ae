"""The Highlighter in Voilà (a notebook served as an app, no code shown), in Chromium."""

from __future__ import annotations

import pytest
from harness import TOKEN, drag_select, notebook, serve

pytestmark = pytest.mark.browser

APP = notebook(
    [
        "import medialit\nhl = medialit.Highlighter(medialit.load_article())\nhl",
    ]
)


def test_highlighter_works_in_voila(tmp_path, page, artifacts) -> None:
    with serve("voila", tmp_path, {"app.ipynb": APP}, notebook_name="app.ipynb") as server:
        page.goto(f"{server.base}/?token={TOKEN}")
        page.wait_for_selector('[data-medialit="text"]', timeout=120_000)
        assert page.locator(".jp-InputArea, .CodeMirror, .cm-editor").count() == 0  # no code on the page
        drag_select(page, "apparently")
        page.click('button[data-label="hedge"]')
        page.wait_for_selector('mark[data-label="hedge"]')
        page.click('button[data-action="check"]')  # a round trip through the kernel
        page.wait_for_selector('[data-medialit="feedback"] li[data-kind="hit"]', timeout=30_000)
        assert "apparently" in page.inner_text('[data-medialit="feedback"] li[data-kind="hit"]')
        page.evaluate("() => document.querySelector('[data-medialit=\"feedback\"]').scrollIntoView({block: 'end'})")
        page.screenshot(path=str(artifacts / "highlighter-voila.png"))
