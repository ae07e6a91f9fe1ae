"""The whole lesson sequence runs in JupyterLab and in Voilà, in Chromium, with no error on the page and
no axe-core violation (WCAG 2.0/2.1/2.2 A and AA) in any lesson's outputs."""

from __future__ import annotations

from pathlib import Path

import axe
import pytest
from harness import TOKEN, open_lab_notebook, serve, wait_kernel_idle

pytestmark = pytest.mark.browser

LESSONS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]-*.ipynb"))
FILES = {p.name: p.read_text(encoding="utf-8") for p in LESSONS}
WITH_WIDGET = [p.name for p in LESSONS if "Highlighter(" in FILES[p.name]]
#: what the kit puts on the page: every cell's output (JupyterLab's and Voilà's own interface is not ours)
OUTPUTS = ".jp-OutputArea-output"
#: the Highlighter is checked by axe in every state (fresh, after Check, answers shown) in its own tests
WIDGET = ".medialit-highlighter"


def assert_outputs_accessible(page, name: str) -> None:
    """No axe violation in the lesson's outputs, and no "needs review" item left (none is waived)."""
    page.wait_for_function(  # charts decoded, so that axe sees them as they are shown
        "() => Array.from(document.querySelectorAll('.jp-OutputArea-output img')).every(i => i.complete)"
    )
    if page.locator(OUTPUTS).count() == 0:
        return
    found = axe.violations(page, include=OUTPUTS, exclude=WIDGET)
    assert found == [], f"{name}: {axe.count(found)} axe violations in the outputs\n{axe.describe(found)}"
    review = axe.incomplete(page, include=OUTPUTS, exclude=WIDGET)
    assert review == [], f"{name}: axe items to review in the outputs\n{axe.describe(review)}"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with serve("lab", tmp_path_factory.mktemp("lessons-lab"), FILES) as server:
        yield server


@pytest.mark.parametrize("name", list(FILES))
def test_lesson_runs_in_jupyterlab(lab, page, name: str) -> None:
    open_lab_notebook(page, lab, name)
    page.wait_for_timeout(500)
    wait_kernel_idle(page, timeout=180_000)
    page.wait_for_function(
        """() => { const nb = window.jupyterapp.shell.currentWidget.content;
             return nb.widgets.filter(c => c.model.type === 'code')
                      .every(c => c.model.executionCount !== null); }""",
        timeout=180_000,
    )
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    texts = [t for t in errors.all_inner_texts() if "Error" in t or "Traceback" in t]
    assert texts == [], texts[:1]
    if name in WITH_WIDGET:
        assert page.locator('[data-medialit="text"]').count() >= 1
    assert_outputs_accessible(page, name)


def test_lessons_run_in_voila(tmp_path, page) -> None:
    with serve("voila", tmp_path, FILES) as server:
        for name in FILES:
            page.goto(f"{server.base}/voila/render/{name}?token={TOKEN}")
            page.wait_for_selector("body", timeout=60_000)
            page.wait_for_function(
                "() => !document.querySelector('#loading') || document.querySelector('#loading').style.display === 'none' || document.readyState === 'complete'",
                timeout=180_000,
            )
            if name in WITH_WIDGET:
                page.wait_for_selector('[data-medialit="text"]', timeout=180_000)
            body = page.inner_text("body")
            # Voilà hides tracebacks and says "There was an error when executing cell" instead
            assert "Traceback" not in body and "There was an error" not in body, name
            assert_outputs_accessible(page, name)
