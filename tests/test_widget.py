"""The Highlighter's Python side: traits, editing, scoring, saving, autosave and W3C export."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import medialit
import pytest
import traitlets
from medialit import Article, Highlighter, HighlightsError


def test_traits_describe_the_article(article: Article) -> None:
    hl = Highlighter(article)
    assert hl.text == article.text and hl.article_sha256 == article.sha256
    assert hl.paragraphs == [[p.start, p.end] for p in article.paragraphs]
    assert [lb["id"] for lb in hl.labels] == list(medialit.LABELS)
    assert hl.has_key and hl.reveal_allowed and hl.annotations == []
    assert "medialit-hedge" in hl._css and "export default" in hl._esm


def test_add_remove_clear_and_validation(article: Article) -> None:
    hl = Highlighter(article)
    start = article.text.index("apparently")
    hl.add(start, start + 10, "hedge")
    hl.add(start, start + 10, "hedge")  # the same highlight twice is one highlight
    assert hl.annotations == [{"start": start, "end": start + 10, "label": "hedge", "quote": "apparently"}]
    with pytest.raises(traitlets.TraitError, match="unknown label"):
        hl.add(0, 5, "opinion")
    with pytest.raises(traitlets.TraitError, match="outside the article"):
        hl.add(0, 10**6, "hedge")
    with pytest.raises(traitlets.TraitError, match="empty, reversed"):
        hl.add(9, 3, "hedge")
    hl.remove(start, start + 10)
    assert hl.annotations == []
    hl.add(0, 6, "hedge")
    hl.clear()
    assert hl.annotations == []


def test_score_equals_medialit_score(article: Article, key: medialit.AnswerKey) -> None:
    hl = Highlighter(article)
    for item in key.core("hedge")[:5]:
        hl.add(item.start, item.end, item.label)
    hl.add(0, 6, "translation-error")
    assert hl.score().to_dict() == medialit.score(hl.marks(), key).to_dict()
    hl.check_count += 1  # what the Check button does
    rows = {row["label"]: row for row in hl.feedback["labels"]}
    assert rows["hedge"]["found"] == 5 and rows["hedge"]["expected"] == len(key.core("hedge"))
    assert [f["quote"] for f in hl.feedback["false_alarms"]] == ["Russia"]
    assert len(hl.feedback["found"]) == 5 and len(hl.feedback["hints"]) == 3
    hl.add(10, 14, "hedge")
    assert hl.feedback["stale"] is True


def test_reveal_shows_the_key_unless_the_teacher_turns_it_off(article: Article, key: medialit.AnswerKey) -> None:
    hl = Highlighter(article)
    hl.revealed = True
    assert len(hl.answers) == len(key) and all(a["note"] for a in hl.answers)
    closed = Highlighter(article, reveal=False)
    assert not closed.reveal_allowed
    closed.revealed = True
    assert closed.answers == [] and closed.revealed is False


def test_a_one_label_task_is_checked_on_that_label_only(article: Article, key: medialit.AnswerKey) -> None:
    hl = Highlighter(article, labels=["hedge"])
    for item in key.by_label("hedge"):
        hl.add(item.start, item.end, "hedge")
    assert hl.score().overall.f1 == 1.0  # no "misses" of attribution gaps the student could not mark
    hl.check_count += 1
    assert [row["label"] for row in hl.feedback["labels"]] == ["hedge"]
    hl.revealed = True
    assert {a["label"] for a in hl.answers} == {"hedge"}


def test_without_a_key_there_is_no_check() -> None:
    hl = Highlighter(Article.from_text("Some story\n\nOfficials said it may rain."))
    assert not hl.has_key and not hl.reveal_allowed
    with pytest.raises(ValueError, match="no answer key"):
        hl.score()
    hl.check_count += 1
    assert "no answer key" in hl.feedback["error"]


def test_teacher_labels() -> None:
    hl = Highlighter(Article.from_text("Cats are better than dogs, experts say."), labels=["opinion", "fact"])
    assert [lb["css"] for lb in hl.labels] == ["medialit-extra-1", "medialit-extra-2"]
    hl.add(0, 4, "opinion")
    with pytest.raises(traitlets.TraitError):
        hl.add(0, 4, "hedge")
    with pytest.raises(HighlightsError, match="unknown label"):
        Highlighter(Article.from_text("x y"), labels=["Not OK"])


def test_save_and_load(tmp_path: Path, article: Article) -> None:
    hl = Highlighter(article)
    hl.add(5, 9, "hedge")
    hl.add(20, 30, "attribution-gap")
    path = tmp_path / "work.json"
    hl.save(path)
    again = Highlighter.load(path, article)
    assert again.annotations == hl.annotations
    with pytest.raises(HighlightsError, match="different article"):
        Highlighter.load(path, Article.from_text("Another text entirely."))


def test_autosave_writes_every_change_and_restores(tmp_path: Path, article: Article) -> None:
    path = tmp_path / "autosave.json"
    hl = Highlighter(article, autosave=path)
    hl.add(5, 9, "hedge")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["annotations"][0]["start"] == 5 and saved["article_sha256"] == article.sha256
    hl.add(20, 30, "attribution-gap")
    assert (tmp_path / "autosave.json.bak").exists()  # the previous version is kept
    fresh = Highlighter(article, autosave=path)
    assert fresh.annotations == hl.annotations and "Restored 2" in fresh.status


def test_a_damaged_autosave_is_kept_aside_and_reported(tmp_path: Path, article: Article) -> None:
    path = tmp_path / "autosave.json"
    path.write_text('{"schema": "medialit.highlights/1", "annot', encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        hl = Highlighter(article, autosave=path)
    assert hl.annotations == [] and "could not be read" in hl.status
    aside = list(tmp_path.glob("autosave.damaged-*.json"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8").endswith('"annot')
    assert caught and "kept as" in str(caught[0].message)
    hl.add(0, 6, "hedge")  # new work goes to a fresh file; the damaged one is untouched
    assert json.loads(path.read_text(encoding="utf-8"))["annotations"][0]["quote"] == "Russia"


def test_w3c_round_trip(article: Article) -> None:
    hl = Highlighter(article)
    hl.add(5, 9, "hedge")
    hl.add(20, 30, "translation-error")
    doc = hl.to_w3c(creator="student-7")
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld" and doc["type"] == "AnnotationCollection"
    item = doc["first"]["items"][0]
    assert item["motivation"] == "tagging" and item["body"][0] == {
        "type": "TextualBody",
        "purpose": "tagging",
        "value": "hedge",
        "format": "text/plain",
        "language": "en",
    }
    kinds = {s["type"] for s in item["target"]["selector"]}
    assert kinds == {"TextQuoteSelector", "TextPositionSelector"}
    back = Highlighter.from_w3c(json.loads(json.dumps(doc)), article)
    assert back.annotations == hl.annotations


def test_w3c_reanchors_by_quote_when_positions_moved(article: Article) -> None:
    start = article.text.index("apparently")
    doc = {
        "type": "Annotation",
        "body": {"type": "TextualBody", "purpose": "tagging", "value": "hedge"},
        "target": {
            "selector": [
                {"type": "TextQuoteSelector", "exact": "apparently"},
                {"type": "TextPositionSelector", "start": 0, "end": 10},
            ]
        },
    }
    assert Highlighter.from_w3c(doc, article).annotations[0]["start"] == start
    with pytest.raises(HighlightsError, match="not in this article"):
        Highlighter.from_w3c(
            {**doc, "target": {"selector": {"type": "TextQuoteSelector", "exact": "zebra crossing"}}}, article
        )


def test_offsets_with_characters_outside_the_bmp() -> None:
    text = "Title 😀 here\n\n🇺🇦 Officials 👩‍👩‍👧 said it may rain 𝒜."
    article = Article.from_text(text)
    hl = Highlighter(article)
    start = text.index("may")
    hl.add(start, start + 3, "hedge")
    assert hl.annotations[0]["quote"] == "may"
    assert hl.marks()[0].text_of(text) == "may"
    back = Highlighter.from_w3c(hl.to_w3c(), article)
    assert back.annotations == hl.annotations
    assert hl.to_w3c()["first"]["items"][0]["target"]["selector"][1]["start"] == start  # code points, as W3C says


def test_importing_medialit_does_not_load_the_widget_stack() -> None:
    import subprocess
    import sys

    code = "import sys, medialit; print(any(m in sys.modules for m in ('anywidget', 'ipywidgets', 'matplotlib')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
