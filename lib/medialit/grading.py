"""Grading a whole class: every student's highlight file against one key.

A folder of highlight files (the widget's save format or W3C Web Annotation
JSON), one per student, or nbgrader's ``submitted/<student>/<assignment>/`` tree.
A file that cannot be graded (empty, damaged, foreign, for another article, a broken
link, a pipe, in a folder that cannot be opened: whatever goes wrong) is that student's
row with its reason, and every other student is still graded. Files that are not
highlight files (notebooks, backups, hidden files) are listed in ``skipped``.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import highlights, w3c
from .files import atomic_write
from .keys import AnswerKey, answer_key
from .scoring import ScoreReport, score
from .text import LABELS, Annotation, Article
from .untrusted import for_csv

#: files in a submissions folder that are never a student's work
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
    #: W3C or Hypothes.is annotations that could not be placed on the article (not graded), with reasons
    unanchored: tuple[str, ...] = ()

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
        out["unanchored"] = "; ".join(self.unanchored)
        for label in LABELS:
            s = self.report.labels[label] if self.report else None
            out.update(
                {
                    f"{label} precision": round(s.precision, 3) if s else "",
                    f"{label} recall": round(s.recall, 3) if s else "",
                    f"{label} f1": round(s.f1, 3) if s else "",
                    f"{label} hits": s.found if s else "",
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
    #: files in the folder that were not graded because they are not highlight files: (file, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def article(self) -> Article:
        return self.key.article

    @property
    def labels(self) -> list[str]:
        """The labels this grading is about (those the key has), in the kit's order."""
        present = {label for k in self.key for label in k.labels}
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
        writer.writerows({k: for_csv(v) for k, v in row.items()} for row in rows)
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


_SKIP_REASONS = (
    (lambda name: name.startswith("."), "a hidden file"),
    (lambda name: name.endswith(".bak"), "a backup copy"),
    (lambda name: name.endswith(".tmp"), "a temporary file"),
    (lambda name: not name.lower().endswith((".json", ".jsonld")), "not a .json highlights file"),
)


def _student_of(rel: Path) -> str:
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _student_files(folder: Path) -> tuple[list[tuple[str, Path]], list[StudentResult], list[tuple[str, str]]]:
    """Scan ``folder``: (student, file) to grade, students whose file cannot even be opened, files skipped.

    A student's file is ``<student>.json`` or ``<student>/<assignment>/<file>.json``. Nothing is
    dropped silently: a broken link, a pipe or a folder that cannot be opened is that student's
    problem; any other file is listed as skipped, with the reason.
    """
    files: list[tuple[str, Path]] = []
    problems: list[StudentResult] = []
    skipped: list[tuple[str, str]] = []
    unreadable: list[OSError] = []
    seen = 0
    for root, dirs, names in os.walk(folder, onerror=unreadable.append):
        here = Path(root)
        dirs.sort()
        for d in list(dirs):
            rel = (here / d).relative_to(folder)
            if d in _SKIP_PARTS or d.startswith(".") or any(part in str(rel) for part in _SKIP_PARTS):
                dirs.remove(d)
                skipped.append((str(rel) + "/", "a hidden or checkpoint folder"))
            elif (here / d).is_symlink():
                skipped.append((str(rel) + "/", "a link to a folder (not followed)"))
        for name in sorted(names):
            seen += 1
            if seen > MAX_FILES * 4:
                raise GradingError(f"{folder} holds more than {MAX_FILES:,} files: is it really a class's submissions?")
            path = here / name
            rel = path.relative_to(folder)
            if path.is_symlink() and not path.exists():
                problems.append(
                    StudentResult(
                        _student_of(rel), str(rel), problem=f"{rel} is a link to something that does not exist"
                    )
                )
                continue
            reason = next((why for test, why in _SKIP_REASONS if test(name)), None)
            if reason is None and any(part in str(rel) for part in _SKIP_PARTS):
                reason = "a damaged autosave kept aside" if ".damaged-" in name else "a checkpoint or cache file"
            if reason is not None:
                skipped.append((str(rel), reason))
                continue
            student = _student_of(rel)
            try:
                st = path.stat()
            except FileNotFoundError:
                problems.append(
                    StudentResult(student, str(rel), problem=f"{rel} is a link to a file that does not exist")
                )
                continue
            except OSError as exc:
                problems.append(StudentResult(student, str(rel), problem=f"cannot open {rel}: {exc.strerror or exc}"))
                continue
            if not stat.S_ISREG(st.st_mode):
                kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a pipe, socket or device"
                problems.append(StudentResult(student, str(rel), problem=f"{rel} is {kind}, not a highlights file"))
                continue
            files.append((student, path))
    for exc in unreadable:
        where = Path(exc.filename or folder)
        if where == folder:
            raise GradingError(f"cannot open {folder}: {exc.strerror or exc}")
        rel = where.relative_to(folder)
        problems.append(
            StudentResult(
                _student_of(rel) if len(rel.parts) > 1 else rel.name,
                str(rel) + "/",
                problem=f"cannot open the folder {rel}: {exc.strerror or exc}",
            )
        )
    return files, problems, skipped


