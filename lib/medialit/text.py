"""The article model: exact text, and spans with character offsets into it.

Every offset in the kit is a Python ``str`` offset (code points), end-exclusive, so
``article.text[span.start:span.end]`` is always the quoted text. There is one span
type; an :class:`Annotation` is a span with a label.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from dataclasses import asdict, dataclass, field
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from . import resources

#: The labels a student or a key can use.
LABELS: tuple[str, ...] = ("attribution-gap", "hedge", "translation-error")
#: Labels a detector may add on top (boosters are the opposite of hedges).
DETECTOR_LABELS: tuple[str, ...] = (*LABELS, "booster")

#: Largest article the kit accepts (characters): far beyond any news story.
MAX_CHARS = 25_000_000
#: Largest text the detectors read (about 800,000 words, half a minute of analysis): longer is not an article.
MAX_ANALYZE_CHARS = 5_000_000


class ArticleError(ValueError):
    """An article could not be read or made; the message says why and what to do."""


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of ``article.text``: ``start`` inclusive, ``end`` exclusive."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not isinstance(self.start, int) or not isinstance(self.end, int):
            raise ValueError(f"span offsets must be whole numbers, got {self.start!r}, {self.end!r}")
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"span {self.start}-{self.end} is reversed or negative")

    def __len__(self) -> int:
        return self.end - self.start

    @classmethod
    def _trusted(cls, start: int, end: int) -> Span:
        """A span from offsets the kit computed itself (a regex match): no checks, for texts of many parts."""
        span = object.__new__(cls)
        object.__setattr__(span, "start", start)
        object.__setattr__(span, "end", end)
        return span

    def overlap(self, other: Span) -> int:
        """Number of characters shared with ``other``."""
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def overlaps(self, other: Span) -> bool:
        return self.overlap(other) > 0

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, order=True)
class Annotation(Span):
    """A labelled span: a student's mark, a key item or a detector finding.

    ``note`` is the explanation shown to students, ``rule`` the cue or rule that
    fired (detector output), ``correction`` the intended English (translation
    errors in a key), ``category`` a finer kind within the label; key items also
    carry an ``id`` and a ``hint`` that points at the problem without giving it away.
    Key items also say where the problem comes from: ``origin`` is ``"wire"`` (the
    news agency's original already had it) or ``"copy"`` (the republication or its
    translation brought it in), ``original`` the wire's own words for a copy item as
    ``{"quote": ..., "url": ...}``, and ``priority`` ``"core"`` (every student should
    find it) or ``"extra"`` (a bonus find). A key item that is one problem seen two
    ways ("He said" is a wrong pronoun and hides the speaker) names its other
    labels in ``also``: a mark with any of :attr:`labels` finds it.
    """

    label: str = "hedge"
    note: str = field(default="", compare=False)
    rule: str = field(default="", compare=False)
    correction: str | None = field(default=None, compare=False)
    category: str = field(default="", compare=False)
    id: str = field(default="", compare=False)
    hint: str = field(default="", compare=False)
    origin: str = field(default="", compare=False)
    original: dict[str, str] | None = field(default=None, compare=False)
    priority: str = field(default="", compare=False)
    also: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.label not in DETECTOR_LABELS:
            raise ValueError(f"unknown label {self.label!r}: use one of {', '.join(DETECTOR_LABELS)}")
        if not isinstance(self.also, tuple):
            object.__setattr__(self, "also", tuple(self.also))
        for other in self.also:
            if not isinstance(other, str) or other not in LABELS or other == self.label:
                raise ValueError(f"'also' label {other!r} must be another of {', '.join(LABELS)}")
        if len(set(self.also)) != len(self.also):
            raise ValueError(f"'also' names a label twice: {', '.join(self.also)}")

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label under which this item counts: its ``label`` first, then ``also``."""
        return (self.label, *self.also)

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        """Plain data (JSON-ready); with ``text``, includes the quote."""
        data = {k: v for k, v in asdict(self).items() if v not in ("", None, ())}
        if self.also:
            data["also"] = list(self.also)
        data.setdefault("label", self.label)
        if text is not None:
            data["quote"] = self.text_of(text)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotation:
        """Read the plain data written by :meth:`to_dict` (extra keys are ignored)."""
        try:
            return cls(
                start=data["start"],
                end=data["end"],
                label=data["label"],
                note=data.get("note") or "",
                rule=data.get("rule") or "",
                correction=data.get("correction"),
                category=data.get("category") or "",
                id=str(data.get("id") or ""),
                hint=data.get("hint") or "",
                origin=data.get("origin") or "",
                original=dict(data["original"]) if data.get("original") else None,
                priority=data.get("priority") or "",
                also=_label_list(data.get("also")),
            )
        except KeyError as exc:
            raise ValueError(f"annotation {data!r} has no {exc.args[0]!r}") from None
        except TypeError:
            raise ValueError(f"annotation {data!r} is not a mapping with start, end and label") from None


