"""The transfer task's second article (Voice of America, public domain) and its own answer key."""

from __future__ import annotations

import json
import re
from importlib import resources

import medialit
import pytest
from medialit.library import TRANSFER, transfer_article, transfer_key


def raw_key() -> dict:
    return json.loads(resources.files("medialit").joinpath(f"data/keys/{TRANSFER}.json").read_text(encoding="utf-8"))


def test_key_loads_against_the_article_and_every_quote_is_at_its_offsets() -> None:
    article = transfer_article()
    key = transfer_key(article)
    assert len(key) >= 10
    assert set(key.counts()) == {"attribution-gap", "hedge"}  # an English original: no translation errors
    quotes = {item["id"]: item["quote"] for item in raw_key()["items"]}
    for item in key:
        assert article.text[item.start : item.end] == quotes[item.id]
    # the public loaders agree: a teacher can use the file paths too
    path = resources.files("medialit").joinpath(f"data/articles/{TRANSFER}.txt")
    with resources.as_file(path) as p:
        same = medialit.load_article(p)
    assert same.sha256 == article.sha256
    with resources.as_file(resources.files("medialit").joinpath(f"data/keys/{TRANSFER}.json")) as k:
        assert [a.id for a in medialit.load_key(k, same)] == [a.id for a in key]


def test_every_item_has_note_hint_origin_and_priority() -> None:
    items = raw_key()["items"]
    for item in items:
        for field in ("id", "label", "category", "quote", "note", "hint"):
            assert isinstance(item.get(field), str) and item[field].strip(), (item.get("id"), field)
        assert item["origin"] == "wire", item["id"]  # VOA's own reporting: nothing was added by a copy
        assert item["priority"] in ("core", "extra"), item["id"]
        # a hint points at the problem without quoting the answer
        assert item["quote"].lower() not in item["hint"].lower(), item["id"]
    core = [i for i in items if i["priority"] == "core"]
    assert {i["label"] for i in core} == {"attribution-gap", "hedge"}


def test_the_source_line_credits_voa_and_says_public_domain() -> None:
    article = transfer_article()
    assert "source" in article.metadata, "the last line must be read as the article's source line"
    line = article.quote(article.metadata["source"])
    assert line.startswith("Voice of America")
    assert "public domain" in line
    assert re.search(r"https://www\.voanews\.com/a/\S+\.html", line)
    words = len(article.text.split())
    assert 300 <= words <= 700, words


def test_a_key_for_another_article_is_refused() -> None:
    with pytest.raises(medialit.AnswerKeyError, match="transfer article only"):
        transfer_key(medialit.Article.from_text("A different story.\n\nIt says nothing."))


def test_the_highlighter_checks_a_student_against_the_transfer_key() -> None:
    article = transfer_article()
    key = transfer_key(article)
    hit = key.get("A01")
    report = medialit.score([medialit.Annotation(hit.start, hit.end, "attribution-gap")], key)
    assert report.labels["attribution-gap"].true_positives == 1
