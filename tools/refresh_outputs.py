"""Execute notebooks in a scratch copy and keep only the outputs nbval compares.

    python tools/refresh_outputs.py notebooks/*.ipynb solutions/*/*.ipynb

Cells tagged ``nbval-check-output`` (or, in older notebooks, starting with the comment
``# NBVAL_CHECK_OUTPUT``) keep the output of a fresh run (that is what ``pytest --nbval-lax``
compares): printed text, and a result's text and HTML (a table shows itself as both).
Every other output is cleared, so the committed notebooks stay small and hold no widget
state, timings or addresses. Files the notebooks write (autosaved highlights) stay in the
scratch copy.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TAG = "nbval-check-output"
MARK = "NBVAL_CHECK_OUTPUT"


def checked(cell: nbformat.NotebookNode) -> bool:
    """Whether nbval compares this cell's output: the cell tag, or the comment marker."""
    return TAG in cell.metadata.get("tags", []) or MARK in cell.source


def refresh(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / path.parent.name
        shutil.copytree(path.parent, scratch, ignore=shutil.ignore_patterns("*.json", "*.bak", ".ipynb_checkpoints"))
        run = nbformat.read(scratch / path.name, as_version=4)
        NotebookClient(
            run, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(scratch)}}
        ).execute()
    kept = 0
    for cell, ran in zip(nb.cells, run.cells, strict=True):
        if cell.cell_type != "code":
            continue
        if checked(cell):
            cell.outputs = [o for o in ran.outputs if o.output_type in {"stream", "execute_result"}]
            for o in cell.outputs:
                if o.output_type == "execute_result":
                    o.data = {k: v for k, v in o.data.items() if k in {"text/plain", "text/html"}}
            cell.execution_count = ran.execution_count  # nbval compares only cells that were run
            kept += 1
        else:
            cell.outputs = []
            cell.execution_count = None
    nbformat.write(nb, path)
    return kept


def main(paths: list[str]) -> None:
    for p in paths:
        print(f"{p}: kept the output of {refresh(Path(p))} checked cells")


if __name__ == "__main__":
    main(sys.argv[1:])
