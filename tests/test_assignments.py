"""The assignments' helpers: highlighting points that never raise, a try-it check for the optional code,
and the release clean-up that keeps highlights and widget state out of a student version."""

from __future__ import annotations

import json
from pathlib import Path

import medialit
import pytest
from medialit.assignments import HIGHLIGHT_POINTS, clean_folder, clean_release


def _save(path: Path, article: medialit.Article, items: list[medialit.Annotation]) -> Path:
    medialit.highlights.save([{"start": k.start, "end": k.end, "label": k.label} for k in items], article, path)
    return path


def test_no_file_scores_zero_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert medialit.highlight_points(tmp_path / "hedges-highlights.json", "hedge") == 0
    out = capsys.readouterr()
    assert "No highlights yet" in out.out and "0 of 5 points" in out.out and out.err == ""


@pytest.mark.parametrize(
    ("share", "precision_ok", "points"),
    [(1.0, True, 5), (0.6, True, 5), (0.3, True, 3), (0.1, True, 1), (0.3, False, 2)],
)
def test_points_follow_the_rubric(
    tmp_path: Path, article: medialit.Article, key: medialit.AnswerKey, share: float, precision_ok: bool, points: int
) -> None:
    items = key.by_label("attribution-gap")
    marks = items[: round(len(items) * share)]
    if not precision_ok:  # as many wrong marks (hedges' words marked as gaps) as right ones, and more
        wrong = [k for k in key.by_label("hedge") if not any(k.overlaps(m) for m in items)]
        marks += [medialit.Annotation(k.start, k.end, "attribution-gap") for k in wrong[: len(marks) + 1]]
    path = _save(tmp_path / "a.json", article, marks)
    assert medialit.highlight_points(path, "attribution-gap") == points


def test_the_highlighter_is_graded_from_its_saved_file(tmp_path: Path, article: medialit.Article, key) -> None:
    saved = _save(tmp_path / "attribution-highlights.json", article, key.by_label("attribution-gap"))
    hl = medialit.Highlighter(article, labels=["attribution-gap"], autosave=saved)
    assert medialit.highlight_points(hl, "attribution-gap") == HIGHLIGHT_POINTS
    saved.unlink()  # the file is the work: without it there is nothing to grade
    assert medialit.highlight_points(hl, "attribution-gap") == 0
    in_memory = medialit.Highlighter(article, labels=["attribution-gap"])  # the teacher version
    for item in key.by_label("attribution-gap"):
        in_memory.add(item.start, item.end, item.label)
    assert medialit.highlight_points(in_memory, "attribution-gap") == HIGHLIGHT_POINTS


@pytest.mark.parametrize("content", ["", "{not json", '{"schema": "medialit.highlights/1", "article_sha256": "x"}'])
def test_a_bad_file_scores_zero_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    path = tmp_path / "hedges-highlights.json"
    path.write_text(content, encoding="utf-8")
    assert medialit.highlight_points(path, "hedge") == 0
    out = capsys.readouterr()
    assert "could not be read" in out.out and out.err == ""


def test_try_function_reports_and_never_raises(capsys: pytest.CaptureFixture[str]) -> None:
    medialit.try_function(str.upper, [("a", "A"), ("b", "B")])
    assert capsys.readouterr().out.endswith("It works!\n")
    medialit.try_function(lambda text: 1 / 0, [("a", 1)])
    assert "ZeroDivisionError" in capsys.readouterr().out
    medialit.try_function(len, [("abc", 4)])
    out = capsys.readouterr().out
    assert "expected 4, got 3" in out and "Not yet" in out


def test_clean_release_removes_highlights_and_widget_state(tmp_path: Path, article, key) -> None:
    source, release = tmp_path / "solutions" / "hedges", tmp_path / "exercises" / "hedges"
    source.mkdir(parents=True)
    release.mkdir(parents=True)
    (source / "hedges.ipynb").write_text("{}", encoding="utf-8")
    _save(release / "hedges-highlights.json", article, key.by_label("hedge"))
    (release / "w3c.json").write_text(json.dumps(medialit.highlights.to_w3c([], article)), encoding="utf-8")
    (release / "data.json").write_text('{"kept": true}', encoding="utf-8")
    nb = {"cells": [], "metadata": {"widgets": {"state": {}}, "kernelspec": {}}, "nbformat": 4, "nbformat_minor": 5}
    (release / "hedges.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    clean_release(assignment="hedges", student=".", notebooks=[str(source / "hedges.ipynb")])
    assert sorted(p.name for p in release.iterdir()) == ["data.json", "hedges.ipynb"]
    assert json.loads((release / "hedges.ipynb").read_text(encoding="utf-8"))["metadata"] == {"kernelspec": {}}
    assert clean_folder(release) == []


def test_one_collected_assignment_is_graded_on_its_own_label(tmp_path: Path, article, key) -> None:
    """nbgrader's submitted/ tree with one assignment: no --assignment needed, and only its label counts."""
    for student, share in (("ana", 1.0), ("ben", 0.5)):
        folder = tmp_path / "submitted" / student / "hedges"
        folder.mkdir(parents=True)
        items = key.core("hedge")  # Check and grading score the core items; extra ones are a bonus
        _save(folder / "hedges-highlights.json", article, items[: int(len(items) * share)])
    results = medialit.grade_class(tmp_path / "submitted")
    assert len(results.key) == len(key.by_label("hedge")) and results.labels == ["hedge"]
    assert {s.student: s.report.overall.recall for s in results.graded} == {"ana": 1.0, "ben": 0.5}
