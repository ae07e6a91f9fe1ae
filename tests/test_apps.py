"""The no-code app pages in apps/: student prose without programming words, links that stay in the folder."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import medialit
import pytest

APPS = Path(__file__).resolve().parents[1] / "apps"
PAGES = sorted(APPS.glob("*.ipynb"))
#: words that would tell a student to program: the apps promise they never have to
CODE_TALK = re.compile(r"\b(run|runs|running|cells?|code|edit|execute|python|kernel|import)\b", re.I)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def cells(page: Path, kind: str) -> list[str]:
    nb = json.loads(page.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def test_there_are_the_three_practice_tasks_and_the_transfer_story() -> None:
    assert [p.name for p in PAGES] == [
        "1-Who-Says-So.ipynb",
        "2-How-Sure-Is-It.ipynb",
        "3-What-Did-Translation-Break.ipynb",
        "4-Try-a-New-Story.ipynb",
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_prose_never_talks_about_code(page: Path) -> None:
    for text in cells(page, "markdown"):
        prose = LINK.sub("]", text)  # link targets are file names, not words a student reads
        found = CODE_TALK.findall(prose)
        assert not found, f"{page.name} tells students about code: {found}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_links_are_relative_and_lead_to_the_next_page(page: Path) -> None:
    targets = [t for text in cells(page, "markdown") for t in LINK.findall(text)]
    assert targets, f"{page.name} has no navigation"
    for target in targets:
        # a relative link resolves under /voila/render/... when Voilà serves the folder
        assert not target.startswith(("/", "http")) and "/" not in target, target
        assert (APPS / target).is_file(), f"{page.name} links to a missing page {target}"
    following = PAGES[(PAGES.index(page) + 1) % len(PAGES)].name
    assert following in targets


LABELS = {
    "1-Who-Says-So": {"attribution-gap"},
    "2-How-Sure-Is-It": {"hedge"},
    "3-What-Did-Translation-Break": {"translation-error"},
    "4-Try-a-New-Story": {"attribution-gap", "hedge"},
}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_each_page_shows_one_highlighter_checked_on_its_own_labels(page: Path, tmp_path: Path) -> None:
    (code,) = cells(page, "code")
    *body, last = code.strip().splitlines()  # the last line is the expression Voilà shows
    cwd = os.getcwd()
    os.chdir(tmp_path)  # an autosave file (if any) lands here, not in the repository
    try:
        scope: dict = {}
        exec("\n".join(body), scope)
        hl = eval(last, scope)
    finally:
        os.chdir(cwd)
    assert isinstance(hl, medialit.Highlighter)
    assert hl.key is not None and set(hl.key.counts()) == LABELS[page.stem]
