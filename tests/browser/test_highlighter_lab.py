"""The Highlighter in real JupyterLab in Chromium: mouse, keyboard, Check, autosave across a kernel restart,
characters outside the BMP, and a hostile article that must run nothing."""

from __future__ import annotations

import json
from pathlib import Path

import medialit
import pytest
from harness import drag_select, notebook, open_lab_notebook, serve, wait_kernel_idle

pytestmark = pytest.mark.browser

HOSTILE = (
    "Hostile <script>window.pwned = 1</script> headline\n\n"
    'Officials 😀 said <img src=x onerror="window.pwned = 2"> that 👩‍👩‍👧 talks may resume. '
    'See <a href="javascript:window.pwned=3">this link</a> and "><svg onload=window.pwned=4>.\n\n'
    "The 𝒜 ministry said the road would reopen."
)

NOTEBOOKS = {
    "highlight.ipynb": notebook(
        [
            "import medialit\nhl = medialit.Highlighter(medialit.load_article(), autosave='highlight-autosave.json')\nhl",
        ]
    ),
    "hostile.ipynb": notebook(
        [
            f"import medialit\narticle = medialit.Article.from_text({HOSTILE!r})\nhl = medialit.Highlighter(article)\nhl",
        ]
    ),
}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with serve("lab", tmp_path_factory.mktemp("lab"), NOTEBOOKS) as server:
        yield server


def annotations(lab, nb: str) -> list[dict]:
    out = lab.kernel_eval(nb, "import json; print(json.dumps(hl.annotations))")
    return json.loads(out)


def wait_for_annotations(lab, nb: str, expected, page, timeout: float = 20) -> list[dict]:
    import time

    deadline = time.monotonic() + timeout
    while True:
        got = annotations(lab, nb)
        if [(a["start"], a["end"], a["label"]) for a in got] == expected or time.monotonic() > deadline:
            return got
        page.wait_for_timeout(250)


def test_mouse_keyboard_check_and_autosave(lab, page, artifacts: Path) -> None:
    text = medialit.load_article().text
    open_lab_notebook(page, lab, "highlight.ipynb")
    page.wait_for_selector('[data-medialit="text"]', timeout=90_000)

    # a real mouse drag over a phrase, then a label button
    phrase = "some 150,000 troops"
    start = text.index(phrase)
    drag_select(page, "ome 150,000 troop")  # starts and ends inside words: the selection snaps to whole words
    page.click('button[data-label="hedge"]')
    page.wait_for_selector('mark[data-label="hedge"]')
    got = wait_for_annotations(lab, "highlight.ipynb", [(start, start + len(phrase), "hedge")], page)
    assert [(a["start"], a["end"], a["label"], a["quote"]) for a in got] == [
        (start, start + len(phrase), "hedge", phrase)
    ]

    # select the highlight by clicking it, remove it with the keyboard
    page.click('mark[data-label="hedge"]')
    page.keyboard.press("Delete")
    page.wait_for_selector('mark[data-label="hedge"]', state="detached")
    assert wait_for_annotations(lab, "highlight.ipynb", [], page) == []

    # keyboard only: the caret is where the removed highlight was; Control+Home goes to the start,
    # the caret moves by word, Shift+arrows extend, the number key labels
    page.focus('[data-medialit="text"]')
    page.keyboard.press("Control+Home")
    for _ in range(2):
        page.keyboard.press("ArrowRight")  # after "Russia", after "says"
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")  # " more troops"
    page.keyboard.press("1")
    page.wait_for_selector('mark[data-label="attribution-gap"]')
    s = text.index("more troops")
    got = wait_for_annotations(lab, "highlight.ipynb", [(s, s + len("more troops"), "attribution-gap")], page)
    assert [(a["start"], a["end"], a["label"]) for a in got] == [(s, s + len("more troops"), "attribution-gap")]

    # relabel the highlight with a number key
    page.click('mark[data-label="attribution-gap"]')
    page.keyboard.press("3")
    page.wait_for_selector('mark[data-label="translation-error"]')

    # mark a real hedge and check against the key: feedback appears inside the widget
    drag_select(page, "apparently")
    page.click('button[data-label="hedge"]')
    page.wait_for_selector('mark[data-label="hedge"]')
    page.click('button[data-action="check"]')
    page.wait_for_selector('[data-medialit="feedback"] li[data-kind="found"]', timeout=20_000)
    feedback = page.inner_text('[data-medialit="feedback"]')
    assert "apparently" in page.inner_text('[data-medialit="feedback"] li[data-kind="found"]')
    assert "False alarms" in feedback and "Hints" in feedback
    assert page.evaluate("() => document.activeElement.tagName") == "H4"  # focus on the feedback's heading

    # show the answers beside the student's marks
    page.click('button[data-action="reveal"]')
    page.wait_for_selector('[data-medialit="answers"] mark[data-label="translation-error"]')
    # one problem under two labels is listed once, with both names
    answers = page.inner_text('[data-medialit="answers"] .medialit-key-list')
    assert "He said (Translation error and attribution gap)" in answers and answers.count("He said") == 1
    page.evaluate("() => document.querySelector('.medialit-highlighter').scrollIntoView({block: 'start'})")
    page.screenshot(path=str(artifacts / "highlighter-lab.png"))
    page.click('button[data-action="reveal"]')

    # the kernel dies: autosaved work is back after a restart and a re-run
    before = annotations(lab, "highlight.ipynb")
    assert len(before) == 2
    page.evaluate(
        "async () => { await window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart(); }"
    )
    wait_kernel_idle(page)
    assert (
        lab.kernel_eval("highlight.ipynb", "print('hl' in globals())").strip() == "False"
    )  # everything in memory is gone
    page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_selector('mark[data-label="hedge"]', timeout=60_000)
    assert annotations(lab, "highlight.ipynb") == before


def test_hostile_article_runs_nothing_and_astral_offsets_are_exact(lab, page) -> None:
    open_lab_notebook(page, lab, "hostile.ipynb")
    page.wait_for_selector('[data-medialit="text"]', timeout=90_000)
    shown = page.inner_text('[data-medialit="text"]')
    assert "<script>window.pwned = 1</script>" in shown and '<img src=x onerror="window.pwned = 2">' in shown
    assert page.evaluate("() => window.pwned") is None
    assert (
        page.locator(
            '[data-medialit="text"] img, [data-medialit="text"] script, [data-medialit="text"] svg, [data-medialit="text"] a'
        ).count()
        == 0
    )

    # after emoji, a flag, a family ZWJ sequence and a math letter: offsets are Python's code points
    phrase = "talks may resume"
    start = HOSTILE.index(phrase)
    drag_select(page, phrase)
    page.keyboard.press("2")
    page.wait_for_selector('mark[data-label="hedge"]')
    got = wait_for_annotations(lab, "hostile.ipynb", [(start, start + len(phrase), "hedge")], page)
    assert [(a["start"], a["end"], a["quote"]) for a in got] == [(start, start + len(phrase), phrase)]
    ministry = HOSTILE.index("ministry")
    drag_select(page, "ministry")
    page.keyboard.press("1")
    got = wait_for_annotations(
        lab, "hostile.ipynb", [(start, start + len(phrase), "hedge"), (ministry, ministry + 8, "attribution-gap")], page
    )
    assert got[-1]["quote"] == "ministry"
    assert page.evaluate("() => window.pwned") is None
