"""Latency of the Highlighter in real JupyterLab in Chromium.

    python benchmarks/widget_latency.py [--rounds N]

Prints the time from a label press (after a mouse selection) to the highlight
painted on screen, and from pressing Check to the feedback painted on screen
(a round trip through the kernel), as median and worst over N rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from harness import CHROMIUM_ARGS, chromium_path, drag_select, notebook, open_lab_notebook, serve

WORDS = ["apparently", "signs", "hope", "doubts", "indicate", "possible", "fears", "concerns"]

ARM = """([selector, trigger]) => { window.__medialitDone = new Promise((resolve) => {
  const button = document.querySelector(trigger);
  let t0 = null;
  button.addEventListener('click', () => { t0 = performance.now(); }, {capture: true, once: true});
  const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
  const seen = () => document.querySelector(selector);
  const obs = new MutationObserver(() => { if (t0 !== null && seen()) { obs.disconnect(); done(); } });
  obs.observe(document.body, {childList: true, subtree: true});
}); }"""


def measure(page, selector: str, trigger: str) -> float:
    page.evaluate(ARM, [selector, trigger])
    page.click(trigger)
    return float(page.evaluate("() => window.__medialitDone"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    nb = {"bench.ipynb": notebook(["import medialit\nhl = medialit.Highlighter(medialit.load_article())\nhl"])}
    with tempfile.TemporaryDirectory() as tmp, serve("lab", Path(tmp), nb) as lab, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        open_lab_notebook(page, lab, "bench.ipynb")
        page.wait_for_selector('[data-medialit="text"]', timeout=90_000)
        highlight, check = [], []
        for i in range(args.rounds):
            word = WORDS[i % len(WORDS)]
            drag_select(page, word)
            n = len(set(page.eval_on_selector_all('mark[data-label="hedge"]', "ms => ms.map(m => m.dataset.index)")))
            highlight.append(_measure_count(page, n))
            page.evaluate(
                "() => { const f = document.querySelector('[data-medialit=\"feedback\"]'); f.replaceChildren(); }"
            )
            check.append(measure(page, '[data-medialit="feedback"] table', 'button[data-action="check"]'))
        browser.close()
    for name, values in (("highlight", highlight), ("check", check)):
        print(f"{name}_ms_median={statistics.median(values):.1f} {name}_ms_max={max(values):.1f} rounds={len(values)}")


def _measure_count(page, before: int) -> float:
    """Time from the label press to one more hedge highlight painted."""
    arm = """(before) => { window.__medialitDone = new Promise((resolve) => {
      const button = document.querySelector('button[data-label="hedge"]');
      let t0 = null;
      button.addEventListener('click', () => { t0 = performance.now(); }, {capture: true, once: true});
      const count = () => new Set(Array.from(document.querySelectorAll('mark[data-label="hedge"]')).map(m => m.dataset.index)).size;
      const obs = new MutationObserver(() => {
        if (t0 !== null && count() > before) {
          obs.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
        }
      });
      obs.observe(document.body, {childList: true, subtree: true});
    }); }"""
    page.evaluate(arm, before)
    page.click('button[data-label="hedge"]')
    return float(page.evaluate("() => window.__medialitDone"))


if __name__ == "__main__":
    main()
