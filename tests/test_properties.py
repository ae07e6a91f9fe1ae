"""Property-based tests of the offset arithmetic, for any text and any spans."""

from __future__ import annotations

import unicodedata

import medialit
from htmltext import read
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from medialit import Annotation, Article, render_html
from medialit.highlights import from_document, from_w3c, to_document, to_w3c

# letters of many scripts, combining marks, emoji and other astral characters, RTL, quotes, markup, newlines
ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Zs", "Cc"),
    exclude_characters="\r\x00\ufeff",
) | st.sampled_from(["\n", "\n\n", "<script>", "&amp;", "😀", "👩‍👩‍👧", "\u0301", "שלום", "“", "”", "𝒜"])
TEXTS = st.lists(ALPHABET, min_size=1, max_size=60).map("".join).filter(lambda t: t.strip())


@st.composite
def article_and_spans(draw):
    text = draw(TEXTS)
    article = Article.from_text(text)
    n = len(article.text)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        spans.append(Annotation(start, end, draw(st.sampled_from(medialit.LABELS)), note=draw(st.text(max_size=10))))
    return article, spans


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(article_and_spans())
def test_rendered_text_equals_the_article_text(data) -> None:
    article, spans = data
    shown = read(render_html(article, spans).html).paragraphs
    assert shown == [article.quote(p) for p in article.paragraphs]


@SETTINGS
@given(article_and_spans())
def test_highlights_never_cut_a_character(data) -> None:
    article, spans = data
    parsed = read(render_html(article, spans).html)
    for para, offset in parsed.mark_starts:
        text = parsed.paragraphs[para]
        # a highlight never starts on a combining mark that belongs to the letter before it
        assert offset == 0 or offset >= len(text) or not unicodedata.combining(text[offset]), (text, offset)


@SETTINGS
@given(article_and_spans())
def test_save_then_load_returns_the_same_annotations(data) -> None:
    article, spans = data
    marks = [{"start": a.start, "end": a.end, "label": a.label} for a in spans]
    expected = sorted({(m["start"], m["end"], m["label"]) for m in marks})
    back = from_document(to_document(marks, article), article)
    assert [(m["start"], m["end"], m["label"]) for m in back] == expected
    assert all(m["quote"] == article.text[m["start"] : m["end"]] for m in back)
    w3c = from_w3c(to_w3c(marks, article), article)
    assert [(m["start"], m["end"], m["label"]) for m in w3c] == expected


@SETTINGS
@given(TEXTS)
def test_every_structural_span_quotes_the_text(text) -> None:
    article = Article.from_text(text)
    for span in article.paragraphs + article.sentences + article.tokens:
        assert 0 <= span.start < span.end <= len(article.text)
    for sent in article.sentences:
        assert any(p.contains(sent) for p in article.paragraphs)


# --- random JSON into every reader: a result or the kit's own error, never anything else -----------------------

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(["hedge", "Annotation", "AnnotationPage", "TextQuoteSelector", "TextPositionSelector", ""])
)
_KEYS = st.sampled_from(
    [
        "type",
        "items",
        "first",
        "body",
        "target",
        "selector",
        "exact",
        "prefix",
        "suffix",
        "start",
        "end",
        "label",
        "quote",
        "value",
        "purpose",
        "schema",
        "article_sha256",
        "annotations",
        "id",
        "note",
        "origin",
        "original",
        "priority",
        "correction",
        "title",
        "@context",
    ]
) | st.text(max_size=6)
JSON = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5), max_leaves=25
)


@st.composite
def shaped(draw):
    """Random JSON, often dressed as a key, a highlights file or W3C data so that it gets past the first checks."""
    article = medialit.load_article()
    value = draw(JSON)
    kind = draw(st.sampled_from(["raw", "key", "highlights", "w3c", "page"]))
    if kind == "key":
        return {"schema": "medialit.key/1", "items": draw(st.lists(JSON, max_size=3)) if draw(st.booleans()) else value}
    if kind == "highlights":
        return {"schema": "medialit.highlights/1", "article_sha256": article.sha256, "annotations": value}
    if kind == "w3c":
        return {"type": "Annotation", "body": draw(JSON), "target": {"selector": value}}
    if kind == "page":
        return {
            "type": draw(st.sampled_from(["AnnotationPage", "AnnotationCollection"])),
            "items": value,
            "first": value,
        }
    return value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shaped())
def test_random_json_gives_a_result_or_the_kits_own_error(data) -> None:
    from medialit import AnswerKeyError, HighlightsError
    from medialit.keys import key_from_dict
    from medialit.w3c import read_w3c

    article = medialit.load_article()
    for reader, errors in (
        (key_from_dict, AnswerKeyError),
        (from_document, HighlightsError),
        (read_w3c, HighlightsError),
    ):
        try:
            result = reader(data, article)
        except errors:
            continue
        assert result is not None
