"""Bad and unusual input, everywhere: each case runs through loading, analysis, rendering, the widget's
Python side, scoring, grading and the command, with the outcome a teacher would expect: a clear error
naming the problem, or correct handling. No traceback ever reaches the command's user."""

from __future__ import annotations

import json
import os
import re
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
    special: str = ""  # "fifo": a named pipe; "sparse:N": a file of N bytes (nothing written)
    check: Callable[[Article], None] | None = None  # what the loaded article must be


def _place(path: Path, make: Callable[[], bytes] | None, special: str = "") -> None:
    """Create the input: bytes, a named pipe (reading must not hang) or a large sparse file."""
    if special == "fifo":
        os.mkfifo(path)
    elif special.startswith("sparse:"):
        with open(path, "wb") as handle:
            handle.truncate(int(special.split(":")[1]))
    elif make is not None:
        path.write_bytes(make())


def _no_svg_title(a: Article) -> None:
    assert a.title == "Bridge to reopen next week", a.title
    assert "Share on Facebook" not in a.text and "Close" not in a.text and "Share" not in a.title
    assert "By Jane Smith" in a.text and a.quote(a.metadata["byline"]) == "Jane Smith"


def _html5_no_head(a: Article) -> None:
    assert a.text.endswith("The council said the bridge may reopen next week, officials said.")


def _no_comment(a: Article) -> None:
    assert "secret" not in a.text and "<!--" not in a.text and "Officials said talks may resume." in a.text


def _no_tags(a: Article) -> None:
    assert "<" not in a.text and "alert" not in a.text and "Inside a div." in a.text and "*" not in a.text


def _utf32(a: Article) -> None:
    assert a.text.startswith("Headline\n\nThe council said")


def _escaped_in_terminal(a: Article) -> None:
    assert "\x1b" in a.text  # the article keeps its text; the command shows it escaped (checked below)


ESCAPES = "\x1b]0;owned-title\x07\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\x1b[10A"
PAGE_SVG = (
    "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Bridge to reopen next week</title>"
    '<meta name="author" content="Jane Smith"></head><body><nav><a href=/>Home</a></nav>'
    "<header><a class=share><svg><title>Share on Facebook</title><path d=''/></svg></a>"
    "<button><svg><title>Close</title></svg></button></header><main><article><h1>Bridge to reopen next week</h1>"
    "<p>The council said the bridge may reopen next week, officials said. Repairs cost some £3m.</p>"
    "<p>Residents said they were relieved after months of driving twenty miles around the river.</p>"
    "</article></main></body></html>"
)


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
    Case(
        "HTML5 page without </head>",
        "nohead.html",
        lambda: (
            b"<!doctype html><html><head><meta charset=utf-8><title>Bridge news</title>"
            b"<body><p>The council said the bridge may reopen next week, officials said.</p>"
        ),
        check=_html5_no_head,
    ),
    Case("SVG <title> icon text", "icons.html", lambda: PAGE_SVG.encode(), check=_no_svg_title),
    Case(
        "unterminated <!-- in HTML",
        "comment.html",
        lambda: b"<html><body><p>Officials said talks may resume.</p><!-- unterminated secret <p>more",
        check=_no_comment,
    ),
    Case(
        "raw HTML tags in Markdown",
        "tags.md",
        lambda: (
            b"# Talks\n\n<script>alert(1)</script>\n\n<div>Inside a div.</div>\n\nOfficials *said* talks <b>may</b> resume."
        ),
        check=_no_tags,
    ),
    Case("UTF-32 with BOM", "utf32.txt", lambda: ("Headline\n\n" + SENTENCE).encode("utf-32"), check=_utf32),
    Case(
        "terminal escape codes in the text",
        "escapes.txt",
        lambda: f"Headline {ESCAPES}\n\n{SENTENCE}{ESCAPES}".encode(),
        check=_escaped_in_terminal,
    ),
    Case("article is a named pipe (FIFO)", "pipe.txt", None, error="named pipe", special="fifo"),
    Case("article over the size limit", "giant.txt", None, error="more than the 100.0 MB", special="sparse:100000001"),
    Case("web page over the size limit", "giant.html", None, error="more than the 10.0 MB", special="sparse:10000001"),
]


