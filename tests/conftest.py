"""Shared fixtures. The NLTK data must be there: a missing resource fails loudly, never skips."""

from __future__ import annotations

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
