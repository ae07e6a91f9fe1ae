"""Scoring: per-label figures, partial credit, and feedback a student can act on."""

from __future__ import annotations

import medialit
import pytest
from medialit import Annotation, Article, make_key, score


def test_perfect_submission_scores_one(key: medialit.AnswerKey) -> None:
    report = score(list(key), key)
    for s in report.labels.values():
        assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert len(report.hits) == len(key.core()) and not report.misses and not report.false_alarms
    assert len(report.bonus) == len(key) - len(key.core())  # extra items found are a bonus


def test_empty_submission_misses_everything(key: medialit.AnswerKey) -> None:
    report = score([], key)
    assert report.overall.f1 == 0.0 and report.overall.misses == len(key.core())
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


def test_duplicate_marks_of_the_same_words_are_one_mark(small) -> None:
    article, key = small
    text = article.text
    at = text.index("may")
    mark = Annotation(at, at + 3, "hedge")
    with_space = Annotation(at - 1, at + 4, "hedge")  # " may " marks the same word
    s = score([mark, mark, with_space], key).labels["hedge"]
    assert (s.submitted, s.true_positives, s.false_alarms, s.precision) == (1, 1.0, 0, 1.0)
    two_labels = score([mark, Annotation(at, at + 3, "attribution-gap")], key)
    assert two_labels.labels["attribution-gap"].submitted == 1  # the same words with another label are another mark


def test_a_second_mark_on_a_found_item_says_so(small) -> None:
    article, key = small
    text = article.text
    at = text.index("some 40")
    report = score([Annotation(at, at + 7, "hedge"), Annotation(at + 5, at + 7, "hedge")], key)
    assert report.labels["hedge"].false_alarms == 1
    assert report.false_alarms[0].message.startswith("You already found this hedge with “some 40”")


def test_half_credit_quotes_the_students_mark_and_the_key_once(small) -> None:
    article, key = small
    text = article.text
    at = text.index("for some 40 days.")
    message = score([Annotation(at, at + 17, "hedge")], key).hits[0].message
    assert message.startswith("Found “for some 40 days.”, for half credit")
    assert message.count("“some 40”") == 1 and "much longer" in message


def test_false_alarm_reasons_are_about_the_mark(key: medialit.AnswerKey) -> None:
    article = key.article
    text = article.text
    at = text.index("Putin")  # inside what "the ministry signaled": the reason must be about Putin, not the ministry
    message = score([Annotation(at, at + 5, "attribution-gap")], key).false_alarms[0].message
    assert message.startswith("“Putin” names who is speaking") and "ministry" not in message
    at = text.index("stressed")
    message = score([Annotation(at, at + 8, "attribution-gap")], key).false_alarms[0].message
    assert message == (
        "With “stressed” the article tells you who is speaking: President Vladimir Putin. "
        "A claim with a named source is not a gap."
    )
    for label in medialit.LABELS:
        for fb in score([Annotation(at, at + 8, label)], key).false_alarms:
            assert "probably not" not in fb.message and "“stressed”" in fb.message


def test_extra_items_are_a_bonus_and_core_items_are_scored(small) -> None:
    import dataclasses

    article, key = small
    text = article.text

    @dataclasses.dataclass(frozen=True, order=True)
    class Prioritised(Annotation):  # what a key item with the new field looks like
        priority: str = dataclasses.field(default="core", compare=False)

    def with_priority(k: Annotation) -> Annotation:
        extra = "extra" if article.quote(k) == "some 40" else "core"
        if "priority" in {f.name for f in dataclasses.fields(k)}:  # the key data may carry the field already
            return dataclasses.replace(k, priority=extra)
        return Prioritised(**{f.name: getattr(k, f.name) for f in dataclasses.fields(k)}, priority=extra)

    graded = medialit.AnswerKey(article, [with_priority(k) for k in key])
    extra = next(k for k in graded if article.quote(k) == "some 40")
    assert [getattr(k, "priority", "core") for k in graded].count("extra") == 1
    found_extra = score([extra], graded)
    s = found_extra.labels["hedge"]
    assert (s.expected, s.true_positives, s.false_alarms, s.bonus, s.submitted) == (1, 0.0, 0, 1, 0)
    assert found_extra.bonus[0].message.startswith("Bonus: “some 40”")
    missed_extra = score([Annotation(text.index("may"), text.index("may") + 3, "hedge")], graded)
    assert missed_extra.labels["hedge"].recall == 1.0 and not missed_extra.labels["hedge"].misses
    assert score([], key).labels["hedge"].expected == 2  # without the field every item is core


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


@pytest.fixture
def two_labels() -> tuple[Article, medialit.AnswerKey]:
    """'He said' after a ministry: a wrong pronoun that also hides who is speaking (one problem, two labels)."""
    article = Article.from_text("Troops leave\n\nThe ministry released a video. He said the troops may go home.")
    text = article.text
    he = Annotation(
        text.index("He said"), text.index("He said") + 7, "translation-error", also=("attribution-gap",), id="T1"
    )
    may = Annotation(text.index("may"), text.index("may") + 3, "hedge", id="H1")
    return article, make_key(article, [he, may])


def test_either_label_finds_a_two_label_item_once(two_labels) -> None:
    _, key = two_labels
    he = key.get("T1")
    for label in he.labels:
        report = score([Annotation(he.start, he.end, label)], key)
        assert len(report.hits) == 1 and report.hits[0].label == label and not report.false_alarms
        assert report.labels["translation-error"].recall == report.labels["attribution-gap"].recall == 1.0
        assert (report.overall.expected, report.overall.found, report.overall.misses) == (2, 1.0, 1)
        assert report.labels[label].precision == 1.0


def test_marking_both_labels_is_one_find_not_a_false_alarm(two_labels) -> None:
    _, key = two_labels
    he = key.get("T1")
    report = score(
        [Annotation(he.start, he.end, "translation-error"), Annotation(he.start, he.end, "attribution-gap")], key
    )
    assert len(report.hits) == 1 and not report.false_alarms
    assert report.labels["translation-error"].precision == report.labels["attribution-gap"].precision == 1.0
    assert (report.overall.submitted, report.overall.true_positives) == (1, 1.0)  # counted once overall


def test_missing_a_two_label_item_is_one_miss_that_names_both(two_labels) -> None:
    _, key = two_labels
    report = score([], key)
    assert len(report.misses) == 2 and report.overall.misses == 2
    assert report.labels["translation-error"].misses == report.labels["attribution-gap"].misses == 1
    msg = next(f.message for f in report.misses if f.item_id == "T1")
    assert "a translation error (or attribution gap) you did not mark" in msg
    wrong = score([Annotation(key.get("T1").start, key.get("T1").end, "hedge")], key)
    assert "translation error (or attribution gap), not a hedge" in wrong.false_alarms[0].message
