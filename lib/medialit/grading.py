"""Grading a whole class: every student's highlight file against one key.

A folder of highlight files (the widget's save format or W3C Web Annotation
JSON), one per student, or nbgrader's ``submitted/<student>/<assignment>/`` tree.
A file that cannot be graded (empty, damaged, foreign, for another article) is
reported with its reason, and every other student is still graded.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import highlights
from .files import atomic_write
from .keys import AnswerKey, answer_key
from .scoring import ScoreReport, score
from .text import LABELS, Annotation, Article

#: files in a submissions folder that are never a student's work
_SKIP_SUFFIXES = (".bak", ".tmp")
_SKIP_PARTS = (".ipynb_checkpoints", "__pycache__", ".damaged-")
#: the most files a folder may hold before we refuse (a wrong folder, not a class)
MAX_FILES = 20_000


#: the kit's own assignments and the label each one is about
ASSIGNMENT_LABELS = {"attribution": ("attribution-gap",), "hedges": ("hedge",), "translation": ("translation-error",)}


class GradingError(ValueError):
    """The submissions folder or the key cannot be used at all."""


@dataclass
class StudentResult:
    """One student's result: a score report, or the reason their file could not be graded."""

    student: str
    file: str
    report: ScoreReport | None = None
    problem: str = ""
    marks: tuple[Annotation, ...] = ()

    @property
    def graded(self) -> bool:
        return self.report is not None

    def row(self) -> dict[str, Any]:
        """One CSV row: figures per label, or the problem."""
        out: dict[str, Any] = {
            "student": self.student,
            "file": self.file,
            "status": "graded" if self.graded else "problem",
            "problem": self.problem,
        }
        for label in LABELS:
            s = self.report.labels[label] if self.report else None
            out.update(
                {
                    f"{label} precision": round(s.precision, 3) if s else "",
                    f"{label} recall": round(s.recall, 3) if s else "",
                    f"{label} f1": round(s.f1, 3) if s else "",
                    f"{label} hits": s.true_positives if s else "",
                    f"{label} misses": s.misses if s else "",
                    f"{label} false alarms": s.false_alarms if s else "",
                }
            )
        out["overall f1"] = round(self.report.overall.f1, 3) if self.report else ""
        return out


@dataclass
class ClassResults:
    """Every student's result against one key, with class-level summaries."""

    key: AnswerKey
    students: list[StudentResult]

    @property
    def article(self) -> Article:
        return self.key.article

    @property
    def labels(self) -> list[str]:
        """The labels this grading is about (those the key has), in the kit's order."""
        present = {k.label for k in self.key}
        return [label for label in LABELS if label in present]

    @property
    def graded(self) -> list[StudentResult]:
        return [s for s in self.students if s.graded]

    @property
    def problems(self) -> list[StudentResult]:
        return [s for s in self.students if not s.graded]

    def table(self) -> list[dict[str, Any]]:
        """One row per student (the CSV's rows)."""
        return [s.row() for s in self.students]

    def found_by(self) -> dict[str, int]:
        """Key item id -> how many graded students found it."""
        counts = Counter()
        for s in self.graded:
            for f in s.report.hits:
                counts[f.item_id] += 1
        return {item.id: counts[item.id] for item in self.key}

    def most_missed(self, n: int = 10) -> list[tuple[Annotation, int]]:
        """The key items most students missed: (item, how many missed it)."""
        found = self.found_by()
        total = len(self.graded)
        items = sorted(self.key, key=lambda k: (found[k.id], k.start))
        return [(k, total - found[k.id]) for k in items[:n]]

    def common_false_alarms(self, n: int = 10) -> list[tuple[str, str, int]]:
        """The false alarms most students made: (label, quote, how many students)."""
        text = self.article.text
        counts: Counter[tuple[str, str]] = Counter()
        for s in self.graded:
            seen = {(f.label, text[f.start : f.end]) for f in s.report.false_alarms}
            counts.update(seen)
        return [(label, quote, c) for (label, quote), c in counts.most_common(n)]

    def f1_by_label(self) -> dict[str, list[float]]:
        """Each graded student's F1, per label (for the histograms)."""
        return {label: [s.report.labels[label].f1 for s in self.graded] for label in self.labels}

    def to_csv(self, path: str | os.PathLike[str] | None = None) -> str:
        """The table as CSV text; with ``path``, also written atomically (the old file kept as .bak)."""
        rows = self.table()
        buf = io.StringIO()
        fields = list(rows[0]) if rows else ["student", "file", "status", "problem"]
        writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        if path is not None:
            atomic_write(path, buf.getvalue())
        return buf.getvalue()

    def to_html(self) -> str:
        """The class report as a complete HTML page."""
        from .report import render_class_report  # the report sits above grading

        return render_class_report(self)

    def _repr_html_(self) -> str:
        from .report import class_table

        return class_table(self)

    def __repr__(self) -> str:
        return f"<ClassResults: {len(self.graded)} graded, {len(self.problems)} with problems>"