@pytest.mark.parametrize("case", ARTICLES, ids=[c.name for c in ARTICLES])
def test_article_inputs(case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.filename
    _place(path, case.make, case.special)
    cli = run_cli("analyze", str(path))
    assert "\x1b" not in cli.stdout + cli.stderr  # untrusted text never drives the terminal
    if case.error:
        with pytest.raises(ArticleError, match=case.error):
            medialit.load_article(path)
        assert cli.returncode == 2
        lines = cli.stderr.strip().splitlines()
        assert len(lines) == 1 and case.error in lines[0] and "Traceback" not in cli.stderr
        return

    article = medialit.load_article(path)
    if case.check is not None:
        case.check(article)
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


def _raw_key(text: str) -> Callable[[], bytes]:
    return lambda: text.encode()


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


KEYS = [
    ("quote does not match its text", [_item(0, 6, quote="Moscow")], "does not match"),
    ("zero-length span", [_item(10, 10)], "empty, reversed"),
    ("reversed span", [_item(20, 10)], "empty, reversed"),
    ("span past the end", [_item(4190, 4300)], "outside the article"),
    ("unknown label", [_item(0, 6, label="opinion")], "unknown label"),
    ("overlapping and nested spans", [_item(0, 20), _item(7, 12), _item(15, 30)], ""),
    (
        "key saved with a UTF-8 BOM",
        lambda: (
            "\ufeff" + json.dumps({"schema": "medialit.key/1", "items": [_item(0, 20), _item(7, 12), _item(15, 30)]})
        ).encode(),
        "",
    ),
    ("key nested 100,000 deep", _raw_key('{"items": ' + _nested(100_000) + "}"), "levels deep"),
    (
        "key with a 5,000-digit integer",
        _raw_key('{"items": [{"start": ' + "9" * 5000 + "}]}"),
        "not JSON the kit can read",
    ),
    ("key item with a wrong type", [{**_item(0, 6), "category": 5}], "items[0].category: 5 is not of type 'string'"),
    ("key item with a text offset", [{**_item(0, 6), "start": "0"}], "start and end must be whole numbers"),
    ("key item with a list as note", [{**_item(0, 6), "note": ["n"]}], "items[0].note"),
    (
        "key item with a bad origin",
        [{**_item(0, 6), "origin": "blog"}],
        "item X0: origin 'blog' is not one of wire, copy",
    ),
    (
        "key item with optional fields",
        [
            {
                **_item(0, 20),
                "origin": "wire",
                "priority": "core",
                "original": {"quote": "Q", "url": "https://e.org/a"},
            },
            {**_item(7, 12), "origin": "copy", "priority": "extra"},
            _item(15, 30),
        ],
        "",
    ),
    ("key id with terminal escapes", [{**_item(0, 6, quote="Moscow"), "id": "\x1b]0;pwned\x07"}], "does not match"),
    ("key file is a named pipe (FIFO)", "fifo", "named pipe"),
    ("key file is /dev/zero", "/dev/zero", "a device"),
    ("key file over the size limit", "sparse:10000001", "more than the 10.0 MB"),
]


@pytest.mark.parametrize(("name", "items", "error"), KEYS, ids=[k[0] for k in KEYS])
def test_key_inputs(name: str, items, error: str, tmp_path: Path) -> None:
    article = medialit.load_article()
    path = tmp_path / "key.json"
    if items == "/dev/zero":
        path = Path(items)
    elif isinstance(items, str):
        _place(path, None, items)
    elif callable(items):
        path.write_bytes(items())
    else:
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
    assert "\x1b" not in cli.stdout + cli.stderr
    if error:
        with pytest.raises(medialit.AnswerKeyError, match=re.escape(error)):
            medialit.load_key(path, article)
        assert cli.returncode == 2 and len(cli.stderr.strip().splitlines()) == 1 and error in cli.stderr
        assert "Traceback" not in cli.stderr
        return
    key = medialit.load_key(path, article)
    report = medialit.score([medialit.Annotation(0, 20, "hedge"), medialit.Annotation(7, 12, "hedge")], key)
    hedge = report.labels["hedge"]  # one mark per item (an "extra" item found is a bonus, not a hit)
    assert (hedge.true_positives + hedge.bonus, hedge.misses) == (2.0, 1)
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
    ("JSON nested 100,000 deep", lambda: _nested(100_000), "levels deep"),
    (
        "an integer with 5,000 digits",
        lambda: '{"schema": "medialit.highlights/1", "annotations": [{"start": ' + "9" * 5000 + "}]}",
        "not JSON the kit can read",
    ),
    (
        "W3C page with items: 5",
        lambda: json.dumps({"type": "AnnotationPage", "items": 5}),
        "items: 5 is not of type 'array'",
    ),
    (
        "W3C collection with first: {items: 7}",
        lambda: json.dumps({"type": "AnnotationCollection", "first": {"items": 7}}),
        "first: 'type' is a required property",
    ),
    ("W3C type as a list", lambda: json.dumps({"type": ["Annotation"], "body": []}), "type: must be one of"),
    (
        "W3C prefix: 15",
        lambda: json.dumps(
            {
                "type": "Annotation",
                "body": {"type": "TextualBody", "value": "hedge"},
                "target": {"selector": {"type": "TextQuoteSelector", "exact": "Moscow", "prefix": 15}},
            }
        ),
        "target.selector.prefix: 15 is not of type 'string'",
    ),
    (
        "W3C purpose as a list",
        lambda: json.dumps(
            {
                "type": "Annotation",
                "body": {"type": "TextualBody", "value": "hedge", "purpose": ["tagging"]},
                "target": {"selector": {"type": "TextQuoteSelector", "exact": "Moscow"}},
            }
        ),
        "body.purpose: ['tagging'] is not of type 'string'",
    ),
    ("student file over the size limit", "sparse:10000001", "more than the 10.0 MB"),
    ("student file is a named pipe (FIFO)", "fifo", "pipe"),
    ("student file is a dangling link", "dangling", "is a link to something that does not exist"),
]


