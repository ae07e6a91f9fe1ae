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


def test_committed_exercises_are_what_nbgrader_generates(tmp_path: Path) -> None:
    fresh = generate(tmp_path)
    assert differences(fresh, ROOT / "exercises") == [], "run `python tools/make_exercises.py` and commit exercises/"


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


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_autograding(course: Path, name: str) -> None:
    article = medialit.load_article()
    key = medialit.answer_key(article)
    solution = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    release = nbformat.read(course / "exercises" / name / f"{name}.ipynb", as_version=4)
    autosave = f"{name}-highlights.json"

    _submit(course, "perfect", name, solution)
    _submit(course, "untouched", name, release)
    # a student who only used the widget: the highlights file it autosaved, and nothing else
    marks = [{"start": k.start, "end": k.end, "label": k.label} for k in key.by_label(LABEL[name])]
    doc = json.dumps(
        {
            "schema": "medialit.highlights/1",
            "article_sha256": article.sha256,
            "title": article.title,
            "annotations": [{**m, "quote": article.text[m["start"] : m["end"]]} for m in marks],
        }
    )
    widget_dir = _submit(course, "widget", name, release, {autosave: doc})
    # a student who edits one locked test cell to pass and deletes another
    cheat = nbformat.from_dict(json.loads(json.dumps(release)))
    tests = [c for c in cheat.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    tests[0].source = "pass"
    cheat.cells.remove(tests[1])
    _submit(course, "cheater", name, cheat)

    result = _nbgrader(course, "autograde", name, "--create", "--force")
    assert result.returncode == 0, result.stderr[-3000:]
    scores = _scores(course, name)
    full = scores["perfect"][1]
    assert full > HIGHLIGHT_POINTS
    assert scores["perfect"] == (full, full)
    assert scores["untouched"][0] == 0
    assert scores["widget"][0] == HIGHLIGHT_POINTS  # the highlights earn their points; the code tasks none
    assert scores["cheater"][0] == 0  # the locked tests are put back and fail

    graded_file = course / "autograded" / "widget" / name / autosave
    assert graded_file.read_text(encoding="utf-8") == (widget_dir / autosave).read_text(encoding="utf-8")
    autograded = nbformat.read(course / "autograded" / "cheater" / name / f"{name}.ipynb", as_version=4)
    assert any("was missing from the submission" in c.source for c in autograded.cells)