def _grade_file(
    student: str,
    path: Path,
    key: AnswerKey,
    shown: str,
    labels: tuple[str, ...],
    tags: dict[str, str] | None = None,
) -> StudentResult:
    """One student's result; whatever goes wrong with their file is their row's problem, never the class's."""
    try:
        # grade what could be placed, list the rest
        loaded, lost = w3c.partly_placed(lambda: highlights.load(path, key.article, tags))
        unanchored = tuple(str(u) for u in lost)
        # the key's labels only: a mark the key cannot judge is a problem to report, not to drop silently
        marks = highlights.check_marks(loaded, key.article, LABELS)
        # labels not graded in this task are neither hits nor false alarms
        kit = [Annotation(m["start"], m["end"], m["label"]) for m in marks if m["label"] in labels]
        return StudentResult(student, shown, report=score(kit, key), marks=tuple(kit), unanchored=unanchored)
    except highlights.HighlightsError as exc:
        return StudentResult(student, shown, problem=str(exc))
    except Exception as exc:  # one student's file never stops the class, whatever goes wrong with it
        detail = str(exc).splitlines()[0][:160] if str(exc) else ""
        return StudentResult(
            student, shown, problem=f"could not be graded ({type(exc).__name__}{': ' if detail else ''}{detail})"
        )


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


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
    tags: dict[str, str] | None = None,
) -> ClassResults:
    """Grade every student's highlights in a folder (or a list of files) against ``key``.

    The default key is the bundled article's. In nbgrader's ``submitted/`` tree,
    name the ``assignment`` when there are several; for the kit's own assignments
    the key is then restricted to that assignment's label, and ``labels`` does the
    same for any task. Each student is graded once: if a student has several
    files, the newest is graded and the others are reported. ``tags`` maps a
    teacher's own Hypothes.is tags to labels (``{"vague": "hedge"}``); annotations
    that cannot be placed on the article are listed per student (``unanchored``).
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
    graded_labels = tuple(labels) if labels is not None else LABELS
    problems: list[StudentResult] = []
    skipped: list[tuple[str, str]] = []
    if isinstance(submissions, (str, os.PathLike)):
        folder = Path(submissions)
        if not folder.exists():
            raise GradingError(f"no such folder: {folder}")
        if not folder.is_dir():
            files = [(folder.stem, folder)]
            base = folder.parent
        else:
            files, problems, skipped = _student_files(folder)
            base = folder
            found = sorted({a for _, p in files if (a := _assignment(folder, p))})
            if assignment is not None:
                files = [(st, p) for st, p in files if _assignment(folder, p) == assignment]
                problems = [r for r in problems if _assignment(folder, folder / r.file) in (assignment, None)]
                if not files:
                    raise GradingError(
                        f"no files for assignment {assignment!r} in {folder} (it holds: {', '.join(found) or 'none'})"
                    )
            elif len(found) == 1 and labels is None and found[0] in ASSIGNMENT_LABELS:
                graded_labels = tuple(ASSIGNMENT_LABELS[found[0]])  # one of the kit's assignments: its own label
                key = key.only(graded_labels)
            elif len(found) > 1:
                raise GradingError(
                    f"{folder} holds several assignments ({', '.join(found)}): choose one (--assignment NAME)"
                )
    else:
        files = [(Path(p).stem, Path(p)) for p in submissions]
        base = None
    if not files and not problems:
        raise GradingError(f"no highlight files (*.json) found in {submissions}")
    by_student: dict[str, list[Path]] = {}
    for student, path in files:
        by_student.setdefault(student, []).append(path)
    results = list(problems)
    for student, paths in sorted(by_student.items()):
        paths.sort(key=lambda p: (_mtime(p), p.name), reverse=True)
        shown = [str(p.relative_to(base)) if base else str(p) for p in paths]
        results.append(_grade_file(student, paths[0], key, shown[0], graded_labels, tags))
        for other in shown[1:]:
            results.append(
                StudentResult(
                    student, other, problem=f"duplicate: {student} has a newer file, {shown[0]}, which was graded"
                )
            )
    results.sort(key=lambda r: (r.student, not r.graded, r.file))
    return ClassResults(key, results, skipped)