@pytest.mark.parametrize(("name", "make", "error"), SUBMISSIONS, ids=[s[0] for s in SUBMISSIONS])
def test_submission_inputs(name: str, make, error: str, tmp_path: Path) -> None:
    article = medialit.load_article()
    subs = tmp_path / "class"
    subs.mkdir()
    bad = subs / "bad.json"
    if make == "dangling":
        bad.symlink_to(tmp_path / "gone.json")
    elif isinstance(make, str):
        _place(bad, None, make)
    else:
        bad.write_text(make(), encoding="utf-8")
    (subs / "good.json").write_text(_doc([{"start": 0, "end": 6, "label": "hedge"}]), encoding="utf-8")
    with pytest.raises(HighlightsError, match=re.escape(error) if make != "dangling" else "no such file"):
        Highlighter.load(bad, article)
    if not isinstance(make, str):  # the same data handed over in Python (a notebook's W3C import)
        try:
            data = json.loads(make())
        except (ValueError, RecursionError):
            data = None
        if data is not None and not (isinstance(data, dict) and data.get("schema")):
            with pytest.raises(HighlightsError):
                Highlighter.from_w3c(data, article)
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


# --- writes: only regular files are replaced, never the input, permissions kept, backups atomic -----------------


def _special(tmp_path: Path, kind: str) -> Path:
    """An output path that is not a regular file."""
    import socket

    path = tmp_path / f"out-{kind}.html"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [("fifo", "named pipe"), ("folder", "a folder"), ("socket", "a socket"), ("device", "a device")],
)
def test_outputs_that_are_not_regular_files_are_refused(kind: str, message: str, tmp_path: Path) -> None:
    from medialit.files import UnsafeFileError, atomic_write, check_target

    # /dev/null is only checked, never handed to a writer: a broken check must not replace it (tests may run as root)
    path = Path("/dev/null") if kind == "device" else _special(tmp_path, kind)
    with pytest.raises(UnsafeFileError, match=message):
        check_target(path)
    if kind == "device":
        for option in ("--json", "--html"):
            cli = run_cli("analyze", option, str(path))
            assert cli.returncode == 2 and message in cli.stderr and len(cli.stderr.strip().splitlines()) == 1
        cli = run_cli("grade", str(tmp_path), "--csv", "/dev/zero")
        assert cli.returncode == 2 and message in cli.stderr
        assert Path("/dev/null").is_char_device() and not Path("/dev/zero.bak").exists()
        return
    before = path.lstat()
    with pytest.raises(UnsafeFileError, match=message):
        atomic_write(path, "x")
    article = medialit.load_article()
    with pytest.raises(OSError, match=message):
        Highlighter(article).save(path)
    if kind != "folder":  # the widget starts (it does not hang reading a pipe) and keeps the student's work
        with pytest.warns(UserWarning, match=message):
            hl = Highlighter(article, autosave=path)
        hl.add(0, 6, "hedge")
        assert hl.annotations and "Traceback" not in hl.status
        path = next(tmp_path.glob("out-*.damaged-*"))  # set aside, not destroyed
    cli = run_cli("analyze", "--html", str(path))
    assert cli.returncode == 2 and message in cli.stderr and "Traceback" not in cli.stderr
    assert path.lstat().st_ino == before.st_ino and not path.with_name(path.name + ".bak").exists()


