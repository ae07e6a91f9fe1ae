"""Scoring: per-label figures, partial credit, and feedback a student can act on."""

from __future__ import annotations

import medialit
import pytest
from medialit import Annotation, Article, make_key, score


def test_perfect_submission_scores_one(key: medialit.AnswerKey) -> None:
    report = score(list(key), key)
    for s in report.labels.values():
        assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert len(report.hits) == len(key) and not report.misses and not report.false_alarms


def test_empty_submission_misses_everything(key: medialit.AnswerKey) -> None:
    report = score([], key)
    assert report.overall.f1 == 0.0 and report.overall.misses == len(key)
    for fb in report.misses:
        assert fb.message.startswith(f"Sentence {fb.sentence} has a")  # "a" or "an"
        item = key.get(fb.item_id)
        assert key.article.quote(item) not in fb.message  # a hint, not the answer


@pytest.fixture
def small() -> tuple[Article, medialit.AnswerKey]:
    article = Article.from_text("Rain again\n\nOfficials said it may rain for some 40 days. The mayor is very worried.")
    text = article.text
    items = [
        Annotation(text.index("may"), text.index("may") + 3, "hedge", hint="Look at the verbs."),
        Annotation(text.index("some 40"), text.index("some 40") + 7, "hedge"),
        Annotation(text.index("Officials"), text.index("Officials") + 9, "attribution-gap", note="Which officials?"),
    ]
    return article, make_key(article, items)


def test_partial_credit_for_much_longer_marks(small) -> None:
    article, key = small
    text = article.text
    exact = Annotation(text.index("some 40"), text.index("some 40") + 7, "hedge")
    long = Annotation(text.index("for some 40 days."), text.index("for some 40 days.") + 17, "hedge")
    assert score([exact], key).labels["hedge"].true_positives == 1.0
    report = score([long], key)
    assert report.labels["hedge"].true_positives == 0.5
    assert "half credit" in report.hits[0].message


def test_wrong_label_is_a_false_alarm_and_a_miss(small) -> None:
    article, key = small
    text = article.text
    report = score([Annotation(text.index("Officials"), text.index("Officials") + 9, "hedge")], key)
    assert report.labels["hedge"].false_alarms == 1 and report.labels["attribution-gap"].misses == 1
    assert "other label" in report.false_alarms[0].message


def test_booster_false_alarm_explains_why(small) -> None:
    article, key = small
    text = article.text
    report = score([Annotation(text.index("very"), text.index("very") + 4, "hedge")], key)
    assert "booster" in report.false_alarms[0].message


def test_one_mark_cannot_match_two_items(small) -> None:
    article, key = small
    text = article.text
    both = Annotation(text.index("may"), text.index("40") + 2, "hedge")  # covers "may" and "some 40"
    s = score([both], key).labels["hedge"]
    assert s.true_positives <= 1.0 and s.misses == 1 and s.false_alarms == 0


def test_duplicate_marks_count_once(small) -> None:
    article, key = small
    text = article.text
    mark = Annotation(text.index("may"), text.index("may") + 3, "hedge")
    s = score([mark, mark], key).labels["hedge"]
    assert s.true_positives == 1.0 and s.false_alarms == 1 and s.precision == 0.5


def test_bad_marks_are_refused(small) -> None:
    _article, key = small
    with pytest.raises(ValueError, match="past the end"):
        score([{"start": 0, "end": 10_000, "label": "hedge"}], key)
    with pytest.raises(ValueError, match="unknown label"):
        score([{"start": 0, "end": 3, "label": "opinion"}], key)
    with pytest.raises(ValueError, match="different article"):
        score([], key, article=Article.from_text("Something else entirely."))


def test_report_summary_and_dict(key: medialit.AnswerKey) -> None:
    report = score(list(key.by_label("hedge")), key)
    assert "hedge" in report.summary() and "100%" in report.summary()
    data = report.to_dict()
    assert data["labels"]["hedge"]["f1"] == 1.0 and data["labels"]["translation-error"]["recall"] == 0.0
    assert "<table" in report._repr_html_()
