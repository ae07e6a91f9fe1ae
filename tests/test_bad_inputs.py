"""Bad and unusual input, everywhere: each case runs through loading, analysis, rendering, the widget's
Python side, scoring, grading and the command, with the outcome a teacher would expect: a clear error
naming the problem, or correct handling. No traceback ever reaches the command's user."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import medialit
import pytest
from clirun import run_cli
from htmltext import read
from medialit import Article, ArticleError, Highlighter, HighlightsError, analyze, render_html


@dataclass
class Case:
    name: str
    filename: str
    make: Callable[[], bytes] | None  # None: the file does not exist
    error: str = ""  # expected error on loading; "" when it must load
    analysis_error: str = ""  # expected error from the detectors only


BUNDLED = medialit.load_article().text
SENTENCE = "The council said the bridge may reopen next week, officials said. "

ARTICLES = [
    Case("empty file", "empty.txt", lambda: b"", error="empty"),
    Case("whitespace only", "blank.txt", lambda: b" \n\t \r\n  ", error="empty"),
    Case(
        "binary file", "image.txt", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), error="binary"
    ),
    Case("invalid UTF-8", "latin1.txt", lambda: "Les élèves ont dit « non ».".encode("latin-1"), error="not UTF-8"),
    Case("missing file", "missing.txt", None, error="no such file"),
    Case("unknown kind of file", "story.pdf", lambda: b"%PDF-1.7", error="unknown kind of file"),
    Case("UTF-16 with BOM", "utf16.txt", lambda: ("Headline\n\n" + SENTENCE).encode("utf-16")),
    Case("UTF-8 with BOM", "bom.txt", lambda: ("\ufeffHeadline\n\n" + SENTENCE).encode("utf-8")),
    Case("Windows line endings", "crlf.txt", lambda: ("Headline\r\n\r\n" + SENTENCE + "\r\nMore text here.").encode()),
    Case(
        "20 MB article",
        "huge.txt",
        lambda: ((BUNDLED + "\n\n") * (20_000_000 // len(BUNDLED) + 1)).encode(),
        analysis_error="the detectors read at most",
    ),
    Case(
        "one 50,000-character sentence",
        "long.txt",
        lambda: ("Officials said that " + "the talks may go on and " * 2100 + "end.").encode(),
    ),
    Case(
        "no sentence punctuation",
        "nopunct.txt",
        lambda: b"officials said the talks may resume some 3000 troops left no stop anywhere",
    ),
    Case(
        "right-to-left text",
        "rtl.txt",
        lambda: "خبر عاجل\n\nقال المسؤولون إن المحادثات قد تستأنف. אמרו הפקידים.".encode(),
    ),
    Case(
        "emoji and astral characters",
        "emoji.txt",
        lambda: "Big news 🎉\n\n🇺🇦 Officials 👩‍👩‍👧 said talks may resume 𝒜𝒷.".encode(),
    ),
    Case(
        "combining accents",
        "accents.txt",
        lambda: "Cafe\u0301 owners\n\nThe cafe\u0301 owners said prices may rise.".encode(),
    ),
    Case(
        "HTML with scripts, styles, comments, entities",
        "page.html",
        lambda: (
            b"<html><head><title>T &amp; U</title><style>p{color:red}</style><script>window.pwned=1</script></head><body>"
            b"<!-- secret --><h1>Talks</h1><p>Officials said talks &ldquo;may&rdquo; resume &lt;soon&gt;.</p>"
            b"<script type='text/javascript'>alert(1)</script><p>Second&nbsp;paragraph.</p></body></html>"
        ),
    ),
    Case(
        "Markdown",
        "story.md",
        lambda: b"# Talks\n\n*Officials* said talks **may** resume. [More](http://example.org)\n\n- a list item",
    ),
]


@pytest.mark.parametrize("case", ARTICLES, ids=[c.name for c in ARTICLES])
def test_article_inputs(case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.filename
    if case.make is not None:
        path.write_bytes(case.make())
    cli = run_cli("analyze", str(path))
    if case.error:
        with pytest.raises(ArticleError, match=case.error):
            medialit.load_article(path)
        assert cli.returncode == 2
        lines = cli.stderr.strip().splitlines()
        assert len(lines) == 1 and case.error in lines[0] and "Traceback" not in cli.stderr
        return

    article = medialit.load_article(path)
    assert "\r" not in article.text and not article.text.startswith("\ufeff")
    assert "pwned" not in article.text and "secret" not in article.text and "color:red" not in article.text
    # analysis
    if case.analysis_error:
        with pytest.raises(ArticleError, match=case.analysis_error):
            analyze(article)
        assert cli.returncode == 2 and case.analysis_error in cli.stderr and "Traceback" not in cli.stderr
        found = []
    else:
        found = list(analyze(article).annotations)
        assert cli.returncode == 0, cli.stderr
        for a in found:
            assert 0 <= a.start < a.end <= len(article.text)
    # rendering shows exactly the text, escaped
    shown = read(render_html(article, found).html).paragraphs
    assert shown == [article.quote(p) for p in article.paragraphs]
    # the widget's Python side, scoring and grading
    first = article.paragraphs[-1]
    end = min(first.end, first.start + 5)
    hl = Highlighter(article, autosave=tmp_path / "auto.json")
    hl.add(first.start, end, "hedge")
    key = medialit.make_key(article, [{"start": first.start, "end": end, "label": "hedge", "note": "n"}])
    assert medialit.score(hl.marks(), key).labels["hedge"].f1 == 1.0
    subs = tmp_path / "class"
    hl.save(subs / "ana.json")
    results = medialit.grade_class(subs, key)
    assert len(results.graded) == 1 and results.graded[0].report.overall.f1 == 1.0
    assert Highlighter(article, autosave=tmp_path / "auto.json").annotations == hl.annotations


def _item(start: int, end: int, label: str = "hedge", quote: str | None = None) -> dict:
    return {
        "id": f"X{start}",
        "start": start,
        "end": end,
        "label": label,
        "quote": BUNDLED[start:end] if quote is None else quote,
        "note": "n",
    }


KEYS = [
    ("quote does not match its text", [_item(0, 6, quote="Moscow")], "does not match"),
    ("zero-length span", [_item(10, 10)], "empty, reversed"),
    ("reversed span", [_item(20, 10)], "empty, reversed"),
    ("span past the end", [_item(4190, 4300)], "outside the article"),
    ("unknown label", [_item(0, 6, label="opinion")], "unknown label"),
    ("overlapping and nested spans", [_item(0, 20), _item(7, 12), _item(15, 30)], ""),
]


@pytest.mark.parametrize(("name", "items", "error"), KEYS, ids=[k[0] for k in KEYS])
def test_key_inputs(name: str, items: list[dict], error: str, tmp_path: Path) -> None:
    article = medialit.load_article()
    path = tmp_path / "key.json"
    path.write_text(json.dumps({"schema": "medialit.key/1", "items": items}), encoding="utf-8")
    subs = tmp_path / "class"
    subs.mkdir()
    (subs / "ana.json").write_text(
        json.dumps(
            {
                "schema": "medialit.highlights/1",
                "article_sha256": article.sha256,
                "annotations": [{"start": 0, "end": 6, "label": "hedge"}],
            }
        ),
        encoding="utf-8",
    )
    cli = run_cli("grade", str(subs), "--key", str(path))
    if error:
        with pytest.raises(medialit.AnswerKeyError, match=error):
            medialit.load_key(path, article)
        assert cli.returncode == 2 and len(cli.stderr.strip().splitlines()) == 1 and error in cli.stderr
        assert "Traceback" not in cli.stderr
        return
    key = medialit.load_key(path, article)
    report = medialit.score([medialit.Annotation(0, 20, "hedge"), medialit.Annotation(7, 12, "hedge")], key)
    assert report.labels["hedge"].true_positives == 2.0 and report.labels["hedge"].misses == 1  # one mark, one item
    assert cli.returncode == 0 and "Graded 1 students" in cli.stdout


def _doc(annotations, sha=None) -> str:
    return json.dumps(
        {
            "schema": "medialit.highlights/1",
            "article_sha256": sha or medialit.load_article().sha256,
            "annotations": annotations,
        }
    )


SUBMISSIONS = [
    (
        "submission for a different article",
        lambda: _doc([{"start": 0, "end": 4, "label": "hedge"}], sha="0" * 64),
        "different article",
    ),
    ("truncated JSON", lambda: _doc([{"start": 0, "end": 4, "label": "hedge"}])[:40], "not valid JSON"),
    ("JSON of the wrong shape", lambda: json.dumps({"students": [1, 2, 3]}), "not a medialit highlights file"),
    ("a JSON list of numbers", lambda: "[1, 2, 3]", "not a medialit highlights file"),
    ("empty submission file", lambda: "", "is empty"),
    ("unknown label in a submission", lambda: _doc([{"start": 0, "end": 4, "label": "opinion"}]), "unknown label"),
    ("reversed span in a submission", lambda: _doc([{"start": 9, "end": 4, "label": "hedge"}]), "empty, reversed"),
    (
        "span past the end in a submission",
        lambda: _doc([{"start": 0, "end": 99_999, "label": "hedge"}]),
        "outside the article",
    ),
    (
        "W3C quote not in the article",
        lambda: json.dumps(
            {
                "type": "Annotation",
                "body": {"type": "TextualBody", "value": "hedge"},
                "target": {"selector": {"type": "TextQuoteSelector", "exact": "zebra crossing"}},
            }
        ),
        "not in this article",
    ),
]


@pytest.mark.parametrize(("name", "make", "error"), SUBMISSIONS, ids=[s[0] for s in SUBMISSIONS])
def test_submission_inputs(name: str, make, error: str, tmp_path: Path) -> None:
    article = medialit.load_article()
    subs = tmp_path / "class"
    subs.mkdir()
    (subs / "bad.json").write_text(make(), encoding="utf-8")
    (subs / "good.json").write_text(_doc([{"start": 0, "end": 6, "label": "hedge"}]), encoding="utf-8")
    with pytest.raises(HighlightsError, match=error):
        Highlighter.load(subs / "bad.json", article)
    results = medialit.grade_class(subs)
    assert [s.student for s in results.graded] == ["good"]  # everyone else is still graded
    (problem,) = results.problems
    assert problem.student == "bad" and error in problem.problem
    row = next(r for r in results.table() if r["student"] == "bad")
    assert row["status"] == "problem" and error in row["problem"]
    cli = run_cli("grade", str(subs))
    assert cli.returncode == 0 and "Traceback" not in cli.stderr
    assert [line for line in cli.stdout.splitlines() if "not graded: bad.json" in line and error in line]


def test_duplicate_student_files(tmp_path: Path) -> None:
    import os
    import time

    subs = tmp_path / "submitted"
    (subs / "ana" / "attribution").mkdir(parents=True)
    old = subs / "ana" / "attribution" / "attribution-highlights.json"
    new = subs / "ana" / "attribution" / "my-highlights.json"
    old.write_text(_doc([{"start": 0, "end": 6, "label": "hedge"}]), encoding="utf-8")
    new.write_text(_doc([{"start": 7, "end": 11, "label": "hedge"}]), encoding="utf-8")
    past = time.time() - 3600
    os.utime(old, (past, past))
    results = medialit.grade_class(subs)
    (graded,) = results.graded
    assert graded.student == "ana" and graded.file.endswith("my-highlights.json")
    (dup,) = results.problems
    assert "duplicate" in dup.problem and dup.file.endswith("attribution-highlights.json")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("grade", "/nonexistent/folder"), "no such folder"),
        (("analyze", "--html", "/proc/version/x.html"), "cannot write"),
        (("grade", "EMPTY"), "no highlight files"),
    ],
)
def test_command_level_errors(args, message, tmp_path: Path) -> None:
    args = tuple(str(tmp_path) if a == "EMPTY" else a for a in args)
    result = run_cli(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr


def test_from_text_refuses_what_is_not_text() -> None:
    with pytest.raises(ArticleError, match="must be a str"):
        Article.from_text(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ArticleError, match="empty"):
        Article.from_text("   ")
