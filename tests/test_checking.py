"""Check's feedback in the Highlighter: found first, false alarms, at most a few hints; what the teacher allows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import medialit
import pytest
from medialit import Article, Highlighter


def _mark(hl: Highlighter, items) -> None:
    for item in items:
        hl.add(item.start, item.end, item.label)


def test_feedback_leads_with_what_was_found(article: Article, key: medialit.AnswerKey) -> None:
    hl = Highlighter(article, labels=["hedge"])
    hedges = key.core("hedge")
    _mark(hl, hedges[:3])
    at = article.text.index("stressed")
    hl.add(at, at + 8, "hedge")
    hl.check_count += 1
    fb = hl.feedback
    assert list(fb)[:4] == ["stale", "mode", "summary", "labels"] and fb["mode"] == "full"
    assert list(fb).index("found") < list(fb).index("false_alarms") < list(fb).index("hints")
    assert fb["summary"] == (
        f"You found 3 of {len(hedges)}. 1 false alarm. 3 hints below. {fb['more_hints']} more hints if you want them."
    )
    assert [f["quote"] for f in fb["found"]] == [article.quote(k) for k in hedges[:3]]
    assert all(k.note in f["message"] for f, k in zip(fb["found"], hedges[:3], strict=True))  # the key's note
    assert fb["false_alarms"][0]["quote"] == "stressed" and "“stressed”" in fb["false_alarms"][0]["message"]
    assert fb["labels"][0]["found"] == 3 and fb["labels"][0]["false_alarms"] == 1
    # the contract with the front end (static/highlighter.js)
    assert set(fb) == {"stale", "mode", "summary", "labels", "found", "false_alarms", "hints", "more_hints"}
    row = {"label", "name", "found", "expected", "missed", "false_alarms", "precision", "recall", "f1"}
    assert row <= set(fb["labels"][0])
    assert {"start", "end", "label", "sentence", "paragraph", "quote", "message", "credit"} <= set(fb["found"][0])
    assert {"start", "end", "label", "sentence", "paragraph", "quote", "message"} <= set(fb["false_alarms"][0])
    assert {"label", "sentence", "paragraph", "message"} <= set(fb["hints"][0])
    assert isinstance(fb["more_hints"], int) and json.loads(json.dumps(fb)) == fb  # plain JSON


def test_at_most_three_hints_in_reading_order_and_more_on_request(article: Article, key: medialit.AnswerKey) -> None:
    hl = Highlighter(article, labels=["translation-error"])
    hl.check_count += 1
    fb = hl.feedback
    total = len(fb["hints"]) + fb["more_hints"]
    assert len(fb["hints"]) == 3 and fb["more_hints"] > 0
    starts = [h["sentence_span"][0] for h in fb["hints"]]
    assert starts == sorted(starts)
    hl.hints_wanted += 3  # the front end's "More hints"
    assert len(hl.feedback["hints"]) == 6 and hl.feedback["more_hints"] == total - 6
    assert hl.feedback["hints"][:3] == fb["hints"]
    hl.check_count += 1  # a new Check starts with three again
    assert hl.hints_wanted == 3 and len(hl.feedback["hints"]) == 3


def test_hints_name_the_paragraph_and_sentence_the_margin_shows(article: Article, key: medialit.AnswerKey) -> None:
    hl = Highlighter(article, labels=["hedge"])
    hl.check_count += 1
    hl.hints_wanted = 100
    hints = hl.feedback["hints"]
    missed = key.core("hedge")
    counts = [re.match(r".* has (an?|\d+) ", h["message"]).group(1) for h in hints]
    assert sum(1 if n in ("a", "an") else int(n) for n in counts) == len(missed)  # every miss, grouped by sentence
    for h in hints:
        paragraph = article.paragraphs[h["paragraph"] - 1]
        in_paragraph = [s for s in article.sentences if paragraph.contains(s)]
        sentence = in_paragraph[h["sentence"] - 1]
        assert [sentence.start, sentence.end] == h["sentence_span"]
        assert any(sentence.contains(k) for k in missed)
        where = "The headline" if h["paragraph"] == 1 else f"Paragraph {h['paragraph']}, sentence {h['sentence']}"
        assert h["message"].startswith(f"{where} has ") and " you did not mark. Hint: " in h["message"]
        assert not any(article.quote(k) in h["message"] for k in missed if len(article.quote(k)) > 3)
    assert hl.sentences == [[s.start, s.end] for s in article.sentences]


def test_hints_mode_sends_no_key_notes_quotes_or_corrections(article: Article, key: medialit.AnswerKey) -> None:
    hl = Highlighter(article, check="hints", reveal=False)
    assert hl.check_mode == "hints" and not hl.reveal_allowed
    errors = key.core("translation-error")
    _mark(hl, errors[:2])
    long = key.core("hedge")[0]
    hl.add(long.start, min(len(article.text), long.end + 40), "hedge")  # half credit
    hl.add(article.text.index("stressed"), article.text.index("stressed") + 8, "attribution-gap")
    hl.hints_wanted = 1000
    hl.check_count += 1
    hl.hints_wanted = 1000  # after the reset: every hint there is
    sent = json.dumps(hl.feedback, ensure_ascii=False)
    assert hl.feedback["mode"] == "hints" and hl.feedback["more_hints"] == 0
    assert not [k.id for k in key if k.note and k.note in sent]  # no note, not even of what was found
    found = {(f["start"], f["end"]) for f in hl.feedback["found"]}
    unfound = [k for k in key if not any(k.overlaps(medialit.Span(*f)) for f in found)]
    own = " ".join(f["quote"] for f in [*hl.feedback["found"], *hl.feedback["false_alarms"]])
    for k in unfound:
        if len(article.quote(k)) > 12 and article.quote(k) not in own:  # (the headline is printed twice)
            assert article.quote(k) not in sent, k.id
        if k.correction and k.correction not in article.text:
            assert k.correction not in sent, k.id
    half = [f for f in hl.feedback["found"] if f["credit"] < 1]
    assert half and half[0]["message"].startswith(f"Found “{half[0]['quote']}”, for half credit")
    hl.revealed = True
    assert hl.answers == [] and hl.revealed is False  # the teacher did not allow answers


def test_the_front_end_cannot_change_the_teachers_choices(article: Article, key: medialit.AnswerKey) -> None:
    hl = Highlighter(article, check="hints", reveal=False)
    hl.set_state({"check_mode": "full", "reveal_allowed": True})  # as a message from the browser would
    assert hl.check_mode == "hints" and hl.reveal_allowed is False
    hl.set_state({"revealed": True})
    assert hl.answers == [] and hl.revealed is False
    _mark(hl, key.by_label("hedge")[:2])
    hl.check_count += 1
    assert hl.feedback["mode"] == "hints" and not any(
        k.note in json.dumps(hl.feedback, ensure_ascii=False) for k in key if k.note
    )


def test_answers_only_when_allowed_and_asked(article: Article, key: medialit.AnswerKey) -> None:
    hl = Highlighter(article, check="hints", reveal=True)
    assert hl.answers == []
    hl.check_count += 1
    assert hl.answers == []
    hl.revealed = True
    assert len(hl.answers) == len(key)


def test_check_can_be_turned_off(article: Article) -> None:
    hl = Highlighter(article, check="none")
    assert hl.check_mode == "none" and hl.has_key
    hl.add(0, 6, "hedge")
    hl.check_count += 1
    assert hl.feedback == {"error": "Check is turned off for this task."}
    assert Highlighter(Article.from_text("No key here.\n\nOfficials said so.")).check_mode == "none"
    with pytest.raises(ValueError, match="check must be one of"):
        Highlighter(article, check="answers")


def test_duplicate_marks_are_one_find(article: Article, key: medialit.AnswerKey) -> None:
    item = key.by_label("hedge")[0]
    hl = Highlighter(article, labels=["hedge"])
    hl.add(item.start, item.end, "hedge")
    hl.add(item.start - 1, item.end, "hedge")  # the same word with the space before it
    hl.check_count += 1
    assert len(hl.feedback["found"]) == 1 and hl.feedback["false_alarms"] == []


def test_under_voila_work_stays_in_the_browser(tmp_path: Path, article: Article, monkeypatch) -> None:
    path = tmp_path / "03-highlights.json"
    other = Highlighter(article, autosave=path)
    other.add(0, 6, "hedge")  # another visitor's mark in the shared file
    before = path.read_bytes()
    monkeypatch.setenv("VOILA_KERNEL_ID", "0b5e-visitor-2")
    hl = Highlighter(article, autosave=path)
    assert hl.storage == "browser" and hl.annotations == []
    assert hl.status == "Your work is kept in this browser; press Download my work to keep a copy."
    hl.add(20, 30, "hedge")
    assert path.read_bytes() == before  # never read, never written
    assert Highlighter(article, autosave=path, storage="file").annotations  # a teacher may insist on the file
    monkeypatch.delenv("VOILA_KERNEL_ID")
    assert Highlighter(article).storage == "file"
    with pytest.raises(ValueError, match="storage"):
        Highlighter(article, storage="cloud")