def _student_files(folder: Path) -> list[tuple[str, Path]]:
    """(student, file) for every JSON file: ``<student>.json`` or ``<student>/<assignment>/<file>.json``."""
    out = []
    for n, path in enumerate(sorted(folder.rglob("*"))):
        if n > MAX_FILES * 4:
            raise GradingError(f"{folder} holds more than {MAX_FILES:,} files: is it really a class's submissions?")
        if not path.is_file() or path.name.startswith(".") or path.name.endswith(_SKIP_SUFFIXES):
            continue
        if any(part in str(path.relative_to(folder)) for part in _SKIP_PARTS):
            continue
        rel = path.relative_to(folder)
        if path.suffix.lower() not in {".json", ".jsonld"}:
            continue
        student = rel.parts[0] if len(rel.parts) > 1 else path.stem
        out.append((student, path))
    return out


def _grade_file(student: str, path: Path, key: AnswerKey, shown: str) -> StudentResult:
    try:
        # the key's labels only: a mark the key cannot judge is a problem to report, not to drop silently
        marks = highlights.check_marks(highlights.load(path, key.article), key.article, LABELS)
    except highlights.HighlightsError as exc:
        return StudentResult(student, shown, problem=str(exc))
    kit = [Annotation(m["start"], m["end"], m["label"]) for m in marks]
    return StudentResult(student, shown, report=score(kit, key), marks=tuple(kit))


def _assignment(folder: Path, path: Path) -> str | None:
    """The assignment of a file in nbgrader's ``<student>/<assignment>/...`` tree, if it is one."""
    parts = path.relative_to(folder).parts
    return parts[1] if len(parts) > 2 else None


def grade_class(
    submissions: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    key: AnswerKey | None = None,
    article: Article | None = None,
    assignment: str | None = None,
    labels: Iterable[str] | None = None,
) -> ClassResults:
    """Grade every student's highlights in a folder (or a list of files) against ``key``.

    The default key is the bundled article's. In nbgrader's ``submitted/`` tree,
    name the ``assignment`` when there are several; for the kit's own assignments
    the key is then restricted to that assignment's label, and ``labels`` does the
    same for any task. Each student is graded once: if a student has several
    files, the newest is graded and the others are reported.
    """
    if key is None:
        key = answer_key(article)
    if labels is None and assignment in ASSIGNMENT_LABELS:
        labels = ASSIGNMENT_LABELS[assignment]
    if labels is not None:
        labels = tuple(labels)
        unknown = [lb for lb in labels if lb not in LABELS]
        if unknown:
            raise GradingError(f"unknown label {unknown[0]!r}: use one of {', '.join(LABELS)}")
        key = key.only(labels)
    if isinstance(submissions, (str, os.PathLike)):
        folder = Path(submissions)
        if not folder.exists():
            raise GradingError(f"no such folder: {folder}")
        if folder.is_file():
            files = [(folder.stem, folder)]
            base = folder.parent
        else:
            files = _student_files(folder)
            base = folder
            found = sorted({a for _, p in files if (a := _assignment(folder, p))})
            if assignment is not None:
                files = [(st, p) for st, p in files if _assignment(folder, p) == assignment]
                if not files:
                    raise GradingError(
                        f"no files for assignment {assignment!r} in {folder} (it holds: {', '.join(found) or 'none'})"
                    )
            elif len(found) == 1 and labels is None and found[0] in ASSIGNMENT_LABELS:
                key = key.only(ASSIGNMENT_LABELS[found[0]])  # one of the kit's assignments: its own label
            elif len(found) > 1:
                raise GradingError(
                    f"{folder} holds several assignments ({', '.join(found)}): choose one (--assignment NAME)"
                )
    else:
        files = [(Path(p).stem, Path(p)) for p in submissions]
        base = None
    if not files:
        raise GradingError(f"no highlight files (*.json) found in {submissions}")
    by_student: dict[str, list[Path]] = {}
    for student, path in files:
        by_student.setdefault(student, []).append(path)
    results = []
    for student, paths in sorted(by_student.items()):
        paths.sort(key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
        shown = [str(p.relative_to(base)) if base else str(p) for p in paths]
        results.append(_grade_file(student, paths[0], key, shown[0]))
        for other in shown[1:]:
            results.append(
                StudentResult(
                    student, other, problem=f"duplicate: {student} has a newer file, {shown[0]}, which was graded"
                )
            )
    return ClassResults(key, results)
