"""Hypothes.is in and out: API JSON imports (and grades), highlights export as valid create-annotation payloads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import medialit
import pytest
from clirun import run_cli
from jsonschema import Draft7Validator, FormatChecker
from medialit.highlights import HighlightsError, load
from medialit.hypothesis_api import from_hypothesis, looks_hypothesis, read_hypothesis, to_hypothesis
from medialit.text import Article
from medialit.w3c import UnanchoredError, to_w3c

URL = "https://news.example.org/2022/02/russia-troops"
HEADER = "Skip to content\nNews | Sport | Weather\n"
CREATE_SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "hypothesis-annotation-create.json").read_text(encoding="utf-8")
)


def _page_offset(text: str, offset: int) -> int:
    """Where ``text[offset]`` is on the web page: after a header, paragraphs joined by one newline."""
    return len(HEADER) + offset - text[:offset].count("\n\n")


def row(article: Article, start: int, end: int, tags: list[str], n: int = 1, **extra) -> dict:
    """An annotation as Hypothes.is's API returns it, made on the article's web page (not its plain text)."""
    page = HEADER + article.text.replace("\n\n", "\n") + "\nShare this article"
    ps, pe = _page_offset(article.text, start), _page_offset(article.text, end)
    assert page[ps:pe] == article.text[start:end].replace("\n\n", "\n")
    return {
        "id": f"Xq9ann{n:04d}",
        "created": "2026-11-30T10:15:00.000000+00:00",
        "updated": "2026-11-30T10:15:00.000000+00:00",
        "user": "acct:ana_costa@hypothes.is",
        "uri": URL,
        "text": "",
        "tags": tags,
        "group": "__world__",
        "permissions": {"read": ["group:__world__"], "update": ["acct:ana_costa@hypothes.is"]},
        "target": [
            {
                "source": URL,
                "selector": [
                    {
                        "type": "RangeSelector",
                        "startContainer": "/main[1]/article[1]/p[3]",
                        "startOffset": 12,
                        "endContainer": "/main[1]/article[1]/p[3]",
                        "endOffset": 22,
                    },
                    {"type": "TextPositionSelector", "start": ps, "end": pe},
                    {
                        "type": "TextQuoteSelector",
                        "exact": page[ps:pe],
                        "prefix": page[ps - 32 : ps],
                        "suffix": page[pe : pe + 32],
                    },
                ],
            }
        ],
        "document": {"title": [article.title]},
        "links": {"html": f"https://hypothes.is/a/Xq9ann{n:04d}", "incontext": f"https://hyp.is/Xq9ann{n:04d}/{URL}"},
        "hidden": False,
        "flagged": False,
        "user_info": {"display_name": "Ana Costa"},
        **extra,
    }


def _spans(marks: list[dict]) -> list[tuple[int, int, str]]:
    return [(m["start"], m["end"], m["label"]) for m in marks]


@pytest.fixture(scope="module")
def spans(article: Article) -> list[tuple[int, int, str]]:
    """Three highlights of the key (one per label), and the second headline's 'Russia says'."""
    key = medialit.answer_key(article)
    chosen = {k.label: (k.start, k.end, k.label) for k in key}
    second = article.text.index("Russia says", 1)
    return sorted([*chosen.values(), (second, second + 11, "hedge")])


def test_one_a_list_and_a_search_result(article: Article, spans) -> None:
    rows = [row(article, s, e, [label], n) for n, (s, e, label) in enumerate(spans, 1)]
    assert looks_hypothesis(rows[0]) and looks_hypothesis(rows) and looks_hypothesis({"total": 4, "rows": rows})
    assert _spans(from_hypothesis(rows[0], article)) == spans[:1]
    assert _spans(from_hypothesis(rows, article)) == spans
    assert _spans(from_hypothesis({"total": len(rows), "rows": rows}, article)) == spans
    # the second headline lands on the second headline: page positions differ, the context decides
    assert (article.text.index("Russia says", 1), article.text.index("Russia says", 1) + 11, "hedge") in spans