def _label_list(value: Any) -> tuple[str, ...]:
    """``also`` as read from JSON: a list of labels (one label alone is accepted too)."""
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"'also' must be a list of labels, not {type(value).__name__}")
    return tuple(value)


# --- reading files -----------------------------------------------------------------


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis (for tables and chart labels)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def normalise(text: str) -> str:
    """Drop a byte-order mark and make every line ending ``\\n``; change nothing else."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --- the article -------------------------------------------------------------------

_METADATA_PATTERNS: dict[str, re.Pattern[str]] = {
    # "Source: Wales Online", "Via: ...", "Credit: ..." on a line of its own
    "source": re.compile(
        # a label and a separator ("Source: X", "Via - X"), so "Sources close to the council said..." is story text
        r"^(?:(?:source|sources|via|credit|photo|image)\s*[:\-–—]|originally published (?:by|in|at)|copyright\b|©)"
        r"\s*(?P<value>\S.{0,150}?)\s*$",
        re.I,
    ),
    # "By Jane Smith" / "By Jane Smith and Ali Khan, Reuters" on a short line
    "byline": re.compile(
        r"^[Bb][Yy]\s+(?P<value>[A-Z][\w.’'-]*(?:[ ,]+(?:[A-Z][\w.’'-]*|and|&|de|van|von|der|al))*)\s*$"
    ),
    # "Published: 16 February 2022", "February 16, 2022", "Wed 16 Feb 2022 10:30 GMT"
    "date": re.compile(
        r"^(?:(?:published|updated|posted|date)\s*:?\s*)?(?P<value>(?:\w+day,?\s+)?(?:\d{1,2}\s+)?"
        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?\d{4}.{0,30}?|"
        r"\d{4}-\d{2}-\d{2}.{0,20}?)\s*$",
        re.I,
    ),
    # "KYIV, Ukraine (AP) — " at the start of the first paragraphs
    "dateline": re.compile(
        r"^(?P<value>[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.' -]{1,30})?(?:\s*\([A-Z][\w .&-]{0,30}\))?)\s*[—–-]{1,2}\s+\S"
    ),
}
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
#: a paragraph without its surrounding space: up to a blank line, or (text without blank lines) one line
_BLOCK_PARAGRAPH = re.compile(r"\S(?:(?:(?!\n[ \t]*\n)[\s\S])*\S)?")
_LINE_PARAGRAPH = re.compile(r"\S(?:[^\n]*\S)?")
#: splits a Treebank token further: curly quotes and dashes stand alone, possessives split off
_SUBTOKEN = re.compile(r"[“”‘«»„–—…]|’(?:s|d|ll|re|ve|m|t)\b|’|[^\s“”‘’«»„–—…]+")
_LOWER_WORD_STOP = re.compile(r"^[^\W\d_][^\W\d_]*\.$")
#: tags the tagger was trained with, for curly punctuation it never saw
_TAG_FORMS = {"“": "``", "”": "''", "‘": "`", "’": "'", "«": "``", "»": "''", "–": "--", "—": "--"}


def _subtokens(text: str, start: int, end: int) -> list[Span]:
    """Split one Treebank token at curly quotes, dashes and a sentence-internal full stop."""
    piece = text[start:end]
    if piece.isalnum():
        return [Span(start, end)]
    spans = []
    for m in _SUBTOKEN.finditer(piece):
        a, b = start + m.start(), start + m.end()
        # "start." inside a sentence: a lowercase word with a stray full stop (not "U.S.")
        if b - a > 2 and _LOWER_WORD_STOP.match(m.group()) and m.group()[0].islower():
            spans.extend((Span(a, b - 1), Span(b - 1, b)))
        else:
            spans.append(Span(a, b))
    return spans


_FALLBACK_TOKEN = re.compile(r"\w+(?:[’'.-]\w+)*|[^\w\s]")


@functools.cache
def _treebank():
    from nltk.tokenize import TreebankWordTokenizer

    return TreebankWordTokenizer()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Word tokens of ``text[start:end]`` as spans of ``text`` (Treebank, refined)."""
    end = len(text) if end is None else end
    segment = text[start:end]
    try:
        raw = list(_treebank().span_tokenize(segment))
    except (ValueError, LookupError):  # Treebank cannot align some rare quote patterns
        raw = [(m.start(), m.end()) for m in _FALLBACK_TOKEN.finditer(segment)]
    out: list[Span] = []
    for a, b in raw:
        out.extend(_subtokens(text, start + a, start + b))
    return out


