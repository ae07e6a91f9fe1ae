"""A student's highlights survive a killed kernel and a closed tab, and "Download my work" exports them."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest
from harness import drag_select, notebook, open_lab_notebook, serve, wait_kernel_idle

pytestmark = pytest.mark.browser

NB = {
    "work.ipynb": notebook(
        ["import medialit\nhl = medialit.Highlighter(medialit.load_article(), autosave='work-autosave.json')\nhl"]
    )
}
PHRASES = [("apparently", "hedge"), ("US officials", "attribution-gap"), ("Zelenski", "translation-error")]


def _kernel_marks(lab) -> list[tuple[int, int, str]]:
    out = lab.kernel_eval("work.ipynb", "import json; print(json.dumps(hl.annotations))")
    return [(a["start"], a["end"], a["label"]) for a in json.loads(out)]


def _wait_marks(lab, page, n: int, timeout: float = 20) -> list[tuple[int, int, str]]:
    deadline = time.monotonic() + timeout
    while True:
        marks = _kernel_marks(lab)
        if len(marks) == n or time.monotonic() > deadline:
            return marks
        page.wait_for_timeout(250)


def test_kill_the_kernel_close_the_tab_and_download(tmp_path, browser, artifacts) -> None:
    with serve("lab", tmp_path, NB) as lab:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        open_lab_notebook(page, lab, "work.ipynb")
        page.wait_for_selector('[data-medialit="text"]', timeout=90_000)
        for phrase, label in PHRASES:
            drag_select(page, phrase)
            page.click(f'button[data-label="{label}"]')
        before = _wait_marks(lab, page, 3)
        assert len(before) == 3

        # "Download my work": the export holds every highlight, in the kit's format
        with page.expect_download() as info:
            page.click('button[data-action="download"]')
        saved = json.loads(open(info.value.path(), encoding="utf-8").read())
        assert saved["schema"] == "medialit.highlights/1"
        assert [(a["start"], a["end"], a["label"]) for a in saved["annotations"]] == before

        # the kernel is killed in the middle of the session
        pid = int(lab.kernel_eval("work.ipynb", "import os; print(os.getpid())"))
        os.kill(pid, signal.SIGKILL)
        page.wait_for_timeout(3000)  # JupyterLab notices and restarts the kernel
        wait_kernel_idle(page, timeout=60_000)
        page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        page.wait_for_selector('mark[data-label="translation-error"]', timeout=60_000)
        assert _wait_marks(lab, page, 3) == before
        assert int(lab.kernel_eval("work.ipynb", "import os; print(os.getpid())")) != pid

        # the tab is closed; a new one, after a re-run, shows the same work
        context.close()
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        open_lab_notebook(page, lab, "work.ipynb")
        page.wait_for_selector('mark[data-label="attribution-gap"]', timeout=90_000)
        assert _kernel_marks(lab) == before
        assert (
            json.loads((lab.root / "work-autosave.json").read_text(encoding="utf-8"))["annotations"][0]["quote"]
            == "apparently"
        )
        context.close()