def test_the_input_is_never_written_over(tmp_path: Path) -> None:
    story = tmp_path / "story.html"
    story.write_text("<html><body><p>Officials said the bridge may reopen.</p></body></html>", encoding="utf-8")
    original = story.read_bytes()
    for _ in range(2):
        cli = run_cli("analyze", str(story), "--html", str(story))
        assert cli.returncode == 2 and "would replace the input" in cli.stderr
    link = tmp_path / "link.html"
    link.symlink_to(story)
    cli = run_cli("analyze", str(story), "--json", str(link))
    assert cli.returncode == 2 and "would replace the input" in cli.stderr
    assert story.read_bytes() == original and not (tmp_path / "story.html.bak").exists()
    subs = tmp_path / "class"
    subs.mkdir()
    sub = subs / "ana.json"
    sub.write_text(_doc([{"start": 0, "end": 6, "label": "hedge"}]), encoding="utf-8")
    cli = run_cli("grade", str(sub), "--csv", str(sub))
    assert cli.returncode == 2 and "would replace the input" in cli.stderr and json.loads(sub.read_text())


def test_permissions_are_kept_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    from medialit.files import atomic_write

    report = tmp_path / "report.html"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o644)
    atomic_write(report, "new")
    assert report.stat().st_mode & 0o777 == 0o644 and report.read_text() == "new"
    assert (tmp_path / "report.html.bak").stat().st_mode & 0o777 == 0o644
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "fresh.csv", "x")
        cli = run_cli("analyze", "--json", str(tmp_path / "fresh.json"))
    finally:
        os.umask(old)
    assert (tmp_path / "fresh.csv").stat().st_mode & 0o777 == 0o640
    assert cli.returncode == 0 and (tmp_path / "fresh.json").stat().st_mode & 0o777 == 0o640


