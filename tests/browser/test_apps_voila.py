"""The no-code app (apps/) served as a folder by real Voilà in Chromium: every page shows its Highlighter,
its prose never talks about code, and its navigation links open the next page (not a 403)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from harness import serve

pytestmark = pytest.mark.browser

APPS = Path(__file__).resolve().parents[2] / "apps"
PAGES = sorted(p.name for p in APPS.glob("*.ipynb"))
CODE_TALK = re.compile(r"\b(run|runs|running|cells?|code|edit|execute|python|kernel|import)\b", re.I)
WIDGET = '[data-medialit="text"]'


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """`voila apps/`: one server for the whole folder, as docs/voila-app.md tells teachers to start it."""
    files = {name: (APPS / name).read_text(encoding="utf-8") for name in PAGES}
    with serve("voila", tmp_path_factory.mktemp("apps"), files) as server:
        yield server


def test_following_the_links_visits_every_page_with_its_highlighter(voila, page, artifacts) -> None:
    page.set_default_timeout(120_000)
    start = f"{voila.base}/voila/render/{PAGES[0]}"
    response = page.goto(start)
    assert response is not None and response.status == 200
    seen: dict[str, str] = {}
    linked: set[str] = set()
    for step in range(len(PAGES) + 1):  # round the whole loop, back to the first page
        page.wait_for_selector(WIDGET)
        url = page.url.split("?")[0]
        name = url.rsplit("/", 1)[-1]
        assert url == f"{voila.base}/voila/render/{name}", url
        if step == len(PAGES):
            assert name == PAGES[0], "the last page's Next leads back to the start"
            break
        assert name == PAGES[step]
        # no code on the page: Voilà shows only outputs and the markdown
        assert page.locator(".jp-CodeCell .jp-InputArea, .CodeMirror, .cm-editor").count() == 0
        assert "medialit.Highlighter" not in page.inner_text("body")
        assert page.locator("button[data-label]").count() >= 1  # the label buttons are there
        prose = page.locator(".jp-RenderedMarkdown").all_inner_texts()
        assert prose, f"{name} shows no prose"
        found = CODE_TALK.findall(" ".join(prose))
        assert not found, f"{name} tells students about code: {found}"
        links = page.eval_on_selector_all(
            ".jp-RenderedMarkdown a[href]:not(.anchor-link)", "els => els.map(e => e.href)"
        )
        assert links, f"{name} has no navigation links"
        seen[name] = url
        linked.update(links)
        if step == 0:
            page.screenshot(path=str(artifacts / "voila-app-page1.png"))
        # every link stays inside the app (a page Voilà renders), never a raw file or the server root
        for href in links:
            assert href.startswith(f"{voila.base}/voila/render/") and href.rsplit("/", 1)[-1] in PAGES, href
        following = PAGES[(step + 1) % len(PAGES)]
        link = page.locator(f'.jp-RenderedMarkdown a[href="{following}"]').last
        with page.expect_navigation() as nav:
            link.click()
        assert nav.value is not None and nav.value.status == 200, (following, nav.value and nav.value.status)
    assert sorted(seen) == PAGES
    # every Back, Start and Next link leads to a page that just answered 200 and showed its widget
    assert linked <= set(seen.values()), linked - set(seen.values())
