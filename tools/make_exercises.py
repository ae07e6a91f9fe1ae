"""Generate exercises/ from solutions/ with nbgrader's own generate_assignment.

    python tools/make_exercises.py           # rewrite exercises/
    python tools/make_exercises.py --check   # exit 1 if the committed exercises differ

nbgrader runs in a scratch copy of the course, so no gradebook.db and no stray
files (autosaved highlights from a test run) end up in the repository.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ("attribution", "hedges", "translation")


def nbgrader_env() -> dict[str, str]:
    """nbgrader calls its helpers (alembic) by name: the environment's bin/ must be on PATH."""
    bindir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}


def generate(course: Path) -> Path:
    """Copy the solutions and the config into ``course`` and generate every assignment there."""
    shutil.copytree(
        ROOT / "solutions", course / "solutions", ignore=shutil.ignore_patterns("*.json", "*.bak", ".ipynb_checkpoints")
    )
    shutil.copy(ROOT / "nbgrader_config.py", course)
    for name in ASSIGNMENTS:
        subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force", "--log-level=ERROR"],
            cwd=course,
            env=nbgrader_env(),
            check=True,
        )
    return course / "exercises"


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two folders (recursively)."""
    out: list[str] = []
    cmp = filecmp.dircmp(a, b)
    out += [f"only in {a.name}: {n}" for n in cmp.left_only] + [f"only in {b.name}: {n}" for n in cmp.right_only]
    out += [f"differs: {n}" for n in cmp.diff_files]
    for sub in cmp.common_dirs:
        out += [f"{sub}/{d}" for d in differences(a / sub, b / sub)]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed exercises")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate(Path(tmp))
        if args.check:
            diff = differences(fresh, ROOT / "exercises")
            for line in diff:
                print(line)
            return 1 if diff else 0
        shutil.rmtree(ROOT / "exercises", ignore_errors=True)
        shutil.copytree(fresh, ROOT / "exercises")
    print("exercises/ regenerated from solutions/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
