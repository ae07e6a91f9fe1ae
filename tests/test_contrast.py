"""Contrast for low vision, computed from medialit.css itself: every label's underline reaches 3:1
(WCAG 2.2 1.4.11, non-text contrast) against the page, against its own fill and against every stack of
fills where highlights overlap, also at the class report's darkest shading; text reaches 4.5:1 on all.

Fills are composited the way browsers do it (source-over in sRGB), ratios follow WCAG's formula.
"""

from __future__ import annotations

import itertools
import re

import pytest
from medialit.render import stylesheet

LABELS = ("attribution-gap", "hedge", "translation-error", "booster", "other")
STYLES = {"attribution-gap": "dashed", "hedge": "wavy", "translation-error": "double", "booster": "dotted"}
RGB = tuple[float, float, float]


def _variables(css: str) -> dict[str, str]:
    block = re.search(r"^\.medialit \{(.*?)^\}", css, re.S | re.M)
    assert block, "medialit.css has no .medialit { ... } block of custom properties"
    return dict(re.findall(r"(--medialit-[\w-]+):\s*([^;]+);", block.group(1)))


def _resolve(value: str, env: dict[str, str]) -> str:
    while m := re.search(r"var\((--[\w-]+)\)", value):
        value = value[: m.start()] + _resolve(env[m.group(1)], env) + value[m.end() :]
    return value.strip()


def _hex(value: str) -> RGB:
    m = re.fullmatch(r"#([0-9a-fA-F]{6})", value)
    assert m, f"expected a #rrggbb colour, got {value!r}"
    return tuple(int(m.group(1)[i : i + 2], 16) for i in (0, 2, 4))


def _fill(value: str) -> tuple[RGB, float]:
    """``color-mix(in srgb, #rrggbb P%, transparent)`` -> (colour, alpha)."""
    m = re.fullmatch(r"color-mix\(in srgb, (#[0-9a-fA-F]{6}) ([\d.]+)%, transparent\)", value)
    assert m, f"expected color-mix(in srgb, #rrggbb P%, transparent), got {value!r}"
    return _hex(m.group(1)), float(m.group(2)) / 100


def _over(colour: RGB, alpha: float, below: RGB) -> RGB:
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(colour, below))


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""

    def lin(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(scope="module")
def palette() -> dict[str, object]:
    css = stylesheet()
    env = _variables(css)
    labels = {}
    for label in LABELS:
        rule = re.search(rf"^\.medialit-{label} \{{([^}}]*)\}}", css, re.M)
        assert rule, f"no .medialit-{label} rule"
        # the rule really uses the variables this test checks
        assert f"background: var(--medialit-{label}-fill)" in rule.group(1), label
        assert re.search(rf"text-decoration: underline \w+ var\(--medialit-{label}-line\)", rule.group(1)), label
        colour, alpha = _fill(_resolve(env[f"--medialit-{label}-fill"], env))
        assert colour == _hex(_resolve(env[f"--medialit-{label}"], env))
        labels[label] = {"base": colour, "fill": alpha, "line": _hex(_resolve(env[f"--medialit-{label}-line"], env))}
    shade_max = float(_resolve(env["--medialit-shade-max"], env).rstrip("%")) / 100
    assert "var(--medialit-shade-max)" in css.split(".medialit-hl.medialit-shaded", 1)[1].split("}", 1)[0]
    return {
        "page": _hex(_resolve(env["--medialit-page"], env)),
        "ink": _hex(_resolve(env["--medialit-ink"], env)),
        "focus": _hex(_resolve(env["--medialit-focus"], env)),
        "labels": labels,
        "shade_max": shade_max,
    }


def _backgrounds(palette, label: str) -> dict[str, RGB]:
    """Every background ``label``'s underline can be drawn on: the page, its fill alone, and every stack
    of up to three overlapping fills that includes it, at the report's fill and the class report's darkest shade."""
    page, labels = palette["page"], palette["labels"]
    out = {"page": page}
    for where, alpha_of in (("fill", lambda lb: labels[lb]["fill"]), ("darkest shade", lambda _: palette["shade_max"])):
        for k in (1, 2, 3):
            for stack in itertools.permutations(LABELS, k):
                if label not in stack:
                    continue
                bg = page
                for lb in stack:
                    bg = _over(labels[lb]["base"], alpha_of(lb), bg)
                out[f"{where}: {' over '.join(reversed(stack))}"] = bg
    return out


def test_every_underline_reaches_3_to_1_everywhere(palette) -> None:
    pairs = []
    for label, colours in palette["labels"].items():
        for where, bg in _backgrounds(palette, label).items():
            pairs.append((ratio(colours["line"], bg), f"{label} underline on {where}"))
    lowest = min(pairs)
    print(f"\nlowest underline contrast: {lowest[0]:.2f}:1 ({lowest[1]}); {len(pairs)} pairs checked")
    failing = [f"{r:.2f}:1 {what}" for r, what in pairs if r < 3]
    assert failing == [], "\n".join(failing)


def test_text_reaches_4_5_to_1_on_every_highlight(palette) -> None:
    worst = min(
        (ratio(palette["ink"], bg), where) for label in LABELS for where, bg in _backgrounds(palette, label).items()
    )
    assert worst[0] >= 4.5, worst


def test_buttons_and_focus_ring_stand_out_from_the_page(palette) -> None:
    assert ratio(palette["ink"], palette["page"]) >= 4.5  # the note buttons' border and number
    assert ratio(palette["focus"], palette["page"]) >= 3


def test_labels_stay_apart_for_colour_blind_readers(palette) -> None:
    """Okabe-Ito hues for the fills and a different underline style per label, so colour is never needed."""
    okabe_ito = {
        (230, 159, 0),
        (86, 180, 233),
        (0, 158, 115),
        (240, 228, 66),
        (0, 114, 178),
        (213, 94, 0),
        (204, 121, 167),
    }
    bases = [c["base"] for c in palette["labels"].values()]
    assert set(bases) <= okabe_ito and len(set(bases)) == len(bases)
    css = stylesheet()
    for label, style in STYLES.items():
        assert re.search(rf"^\.medialit-{label} \{{[^}}]*underline {style} ", css, re.M), label
    assert len(set(STYLES.values())) == len(STYLES)


def test_the_formula_matches_wcag_reference_values() -> None:
    assert ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert ratio((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # #767676, the AA grey
    assert ratio((255, 255, 255), (255, 255, 255)) == 1
