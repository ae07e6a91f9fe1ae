"""The answer key: complete content a teacher relies on, validated on load."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import medialit
import pytest
from medialit import AnswerKeyError, Article, answer_key, load_key, make_key
from medialit.keys import key_from_dict

TRANSLATION_CATEGORIES = {
    "meaning error",
    "swapped actors",
    "wrong pronoun",
    "garbled geography",
    "intermediate-language leftover",
    "misplaced full stop",
    "duplicated phrase",
    "fragment",
    "odd transliteration",
    "meaning flip",
    "word choice",
    "copying leftover",
    "changed quotation",
    "split sentence",
    "scrambled source",
}
#: Kinds that are not in every key's examples, so the coverage test does not demand them.
RARE_TRANSLATION_CATEGORIES = {"meaning error", "word choice"}


def test_every_item_is_complete(article: Article, key: medialit.AnswerKey) -> None:
    assert len(key) >= 60
    for item in key:
        assert article.quote(item), item.id
        assert item.id and item.category and item.hint, item.id
        assert 40 <= len(item.note) <= 400, (item.id, len(item.note))
        assert article.quote(item).lower() not in item.hint.lower(), item.id  # hints never give the answer
        if item.label == "translation-error":
            assert item.correction, item.id
            assert item.category in TRANSLATION_CATEGORIES, item.id
        else:
            assert not item.correction, item.id


def test_key_covers_every_kind_a_teacher_marks(key: medialit.AnswerKey) -> None:
    counts = key.counts()
    assert counts["translation-error"] >= 20 and counts["attribution-gap"] >= 20 and counts["hedge"] >= 20
    cats = {(a.label, a.category) for a in key}
    for cat in TRANSLATION_CATEGORIES - RARE_TRANSLATION_CATEGORIES:
        assert ("translation-error", cat) in cats, cat
    for cat in (
        "no source",
        "vague source",
        "unclear pronoun",
        "second-hand",
        "missing byline",
        "missing date",
        "missing original source",
    ):
        assert ("attribution-gap", cat) in cats, cat


def test_every_item_says_where_it_comes_from(key: medialit.AnswerKey) -> None:
    """Issue 10: each item was checked against the wire; copy items quote the wire's own words."""
    for item in key:
        assert item.origin in ("wire", "copy"), item.id
        assert item.priority in ("core", "extra"), item.id
        if item.origin == "copy":
            assert item.original, item.id
            assert item.original["quote"].strip() and len(item.original["quote"]) <= 200, item.id
            assert item.original["url"].startswith(("https://", "http://")), item.id
            assert item.original["quote"] != key.article.quote(item), item.id  # the wire said something else
        else:
            assert not item.original, item.id  # the wire had it: nothing to compare with
    # every translation error came in with the copy: the AP original was written in English
    assert {a.origin for a in key.by_label("translation-error")} == {"copy"}


def test_core_items_are_a_set_every_student_can_find(key: medialit.AnswerKey) -> None:
    core = [a for a in key if a.priority == "core"]
    assert 20 <= len(core) <= 30, len(core)
    for label in medialit.LABELS:
        n = sum(1 for a in core if a.label == label)
        assert 6 <= n <= 14, (label, n)
    # the dangerous ones are core: swapped actors, the annexation flipped, the invented speaker, a changed quotation
    for item_id in ("T04", "T07", "T08", "T28", "A01", "A25", "H01"):
        assert key.get(item_id).priority == "core", item_id


def test_items_found_wrong_against_the_wire_are_gone(key: medialit.AnswerKey) -> None:
    ids = {a.id for a in key}
    assert not ids & {"A12", "A19", "H15", "H24"}
    assert key.get("T11").correction and "tenor" in key.get("T11").correction
    assert "NATO" in key.get("T10").correction  # the split sentence is joined again
    assert key.article.quote(key.get("H23")).startswith("so far")
    feelings = {a.id for a in key if a.category == "reported feeling"}
    assert {"H04", "H07", "H11", "H22"} <= feelings
    assert all(key.get(i).priority == "extra" for i in feelings)


