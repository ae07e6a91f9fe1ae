"""The detectors on the bundled article and on small texts: what fires, and why."""

from __future__ import annotations

import medialit
import pytest
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


def test_hedge_findings_name_their_kind() -> None:
    article = Article.from_text("Doctors fear that prices could rise by some 5% next year.")
    kinds = {article.quote(a): a.category for a in find_hedges(article)}
    assert kinds == {"fear": "reported feeling", "could": "modal", "some": "approximator"}


def test_a_reported_will_is_not_a_hedge_but_a_guess_is() -> None:
    """A "would" that reports someone's "will" (said, promised, asked whether) is grammar; after a belief it hedges."""

    def modal_would(text: str) -> list:
        return [a for a in find_hedges(Article.from_text(text)) if a.rule == "hedge.modal:would"]

    for verb in ("said", "promised", "warned", "asked whether"):
        assert not modal_would(f"The minister {verb} the bridge would reopen in May."), verb
    assert modal_would("The minister thought the bridge would reopen in May.")  # "thought" unflagged: "would" hedges
    assert modal_would("The minister says the bridge would reopen in May.")  # present: a hypothesis, not a backshift
    assert modal_would("The minister said that if it rained the bridge would close.")  # a condition opens its clause


def test_a_chance_to_act_is_not_a_possibility() -> None:
    def chances(text: str) -> list[str]:
        return [a.rule for a in find_hedges(Article.from_text(text)) if a.rule.startswith("hedge.possibility:chance")]

    assert chances("There is every chance that the talks will fail.")
    assert chances("Their chances of winning are slim.")
    assert not chances("The talks gave both sides every chance to agree.")
    assert not chances("It was her last chance to see the show.")


SOURCE_CASES = {
    # news conventions
    "Rep. Ann Lee (D-Ohio) said the count was wrong.": "Rep. Ann Lee (D-Ohio)",
    "The plan was first reported by the Daily Planet.": "the Daily Planet",
    "The mayor met the press and said the road would reopen.": "The mayor",
    "Voters who said they were undecided stayed at home.": "Voters who",
    "“The river has never been this high.” — Maria Lopez": "Maria Lopez",
    "MAYOR: We will open the shelters tonight.": "MAYOR",
    # nouns of saying, headlines, "as" clauses, evidence
    "The mayor's claim that the bridge was safe did not hold.": "The mayor",
    "The old bridge is finished, as the mayor put it.": "the mayor",
    "Bridge Will Reopen in May, Mayor Ana Ruiz Says.": "Mayor Ana Ruiz",
    "A new survey shows a tight vote in the north.": "A new survey",
}


@pytest.mark.parametrize(("text", "source"), SOURCE_CASES.items())
def test_attribution_sources(text: str, source: str) -> None:
    article = Article.from_text(text)
    sources = [article.quote(a.source) for a in find_attributions(article) if a.source is not None]
    assert sources == [source], (text, sources)


def test_i_think_inside_a_quotation_is_no_new_source() -> None:
    article = Article.from_text("“I think the count was fair,” the mayor said.")
    sources = [article.quote(a.source) for a in find_attributions(article) if a.source is not None]
    assert sources == ["the mayor"]


def test_a_run_of_copies_is_one_repeated_phrase() -> None:
    article = Article.from_text("They toured the museum, the museum, the museum, the museum and the park.")
    repeats = [a for a in find_translation_errors(article) if a.rule == "translation.repeated-phrase"]
    assert [article.quote(a) for a in repeats] == ["the museum, the museum, the museum, the museum"]


def test_a_repeated_word_marks_the_copy_not_the_first_use() -> None:
    article = Article.from_text("The doctors worked with kindness and kindness.")
    repeats = [a for a in find_translation_errors(article) if a.rule == "translation.repeated-phrase"]
    assert [(a.start, article.quote(a)) for a in repeats] == [(37, "kindness")]


def test_one_speaker_one_attribution() -> None:
    cases = {
        # the speaker of "said" hedges her own claim: no second attribution for "thinks"
        "The mayor said she thinks the bridge is safe.": ["said"],
        # a pronoun inside a quotation is the quoted speaker's story, not a new source
        "“He would say nothing and walk away,” the coach recalled.": ["recalled"],
    }
    for text, cues in cases.items():
        article = Article.from_text(text)
        assert [article.quote(a.cue) for a in find_attributions(article)] == cues, text


def test_an_appositive_name_is_the_source_and_an_inverted_source_ends_its_clause() -> None:
    article = Article.from_text("The mayor, Ana Costa, said the park would reopen.")
    (att,) = find_attributions(article)
    assert article.quote(att.source) == "The mayor, Ana Costa" and att.kind == "person"
    assert article.quote(att.content) == "the park would reopen" and not att.direct
    article = Article.from_text("“We are ready,” said the coach.")
    (att,) = find_attributions(article)
    assert article.quote(att.source) == "the coach" and att.direct