@pytest.mark.parametrize(
    ("tags", "label"),
    [
        (["hedge"], "hedge"),
        (["Hedge"], "hedge"),
        (["attribution gap"], "attribution-gap"),
        (["attribution-gap"], "attribution-gap"),
        (["Attribution Gap", "week 3"], "attribution-gap"),
        (["translation error"], "translation-error"),
        (["Translation_Error"], "translation-error"),
        (["important", "HEDGE"], "hedge"),
    ],
)
def test_labels_from_tags(article: Article, tags: list[str], label: str) -> None:
    assert _spans(from_hypothesis(row(article, 0, 11, tags), article)) == [(0, 11, label)]


def test_a_teachers_own_tags_and_tags_that_name_nothing(article: Article) -> None:
    rows = [row(article, 0, 11, ["vague"], 1), row(article, 12, 16, ["week 3", "\x1b[2Jimportant"], 2)]
    marks, lost = read_hypothesis(rows, article, tags={"Vague": "hedge"})
    assert _spans(marks) == [(0, 11, "hedge")]
    (u,) = lost
    assert u.number == 2 and "names a label" in u.reason and "\\x1b" in str(u)  # shown escaped, never run
    with pytest.raises(
        UnanchoredError, match="2 of 2 highlights could not be placed"
    ):  # no mapping: 'vague' is no label
        from_hypothesis(rows, article)


def test_replies_and_page_notes_are_not_highlights(article: Article) -> None:
    reply = row(article, 0, 11, ["hedge"], 2, references=["Xq9ann0001"])
    note = {**row(article, 0, 11, ["hedge"], 3), "target": [{"source": URL}]}
    assert _spans(from_hypothesis([row(article, 0, 11, ["hedge"]), reply, note], article)) == [(0, 11, "hedge")]


def test_an_annotation_of_another_page_is_reported_not_guessed(article: Article) -> None:
    other = row(article, 0, 11, ["hedge"], 2)
    other["target"][0]["selector"] = [
        {"type": "TextQuoteSelector", "exact": "the council voted to close the library", "prefix": "", "suffix": ""}
    ]
    marks, lost = read_hypothesis([row(article, 0, 11, ["hedge"]), other], article)
    assert _spans(marks) == [(0, 11, "hedge")] and "not in this article" in lost[0].reason


def test_not_hypothesis_json(article: Article) -> None:
    assert not looks_hypothesis({"students": [1]}) and not looks_hypothesis([]) and not looks_hypothesis([1, 2])
    with pytest.raises(HighlightsError, match=r"not Hypothes\.is API JSON"):
        read_hypothesis({"students": [1]}, article)


def test_export_is_a_valid_create_request_and_reads_back(article: Article, spans) -> None:
    marks = [{"start": s, "end": e, "label": lb} for s, e, lb in spans]
    payloads = to_hypothesis(marks, article, URL, group="kd8Gz3xQ")
    validator = Draft7Validator(CREATE_SCHEMA, format_checker=FormatChecker())
    assert "uri" in FormatChecker().checkers
    for p in payloads:
        assert not list(validator.iter_errors(p)), p
        assert set(p) <= set(CREATE_SCHEMA["properties"])  # only what the API describes
        assert p["uri"] == URL and p["group"] == "kd8Gz3xQ" and isinstance(p["target"], list)
    assert _spans(from_hypothesis(json.loads(json.dumps(payloads)), article)) == spans
    # the W3C export is not a create request (no uri, target not a list): the schema tells them apart
    assert list(validator.iter_errors(to_w3c(marks, article)["first"]["items"][0]))


