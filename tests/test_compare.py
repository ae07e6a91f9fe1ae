"""Side by side: the copy's sentence beside the wire's own words, escaped, with no outside request."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import medialit
import nbformat
import pytest
from medialit import Annotation, AnswerKey, AnswerKeyError, Article

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "07-Trace-It.ipynb"

HOSTILE_TEXT = (
    "Town <script>window.pwned=1</script> news\n\n"
    'Officials said the <img src=x onerror="window.pwned=1"> bridge will open & "soon".\n\n'
    "Source: Somewhere"
)


class Page(HTMLParser):
    """Every tag with its attributes, the cells' text, and anything that could fetch or run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None
        self._style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._style = tag == "style"
        if tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        self._style = False
        if tag == "td" and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._style:
            self._cell.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def hostile_key() -> AnswerKey:
    article = Article.from_text(HOSTILE_TEXT)
    words = '<img src=x onerror="window.pwned=1"> bridge'
    start = article.text.index(words)
    items = [
        Annotation(
            start,
            start + len(words),
            "translation-error",
            id="T<1>",
            origin="copy",
            original={"quote": "the <b>new</b> bridge & “road”", "url": "javascript:alert(1)"},
            priority="core",
        ),
        Annotation(
            article.text.index("soon"),
            article.text.index("soon") + 4,
            "hedge",
            id="H02",
            origin="copy",
            original={"quote": "in May <script>x()</script>", "url": "https://example.org/a?b=1&c=<2>"},
            priority="core",
        ),
        Annotation(article.text.index("Officials said"), article.text.index("Officials said") + 14, "attribution-gap"),
    ]
    # built directly: the key loader refuses a javascript: address, but the table must be safe on its own
    return AnswerKey(article, items)


def test_rows_are_the_copy_items_with_an_original(key: AnswerKey) -> None:
    table = medialit.side_by_side(key)
    expected = [a.id for a in key if a.origin == "copy" and a.original and a.original.get("quote")]
    assert [r.id for r in table] == expected
    assert len(expected) >= 20
    raw = json.loads((ROOT / "lib/medialit/data/keys/bundled.json").read_text(encoding="utf-8"))
    by_id = {item["id"]: item for item in raw["items"]}
    for row in table:
        assert row.original == by_id[row.id]["original"]["quote"]
        assert row.url == by_id[row.id]["original"]["url"]
        assert row.sentence[row.quote_at : row.quote_at + len(row.quote)] == by_id[row.id]["quote"]
        assert row.quote in row.sentence


def test_html_shows_each_row_and_every_address_as_text(key: AnswerKey) -> None:
    table = medialit.side_by_side(key, ids=["T28", "T06"])
    page = parse(table._repr_html_())
    assert [r.id for r in table] == ["T28", "T06"]  # the order asked for
    assert len(page.cells) == 8
    t28 = key.get("T28")
    assert "very much in a threatening position" in page.cells[2]
    assert t28.original["url"] in page.cells[3]  # the address is readable as text
    assert key.article.quote(t28) in page.cells[1]
    marks = [attrs for tag, attrs in page.tags if tag == "mark"]
    assert len(marks) == 2 and all("medialit-translation-error" in (m["class"] or "") for m in marks)


def test_links_open_only_on_a_click_and_nothing_is_fetched(key: AnswerKey) -> None:
    page = parse(medialit.side_by_side(key)._repr_html_())
    links = [attrs for tag, attrs in page.tags if tag == "a"]
    assert len(links) == len(medialit.side_by_side(key))
    for attrs in links:
        assert attrs["href"].startswith("https://")
        assert set((attrs["rel"] or "").split()) >= {"noopener", "noreferrer"}
    fetching = {"img", "script", "iframe", "link", "object", "embed", "video", "audio", "source"}
    assert not [tag for tag, _ in page.tags if tag in fetching]
    assert not [attrs for _, attrs in page.tags if "src" in attrs or "srcset" in attrs]


def test_hostile_text_and_addresses_are_escaped() -> None:
    key = hostile_key()
    table = medialit.side_by_side(key)
    assert len(table) == 2  # the attribution gap has no original
    html = table._repr_html_()
    page = parse(html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "img", "b"}
    assert "onerror" not in json.dumps(page.tags)
    # the student reads the hostile text as text, exactly
    assert '<img src=x onerror="window.pwned=1"> bridge' in page.cells[1]
    assert "the <b>new</b> bridge & “road”" in page.cells[2]
    # a javascript: address is shown, never a link; an https address with & and < is escaped in its link
    assert "javascript:alert(1)" in page.cells[3]
    assert page.cells[0].startswith("T<1>")
    links = [attrs for tag, attrs in page.tags if tag == "a"]
    assert [a["href"] for a in links] == ["https://example.org/a?b=1&c=<2>"]
    assert 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in html


def test_text_form_cannot_drive_a_terminal() -> None:
    article = Article.from_text("Headline here today\n\nThe minister said the \x1b[31mred\x1b[0m plan works.")
    start = article.text.index("plan")
    key = medialit.make_key(
        article,
        [
            Annotation(
                start,
                start + 4,
                "translation-error",
                origin="copy",
                original={"quote": "scheme \x1b]0;pwned\x07", "url": "https://example.org/x"},
                priority="core",
            ).to_dict(article.text)
        ],
    )
    text = str(medialit.side_by_side(key))
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b[31mred" in text and "scheme \\x1b]0;pwned\\x07" in text
    assert "https://example.org/x" in text


def test_asking_for_an_item_without_an_original_says_which(key: AnswerKey) -> None:
    wire = next(a for a in key if a.origin == "wire")
    with pytest.raises(AnswerKeyError, match=wire.id):
        medialit.side_by_side(key, ids=[wire.id])
    with pytest.raises(AnswerKeyError, match="Z99"):
        medialit.side_by_side(key, ids=["Z99"])


def test_lesson_seven_shows_only_the_copy_items_it_discusses(key: AnswerKey) -> None:
    """Lesson 7 prints the wire's words for the items it talks about, and gives away no other answer."""
    nb = nbformat.read(LESSON, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "side_by_side(" in code
    assert "side_by_side()" not in code and "side_by_side(key)" not in code  # never the whole key
    shown = {i for i in (a.id for a in key) if f'"{i}"' in code}
    assert shown and shown <= {"T06", "T14", "T25", "T28", "T29", "A25"}
    for item_id in shown:
        assert key.get(item_id).origin == "copy"
    # the addresses the lesson cites are there as text, and the copy's host is named
    assert "thenationview.com/world-news/4170.html" in prose
    assert "07-Trace-It" not in prose  # links point elsewhere, not at itself
    assert "(06-Your-Own-Article.ipynb)" in prose and "(01-Start-Here.ipynb)" in prose
