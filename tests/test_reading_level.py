"""The reading-level benchmark's counts: syllables, sentences in wrapped Markdown, and grades that move the right way."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rl():
    spec = importlib.util.spec_from_file_location("bench_reading_level", ROOT / "benchmarks" / "reading_level.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("the", 1),
        ("hedge", 1),
        ("source", 1),
        ("sources", 2),
        ("marked", 1),
        ("wanted", 2),
        ("table", 2),
        ("media", 3),
        ("video", 3),
        ("people", 2),
        ("attribution", 4),
        ("apparently", 4),
        ("translation", 3),
    ],
)
def test_syllables(rl, word: str, count: int) -> None:
    assert rl.syllables(word) == count


def test_wrapped_lines_are_one_sentence_but_list_items_are_not(rl) -> None:
    prose = rl.markdown_prose("A claim that goes on\nover two lines.\n\n- one item\n- another item\n\n`code()` here")
    reading = rl.measure("x", prose)
    assert reading.sentences == 4
    assert "code" not in prose


def test_harder_text_gets_a_higher_grade(rl) -> None:
    easy = rl.measure("easy", "The cat sat on the mat. It was a warm day. We went out to play.")
    hard = rl.measure(
        "hard",
        "Epistemological considerations regarding attribution necessitate comprehensive methodological "
        "evaluation of institutional communication, particularly concerning unverifiable organizational declarations.",
    )
    assert easy.grade < 3 < 16 < hard.grade


def test_the_report_names_every_lesson_app_key_and_doc(rl, capsys) -> None:
    assert rl.main([]) == 0
    out = capsys.readouterr().out
    for name in (
        "03-Who-Says-So",
        "1-Who-Says-So",
        "bundled notes",
        "bundled hints",
        "transfer-task.md",
        "glossary.md",
    ):
        assert name in out
    assert "Over grade 8:" in out


def test_the_glossary_defines_every_word_the_lessons_must_keep() -> None:
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    terms = {line[2:].split(".**")[0].lower() for line in text.splitlines() if line.startswith("**")}
    must = {"hedge", "attribution", "source", "claim", "precision", "recall", "booster", "translation error"}
    assert must | {"sift", "lateral reading", "wire service", "byline"} <= terms