def test_one_problem_is_one_item_with_two_labels(key: medialit.AnswerKey) -> None:
    """Items that were the same problem under two labels are one item that counts under both."""
    assert not {a.id for a in key} & {"A09", "A11", "H09"}  # merged into T08, T10 and T09
    assert key.get("T08").labels == ("translation-error", "attribution-gap")  # "He said"
    assert key.get("T09").labels == ("translation-error", "hedge")  # "signaled"
    assert key.get("T10").labels == ("translation-error", "attribution-gap")  # the split sentence
    text = key.article.text
    words = {}
    for a in key:  # no two items mark the same words: one problem, one item
        assert words.setdefault(text[a.start : a.end].strip(" .,"), a.id) == a.id, (a.id, words)
    as_gap = [a for a in key.core("attribution-gap") if a.id == "T08"]  # seen as a gap in the gaps' list
    assert len(as_gap) == 1 and as_gap[0].label == "attribution-gap" and key.get("T08").label == "translation-error"
    assert sum(key.counts().values()) == len(key) + sum(len(a.also) for a in key)
    gaps = key.only(["attribution-gap"])
    assert (gaps.get("T08").label, gaps.get("T08").also) == ("attribution-gap", ())  # a gap task sees a gap
    assert "T11" not in {a.id for a in gaps}


def test_same_label_items_do_not_overlap(key: medialit.AnswerKey) -> None:
    for label in medialit.LABELS:
        items = key.by_label(label)
        for a, b in itertools.pairwise(items):
            assert a.end <= b.start, (a.id, b.id)


def _bundled_data() -> dict:
    from importlib import resources

    return json.loads(resources.files("medialit").joinpath("data/keys/bundled.json").read_text(encoding="utf-8"))


def test_a_quote_that_does_not_match_names_the_item(article: Article) -> None:
    data = _bundled_data()
    data["items"][4]["quote"] = "something else"
    item_id = data["items"][4]["id"]
    with pytest.raises(AnswerKeyError, match=rf"item {item_id}: quote 'something else' does not match"):
        key_from_dict(data, article)


def test_shifted_offsets_say_where_the_quote_is(article: Article) -> None:
    data = _bundled_data()
    data["items"][0]["start"] += 1
    data["items"][0]["end"] += 1
    with pytest.raises(AnswerKeyError, match="the quote is at"):
        key_from_dict(data, article)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"origin": "blog"}, "origin 'blog' is not one of wire, copy"),
        ({"priority": "must"}, "priority 'must' is not one of core, extra"),
        ({"original": "AP"}, "original needs a 'quote'"),
        ({"original": {"quote": "x", "url": "apnews.com"}}, "needs a 'url' starting with http"),
        ({"original": {"quote": " ", "url": "https://apnews.com"}}, "original needs a 'quote'"),
        ({"label": "opinion"}, "unknown label"),
        ({"start": 10, "end": 5}, "empty, reversed or outside"),
        ({"start": 4190, "end": 5000}, "outside the article"),
        ({"start": "1"}, "whole numbers"),
        ({"also": ["translation-error"]}, "'also' label 'translation-error' must be another"),
        ({"also": ["opinion"]}, "'also' label 'opinion' must be another"),
        ({"also": 3}, "'also' must be a list of labels"),
        ({"also": ["hedge", "hedge"]}, "names a label twice"),
    ],
)
def test_bad_items_are_refused(article: Article, change: dict, message: str) -> None:
    data = _bundled_data()
    data["items"][0].update(change)
    with pytest.raises(AnswerKeyError, match=message):
        key_from_dict(data, article)


def test_duplicate_ids_and_wrong_shape(article: Article) -> None:
    data = _bundled_data()
    data["items"][1]["id"] = data["items"][0]["id"]
    with pytest.raises(AnswerKeyError, match="more than once"):
        key_from_dict(data, article)
    with pytest.raises(AnswerKeyError, match="not an answer key"):
        key_from_dict([1, 2], article)


def test_no_bundled_key_for_another_article() -> None:
    with pytest.raises(AnswerKeyError, match="make_key"):
        answer_key(Article.from_text("Another story\n\nIt rained."))


def test_teacher_key_round_trip_is_atomic_with_backup(tmp_path: Path) -> None:
    article = Article.from_text("Rain again\n\nOfficials said it may rain for some 40 days.")
    may = article.text.index("may")
    marks = [
        medialit.Annotation(may, may + 3, "hedge", note="modal"),
        {"start": 12, "end": 21, "label": "attribution-gap", "also": ["translation-error"]},
    ]
    key = make_key(article, marks, title="My key")
    assert [article.quote(a) for a in key] == ["Officials", "may"]
    path = tmp_path / "key.json"
    key.save(path)
    again = load_key(path, article)
    assert [(a.start, a.end, a.labels) for a in again] == [(a.start, a.end, a.labels) for a in key]
    assert again[0].labels == ("attribution-gap", "translation-error")  # a second label survives the file
    key.save(path)  # overwriting keeps the previous version
    assert (tmp_path / "key.json.bak").read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(AnswerKeyError, match="not valid JSON"):
        load_key(path, article)
