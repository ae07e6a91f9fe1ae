"""axe-core, the standard automated WCAG checker, run in a playwright page.

axe-core itself (``axe.min.js``) ships inside the PyPI package ``axe-playwright-python`` (a dev
dependency); we only read that file and inject it, so the checker is the real axe-core.

    violations(page)                      # every WCAG 2.0/2.1/2.2 A and AA violation on the page
    violations(page, ".medialit-article") # only inside that part of the page
    incomplete(page)                      # what axe could not decide ("needs review")
    describe(items)                       # one readable line per rule and node, for assertion messages
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

#: the WCAG success criteria we hold every page to: levels A and AA of WCAG 2.0, 2.1 and 2.2
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")


@functools.cache
def axe_source() -> str:
    """The text of axe.min.js from the installed axe-playwright-python package."""
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def rule_ids(page: Any) -> list[str]:
    """The ids of the rules :func:`run` applies (every axe rule tagged with one of :data:`WCAG_TAGS`)."""
    _inject(page)
    return page.evaluate("(tags) => window.axe.getRules(tags).map((r) => r.ruleId)", list(WCAG_TAGS))


def version(page: Any) -> str:
    """The axe-core version injected into ``page``."""
    _inject(page)
    return page.evaluate("() => window.axe.version")


def _inject(page: Any) -> None:
    for frame in page.frames:
        try:
            if not frame.evaluate("() => typeof window.axe === 'object'"):
                frame.evaluate(axe_source())
        except Exception:  # a frame that went away or refuses scripts is not ours to check
            continue


def run(page: Any, include: str | None = None, exclude: str | None = None) -> dict[str, Any]:
    """axe's full result object for the page (or only ``include``, a CSS selector), WCAG A/AA rules only.

    ``exclude`` (a CSS selector) leaves out parts that another test checks.
    """
    _inject(page)
    context: dict[str, Any] | None = None
    if include or exclude:
        context = {}
        if include:
            if page.locator(include).count() == 0:
                raise AssertionError(f"axe: nothing on the page matches {include!r}")
            context["include"] = [include]
        if exclude:
            context["exclude"] = [exclude]
    # every rule that tests a WCAG A/AA criterion, by id, so that axe's "experimental" ones (such as
    # label-content-name-mismatch, WCAG 2.5.3) run too: a tag filter alone would leave them out
    script = """async ([context, tags]) => {
        const ids = window.axe.getRules(tags).map((r) => r.ruleId);
        return await window.axe.run(context || document,
            {runOnly: {type: 'rule', values: ids}, resultTypes: ['violations', 'incomplete']});
    }"""
    return page.evaluate(script, [context, list(WCAG_TAGS)])


def _slim(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rule results with only what a reader needs: id, impact, help and each node's target, html and message."""
    out = []
    for item in items:
        nodes = [
            {
                "target": node.get("target"),
                "html": node.get("html", "")[:300],
                "message": node.get("failureSummary")
                or "; ".join(c.get("message", "") for kind in ("any", "all", "none") for c in node.get(kind, [])),
            }
            for node in item.get("nodes", [])
        ]
        out.append(
            {
                "id": item["id"],
                "impact": item.get("impact"),
                "help": item.get("help"),
                "tags": item.get("tags", []),
                "nodes": nodes,
            }
        )
    return out


def violations(page: Any, include: str | None = None, exclude: str | None = None) -> list[dict[str, Any]]:
    """Every WCAG 2.0/2.1/2.2 A and AA violation axe finds: ``[{id, impact, help, tags, nodes}]``."""
    return _slim(run(page, include, exclude)["violations"])


def incomplete(page: Any, include: str | None = None, exclude: str | None = None) -> list[dict[str, Any]]:
    """What axe could not decide and a person must review ("needs review"), in the same shape."""
    return _slim(run(page, include, exclude)["incomplete"])


def count(items: list[dict[str, Any]]) -> int:
    """How many failing nodes, over all rules."""
    return sum(len(item["nodes"]) for item in items)


def describe(items: list[dict[str, Any]], per_rule: int = 3) -> str:
    """One line per rule (and a few of its nodes), for an assertion message."""
    lines = []
    for item in items:
        lines.append(f"{item['id']} ({item['impact']}, {len(item['nodes'])} nodes): {item['help']}")
        for node in item["nodes"][:per_rule]:
            lines.append(f"    {json.dumps(node['target'])}: {node['html'][:160]}")
            if node["message"]:
                lines.append(f"      {node['message'][:300]}")
    return "\n".join(lines)


def results(page: Any, include: str | None = None, exclude: str | None = None) -> dict[str, Any]:
    """axe's whole result (``violations``, ``incomplete``, ``passes``, ...) as :func:`run` returns it."""
    return run(page, include, exclude)


def summary(found: list[dict[str, Any]]) -> str:
    """:func:`describe` for the rule results inside :func:`results`."""
    return describe(_slim(found))
