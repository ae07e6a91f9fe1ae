"""The graded assignments' helpers: points for highlights, a try-it check for code, a clean release.

``highlight_points`` is what an assignment's locked grading cell runs. It prints a short
explanation and returns the points as a plain number, which nbgrader's autograder takes as
the cell's partial credit; it never raises, so Run All goes top to bottom even before the
student has marked anything. ``try_function`` lets a student test an optional code task
without a traceback. ``clean_release`` is an nbgrader hook that makes sure a released
assignment never carries anyone's highlights or a saved widget state.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from . import highlights, hypothesis_api, w3c
from .keys import AnswerKey, answer_key
from .scoring import score
from .text import LABELS, Annotation, Article, load_article

#: the points of a graded highlighting task: (what, points)
RUBRIC = (("found at least a quarter", 2), ("found at least half", 2), ("careful marking", 1))
HIGHLIGHT_POINTS = sum(points for _, points in RUBRIC)


class _Work(Protocol):
    """What ``highlight_points`` needs from a Highlighter."""

    article: Article
    autosave: Path | None

    def marks(self) -> list[Annotation]: ...


def _noun(label: str) -> str:
    return {"attribution-gap": "attribution gaps", "hedge": "hedges", "translation-error": "translation errors"}.get(
        label, f"{label} items"
    )


def _marks_of(work: _Work | str | os.PathLike[str], article: Article | None) -> tuple[list[Annotation] | None, str]:
    """The marks to grade and where they came from; ``None`` when there are none yet."""
    if isinstance(work, (str, os.PathLike)):
        path: Path | None = Path(work)
        article = article or load_article()
    else:
        path, article = getattr(work, "autosave", None), work.article
        if path is None:  # a Highlighter that keeps its marks in memory only
            return work.marks(), "the Highlighter"
    if not path.exists():
        return None, path.name
    marks = highlights.load(path, article)  # the saved file is the work that is graded
    return [Annotation(m["start"], m["end"], m["label"]) for m in marks if m["label"] in LABELS], path.name


def highlight_points(
    work: _Work | str | os.PathLike[str],
    label: str,
    precision: float = 0.6,
    key: AnswerKey | None = None,
    article: Article | None = None,
) -> int:
    """Points (0-5) for the highlights of one label, with a printed explanation; never raises.

    ``work`` is the assignment's Highlighter (its autosave file is graded when it has one)
    or a highlights file. 2 points for finding a quarter of the key's items, 2 more for half,
    1 for careful marking (at least ``precision`` of the highlights right, and at least one).
    """
    noun = _noun(label)
    try:
        marks, source = _marks_of(work, article)
        if marks is None:
            print(f"No highlights yet: nothing is saved in {source}. Mark the {noun} in the Highlighter above.")
            print(f"Highlighting: 0 of {HIGHLIGHT_POINTS} points.")
            return 0
        if key is None:
            key = answer_key(article if article is not None else getattr(work, "article", None))
        report = score(marks, key.only([label]))
    except (highlights.HighlightsError, ValueError, OSError) as exc:
        print(f"Your highlights could not be read ({exc}). Highlighting: 0 of {HIGHLIGHT_POINTS} points.")
        return 0
    s = report.labels[label]
    mine = sum(1 for m in marks if m.label == label)
    if not mine:
        print(f"No highlights yet: mark the {noun} in the Highlighter above.")
        print(f"Highlighting: 0 of {HIGHLIGHT_POINTS} points.")
        return 0
    earned = (
        RUBRIC[0][1] * (s.recall >= 0.25),
        RUBRIC[1][1] * (s.recall >= 0.5),
        RUBRIC[2][1] * (s.true_positives > 0 and s.precision >= precision),
    )
    print(f"You found {s.recall:.0%} of the {noun}; {s.precision:.0%} of your {mine} highlights match the key.")
    for (what, points), got in zip(RUBRIC, earned, strict=True):
        extra = f" (at least {precision:.0%} of your highlights right)" if what == "careful marking" else ""
        print(f"  {got} of {points}: {what}{extra}")
    total = int(sum(earned))
    print(f"Highlighting: {total} of {HIGHLIGHT_POINTS} points.")
    return total


def _describe(value: Any) -> str:
    text = value.text if isinstance(value, Article) else value
    shown = repr(text) if not isinstance(text, str) else repr(text if len(text) <= 50 else text[:47] + "...")
    return shown if len(shown) <= 60 else shown[:57] + "..."


def try_function(func: Callable[[Any], Any], cases: Iterable[tuple[Any, Any]]) -> None:
    """Call ``func`` on each (argument, expected) case and print what worked; never raises.

    For optional code tasks: a student sees which cases are right, and Run All goes on.
    """
    ok = True
    for argument, expected in cases:
        try:
            got = func(argument)
        except Exception as exc:  # a student's bug is reported, not raised
            print(f"✗ for {_describe(argument)} your function stopped with {type(exc).__name__}: {exc}")
            ok = False
            continue
        if got == expected:
            print(f"✓ for {_describe(argument)}: {got!r}")
        else:
            print(f"✗ for {_describe(argument)}: expected {expected!r}, got {got!r}")
            ok = False
    print("It works!" if ok else "Not yet: read the task again and change your function.")


# --- nbgrader -------------------------------------------------------------------------


def _is_highlights(path: Path) -> bool:
    """A file in the kit's highlights format, W3C Web Annotation or Hypothes.is JSON (anyone's marks)."""
    if path.suffix.lower() not in {".json", ".jsonld"}:
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return (
        (isinstance(data, dict) and data.get("schema") == highlights.SCHEMA)
        or w3c.looks_w3c(data)
        or hypothesis_api.looks_hypothesis(data)
    )


def clean_folder(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove highlight files and saved widget state from an assignment folder; return what changed."""
    changed = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text(encoding="utf-8"))
            if "widgets" in nb.get("metadata", {}):
                del nb["metadata"]["widgets"]  # the widget's saved state holds its marks
                path.chmod(path.stat().st_mode | 0o200)
                path.write_text(json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
                changed.append(path)
        elif _is_highlights(path):
            path.unlink()
            changed.append(path)
    return changed


def clean_release(assignment: str, student: str, notebooks: list[str], release: str = "exercises") -> None:
    """nbgrader ``GenerateAssignment.post_convert_hook``: a student version never ships highlights.

    The source folder is ``<course>/<source>/<assignment>``; the student version is generated into
    ``<course>/<release>/<assignment>``.
    """
    del assignment, student  # the hook's signature; the folder is found from the notebooks' path
    if not notebooks:
        return
    source = Path(notebooks[0]).resolve().parent
    for path in clean_folder(source.parents[1] / release / source.name):
        print(f"medialit: left out of the student version: {path.name} (it held highlights or widget state)")
