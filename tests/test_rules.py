"""One table tests every detector rule against its own examples (the proselint way)."""

from __future__ import annotations

import medialit
import pytest
from medialit import RULES, Article


def _rule_ids(text: str) -> set[str]:
    """Every rule id that fires anywhere in ``text``: findings and attributions."""
    article = Article.from_text(text)
    found = medialit.analyze(article)
    ids = {a.rule.split(":")[0] for a in found.annotations}
    ids |= {a.rule for a in found.attributions}
    return ids


EXAMPLES = [(r.id, text, True) for r in RULES.values() for text in r.fires] + [
    (r.id, text, False) for r in RULES.values() for text in r.quiet
]


@pytest.mark.parametrize(
    ("rule_id", "text", "fires"),
    EXAMPLES,
    ids=[f"{r}-{'fires' if f else 'quiet'}-{i}" for i, (r, _, f) in enumerate(EXAMPLES)],
)
def test_rule_examples(rule_id: str, text: str, fires: bool) -> None:
    ids = _rule_ids(text)
    assert (rule_id in ids) is fires, f"{rule_id} {'did not fire' if fires else 'fired'} on {text!r}: {sorted(ids)}"


def test_every_rule_is_documented_with_examples() -> None:
    assert len(RULES) >= 20
    for r in RULES.values():
        assert r.fires and r.quiet, r.id
        assert r.pattern and r.message and r.explanation and r.source, r.id
        assert r.label in medialit.text.DETECTOR_LABELS


def test_a_plain_sentence_flags_nothing() -> None:
    found = medialit.analyze(Article.from_text("The train left the station at noon and reached the coast by evening."))
    assert found.annotations == () and found.attributions == ()


def test_rule_examples_are_not_from_the_bundled_article(article: Article) -> None:
    for r in RULES.values():
        for text in (*r.fires, *r.quiet):
            assert text not in article.text, (r.id, text)