@pytest.mark.parametrize(
    ("uri", "group", "error"),
    [
        ("file:///tmp/a.html", "__world__", "http"),
        ("news.example.org", "__world__", "http"),
        (URL, "my group", "group"),
    ],
)
def test_export_refuses_a_bad_url_or_group(article: Article, uri: str, group: str, error: str) -> None:
    with pytest.raises(HighlightsError, match=error):
        to_hypothesis([{"start": 0, "end": 6, "label": "hedge"}], article, uri, group)


def test_grade_a_class_that_annotated_on_hypothesis(tmp_path: Path, article: Article, spans) -> None:
    subs = tmp_path / "class"
    subs.mkdir()
    rows = [row(article, s, e, [lb.replace("-", " ").title()], n) for n, (s, e, lb) in enumerate(spans, 1)]
    (subs / "ana.json").write_text(json.dumps({"total": len(rows), "rows": rows}), encoding="utf-8")
    lost = row(article, 0, 11, ["hedge"], 9)
    lost["target"][0]["selector"] = [{"type": "TextQuoteSelector", "exact": "zebra crossing at noon"}]
    (subs / "ben.json").write_text(json.dumps([rows[0], lost]), encoding="utf-8")
    (subs / "cara.json").write_text(json.dumps(row(article, 0, 11, ["vague"])), encoding="utf-8")
    assert _spans(load(subs / "ana.json", article)) == spans  # the same reader grade uses

    results = medialit.grade_class(subs, tags={"vague": "hedge"})
    by = {s.student: s for s in results.students}
    assert all(s.graded for s in results.students), [s.problem for s in results.students]
    assert {(m.start, m.end, m.label) for m in by["ana"].marks} == set(spans)
    assert by["cara"].marks[0].label == "hedge" and not by["cara"].unanchored
    (why,) = by["ben"].unanchored
    assert "annotation 2" in why and "not in this article" in why
    table = list(csv.DictReader(io.StringIO(results.to_csv())))
    assert {r["student"]: r["unanchored"] for r in table} == {"ana": "", "ben": why, "cara": ""}

    cli = run_cli("grade", str(subs), "--tag", "vague=hedge", "--csv", str(tmp_path / "grades.csv"))
    assert cli.returncode == 0, cli.stderr
    assert "Graded 3 students" in cli.stdout
    assert [line for line in cli.stdout.splitlines() if "not placed" in line and "ben.json" in line]
    bad = run_cli("grade", str(subs), "--tag", "vague")
    assert bad.returncode == 2 and "TAG=LABEL" in bad.stderr and "Traceback" not in bad.stderr
    # without the teacher's mapping, cara's one tag names no label: reported, and she has nothing graded
    plain = {s.student: s for s in medialit.grade_class(subs).students}
    assert not plain["cara"].graded and "names a label" in plain["cara"].problem


def test_a_groups_search_result_becomes_one_file_per_student(tmp_path: Path, article: Article, spans) -> None:
    from medialit.hypothesis_api import save_by_student, split_by_student

    rows = []
    for n, (s, e, label) in enumerate(spans, 1):
        rows.append(row(article, s, e, [label], n, user="acct:ana_costa@hypothes.is"))
    rows.append(row(article, *spans[0][:2], [spans[0][2]], 20, user="acct:ben.ito@hypothes.is"))
    rows.append(row(article, *spans[1][:2], [spans[1][2]], 21, user="acct:../../etc/passwd@evil.example"))
    result = {"total": len(rows), "rows": rows}
    assert {k: len(v) for k, v in split_by_student(result).items()} == {"ana_costa": 4, "ben.ito": 1, "etc_passwd": 1}
    paths = save_by_student(result, tmp_path / "class")
    assert sorted(p.name for p in paths) == ["ana_costa.json", "ben.ito.json", "etc_passwd.json"]
    assert all(p.parent == tmp_path / "class" for p in paths)  # an account name never leaves the folder
    results = medialit.grade_class(tmp_path / "class")
    by = {s.student: s for s in results.students}
    assert all(s.graded for s in results.students)
    assert {(m.start, m.end, m.label) for m in by["ana_costa"].marks} == set(spans)
