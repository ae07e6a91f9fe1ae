"""axe-core (the WCAG checker, shipped inside PyPI's axe-playwright-python) run on a live page.

``violations(page, include=None)`` runs every WCAG 2.0/2.1/2.2 A and AA rule (also axe's experimental ones for those criteria), scoped to the elements
matching the CSS selector ``include`` (the whole page without it), and returns axe's violations.
``results`` returns the whole axe result (violations, incomplete "needs review" items, passes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def results(page: Any, include: str | None = None) -> dict[str, Any]:
    """axe's full result for ``page`` (scoped to ``include``), WCAG A and AA rules only."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    return page.evaluate(
        """async ([include, tags]) => {
             const context = include ? {include: [[include]]} : document;
             // axe's experimental rules run too (label-content-name-mismatch is one); only WCAG rules are kept
             const r = await window.axe.run(context, {runOnly: {type: 'tag', values: [...tags, 'experimental']},
                                                      resultTypes: ['violations', 'incomplete']});
             const wcag = (v) => v.tags.some((t) => tags.includes(t));
             for (const k of ['violations', 'incomplete', 'passes', 'inapplicable']) r[k] = r[k].filter(wcag);
             return r;
           }""",
        [include, TAGS],
    )


def violations(page: Any, include: str | None = None) -> list[dict[str, Any]]:
    """axe's violations for ``page`` (scoped to ``include``): one dict per rule, with its nodes."""
    return results(page, include)["violations"]


def summary(found: list[dict[str, Any]]) -> str:
    """One line per rule and node, for an assertion message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {n['target']} {n.get('failureSummary', '')}" for v in found for n in v["nodes"]
    )
