"""medialit.table and medialit.categories: one row per finding, every cell escaped, a readable text view."""

from __future__ import annotations

import re

import medialit
import pytest

HOSTILE = (
    "Evil <script>alert(1)</script> says & warns\n\n"
    'Officials said the "plan" <img src=x onerror=alert(2)> may possibly fail.\n\n'
    "He said \x1b[31mred\x1b[0m things, apparently.\n\n"
    "Source: <b>Bad & Co</b>"
)


@pytest.fixture(scope="module")
def article() -> medialit.Article:
    return medialit.load_article()


@pytest.fixture(scope="module")
def hostile() -> medialit.Article:
    return medialit.Article.from_text(HOSTILE)


def _body_rows(html: str) -> int:
    body = re.search(r"<tbody>(.*)</tbody>", html, re.S)
    return body.group(1).count("<tr>") if body else 0


def test_attributions_table_has_a_row_per_attribution(article) -> None:
    found = medialit.find_attributions(article)
    t = medialit.table(found, article)
    assert len(t) == len(found) == _body_rows(t._repr_html_())
    assert t.head[:6] == ["sentence", "kind", "source (who)", "cue", "content (what)", "direct quote?"]
    first = t.rows[0]
    assert first["sentence"] == article.sentence_index(found[0].cue.start) + 1
    assert first["cue"] == article.quote(found[0].cue)
    assert {r["direct quote?"] for r in t.rows} == {"yes", "no"}
    pronouns = medialit.table(found, article, only="pronoun")
    assert len(pronouns) == sum(a.kind == "pronoun" for a in found) > 0
    assert any(r["who that is"] == "nobody clear" for r in pronouns.rows)


def test_gaps_and_hedges_tables_have_a_row_per_finding(article) -> None:
    for found in (medialit.find_attribution_gaps(article), medialit.find_hedges(article)):
        t = medialit.table(found, article)
        assert len(t) == len(found) == _body_rows(t._repr_html_())
        assert [r["words"] for r in t.rows] == [article.quote(f) for f in found]
    found = medialit.analyze(article)
    assert medialit.table(found).rows == medialit.table(list(found.annotations), article).rows
    assert len(medialit.table(found)) == len(found.annotations)
    hedges = medialit.table(medialit.find_hedges(article), article, only="booster")
    assert 0 < len(hedges) < len(medialit.find_hedges(article))


def test_key_items_in_the_order_asked(article) -> None:
    key = medialit.answer_key(article)
    t = medialit.table(key, only=["A20", "A18"])
    assert [r["id"] for r in t.rows] == ["A20", "A18"]
    assert t.rows[0]["why"] == key.get("A20").note
    one = medialit.table(key, only="T04", context=True)
    assert one.rows[0]["should say"] == key.get("T04").correction
    assert one.rows[0]["the sentence"] == article.quote(article.sentence_of(key.get("T04")))
    assert len(medialit.table(key, only="translation-error")) == len(key.by_label("translation-error"))


def test_categories_count_every_item_once_core_and_extra(article) -> None:
    key = medialit.answer_key(article)
    t = medialit.categories(key)
    assert sum(r["total"] for r in t.rows) == len(key)
    assert sum(r["core"] for r in t.rows) == len(key.core())
    assert {r["category"] for r in t.rows} == {k.category for k in key}
    assert "label" in t.head
    hedges = medialit.categories(key, "hedge")
    assert "label" not in hedges.head and sum(r["total"] for r in hedges.rows) == len(key.by_label("hedge"))
    assert "reported feeling" in {r["category"] for r in hedges.rows}


def test_hostile_text_is_escaped_in_html_and_made_visible_in_text(hostile) -> None:
    tables = [
        medialit.table(medialit.find_attributions(hostile), hostile),
        medialit.table(medialit.find_attribution_gaps(hostile), hostile),
        medialit.table(medialit.find_hedges(hostile), hostile),
        medialit.table(hostile),
        medialit.table([medialit.Annotation(0, len(hostile.text.split("\n")[0]), "hedge", note="<i>x</i>")], hostile),
    ]
    assert all(len(t) for t in tables)
    for t in tables:
        html = t._repr_html_()
        assert "<script>" not in html and "<img" not in html and "<b>" not in html and "<i>x" not in html
        text = repr(t)
        assert "\x1b" not in text and "\n\n" not in text
    assert "&lt;script&gt;" in tables[3]._repr_html_() and "&lt;b&gt;Bad &amp; Co&lt;/b&gt;" in tables[3]._repr_html_()


def test_text_view_is_aligned_and_cut_short(article) -> None:
    t = medialit.table(medialit.find_attributions(article), article)
    lines = repr(t).splitlines()
    assert len(lines) == len(t) + 2  # header, rule, one line a row
    assert re.fullmatch(r"[- ]+", lines[1])
    starts = [m.start() for m in re.finditer(r"-+", lines[1])]
    assert lines[0].index("kind") == starts[1]
    assert max(len(line) for line in lines) < 250 and "…" in repr(t)
    assert repr(medialit.table([], article)) == "(nothing to show)"
    assert "(nothing to show)" in medialit.table([], article)._repr_html_()


def test_rules_and_facts(article) -> None:
    rules = medialit.table(medialit.RULES, only="hedge")
    assert len(rules) == sum(r.label == "hedge" for r in medialit.RULES.values()) > 0
    assert rules.head == ["rule", "label", "looks for", "why", "idea from"]
    facts = {r["what"]: r["this article"] for r in medialit.table(article).rows}
    assert (
        facts["byline"] == "(missing)"
        and facts["source"] == "Wales Online"
        and facts["paragraphs"] == len(article.paragraphs)
    )


def test_wrong_input_gives_a_clear_error(article) -> None:
    with pytest.raises(TypeError, match="needs the article"):
        medialit.table(medialit.find_hedges(article))
    with pytest.raises(TypeError, match="not str"):
        medialit.table(["a"], article)


def test_categories_of_a_detectors_findings_count_per_rule_and_give_no_words_away(article) -> None:
    found = medialit.find_hedges(article)
    t = medialit.categories(found)
    assert t.head == ["label", "category", "rule", "found"]
    assert sum(r["found"] for r in t.rows) == len(found)
    assert all(":" not in r["rule"] for r in t.rows) and "apparently" not in repr(t) + t._repr_html_()
    gaps = medialit.categories(medialit.find_attribution_gaps(article))
    assert "label" not in gaps.head and "gap.vague-source" in {r["rule"] for r in gaps.rows}


def test_a_score_shows_as_a_table(article) -> None:
    key = medialit.answer_key(article)
    marks = [*key.core("hedge")[:2], medialit.Annotation(0, 6, "hedge")]
    t = medialit.table(medialit.score(marks, key), only="hedge")
    assert len(t) == 1
    row = t.rows[0]
    assert (row["label"], row["found"], row["of"], row["false alarms"]) == ("hedge", "2", len(key.core("hedge")), 1)
    assert row["recall"] == f"{2 / len(key.core('hedge')):.0%}" and row["precision"] == "67%"
    assert len(medialit.table(medialit.score(marks, key))) == 3
