"""Answers never reach the students' copies: running the solutions for real writes no file with key
content next to them, and generating and releasing the assignments with nbgrader's own CLI ships
none, even when a highlights file holding the whole key sits in the source folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import medialit
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from make_exercises import ASSIGNMENTS, nbgrader_env  # noqa: E402

#: the few key quotes an assignment's prose discusses (its written questions quote them)
MAX_QUOTES_IN_PROSE = 5


def _strings(data: object) -> list[str]:
    """Every text in parsed JSON; a list of lines (a notebook cell's source) is one text."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, list) and all(isinstance(x, str) for x in data):
        return ["".join(data)]
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [s for v in values for s in _strings(v)]


def key_content(path: Path, key: medialit.AnswerKey) -> list[str]:
    """The key's notes, corrections and hints in a file, and its quotes when more than the prose needs."""
    decoded = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix in {".json", ".ipynb"}:
        decoded = "\n".join(_strings(json.loads(decoded)))
    article = key.article.text
    found = []
    for k in key:  # (a correction such as "next week" may be words of the article itself: not evidence)
        for what, value in (("note", k.note), ("correction", k.correction), ("hint", k.hint)):
            if value and value in decoded and value not in article:
                found.append(f"{what} of {k.id}")
    quotes = {k.text_of(article) for k in key if len(k.text_of(article)) >= 12 and k.text_of(article) in decoded}
    if len(quotes) > MAX_QUOTES_IN_PROSE:
        found.append(f"{len(quotes)} key quotes")
    return found


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def run(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", *args], cwd=course, env=nbgrader_env(), capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result


def test_key_content_is_recognised(tmp_path: Path) -> None:
    """The scan itself finds a leak: the widget's save file of the whole key is flagged."""
    key = medialit.answer_key()
    leak = tmp_path / "attribution-highlights.json"
    gaps = key.by_label("attribution-gap")
    medialit.highlights.save([k.to_dict() for k in gaps], key.article, leak)
    saved = {q for k in gaps if len(q := k.text_of(key.article.text)) >= 12}
    (found,) = key_content(leak, key)  # the gaps' own quotes, and any other item's words inside them
    assert found.endswith(" key quotes") and int(found.split()[0]) >= len(saved) > 5
    notes = tmp_path / "notes.txt"
    notes.write_text(key.get("T04").note, encoding="utf-8")
    assert key_content(notes, key) == ["note of T04"]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = tmp_path_factory.mktemp("leaks")
    shutil.copytree(ROOT / "solutions", course / "solutions", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / "nbgrader_config.py", course)
    return course


def test_running_the_solutions_writes_no_answers(course: Path) -> None:
    """Run All and save, as a teacher in JupyterLab would (widget state included): only the notebook changes."""
    key = medialit.answer_key()
    before = set(files_under(course / "solutions"))
    for name in ASSIGNMENTS:
        notebook = course / "solutions" / name / f"{name}.ipynb"
        run(notebook.parent, "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace", notebook.name)
        assert "widgets" in json.loads(notebook.read_text(encoding="utf-8"))["metadata"]  # the hard case for release
    assert set(files_under(course / "solutions")) == before, "running a solution wrote a file next to it"
    for path in before:
        if path.suffix != ".ipynb":
            assert not key_content(path, key), path


def test_generated_and_released_assignments_hold_no_answers(course: Path) -> None:
    key = medialit.answer_key()
    # the old leak, planted: a highlights file holding the whole key next to a solution
    planted = course / "solutions" / "attribution" / "attribution-highlights.json"
    medialit.highlights.save([k.to_dict() for k in key.by_label("attribution-gap")], key.article, planted)
    exchange = course / "exchange"
    exchange.mkdir()
    for name in ASSIGNMENTS:
        run(course, "nbgrader", "generate_assignment", name, "--force", "--log-level=ERROR")
        run(course, "nbgrader", "release_assignment", name, f"--Exchange.root={exchange}", "--log-level=ERROR")
    released = files_under(course / "exercises") + files_under(exchange)
    assert {p.suffix for p in released} == {".ipynb"}, [p.name for p in released]
    assert len([p for p in released if p.parent.name in ASSIGNMENTS]) == 2 * len(ASSIGNMENTS)
    for path in released:
        assert not key_content(path, key), (path, key_content(path, key))
        assert "widgets" not in json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert planted.exists()  # the teacher's own file is left where it was
    # run, saved and with the old leak beside them, the solutions still give the committed exercises' cells
    for name in ASSIGNMENTS:
        assert _cells(course / "exercises" / name / f"{name}.ipynb") == _cells(
            ROOT / "exercises" / name / f"{name}.ipynb"
        )


def _cells(path: Path) -> list[tuple]:
    """What a student sees of a notebook: each cell's type, source, nbgrader settings and outputs."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        (c["cell_type"], "".join(c["source"]), c["metadata"].get("nbgrader"), c.get("outputs")) for c in nb["cells"]
    ]
