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


def test_nbval_runs_every_notebook(tmp_path: Path) -> None:
    for folder in ("notebooks", "solutions"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.json", "*.bak", ".ipynb_checkpoints")
        )
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
