"""Two students at once on a real JupyterHub: each logs in, opens lesson 3 through the README's nbgitpuller
link, runs it, marks different gaps, presses Check, and keeps exactly their own marks, in their own kernel
and in the autosave file in their own home."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import medialit
import pytest
from harness import drag_select
from hubharness import (
    CLOSE_LAUNCHERS,
    LESSON,
    LESSON_KERNEL_IDLE,
    PASSWORD,
    RUN_ALL_OUTCOME,
    kernel_eval,
    local_repo,
    pull_link,
    run_hub,
)

pytestmark = pytest.mark.browser

NOTEBOOK = f"medialit/{LESSON}"
MARKS = {  # different attribution gaps from the lesson's key for each student
    "ada": ["US officials", "Our analysts"],
    "ben": ["the West fears", "some 150,000 troops"],
}


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hub")
    with run_hub(workdir) as running:
        running.repo = local_repo(workdir)
        yield running


def in_kernel(hub, user: str, code: str) -> str:
    """Run code in the student's own kernel (through the hub, as JupyterLab does); a thread keeps
    this event loop apart from playwright's."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, kernel_eval(hub, user, NOTEBOOK, code)).result()


def kernel_marks(hub, user: str) -> list[tuple[str, str]]:
    out = in_kernel(hub, user, "import json as _j; print(_j.dumps(hl.annotations))")
    return sorted((a["quote"], a["label"]) for a in json.loads(out))


def file_marks(hub, user: str, article) -> list[tuple[str, str]]:
    path = hub.home(user) / "medialit/notebooks/03-highlights.json"
    return sorted((article.quote(a), a.label) for a in medialit.load_highlights(path, article))


def open_lesson(page, hub, user: str) -> None:
    """Log in and follow the teacher's nbgitpuller link; returns at once (the hub spawns meanwhile)."""
    page.goto(f"{hub.base}/hub/login?next={urllib.parse.quote(pull_link(hub.repo), safe='')}")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit", no_wait_after=True)


def run_lesson(page, user: str) -> None:
    """Wait for Lab with the lesson open (its nbgitpuller clone done), close any Launcher, run every cell."""
    page.wait_for_url(f"**/user/{user}/lab/**", timeout=150_000)
    page.wait_for_function("window.jupyterapp && window.jupyterapp.started !== undefined", timeout=90_000)
    page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")
    page.evaluate(CLOSE_LAUNCHERS)
    page.wait_for_function(LESSON_KERNEL_IDLE, arg=Path(LESSON).name, timeout=120_000)
    page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def select(page, phrase: str) -> None:
    """Drag over ``phrase``; drag again if the page moved under the mouse (Lab may still be laying out)."""
    for _ in range(3):
        drag_select(page, phrase)
        if phrase in page.evaluate("() => window.getSelection().toString()"):
            return
        page.wait_for_timeout(500)
    raise AssertionError(
        f"could not select {phrase!r}: got {page.evaluate('() => window.getSelection().toString()')!r}"
    )


def test_two_students_on_a_hub_keep_their_own_work(browser, hub) -> None:
    article = medialit.load_article()
    t0 = time.monotonic()
    contexts = {u: browser.new_context(viewport={"width": 1400, "height": 1000}) for u in MARKS}
    pages = {u: c.new_page() for u, c in contexts.items()}
    try:
        for user, page in pages.items():  # both log in before either server is up: two spawns at once
            open_lesson(page, hub, user)
        for user, page in pages.items():
            run_lesson(page, user)
        for user, page in pages.items():
            # Lab stops scrolling to running cells; a cell error fails here at once, naming the error
            outcome = page.wait_for_function(RUN_ALL_OUTCOME, timeout=120_000).json_value()
            assert outcome == "done", f"{user}: Run All stopped in lesson 3: {outcome}"
            page.wait_for_selector('[data-medialit="text"]', timeout=120_000)
            assert (hub.home(user) / "medialit/.git").is_dir(), "nbgitpuller did not clone into the student's home"

        # the students work at the same time: marks interleaved, then both press Check
        for i in range(2):
            for user, page in pages.items():
                page.bring_to_front()
                select(page, MARKS[user][i])
                page.click('button[data-label="attribution-gap"]')
                page.wait_for_function(
                    "(n) => new Set(Array.from(document.querySelectorAll('mark[data-label]')).map(m => m.dataset.index)).size === n",
                    arg=i + 1,
                )
        for page in pages.values():
            page.click('button[data-action="check"]')
        for page in pages.values():
            page.wait_for_selector('[data-medialit="feedback"] li[data-kind="found"]', timeout=30_000)

        for user, page in pages.items():
            own = sorted((phrase, "attribution-gap") for phrase in MARKS[user])
            other = next(u for u in MARKS if u != user)
            feedback = page.inner_text('[data-medialit="feedback"]')
            assert all(phrase in feedback for phrase in MARKS[user]), feedback
            assert not any(phrase in feedback for phrase in MARKS[other]), feedback
            # the student's own kernel holds exactly their marks, and its Check scored exactly them
            assert kernel_marks(hub, user) == own
            found = in_kernel(hub, user, "print(len(hl.feedback['found']))")  # core finds and bonus (extra) finds
            assert int(found) == len(own)
            # the autosave file sits next to the notebook in their own home, with exactly their marks
            deadline = time.monotonic() + 10
            while file_marks(hub, user, article) != own and time.monotonic() < deadline:
                time.sleep(0.2)
            assert file_marks(hub, user, article) == own
            # and nothing of the other student's anywhere in this home
            for path in hub.home(user).rglob("*highlights*.json"):
                text = path.read_text(encoding="utf-8")
                assert not any(phrase in text for phrase in MARKS[other]), path
        print(f"hub test: two students from login to checked work in {time.monotonic() - t0:.1f} s")
    finally:
        for c in contexts.values():
            c.close()