def test_a_failed_or_killed_save_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    import time

    from medialit import files

    path = tmp_path / "class.csv"
    path.write_text("version 2\n" * 5000, encoding="utf-8")
    (tmp_path / "class.csv.bak").write_text("version 1\n", encoding="utf-8")

    def disk_full(src, dst, length=0):
        dst.write(src.read(8192))  # part of the copy, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", disk_full)
    with pytest.raises(OSError, match="No space"):
        files.atomic_write(path, "version 3\n")
    monkeypatch.undo()
    assert path.read_text() == "version 2\n" * 5000  # the file and its backup are untouched
    assert (tmp_path / "class.csv.bak").read_text() == "version 1\n"
    assert not list(tmp_path.glob(".*.tmp"))  # nothing left behind
    # a save killed mid-way leaves a temporary file: ignored by the grader, removed at the next save
    stray = tmp_path / ".class.csv.1a2b3c.tmp"
    stray.write_text("half", encoding="utf-8")
    past = time.time() - 3600
    os.utime(stray, (past, past))
    files.atomic_write(path, "version 3\n")
    assert not stray.exists() and (tmp_path / "class.csv.bak").read_text() == "version 2\n" * 5000
    empty = tmp_path / "empty.json"
    empty.write_text("", encoding="utf-8")
    files.atomic_write(empty, "{}")
    assert not (tmp_path / "empty.json.bak").exists()  # a backup is never empty


# --- grading: whatever goes wrong with one student's file, the class is graded and nothing is dropped ----------


