"""Running the real ``medialit`` command in a subprocess, for tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``medialit`` command in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "medialit", *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=300
    )
