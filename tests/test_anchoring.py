"""Placing highlights again on a text: position, exact quote in context, fuzzy quote, or an honest 'not anchored'."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from medialit.anchoring import NotAnchored, Unanchored, _myers, anchor, distance, search, similarity

TEXT = (
    "Officials said the talks may resume.\n\n"
    "The ministry said on Tuesday that troops were returning to their bases.\n\n"
    "Critics said the claims were apparently exaggerated, and officials said nothing more."
)


def quote(text: str, start: int, end: int, context: int = 32) -> list[dict]:
    return [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - context) : start],
            "suffix": text[end : end + context],
        }
    ]


def position(start: int, end: int) -> list[dict]:
    return [{"type": "TextPositionSelector", "start": start, "end": end}]


def _levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[:], i
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
    return row[-1]


def _best_ending_at(pattern: str, text: str) -> list[int]:
    """The fewest edits of ``pattern`` against a substring of ``text`` ending at each position (plain DP)."""
    row = [0] * (len(text) + 1)
    for i, c in enumerate(pattern, 1):
        new = [i] + [0] * len(text)
        for j, t in enumerate(text, 1):
            new[j] = min(row[j] + 1, new[j - 1] + 1, row[j - 1] + (c != t))
        row = new
    return row[1:]


WORDS = st.text(alphabet="ab c😀é", max_size=14)


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS)
def test_myers_agrees_with_the_textbook_algorithm(a: str, b: str) -> None:
    assert distance(a, b) == _levenshtein(a, b)
    if a and b:
        assert _myers(a, b, search=True) == _best_ending_at(a, b)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab \n😀", min_size=1, max_size=40), st.data())
def test_by_quote_and_context_a_highlight_lands_right_or_is_reported_never_wrong(text: str, data) -> None:
    """Tiny texts of few letters repeat everything: the hardest case for quote and context alone."""
    from medialit.w3c import selectors

    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    try:
        got = anchor(selectors(text, start, end)[:1], text)  # the quote selector only: no position
    except NotAnchored:
        return
    assert (got.start, got.end) == (start, end)


def test_similarity_and_search() -> None:
    assert similarity("", "") == 1.0 and similarity("abc", "xyz") == 0.0 and similarity("said", "sad") == 0.75
    found = search("ministry sad", TEXT, 2)
    assert [(TEXT[s:e], err) for s, e, err in found] == [("ministry said", 1)]
    assert search("zebra", TEXT, 1) == []


def test_position_first_when_its_text_is_the_quote() -> None:
    start = TEXT.index("officials said nothing")
    got = anchor(quote(TEXT, start, start + 14) + position(start, start + 14), TEXT)
    assert (got.start, got.end, got.method) == (start, start + 14, "position")


def test_quote_in_context_picks_the_right_one_of_several() -> None:
    # "said" four times: the context decides, the stale position does not
    start = TEXT.index("said on Tuesday")
    got = anchor(quote(TEXT, start, start + 4) + position(0, 4), TEXT)
    assert (got.start, got.method) == (start, "context")
    # the context written by a page that joins paragraphs differently (no white space between them)
    second = TEXT.index("The ministry")
    page = TEXT.replace("\n\n", "")
    at = page.index("The ministry")
    got = anchor(quote(page, at, at + 12, context=6), TEXT)
    assert (got.start, got.end) == (second, second + 12)


def test_unique_quote_anchors_without_context() -> None:
    start = TEXT.index("apparently")
    got = anchor([{"type": "TextQuoteSelector", "exact": "apparently"}], TEXT)
    assert (got.start, got.end, got.method) == (start, start + 10, "quote")


@pytest.mark.parametrize(
    ("saved_on", "placed_on", "saved", "expected"),
    [
        # a typo fixed since the highlight was made
        (TEXT.replace("apparently", "apparantly"), TEXT, "apparantly exaggerated", "apparently exaggerated"),
        # a word added
        (
            TEXT,
            TEXT.replace("were returning", "were slowly returning"),
            "troops were returning",
            "troops were slowly returning",
        ),
        # words changed
        (TEXT, TEXT.replace("claims were", "claim was"), "the claims were apparently", "the claim was apparently"),
    ],
)
def test_fuzzy_when_the_text_changed_a_little(saved_on: str, placed_on: str, saved: str, expected: str) -> None:
    """Saved on one version of the text, placed on another: the closest place, confirmed by its context."""
    start = saved_on.index(saved)
    got = anchor(quote(saved_on, start, start + len(saved)) + position(start, start + len(saved)), placed_on)
    assert got.method == "fuzzy" and got.score > 0.7
    assert placed_on[got.start : got.end] == expected


def test_fuzzy_without_context_only_when_very_close() -> None:
    assert TEXT[anchor([{"type": "TextQuoteSelector", "exact": "apparantly"}], TEXT).start :].startswith("apparently")
    with pytest.raises(NotAnchored, match="no context to confirm"):
        anchor([{"type": "TextQuoteSelector", "exact": "troops were slowly returning"}], TEXT)


@pytest.mark.parametrize(
    ("selectors", "reason"),
    [
        ([{"type": "TextQuoteSelector", "exact": "zebra crossing at noon"}], "not in this article"),
        ([{"type": "TextQuoteSelector", "exact": "said"}], "occurs 4 times and it has no context"),
        (
            [{"type": "TextQuoteSelector", "exact": "said", "prefix": "Nobody ", "suffix": " anything"}],
            "context does not match",
        ),
        ([{"type": "TextQuoteSelector", "exact": ""}], "has no quote"),
        ([{"type": "TextQuoteSelector", "exact": "\n\n"}], "only white space"),
        (position(5, 9999), "outside the article"),
        ([{"type": "RangeSelector", "startContainer": "/p[1]"}], "no TextQuoteSelector"),
        ([], "no TextQuoteSelector"),
    ],
)
def test_not_anchored_with_a_reason_instead_of_a_guess(selectors: list, reason: str) -> None:
    with pytest.raises(NotAnchored, match=reason):
        anchor(selectors, TEXT)


def test_equally_good_places_are_ambiguous() -> None:
    sel = [{"type": "TextQuoteSelector", "exact": "said", "prefix": "e ", "suffix": " yes"}]
    with pytest.raises(NotAnchored, match="ambiguous"):
        anchor(sel, "He said yes. She said yes.")
    assert anchor([{**sel[0], "prefix": "She "}], "He said yes. She said yes.").start == 17


def test_a_quote_found_in_an_unrelated_context_is_not_placed() -> None:
    """A near quote in a context that is nothing like the saved one is another passage, not this one."""
    sel = [{"type": "TextQuoteSelector", "exact": "ministry sad", "prefix": "zzzzzzzzzzzz", "suffix": "qqqqqqqqq"}]
    with pytest.raises(NotAnchored, match="context does not match"):
        anchor(sel, TEXT)


def test_code_points_and_emoji() -> None:
    text = "Title 🇺🇦 here\n\n👩‍👩‍👧 Officials said it may rain."
    start = text.index("may")
    assert anchor(position(start, start + 3), text).start == start  # Python and W3C count code points
    moved = anchor(quote(text, start, start + 3) + position(start + 2, start + 5), text)
    assert (moved.start, moved.end) == (start, start + 3)


def test_unanchored_reads_well() -> None:
    u = Unanchored(3, "hedge", "x" * 60, "it is ambiguous")
    assert str(u).startswith("annotation 3 (hedge 'xxx") and "…" in str(u) and str(u).endswith("it is ambiguous")
    assert "\\x1b" in str(Unanchored(1, "hedge", "\x1b[31mred", "why"))  # a terminal escape is shown, not run


def test_edited_articles_never_get_highlights_on_the_wrong_words() -> None:
    """benchmarks/anchoring.py: after each kind of edit, every highlight lands right or is reported, none wrong."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "anchoring.py"
    spec = importlib.util.spec_from_file_location("bench_anchoring", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    results = bench.run()
    results.pop("_time")
    for edit, by in results.items():
        assert by["now"]["wrong"] == 0, edit
        assert by["now"]["right"] >= by["before"]["right"], edit
    assert sum(by["now"]["right"] for by in results.values()) > sum(by["before"]["right"] for by in results.values())