def test_unreadable_folders_links_and_other_files_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    subs = tmp_path / "submitted"
    for student in ("ana", "ben", "cleo"):
        (subs / student / "hedges").mkdir(parents=True)
        (subs / student / "hedges" / "h.json").write_text(_doc([{"start": 0, "end": 6, "label": "hedge"}]))
    (subs / "ana" / "hedges" / "notes.txt").write_text("my notes")
    (subs / "ana" / "hedges" / "h.json.bak").write_text("{}")
    (subs / "ana" / "hedges" / ".h.json.77.tmp").write_text("{")
    (subs / "dan").mkdir()
    (subs / "dan" / "hedges").symlink_to(tmp_path / "nowhere")
    (subs / "eve" / "hedges").mkdir(parents=True)
    os.mkfifo(subs / "eve" / "hedges" / "h.json")
    # a folder the grader may not open (simulated: tests may run as root, for whom permissions do not apply)
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith(os.sep + "ben" + os.sep + "hedges"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    results = medialit.grade_class(subs)
    monkeypatch.undo()
    assert [s.student for s in results.graded] == ["ana", "cleo"]
    problems = {s.student: s.problem for s in results.problems}
    assert "cannot open the folder ben/hedges: Permission denied" in problems["ben"]
    assert "pipe" in problems["eve"]
    skipped = dict(results.skipped)
    assert skipped["ana/hedges/notes.txt"] == "not a .json highlights file"
    assert (
        skipped["ana/hedges/h.json.bak"] == "a backup copy" and skipped["ana/hedges/.h.json.77.tmp"] == "a hidden file"
    )
    assert problems["dan"] == "dan/hedges is a link to something that does not exist"
    cli = run_cli("grade", str(subs))
    assert cli.returncode == 0 and "not graded: eve/hedges/h.json" in cli.stdout
    assert "skipped: ana/hedges/notes.txt: not a .json highlights file" in cli.stdout


def test_any_exception_from_one_file_is_that_students_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from medialit import highlights

    subs = tmp_path / "class"
    subs.mkdir()
    for name in ("ana", "ben"):
        (subs / f"{name}.json").write_text(_doc([{"start": 0, "end": 6, "label": "hedge"}]))
    real = highlights.load

    def flaky(path, article, tags=None):
        if Path(path).stem == "ben":
            raise MemoryError("out of memory")
        return real(path, article, tags)

    monkeypatch.setattr(highlights, "load", flaky)
    results = medialit.grade_class(subs)
    assert [s.student for s in results.graded] == ["ana"]
    assert results.problems[0].problem == "could not be graded (MemoryError: out of memory)"


FORMULA_NAMES = ["=HYPERLINK(x)", "+cmd|' calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "two\rlines", "esc\x1b[2J"]


def test_csv_cells_cannot_be_formulas_or_split_rows(tmp_path: Path) -> None:
    import csv
    import io

    subs = tmp_path / "class"
    subs.mkdir()
    for name in FORMULA_NAMES:
        (subs / f"{name}.json").write_text(_doc([{"start": 0, "end": 6, "label": "hedge"}]))
    results = medialit.grade_class(subs)
    text = results.to_csv(tmp_path / "class.csv")
    assert "\r" not in text and "\x1b" not in text and "\t" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(text.splitlines()) == len(FORMULA_NAMES) + 1 and len(rows) == len(FORMULA_NAMES)
    for row in rows:
        for cell in (row["student"], row["file"]):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert {r["student"] for r in rows} >= {"'=HYPERLINK(x)", "'+cmd|' calc'!A0", "'-2+3", "'@SUM(A1)", "'\\tTAB"}
    cli = run_cli("grade", str(subs), "--csv", str(tmp_path / "cli.csv"))
    assert cli.returncode == 0 and (tmp_path / "cli.csv").read_text(encoding="utf-8") == text
    assert "\x1b" not in cli.stdout and "esc\\x1b[2J" not in cli.stdout  # graded students are not listed by name


def test_grading_one_label_does_not_count_the_others_as_false_alarms(tmp_path: Path) -> None:
    import csv

    article = medialit.load_article()
    key = medialit.answer_key(article)
    hl = Highlighter(article)
    for k in key:  # a perfect student, on every label
        hl.add(k.start, k.end, k.label)
    subs = tmp_path / "class"
    hl.save(subs / "ana.json")
    results = medialit.grade_class(subs, labels=["hedge"])
    (ana,) = results.graded
    assert ana.report.labels["hedge"].f1 == 1.0 and ana.report.overall.f1 == 1.0
    cli = run_cli("grade", str(subs), "--labels", "hedge", "--csv", str(tmp_path / "c.csv"))
    assert cli.returncode == 0
    (row,) = csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8"))
    assert row["hedge f1"] == "1.0" and row["overall f1"] == "1.0"


def test_class_report_with_an_empty_key_and_dollar_quotes(tmp_path: Path) -> None:
    from medialit import plots
    from medialit.keys import AnswerKey

    text = "Markets rose.\n\nThe firm earned $5 billion, up from $3 last year, said \\alpha $\\frac{ analysts.\n\nMore."
    article = Article.from_text(text)
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    quote = "$5 billion, up from $3"
    i = text.index(quote)
    key = medialit.make_key(article, [{"start": i, "end": i + len(quote), "label": "hedge", "note": "n"}])
    j = text.index("\\alpha")
    key2 = medialit.make_key(article, [{"start": j, "end": text.index("analysts"), "label": "hedge", "note": "n"}])
    subs = tmp_path / "class"
    Highlighter(article, key=key).save(subs / "ana.json")
    for k in (key, key2, AnswerKey(article, [])):
        results = medialit.grade_class(subs, k)
        assert "<!DOCTYPE html>" in results.to_html()
    fig = plots.class_missed_items(medialit.grade_class(subs, key))
    fig.canvas.draw()
    (label,) = fig.axes[0].get_yticklabels()
    assert label._preprocess_math(label.get_text()) == (f"X01 “{quote}”".replace("X01", key[0].id), False)
    empty_key = tmp_path / "empty-key.json"
    empty_key.write_text(json.dumps({"schema": "medialit.key/1", "items": []}), encoding="utf-8")
    cli = run_cli(
        "grade", str(subs), "--article", str(src), "--key", str(empty_key), "--html", str(tmp_path / "r.html")
    )
    assert cli.returncode == 0, cli.stderr
    assert "Graded 1 students against 0 key items" in cli.stdout and (tmp_path / "r.html").exists()
