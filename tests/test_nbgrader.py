"""nbgrader's own CLI on the assignments: exercises are generated from solutions, and autograding
gives full marks to the solution, zero to an untouched exercise, points for saved highlights, and is
not fooled by edited or deleted test cells."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import medialit
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from make_exercises import ASSIGNMENTS, differences, generate, nbgrader_env  # noqa: E402

LABEL = {"attribution": "attribution-gap", "hedges": "hedge", "translation": "translation-error"}
HIGHLIGHT_POINTS = 5


def test_committed_exercises_are_what_nbgrader_generates(course: Path) -> None:
    assert differences(course / "exercises", ROOT / "exercises") == [], (
        "run `python tools/make_exercises.py` and commit exercises/"
    )


def test_exercises_hide_solutions_and_hidden_tests() -> None:
    for name in ASSIGNMENTS:
        text = (ROOT / "exercises" / name / f"{name}.ipynb").read_text(encoding="utf-8")
        assert (
            "BEGIN SOLUTION" not in text
            and "BEGIN HIDDEN TESTS" not in text
            and "answer_key(article).by_label" not in text
        )
        nb = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
        graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert graded and all(
            c.metadata.nbgrader["schema_version"] == 3 and c.metadata.nbgrader["points"] > 0 for c in graded
        )
        for cell in graded:
            if cell.cell_type == "code":
                assert cell.source.startswith('"""'), cell.metadata.nbgrader["grade_id"]  # says what it checks


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args, "--log-level=ERROR"],
        cwd=course,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )


def _submit(
    course: Path, student: str, name: str, notebook: nbformat.NotebookNode, files: dict[str, str] | None = None
) -> Path:
    folder = course / "submitted" / student / name
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{name}.ipynb")
    for fname, content in (files or {}).items():
        (folder / fname).write_text(content, encoding="utf-8")
    return folder


def _scores(course: Path, name: str) -> dict[str, tuple[float, float]]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="medialit") as gb:
        for sub in gb.assignment_submissions(name):
            nb = sub.notebooks[0]
            out[sub.student_id] = (nb.code_score, nb.max_code_score)
    return out


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("course")
    generate(course)
    return course


def _widget_file(article: medialit.Article, marks: list[medialit.Annotation]) -> str:
    """A highlights file as the widget autosaves it."""
    return json.dumps(
        {
            "schema": "medialit.highlights/1",
            "article_sha256": article.sha256,
            "title": article.title,
            "annotations": [
                {"start": m.start, "end": m.end, "label": m.label, "quote": article.text[m.start : m.end]}
                for m in marks
            ],
        }
    )


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_autograding(course: Path, name: str) -> None:
    article = medialit.load_article()
    key = medialit.answer_key(article)
    solution = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    release = nbformat.read(course / "exercises" / name / f"{name}.ipynb", as_version=4)
    autosave = f"{name}-highlights.json"
    items = key.by_label(LABEL[name])

    _submit(course, "perfect", name, solution)
    _submit(course, "untouched", name, release)
    # a student who only used the widget: the highlights file it autosaved, and nothing else
    widget_dir = _submit(course, "widget", name, release, {autosave: _widget_file(article, items)})
    # a third of the key, all of it right: a quarter found (2) and careful marking (1), not half (0)
    _submit(course, "partial", name, release, {autosave: _widget_file(article, items[: len(items) // 3])})
    # a student who rewrites the locked grading cell to print full marks and deletes a graded answer cell
    cheat = nbformat.from_dict(json.loads(json.dumps(release)))
    grading = [c for c in cheat.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    assert len(grading) == 1  # the highlighting is the only autograded part; code is optional
    grading[0].source = "5"
    answers = [c for c in cheat.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "markdown"]
    cheat.cells.remove(answers[0])
    _submit(course, "cheater", name, cheat)

    result = _nbgrader(course, "autograde", name, "--create", "--force")
    assert result.returncode == 0, result.stderr[-3000:]
    scores = _scores(course, name)
    assert scores["perfect"] == (HIGHLIGHT_POINTS, HIGHLIGHT_POINTS)
    assert scores["untouched"][0] == 0
    assert scores["widget"][0] == HIGHLIGHT_POINTS  # the saved highlights earn every autograded point
    assert scores["partial"][0] == 3  # nbgrader's partial credit: the number the grading cell returns
    assert scores["cheater"][0] == 0  # the locked grading cell is put back and finds nothing

    graded_file = course / "autograded" / "widget" / name / autosave
    assert graded_file.read_text(encoding="utf-8") == (widget_dir / autosave).read_text(encoding="utf-8")
    autograded = nbformat.read(course / "autograded" / "cheater" / name / f"{name}.ipynb", as_version=4)
    assert any("was missing from the submission" in c.source for c in autograded.cells)
    # Run All before marking anything: every cell runs, no traceback, and the grading cell says why it is 0
    untouched = nbformat.read(course / "autograded" / "untouched" / name / f"{name}.ipynb", as_version=4)
    outputs = [o for c in untouched.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    assert any("No highlights yet" in o.get("text", "") for o in outputs)
    assert all(c.execution_count for c in untouched.cells if c.cell_type == "code")
