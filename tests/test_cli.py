"""The medialit command: output, files written, and exit code 2 with one line for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import run_cli


def test_analyze_bundled_article(tmp_path: Path) -> None:
    html, data = tmp_path / "report.html", tmp_path / "out.json"
    result = run_cli("analyze", "--html", str(html), "--json", str(data))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Findings per label" in out and "overlap the key" in out
    assert "Sources (who says so?)" in out and "vague" in out and "pronoun" in out
    assert "“next week, next week”" in out
    assert "./kit lab" in out and "notebooks/" in out
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "medialit-legend" in page
    spans = json.loads(data.read_text(encoding="utf-8"))["spans"]
    assert spans and all({"start", "end", "label", "rule", "quote"} <= set(s) for s in spans)


def test_analyze_a_file_and_keep_a_backup(tmp_path: Path) -> None:
    src = tmp_path / "story.md"
    src.write_text("# Storm\n\nOfficials said the storm may hit some 3,000 homes.\n", encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("my old work", encoding="utf-8")
    result = run_cli("analyze", str(src), "--json", str(out))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.json.bak").read_text(encoding="utf-8") == "my old work"
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "Storm"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin1.txt", "Ça va très bien.".encode("latin-1"), "not UTF-8"),
        ("story.docx", b"PK\x03\x04", "unknown kind of file"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, name: str, data: bytes | None, message: str) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = run_cli("analyze", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("medialit: error:") and message in lines[0]
    assert "Traceback" not in result.stderr


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli("analyze", "--html", str(blocker / "report.html"))
    assert result.returncode == 2 and "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_key_command() -> None:
    result = run_cli("key")
    assert result.returncode == 0
    assert "translation-error" in result.stdout and "intended:" in result.stdout
    as_json = json.loads(run_cli("key", "--json").stdout)
    assert len(as_json["items"]) >= 60


def test_rules_and_setup_check() -> None:
    rules = run_cli("rules")
    assert rules.returncode == 0 and "hedge.modal" in rules.stdout and "translation.elision" in rules.stdout
    check = run_cli("setup", "--check")
    assert check.returncode == 0 and "NLTK data ready" in check.stdout


def test_usage_error_exits_2() -> None:
    result = run_cli("analyse")  # misspelt command
    assert result.returncode == 2 and "invalid choice" in result.stderr
