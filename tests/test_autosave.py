"""Autosave never drops a mark: two Highlighters (in one kernel or in two processes) on one file merge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from medialit import Article, Highlighter

ROOT = Path(__file__).resolve().parents[1]


def _in_file(path: Path) -> set[tuple[int, int, str]]:
    return {(m["start"], m["end"], m["label"]) for m in json.loads(path.read_text(encoding="utf-8"))["annotations"]}


def _words(article: Article, n: int, skip: int = 0) -> list[tuple[int, int]]:
    """``n`` different word spans of the article (every other token, from ``skip``)."""
    return [(t.start, t.end) for t in article.tokens[skip::2][:n]]


def test_two_highlighters_on_one_file_keep_both_students_marks(tmp_path: Path, article: Article) -> None:
    path = tmp_path / "work.json"
    a = Highlighter(article, autosave=path)
    b = Highlighter(article, autosave=path)
    words = _words(article, 8)
    for start, end in words[:4]:
        a.add(start, end, "hedge")
    b.add(*words[4], "hedge")
    assert "Merged with another Highlighter using work.json: 4 added there" in b.status
    for start, end in words[5:]:
        b.add(start, end, "hedge")
    assert len(_in_file(path)) == 8  # b's saves merged a's marks, not wrote over them
    assert len(b.annotations) == 8
    # a removal by one is not undone by the other's next save
    b.remove(*words[0])
    a.add(words[1][0], words[1][1], "attribution-gap")
    marks = _in_file(path)
    assert (*words[0], "hedge") not in marks and (*words[1], "attribution-gap") in marks and len(marks) == 8
    assert (*words[0], "hedge") not in {(m["start"], m["end"], m["label"]) for m in a.annotations}
    # a new Highlighter restores the merged work
    assert len(Highlighter(article, autosave=path).annotations) == 8


def test_a_one_label_highlighter_leaves_other_labels_alone(tmp_path: Path, article: Article) -> None:
    path = tmp_path / "work.json"
    full = Highlighter(article, autosave=path)
    (s1, e1), (s2, e2), (s3, e3) = _words(article, 3)
    full.add(s1, e1, "translation-error")
    full.add(s2, e2, "attribution-gap")
    hedges = Highlighter(article, labels=["hedge"], autosave=path)
    assert hedges.annotations == [] and "2 with other labels left as they are" in hedges.status
    hedges.add(s3, e3, "hedge")
    hedges.clear()
    assert _in_file(path) == {(s1, e1, "translation-error"), (s2, e2, "attribution-gap")}


def test_deleting_the_file_never_deletes_work_on_screen(tmp_path: Path, article: Article) -> None:
    path = tmp_path / "work.json"
    hl = Highlighter(article, autosave=path)
    (s1, e1), (s2, e2) = _words(article, 2)
    hl.add(s1, e1, "hedge")
    path.unlink()
    hl.add(s2, e2, "hedge")
    assert _in_file(path) == {(s1, e1, "hedge"), (s2, e2, "hedge")}


WRITER = """
import sys, time
from pathlib import Path
import medialit
article = medialit.load_article()
hl = medialit.Highlighter(article, autosave=sys.argv[1])
tokens = article.tokens[int(sys.argv[2])::2][:int(sys.argv[3])]
Path(sys.argv[1] + "." + sys.argv[2] + ".ready").touch()
while not Path(sys.argv[1] + ".go").exists():
    time.sleep(0.01)
for t in tokens:
    hl.add(t.start, t.end, "hedge")
print(len(tokens), hl.status)
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path, article: Article) -> None:
    path = tmp_path / "class.json"
    n = 100
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(skip), str(n)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for skip in (0, 1)  # even and odd tokens: 200 different marks
    ]
    while not all(Path(f"{path}.{skip}.ready").exists() for skip in (0, 1)):
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
    Path(f"{path}.go").touch()  # both start marking at the same moment
    written = 0
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
        written += int(out.split()[0])
    in_file = _in_file(path)
    print(f"concurrent autosave: {written} marks written by 2 processes, {len(in_file)} in the file")
    assert written == 2 * n and len(in_file) == 2 * n


READ_ONLY = """
import json, sys, warnings
import medialit
warnings.simplefilter("ignore")
hl = medialit.Highlighter(medialit.load_article(), autosave=sys.argv[1])  # must not raise
first = hl.status
hl.add(0, 6, "hedge")
print(json.dumps({"first": first, "after": hl.status, "marks": hl.annotations}))
"""


def test_a_damaged_file_in_a_read_only_folder_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "handed-out"
    folder.mkdir()
    path = folder / "work.json"
    damaged = '{"schema": "medialit.highlights/1", "annot'
    path.write_text(damaged, encoding="utf-8")
    command = [sys.executable, "-c", READ_ONLY, str(path)]
    if os.geteuid() == 0:
        # root may write into any folder: mount this one read-only in a private mount namespace
        command = [
            "unshare",
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            f'mount --bind -o ro "{folder}" "{folder}" && exec "$@"',
            "sh",
            *command,
        ]
    else:
        folder.chmod(0o555)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
        out = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr[-2000:]
        result = json.loads(out.stdout.splitlines()[-1])
        assert "could not be moved aside" in result["first"] and "not autosaved" in result["first"]
        assert "not autosaved" in result["after"] and result["marks"][0]["quote"] == "Russia"
        assert path.read_text(encoding="utf-8") == damaged  # nothing lost
        assert sorted(p.name for p in folder.iterdir()) == ["work.json"]
    finally:
        folder.chmod(0o755)


def test_a_damaged_file_appearing_later_is_kept_aside(tmp_path: Path, article: Article) -> None:
    path = tmp_path / "work.json"
    hl = Highlighter(article, autosave=path)
    hl.add(0, 6, "hedge")
    path.write_text("not json", encoding="utf-8")
    (s, e) = _words(article, 1, skip=5)[0]
    hl.add(s, e, "hedge")
    assert len(_in_file(path)) == 2 and "kept as" in hl.status
    aside = list(tmp_path.glob("work.damaged-*.json"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "not json"
