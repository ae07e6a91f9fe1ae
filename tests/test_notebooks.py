"""Every lesson and every solution runs top to bottom in a real kernel under nbval, using only the
public API. They run in a scratch copy so the highlights they autosave never land in the repository."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import medialit
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*/*.ipynb"))
PUBLIC = set(medialit.__all__) | {"plots", "Highlighter", "__version__"}


def test_there_are_lessons_and_assignments() -> None:
    names = [p.name for p in NOTEBOOKS]
    assert len([n for n in names if re.match(r"\d\d-", n)]) >= 6
    assert {"attribution.ipynb", "hedges.ipynb", "translation.ipynb"} <= set(names)


#: what each lesson must have made after Run All. The lessons once checked this themselves in ``assert``
#: cells; students never see that plumbing now: the checks run here, in a cell added to a scratch copy.
CHECKS = {
    "01-Start-Here.ipynb": """
assert article.title.startswith("Russia says")
assert medialit.LABELS == ("attribution-gap", "hedge", "translation-error")
assert hl.marks() == []
""",
    "02-Meet-the-Article.ipynb": """
assert "byline" not in article.metadata and "date" not in article.metadata
assert article.quote(article.metadata["source"]) == "Wales Online"
first, second = (article.quote(p) for p in article.paragraphs[:2])
assert first == second and first.endswith("–")
""",
    "03-Who-Says-So.ipynb": """
kinds = {a.kind for a in attributions}
assert {"person", "vague", "pronoun"} <= kinds
assert any(a.kind == "pronoun" and a.resolved_to is None for a in attributions)
assert gaps and all(g.label == "attribution-gap" for g in gaps)
""",
    "04-How-Sure-Is-It.ipynb": """
assert {r.label for r in medialit.RULES.values()} >= {"hedge", "booster"}
assert "apparently" in [article.quote(cue) for cue in cues]
""",
    "05-What-Did-Translation-Break.ipynb": """
assert errors and all(item.correction for item in errors)
assert any("next week" in article.quote(f) for f in found)
assert 0 < len(caught) < len(errors) and len(missed) == len(errors) - len(caught)
""",
    "06-Your-Own-Article.ipynb": """
assert "byline" not in practice.metadata
assert "apparently" in [practice.quote(cue) for cue in medialit.find_hedges(practice)]
assert hl.key is None
assert len(my_key) == len(marks) == len(class_key) == 2 and check.key is not None
""",
}


def test_nbval_runs_every_notebook(tmp_path: Path) -> None:
    for folder in ("notebooks", "solutions"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.json", "*.bak", ".ipynb_checkpoints")
        )
    for name, check in CHECKS.items():  # the lesson's own checks, run at its end in the same kernel
        nb = nbformat.read(tmp_path / "notebooks" / name, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(check.strip()))
        nbformat.write(nb, tmp_path / "notebooks" / name)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "--nbval-current-env",
            "-q",
            "-p",
            "no:cacheprovider",
            "notebooks",
            "solutions",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    assert " passed" in result.stdout and "failed" not in result.stdout.splitlines()[-1]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_use_only_the_public_api(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("medialit"):
                assert node.module == "medialit" and all(a.name in PUBLIC for a in node.names), (
                    path.name,
                    ast.unparse(node),
                )
            if isinstance(node, ast.Import):
                assert all(a.name in {"medialit"} or not a.name.startswith("medialit") for a in node.names), path.name
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "medialit":
                assert node.attr in PUBLIC, (path.name, node.attr)
            if isinstance(node, ast.Attribute):
                assert not node.attr.startswith("_") or node.attr.startswith("__"), (path.name, node.attr)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parent.name == "notebooks"], ids=lambda p: p.name)
def test_lessons_link_to_their_neighbours(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    links = set(re.findall(r"\]\(([^)]+\.ipynb)\)", text))
    assert links, path.name
    for link in links:
        assert (path.parent / link).exists(), (path.name, link)
    lessons = sorted(p.name for p in path.parent.glob("[0-9][0-9]-*.ipynb"))
    i = lessons.index(path.name)
    if i + 1 < len(lessons):
        assert lessons[i + 1] in links, f"{path.name} does not link to the next lesson"
    if i > 0:
        assert lessons[i - 1] in links, f"{path.name} does not link to the previous lesson"


LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_show_no_test_plumbing(path: Path) -> None:
    """No asserts, no nbval comments, no hand formatting: results show themselves as tables."""
    nb = nbformat.read(path, as_version=4)
    checked = [c for c in nb.cells if "nbval-check-output" in c.metadata.get("tags", [])]
    assert checked and all(c.outputs for c in checked), "no compared output: run tools/refresh_outputs.py"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert "NBVAL" not in cell.source, (path.name, cell.source)
        tree = ast.parse("\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%")))
        for node in ast.walk(tree):
            assert not isinstance(node, ast.Assert), (path.name, cell.source)
            assert not isinstance(node, ast.JoinedStr), ("f-string formatting", path.name, cell.source)
            assert not isinstance(node, ast.FunctionDef), ("a helper function", path.name, cell.source)
            if isinstance(node, ast.Import | ast.ImportFrom):
                assert all(a.name != "textwrap" for a in node.names), path.name
            if isinstance(node, ast.For):  # a loop that prints is hand formatting
                calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
                assert all(c.func.id != "print" for c in calls), ("print loop", path.name, cell.source)


def test_nbval_tag_is_what_nbval_reads() -> None:
    """The cell tag the lessons use is one nbval itself knows (not a name of our own that it would ignore)."""
    from nbval.plugin import find_metadata_tags

    assert dict(find_metadata_tags({"tags": ["nbval-check-output"]})) == {"check": True}
