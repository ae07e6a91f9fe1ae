"""Grading a class: one row per student, the class report, and nbgraders's submitted/ tree."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import medialit
from clirun import run_cli
from htmltext import read


def _write_class(folder: Path, key: medialit.AnswerKey, assignments=("practice",) * 3) -> None:
    """Three students: all hedges; the first half of the gaps as W3C JSON; one false alarm only."""
    article = key.article
    hl = medialit.Highlighter(article)
    for k in key.by_label("hedge"):
        hl.add(k.start, k.end, k.label)
    hl.save(folder / "ana" / assignments[0] / "hedges-highlights.json")
    hl.clear()
    gaps = key.core("attribution-gap")
    for k in gaps[: len(gaps) // 2]:
        hl.add(k.start, k.end, k.label)
    (folder / "ben" / assignments[1]).mkdir(parents=True)
    (folder / "ben" / assignments[1] / "export.json").write_text(json.dumps(hl.to_w3c()), encoding="utf-8")
    hl.clear()
    start = article.text.index("Belarus")
    hl.add(start, start + 7, "translation-error")
    hl.save(folder / "cleo" / assignments[2] / "translation-highlights.json")


def test_grade_class_from_an_nbgrader_tree(tmp_path: Path, key: medialit.AnswerKey) -> None:
    _write_class(tmp_path, key)
    results = medialit.grade_class(tmp_path)
    assert [s.student for s in results.graded] == ["ana", "ben", "cleo"] and not results.problems
    by = {s.student: s.report for s in results.graded}
    assert by["ana"].labels["hedge"].f1 == 1.0 and by["ana"].labels["attribution-gap"].recall == 0.0
    assert (
        by["ben"].labels["attribution-gap"].precision == 1.0 and 0.4 < by["ben"].labels["attribution-gap"].recall <= 0.5
    )
    assert by["cleo"].labels["translation-error"].false_alarms == 1
    found = results.found_by()
    first_hedge = key.by_label("hedge")[0]
    assert found[first_hedge.id] == 1 and found[key.by_label("translation-error")[0].id] == 0
    assert results.common_false_alarms()[0] == ("translation-error", "Belarus", 1)
    missed = dict((k.id, m) for k, m in results.most_missed(len(key)))
    assert missed[first_hedge.id] == 2


def test_csv_and_report(tmp_path: Path, key: medialit.AnswerKey) -> None:
    subs = tmp_path / "subs"
    _write_class(subs, key)
    (subs / "dan.json").write_text("{broken", encoding="utf-8")
    results = medialit.grade_class(subs)
    rows = list(csv.DictReader(io.StringIO(results.to_csv(tmp_path / "class.csv"))))
    assert [r["student"] for r in rows] == ["ana", "ben", "cleo", "dan"]
    assert rows[0]["hedge f1"] == "1.0" and rows[3]["status"] == "problem" and "not valid JSON" in rows[3]["problem"]
    assert {"hedge precision", "hedge recall", "hedge hits", "hedge misses", "hedge false alarms"} <= set(rows[0])
    html = results.to_html()
    for section in (
        "Class averages",
        "Key items most students missed",
        "F1 per label across the class",
        "False alarms most students made",
        "darker means more students found it",
        "Files that could not be graded",
    ):
        assert section in html
    assert html.count('src="data:image/png;base64,') == 2
    shown = read(html).paragraphs
    assert shown == [key.article.quote(p) for p in key.article.paragraphs]
    assert "found by 1 of 3" in html
    assert "<table" in results._repr_html_()


def test_grade_command(tmp_path: Path, key: medialit.AnswerKey) -> None:
    subs = tmp_path / "subs"
    _write_class(subs, key)
    (subs / "dan.json").write_text("", encoding="utf-8")
    out_csv, out_html = tmp_path / "c.csv", tmp_path / "r.html"
    out_csv.write_text("last week's grades", encoding="utf-8")
    result = run_cli("grade", str(subs), "--csv", str(out_csv), "--html", str(out_html))
    assert result.returncode == 0, result.stderr
    assert "Graded 3 students" in result.stdout and "not graded: dan.json: dan.json is empty" in result.stdout
    assert (tmp_path / "c.csv.bak").read_text(encoding="utf-8") == "last week's grades"
    assert out_csv.read_text(encoding="utf-8").startswith("student,file,status")
    assert out_html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_grade_with_a_teachers_own_key(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Storm warning\n\nOfficials said the storm may hit some 3,000 homes.", encoding="utf-8")
    article = medialit.load_article(story)
    text = article.text
    key = medialit.make_key(
        article,
        [
            medialit.Annotation(text.index("may"), text.index("may") + 3, "hedge", note="n"),
            medialit.Annotation(text.index("Officials"), text.index("Officials") + 9, "attribution-gap", note="n"),
        ],
    )
    key.save(tmp_path / "key.json")
    subs = tmp_path / "subs"
    hl = medialit.Highlighter(article, key=key)
    hl.add(text.index("may"), text.index("may") + 3, "hedge")
    hl.save(subs / "eve.json")
    result = run_cli("grade", str(subs), "--key", str(tmp_path / "key.json"), "--article", str(story))
    assert result.returncode == 0, result.stderr
    assert "Graded 1 students against 2 key items" in result.stdout
    wrong = run_cli("grade", str(subs), "--key", str(tmp_path / "key.json"))  # the bundled article: quotes do not match
    assert wrong.returncode == 2 and "does not match" in wrong.stderr


def test_an_nbgrader_tree_with_several_assignments(tmp_path: Path, key: medialit.AnswerKey) -> None:
    _write_class(tmp_path, key, ("hedges", "attribution", "translation"))
    import pytest

    with pytest.raises(medialit.GradingError, match="several assignments"):
        medialit.grade_class(tmp_path)
    hedges = medialit.grade_class(tmp_path, assignment="hedges")
    assert [s.student for s in hedges.graded] == ["ana"] and hedges.labels == ["hedge"]
    assert hedges.graded[0].report.overall.f1 == 1.0  # judged on hedges only: no misses of other labels
    ben = medialit.grade_class(tmp_path, assignment="attribution").graded[0].report
    assert ben.labels["hedge"].expected == 0 and ben.labels["attribution-gap"].precision == 1.0
    result = run_cli("grade", str(tmp_path), "--assignment", "translation")
    n_translation = len(key.by_label("translation-error"))
    assert result.returncode == 0 and f"Graded 1 students against {n_translation} key items" in result.stdout
    assert "hedge" not in result.stdout.split("(class averages)")[1].split("\n", 2)[1]
    bad = run_cli("grade", str(tmp_path))
    assert bad.returncode == 2 and "--assignment" in bad.stderr
