"""The teacher guide's nbgrader steps work as written, in a fresh clone of the repository.

Every ```bash block marked ``<!-- tested: teacher -->`` or ``<!-- tested: student -->`` in
docs/teacher-guide.md runs in order with nbgrader's own CLI: the teacher's in the clone, each
student's in that student's own home folder (own HOME and nbgrader settings, as on a hub), with a
local exchange folder. Two students: one marks nothing, one marks every attribution gap the way the
widget saves them and writes both answers. The grades must be 0 and 5 highlighting points.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import medialit
import nbformat
import pytest
from test_leaks import key_content

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "teacher-guide.md"
BLOCK = re.compile(r"<!-- tested: (teacher|student) -->\n```bash\n(.*?)```", re.S)
STUDENTS = ("nobody", "careful")  # marks nothing; marks well
HIGHLIGHT_POINTS = 5


def marked_blocks() -> list[tuple[str, str]]:
    """(who, commands) for every tested block of the guide, in order."""
    return BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


def fresh_clone(dest: Path) -> Path:
    """``git clone`` of this repository, plus the uncommitted changes of a working copy (none on CI)."""
    trust = ["git", "-c", "safe.directory=*"]  # a checkout owned by another user (CI) is still ours to clone
    git = [*trust, "-C", str(ROOT)]
    assert subprocess.run([*git, "rev-parse"], capture_output=True).returncode == 0, "run this test in a git checkout"
    subprocess.run([*trust, "clone", "-q", str(ROOT), str(dest)], check=True)
    diff = subprocess.run([*git, "diff", "HEAD", "--binary"], check=True, capture_output=True).stdout
    if diff.strip():
        subprocess.run([*trust, "-C", str(dest), "apply", "--whitespace=nowarn"], input=diff, check=True)
    untracked = subprocess.run(
        [*git, "ls-files", "--others", "--exclude-standard", "-z"], check=True, capture_output=True, text=True
    ).stdout
    for name in filter(None, untracked.split("\0")):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    return dest


def person(home: Path, exchange: Path, clone: Path, student: str | None = None) -> dict[str, str]:
    """The environment of one person: their own HOME with their nbgrader settings."""
    jupyter = home / ".jupyter"
    jupyter.mkdir(parents=True, exist_ok=True)
    settings = f"c = get_config()\nc.Exchange.root = {str(exchange)!r}\n"
    if student:  # on a hub each student is a Unix user; here the setting names them
        settings += f"c.CourseDirectory.student_id = {student!r}\n"
    (jupyter / "nbgrader_config.py").write_text(settings, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHONPATH"))}
    bindir = str(Path(sys.executable).parent)
    return {
        **env,
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(jupyter),
        "JUPYTER_DATA_DIR": str(home / ".local" / "share" / "jupyter"),
        "PYTHONPATH": str(clone / "lib"),  # the clone's kit, as a teacher who installed it
        "PATH": bindir + os.pathsep + env.get("PATH", ""),
    }


def run_block(commands: str, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", commands], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{commands}\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result.stdout + result.stderr


def work_carefully(folder: Path, article: medialit.Article, key: medialit.AnswerKey) -> None:
    """What the careful student does: every attribution gap marked (saved as the widget saves), both answers."""
    marks = [{"start": k.start, "end": k.end, "label": k.label} for k in key.by_label("attribution-gap")]
    medialit.highlights.save(marks, article, folder / "attribution-highlights.json")
    path = folder / "attribution.ipynb"
    nb = nbformat.read(path, as_version=4)
    answers = [c for c in nb.cells if c.cell_type == "markdown" and "YOUR ANSWER HERE" in c.source]
    assert len(answers) == 2
    for cell in answers:
        cell.source = cell.source.replace("YOUR ANSWER HERE", "It is not named, so nobody can check it.")
    nbformat.write(nb, path)


def test_the_guide_marks_its_nbgrader_steps() -> None:
    blocks = marked_blocks()
    text = "\n".join(commands for _, commands in blocks)
    for step in (
        "validate",
        "generate_assignment",
        "release_assignment",
        "fetch_assignment",
        "submit",
        "collect",
        "autograde",
        "generate_feedback",
        "release_feedback",
        "fetch_feedback",
        "medialit grade",
    ):
        assert step in text, step
    assert "nbgrader formgrade" not in GUIDE.read_text(encoding="utf-8").replace("no `nbgrader formgrade`", "")


def test_the_guide_runs_in_a_fresh_clone(tmp_path: Path) -> None:
    started = time.monotonic()
    clone = fresh_clone(tmp_path / "medialit")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    teacher = person(tmp_path / "home" / "teacher", exchange, clone)
    homes = {s: tmp_path / "home" / s for s in STUDENTS}
    students = {s: person(homes[s], exchange, clone, s) for s in STUDENTS}
    article = medialit.load_article()
    key = medialit.answer_key(article)

    teacher_version = sorted(p for p in (clone / "solutions").rglob("*") if p.is_file())
    outputs = []
    for who, commands in marked_blocks():
        if who == "teacher":
            outputs.append(run_block(commands, clone, teacher))
            continue
        for student in STUDENTS:
            outputs.append(run_block(commands, homes[student], students[student]))
            if "fetch_assignment" in commands and student == "careful":
                work_carefully(homes[student] / "attribution", article, key)

    assert "Success! Your notebook passes all the tests." in outputs[0]  # nbgrader validate on the teacher version
    # the grades nbgrader gives: nothing marked -> 0, marked well -> every highlighting point
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{clone / 'gradebook.db'}", course_id="medialit") as gb:
        scores = {s.student_id: (s.code_score, s.max_code_score) for s in gb.assignment_submissions("attribution")}
    assert scores == {"nobody": (0, HIGHLIGHT_POINTS), "careful": (HIGHLIGHT_POINTS, HIGHLIGHT_POINTS)}
    with open(clone / "grades.csv", encoding="utf-8") as f:
        exported = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(f)}
    assert exported == {"nobody": 0.0, "careful": float(HIGHLIGHT_POINTS)}  # written answers: not graded yet

    # the careful student's saved file is what was graded, unchanged
    saved = homes["careful"] / "attribution" / "attribution-highlights.json"
    graded = clone / "autograded" / "careful" / "attribution" / "attribution-highlights.json"
    assert graded.read_bytes() == saved.read_bytes()
    # each student fetched their own feedback, which says why
    for student, says in (("nobody", "No highlights yet"), ("careful", "Highlighting: 5 of 5 points")):
        pages = list((homes[student] / "attribution" / "feedback").glob("*/attribution.html"))
        assert len(pages) == 1 and says in pages[0].read_text(encoding="utf-8"), student
    # the class report: the assignment's own label, the careful student found every gap
    report = outputs[-1]
    assert f"against {len(key.by_label('attribution-gap'))} key items" in report, report
    with open(clone / "attribution.csv", encoding="utf-8") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    assert set(rows) == {"careful"} and float(rows["careful"]["attribution-gap recall"]) == 1.0
    # nothing the students received holds the answers
    received = [p for p in (clone / "exercises").rglob("*") if p.is_file()]
    received += [p for p in (exchange / "medialit" / "outbound").rglob("*") if p.is_file()]
    assert received and all(not key_content(p, key) for p in received)
    assert not (homes["nobody"] / "attribution" / "attribution-highlights.json").exists()
    assert sorted(p for p in (clone / "solutions").rglob("*") if p.is_file()) == teacher_version  # validate wrote none
    print(f"the teacher guide's nbgrader steps took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q", "-s"]))
