"""Shared fixtures. The NLTK data must be there: a missing resource fails loudly, never skips."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import medialit
import pytest
from medialit import resources

ROOT = Path(__file__).resolve().parents[1]


def pytest_sessionstart(session: pytest.Session) -> None:
    missing = resources.missing()
    if missing:
        raise pytest.UsageError(
            f"NLTK data missing: {', '.join(missing)}. Run `./kit setup` (or set NLTK_DATA to a folder that holds it)."
        )


@pytest.fixture(scope="session")
def article() -> medialit.Article:
    return medialit.load_article()


@pytest.fixture(scope="session")
def key(article: medialit.Article) -> medialit.AnswerKey:
    return medialit.answer_key(article)


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``medialit`` command in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "medialit", *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=300
    )
