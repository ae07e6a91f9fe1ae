"""The article model: exact text, offsets, structure, metadata and file reading."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import medialit
import pytest
from medialit import Annotation, Article, ArticleError, Span, load_article


def test_bundled_article_is_exact(article: Article) -> None:
    assert len(article.text) == 4198
    assert article.text.startswith("Russia says more troops")
    assert article.text.endswith("Source: Wales Online")  # no final newline
    assert "Moscow’s deployment" in article.text and "standoff –" in article.text  # curly quote, en dash kept
    assert article.sha256 == hashlib.sha256(article.text.encode()).hexdigest()


def test_bundled_article_is_byte_for_byte_the_seed(article: Article) -> None:
    # sha256 of shared/seed/article.txt as the project received it
    assert article.sha256 == "104a95e39f41b1cce6a5c7bc76c22e18dacb7fc45c66aff2e1dc6cfb6b00a3ef"


def test_structure(article: Article) -> None:
    assert article.title == "Russia says more troops and weapons are returning to bases amid Ukraine standoff –"
    assert article.title_span == Span(0, 82)
    assert len(article.paragraphs) == 27
    assert len(article.sentences) >= 28
    assert article.metadata["source"].text_of(article.text) == "Wales Online"
    assert "byline" not in article.metadata and "date" not in article.metadata


def test_every_span_is_inside_its_parent(article: Article) -> None:
    text = article.text
    for span in article.paragraphs + article.sentences + article.tokens:
        piece = text[span.start : span.end]
        assert piece and piece == piece.strip(), span
    for sent in article.sentences:
        assert any(p.contains(sent) for p in article.paragraphs)
    for sent, toks in zip(article.sentences, article.sentence_tokens):
        assert all(sent.contains(t) for t in toks)
        # tokens cover every non-space character of the sentence, in order, without overlap
        covered = "".join(text[t.start : t.end] for t in toks)
        assert covered == "".join(text[sent.start : sent.end].split())
        assert all(a.end <= b.start for a, b in itertools.pairwise(toks))


def test_tokens_split_curly_quotes_and_stray_stops(article: Article) -> None:
    words = [article.quote(t) for t in article.tokens]
    assert "“" in words and "”" in words and "’s" in words
    assert "start" in words  # "rarely start. Wednesday": the stray stop is its own token


def test_tags_distinguish_modal_may_from_month() -> None:
    a = Article.from_text("The talks may resume in May.")
    tags = dict(zip((a.quote(t) for t in a.tokens), a.sentence_tags[0]))
    assert tags["may"] == "MD" and tags["May"] == "NNP"


def test_from_text_normalises_only_line_endings_and_bom() -> None:
    a = Article.from_text("\ufeffHeadline here\r\n\r\nIt “works” – really.\r\n")
    assert a.text == "Headline here\n\nIt “works” – really.\n"
    assert a.title == "Headline here"


def test_metadata_byline_date_dateline() -> None:
    a = Article.from_text(
        "Floods hit the north\n\nBy Ana Ruiz and Tom Lee\n\nPublished: 3 March 2021\n\n"
        "LEEDS, England (AP) — The river rose overnight.\n\nSource: Associated Press"
    )
    assert a.quote(a.metadata["byline"]) == "Ana Ruiz and Tom Lee"
    assert a.quote(a.metadata["date"]) == "3 March 2021"
    assert a.quote(a.metadata["dateline"]).startswith("LEEDS, England (AP)")
    assert a.quote(a.metadata["source"]) == "Associated Press"


def test_story_text_is_not_taken_for_a_source_line() -> None:
    a = Article.from_text(
        "Council votes\n\nSources close to the council said the vote may fail.\n\nSource: Daily Planet"
    )
    assert a.quote(a.metadata["source"]) == "Daily Planet"
    assert len(a.metadata_lines) == 1


def test_html_is_reduced_to_visible_text(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        "<html><head><title>Big &amp; news</title><style>p{color:red}</style><script>alert(1)</script></head>"
        "<body><h1>Big news</h1><!-- hidden --><p>First &lt;para&gt; &ldquo;here&rdquo;.</p><p>Second  one.</p></body></html>",
        encoding="utf-8",
    )
    a = load_article(page)
    assert a.title == "Big news"  # trafilatura takes the page's headline
    assert a.text == "Big news\n\nFirst <para> “here”.\n\nSecond one."
    assert "alert" not in a.text and "color" not in a.text and "hidden" not in a.text


def test_markdown_is_reduced_to_text(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_text("# Big news\n\nA **bold** and *quiet* [link](http://x.y) here.\n\n- one item\n", encoding="utf-8")
    a = load_article(page)
    assert a.title == "Big news"
    assert a.text == "Big news\n\nA bold and quiet link here.\n\none item"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n ", "empty"),
        ("binary.txt", b"\x00\x01\x02PNG\x00", "binary"),
        ("latin1.txt", "café".encode("latin-1"), "not UTF-8"),
        ("article.pdf", b"%PDF-1.4", "unknown kind of file"),
    ],
)
def test_bad_files_raise_clear_errors(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ArticleError, match=message):
        load_article(path)


def test_utf16_with_bom_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Title line\n\nA sentence.".encode("utf-16"))
    assert load_article(path).text == "Title line\n\nA sentence."
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "nope.txt")


def test_span_rules() -> None:
    assert len(Span(3, 7)) == 4
    assert Span(0, 5).overlap(Span(3, 9)) == 2 and not Span(0, 3).overlaps(Span(3, 5))
    with pytest.raises(ValueError, match="reversed"):
        Span(5, 2)
    with pytest.raises(ValueError, match="unknown label"):
        Annotation(0, 1, "opinion")
    a = Annotation(0, 6, "hedge", note="n", rule="r")
    assert Annotation.from_dict(a.to_dict("Maybe.")) == a
    assert a.to_dict("Maybe.")["quote"] == "Maybe."


def test_missing_nltk_data_names_resource_and_command(tmp_path: Path) -> None:
    from clirun import run_cli

    empty = tmp_path / "nltk_empty"
    empty.mkdir()
    result = run_cli("analyze", env={"NLTK_DATA": str(empty), "HOME": str(tmp_path)})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert "\n" not in line and "punkt_tab" in line and "medialit setup" in line


def test_public_api_is_complete() -> None:
    for name in medialit.__all__:
        assert hasattr(medialit, name), name


def test_a_web_pages_metadata_feeds_the_byline_and_date_rules(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Bridge to reopen | Wales Online</title>"
        '<meta property="og:site_name" content="Wales Online"><meta name="author" content="Jane Smith">'
        '<meta property="article:published_time" content="2022-02-16T10:00:00Z"></head><body>'
        "<nav><a href=/>Home</a> <a href=/news>News</a></nav><main><article><h1>Bridge to reopen next week</h1>"
        "<p>The council said the bridge may reopen next week, officials said. Repairs have cost some £3m.</p>"
        "<p>Residents, who have had to drive twenty miles around, said they were relieved.</p></article></main>"
        "<footer><p>All rights reserved.</p></footer></body></html>",
        encoding="utf-8",
    )
    a = load_article(page)
    assert a.page_metadata == {
        "title": "Bridge to reopen next week",
        "author": "Jane Smith",
        "date": "2022-02-16",
        "sitename": "Wales Online",
    }
    assert a.quote(a.metadata["byline"]) == "Jane Smith" and a.quote(a.metadata["date"]) == "2022-02-16"
    assert a.quote(a.metadata["source"]) == "Wales Online"
    assert "Home" not in a.text and "All rights reserved" not in a.text  # menus and footers are not the story
    assert "The council said the bridge may reopen next week" in a.text
