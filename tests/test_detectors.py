"""The detectors on the bundled article and on small texts: what fires, and why."""

from __future__ import annotations

import medialit
from medialit import Article, analyze, find_attribution_gaps, find_attributions, find_hedges, find_translation_errors


def _quotes(article: Article, found) -> dict[str, str]:
    return {article.quote(a): a.rule for a in found}


def test_every_finding_names_a_registered_rule_and_cue(article: Article) -> None:
    result = analyze(article)
    assert result.annotations
    for a in result.annotations:
        rule_id = a.rule.split(":")[0]
        assert rule_id in medialit.RULES, a.rule
        assert a.note, a
        assert 0 <= a.start < a.end <= len(article.text)
    for a in find_hedges(article):
        assert ":" in a.rule and a.rule.split(":", 1)[1] in article.quote(a).lower().replace("’", "'")


def test_hedges_on_the_bundled_article(article: Article) -> None:
    found = _quotes(article, find_hedges(article))
    assert found["apparently"] == "hedge.evidential:apparently"
    assert found["some"] == "hedge.approximator:some"  # "some 150,000"
    assert found["depend on"] == "hedge.conditional:depend on"
    assert found["indicate"] == "hedge.evidential:indicate"
    boosters = [article.quote(a) for a in find_hedges(article) if a.label == "booster"]
    assert "very" in boosters and "every" in boosters


def test_attributions_on_the_bundled_article(article: Article) -> None:
    by_source = {}
    for a in find_attributions(article):
        if a.source is not None:
            by_source.setdefault(article.quote(a.source), []).append(a)
    assert by_source["President Joe Biden"][0].kind == "person"
    assert by_source["US officials"][0].kind == "vague"
    assert by_source["Our analysts"][0].kind == "vague"
    assert by_source["German newspaper Die Welt"][0].kind == "organisation"
    pronouns = [a for a in find_attributions(article) if a.kind == "pronoun"]
    he_said_move = next(a for a in pronouns if article.quote(a.content).startswith("the move"))
    assert he_said_move.resolved_to is None  # nobody named before "He said the move": unclear
    escalation = next(a for a in pronouns if "escalation" in article.quote(a.content))
    assert escalation.resolved_to and escalation.resolved_to.endswith("Chizhov")
    assert escalation.direct and article.quote(escalation.content).startswith("“There will be")


def test_attribution_gaps_on_the_bundled_article(article: Article) -> None:
    rules = {a.rule for a in find_attribution_gaps(article)}
    assert {
        "gap.no-byline",
        "gap.no-date",
        "gap.no-original-source",
        "gap.vague-source",
        "gap.unclear-pronoun",
        "gap.second-hand",
        "gap.unsourced-figure",
        "gap.unsourced-claim",
        "gap.interpretation",
    } <= rules


def test_translation_errors_on_the_bundled_article(article: Article) -> None:
    found = _quotes(article, find_translation_errors(article))
    assert found["next week, next week"] == "translation.repeated-phrase"
    assert found["the ‘Ukraine"] == "translation.elision"
    assert found["start. Wednesday"] == "translation.stop-inside-clause"
    assert found["years. does"] == "translation.stop-inside-clause"
    assert found["Zelenski"] == "translation.transliteration"
    assert "translation.pronoun-for-institution" in found.values()
    assert "translation.repeated-paragraph" in found.values()


def test_detectors_agree_with_the_key(article: Article, key: medialit.AnswerKey) -> None:
    """Most detector findings point at something the expert marked too."""
    result = analyze(article)
    for label in medialit.LABELS:
        found = result.by_label(label)
        items = key.by_label(label)
        overlapping = sum(1 for a in found if any(a.overlaps(k) for k in items))
        assert found and overlapping / len(found) >= 0.8, (label, overlapping, len(found))


def test_analysis_plain_data(article: Article) -> None:
    data = analyze(article).to_dict()
    assert data["text"] == article.text
    for span in data["spans"]:
        assert article.text[span["start"] : span["end"]] == span["quote"]
        assert span["label"] in medialit.text.DETECTOR_LABELS
    for att in data["attributions"]:
        assert att["kind"] in medialit.SOURCE_KINDS
        assert article.text[att["cue"]["start"] : att["cue"]["end"]] == att["cue"]["text"]


def test_translation_rules_fire_on_other_machine_translated_text() -> None:
    text = (
        "Flooding in the south\n\n"
        "The government said that the rains will continue next days, next days.\n\n"
        "The ministry published a report on Monday. He said the dams were safe.\n\n"
        "Poutine spoke in Moscou about the situation at the level of the regions.\n\n"
        "Residents fled to l'Italie and the ‘France."
    )
    rules = {a.rule for a in find_translation_errors(Article.from_text(text))}
    assert {
        "translation.repeated-phrase",
        "translation.pronoun-for-institution",
        "translation.transliteration",
        "translation.calque",
        "translation.elision",
    } <= rules


def test_snippet_has_no_article_level_gaps() -> None:
    rules = {a.rule for a in find_attribution_gaps(Article.from_text("Officials said the road was closed."))}
    assert rules == {"gap.vague-source"}