class Article:
    """A news article: its exact text, title, paragraphs, sentences, tokens and metadata.

    Make one with :func:`load_article` or :meth:`Article.from_text`.
    """

    def __init__(self, text: str, title: str | None = None, name: str = "pasted text"):
        if not isinstance(text, str):
            raise ArticleError(f"article text must be a str, not {type(text).__name__}")
        text = normalise(text)
        if not text.strip():
            raise ArticleError(f"{name} is empty: there is no text to analyse")
        if len(text) > MAX_CHARS:
            raise ArticleError(
                f"{name} has {len(text):,} characters, more than the {MAX_CHARS:,} the kit handles: "
                "split it into articles"
            )
        self.text = text
        self.name = name
        self.paragraphs: list[Span] = self._paragraphs()
        self.title_span: Span | None = self._title_span(title)
        self.title: str = title if title else (self.quote(self.title_span) if self.title_span else "")
        self.metadata: dict[str, Span] = {}
        self.metadata_lines: list[Span] = []
        #: what a web page declares about itself (title, author, date, sitename), when read from HTML
        self.page_metadata: dict[str, str] = {}
        self._find_metadata()

    @classmethod
    def from_text(cls, text: str, title: str | None = None, name: str = "pasted text") -> Article:
        """An article from a string (for example text pasted into a notebook)."""
        return cls(text, title=title, name=name)

    def __repr__(self) -> str:
        return f"<Article {self.title[:50]!r}: {len(self.text):,} characters, {len(self.sentences)} sentences>"

    def __len__(self) -> int:
        return len(self.text)

    @functools.cached_property
    def sha256(self) -> str:
        """Fingerprint of the text: tells whether marks and keys belong to this article."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def quote(self, span: Span) -> str:
        return self.text[span.start : span.end]

    # structure ---------------------------------------------------------------------
    def _paragraphs(self) -> list[Span]:
        """Paragraphs, trimmed: split at blank lines, or at every line when there are none.

        One regular expression finds them all (no Python work per character), so a text of a
        million short lines is split in a second, not minutes.
        """
        text = self.text
        lines = not _PARAGRAPH_BREAK.search(text) and "\n" in text.strip()
        pattern = _LINE_PARAGRAPH if lines else _BLOCK_PARAGRAPH
        return [Span._trusted(m.start(), m.end()) for m in pattern.finditer(text)]

    def _title_span(self, title: str | None) -> Span | None:
        if title is not None or not self.paragraphs:
            return None
        first = self.paragraphs[0]
        line = self.quote(first)
        # a headline: one short line, more than one word, not ending like a sentence
        if (
            len(self.paragraphs) > 1
            and "\n" not in line
            and len(line) <= 200
            and " " in line
            and not _SENTENCE_END.search(line)
        ):
            return first
        return None

    def _find_metadata(self) -> None:
        for i, para in enumerate(self.paragraphs):
            if para.end - para.start < 4:  # "By X" is the shortest metadata line
                continue
            line = self.quote(para)
            if "\n" in line or len(line) > 200:
                if i < 5 and (m := _METADATA_PATTERNS["dateline"].match(line)):
                    self.metadata.setdefault(
                        "dateline", Span(para.start + m.start("value"), para.start + m.end("value"))
                    )
                continue
            for kind, pattern in _METADATA_PATTERNS.items():
                m = pattern.match(line)
                if not m or kind in self.metadata:
                    continue
                if kind == "dateline" and i >= 5:
                    continue  # a dateline opens the story
                self.metadata[kind] = Span(para.start + m.start("value"), para.start + m.end("value"))
                if kind != "dateline":
                    self.metadata_lines.append(para)
                break

    @functools.cached_property
    def sentences(self) -> list[Span]:
        """Sentences (NLTK Punkt), never crossing a paragraph; a headline is one sentence."""
        splitter = resources.sentence_splitter()
        out: list[Span] = []
        for para in self.paragraphs:
            if para == self.title_span or para in self.metadata_lines:
                out.append(para)
                continue
            for a, b in splitter.span_tokenize(self.quote(para)):
                out.append(Span(para.start + a, para.start + b))
        return out

    @functools.cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence holding (or last starting before) ``offset``."""
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def sentence_of(self, span: Span) -> Span:
        return self.sentences[self.sentence_index(span.start)]

    @functools.cached_property
    def sentence_tokens(self) -> list[list[Span]]:
        """Tokens of each sentence (the detectors' input; very long texts are refused here)."""
        if len(self.text) > MAX_ANALYZE_CHARS:
            raise ArticleError(
                f"{self.name} has {len(self.text):,} characters; the detectors read at most {MAX_ANALYZE_CHARS:,} "
                "(a whole book): split it into articles and analyse them one by one"
            )
        return [tokenize(self.text, s.start, s.end) for s in self.sentences]

    @property
    def tokens(self) -> list[Span]:
        """Every word token of the article, in order."""
        return [t for sent in self.sentence_tokens for t in sent]

    @functools.cached_property
    def sentence_tags(self) -> list[list[str]]:
        """Penn Treebank POS tags of each sentence's tokens (tagged once, then cached)."""
        tag = resources.tagger().tag
        out = []
        for toks in self.sentence_tokens:
            words = [_TAG_FORMS.get(w, w.replace("’", "'")) for w in (self.quote(t) for t in toks)]
            out.append([t for _, t in tag(words)] if words else [])
        return out

    def is_metadata(self, span: Span) -> bool:
        """True when ``span`` lies in a metadata line or the headline (not the story)."""
        return any(line.contains(span) for line in self.metadata_lines)


@functools.cache
def _bundled_text() -> str:
    return importlib_resources.files("medialit").joinpath("data/articles/bundled.txt").read_text(encoding="utf-8")


def load_article(source: str | Path | None = None) -> Article:
    """Load an article: none for the bundled one, or a ``.txt``, ``.md`` or ``.html`` file.

    HTML and Markdown are reduced to the text a reader sees (see :mod:`medialit.readers`). For
    text you already have in a string, use :meth:`Article.from_text` instead.
    """
    from .readers import load_article as _load_article

    return _load_article(source)
