"""Reading article files: plain text, web pages and Markdown, with parsers that run in linear time.

Web pages go through ``trafilatura``, made for pulling a news article's text and metadata out of
a page (menus, share buttons and footers left out); its title, author, date and site name become
the article's headline and metadata lines, so the byline and date rules see what the page says.
Markdown goes through ``markdown-it-py`` (CommonMark); raw HTML inside it is reduced to its
visible text. Every file is opened as a regular file of bounded size (see :mod:`medialit.files`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from .files import read_for
from .text import Article, ArticleError, _bundled_text, normalise

#: Largest plain-text article file (bytes): the text itself is capped at ``text.MAX_CHARS`` characters.
MAX_TEXT_BYTES = 100_000_000
#: Largest web page or Markdown file (bytes): a news page is well under 1 MB.
MAX_MARKUP_BYTES = 10_000_000

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)


def decode(data: bytes, name: str = "the file") -> str:
    """Decode article bytes: UTF-8 (with or without BOM), or UTF-16 or UTF-32 with a BOM."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise ArticleError(f"{name} starts like {codec[:6].upper()} text but is damaged") from None
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{name} looks like a binary file, not text: save the article as plain text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}): "
            "save it as UTF-8 and try again"
        ) from None


# --- visible text of HTML (lxml: libxml2's parser, linear time) --------------------------

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_HIDDEN_TAGS = frozenset("script style noscript template head title svg math iframe object select button".split())
_SPACES = re.compile(r"\s+")


_MARK = "\ue000"  # a private-use character: marks block boundaries while lxml flattens the tree


_BLOCK_TAG = re.compile(
    r"<(/?)(" + "|".join(sorted(_BLOCK_TAGS, key=len, reverse=True)) + r")(?=[\s/>])", re.IGNORECASE
)


def _visible_paragraphs(markup: str) -> list[str]:
    """The text a browser shows, one string per block; scripts, styles, comments and SVG left out.

    Block tags are marked in the source with one regular expression, and libxml2 does the rest
    (parse, drop hidden elements, flatten to text), so the time is linear with no Python work
    per element.
    """
    import lxml.etree
    import lxml.html

    markup = _BLOCK_TAG.sub(_MARK + r"<\1\2", markup.replace(_MARK, ""))
    if not markup.strip(_MARK + " \t\r\n"):
        return []
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return []
    lxml.etree.strip_elements(
        root, lxml.etree.Comment, lxml.etree.ProcessingInstruction, *_HIDDEN_TAGS, with_tail=False
    )
    flat = lxml.etree.tostring(root, method="text", encoding="unicode")
    return [p for p in (_SPACES.sub(" ", b).strip() for b in flat.split(_MARK)) if p]


# --- web pages ----------------------------------------------------------------------------


#: a page with more tags than this is not a news page: its visible text is read without the extractor,
#: whose work grows with the number of elements (a real news page has a few thousand)
MAX_EXTRACTOR_TAGS = 20_000


def page_metadata(markup: str) -> tuple[str, dict[str, str]]:
    """A page's article text (blank line between paragraphs) and its metadata: title, author, date, site."""
    doc = None
    if markup.count("<") <= MAX_EXTRACTOR_TAGS:
        import trafilatura

        try:
            doc = trafilatura.bare_extraction(
                markup, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
            )
        except Exception:  # a page the extractor chokes on is read as plain visible text below
            doc = None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    meta: dict[str, str] = {}
    if doc is not None:
        for key in ("title", "author", "date", "sitename"):
            value = getattr(doc, key, None)
            if isinstance(value, str) and value.strip():
                meta[key] = _SPACES.sub(" ", value).strip()
    if text:
        paragraphs = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    else:  # a page too small, too odd or too big for the extractor: everything visible
        paragraphs = _visible_paragraphs(markup)
    return "\n\n".join(p for p in paragraphs if p), meta


def _metadata_lines(text: str, meta: dict[str, str]) -> list[str]:
    """Lines for the page's byline, date and site that the text itself does not show."""
    lines = []
    author = meta.get("author")
    if author and author not in text[:2000]:
        lines.append(f"By {author}")
    date = meta.get("date")
    if date and date not in text[:2000]:
        lines.append(f"Published: {date}")
    site = meta.get("sitename")
    if site and site not in text[:2000]:
        lines.append(f"Source: {site}")
    return lines


def read_page(markup: str) -> tuple[str, str | None, dict[str, str]]:
    """An HTML page's article text with its byline, date and site as metadata lines; its title; its metadata."""
    text, meta = page_metadata(markup)
    title = meta.get("title")
    if text:
        text = "\n\n".join([*_metadata_lines(text, meta), text])
    return text, title, meta


# --- Markdown -----------------------------------------------------------------------------


#: characters that may start inline Markdown (emphasis, links, code, HTML, entities, escapes)
_INLINE_MARKUP = re.compile(r"[*_\[\]`<&\\!]")
#: inline markup characters read with every CommonMark rule per document; past this, a paragraph is read
#: with the cheap rules only (text, HTML, entities). Prose has a few hundred; markdown-it-py's cost per
#: link or emphasis delimiter is high, so this bounds the time a hostile file can take.
MARKDOWN_INLINE_BUDGET = 10_000


def _budgeted_inline(state) -> None:
    """markdown-it's inline step, with every rule until the document's budget of markup is spent.

    Past the budget a paragraph is passed on as raw HTML: the HTML reader then shows its text
    (tags dropped, entities decoded) in linear time, with the Markdown punctuation left as typed.
    """
    from markdown_it.token import Token

    md = state.md
    budget = state.env.get("medialit_budget", MARKDOWN_INLINE_BUDGET)
    for token in state.tokens:
        if token.type != "inline":
            continue
        cost = len(_INLINE_MARKUP.findall(token.content))
        if cost <= budget:
            budget -= cost
            token.children = []
            md.inline.parse(token.content, md, state.env, token.children)
        else:
            token.children = [Token("html_inline", "", 0, content=token.content)]
    state.env["medialit_budget"] = budget


@functools.cache
def _markdown():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    md.core.ruler.at("inline", _budgeted_inline)
    return md


def markdown_to_text(markup: str) -> tuple[str, str | None]:
    """Text of a Markdown article as a reader sees it (CommonMark), and its first level-1 heading."""
    md = _markdown()
    tokens = md.parse(markup, {})
    title = None
    for i, tok in enumerate(tokens[:-1]):
        if tok.type == "heading_open" and tok.tag == "h1":
            title = _SPACES.sub(" ", tokens[i + 1].content).strip() or None
            break
    for tok in tokens:  # images have no text a reader sees
        if tok.children:
            tok.children = [c for c in tok.children if c.type != "image"]
    html = md.renderer.render(tokens, md.options, {})
    return "\n\n".join(_visible_paragraphs(html)), title


# --- files --------------------------------------------------------------------------------


def _plain(text: str) -> tuple[str, str | None, dict[str, str]]:
    return text, None, {}


def _markdown_page(markup: str) -> tuple[str, str | None, dict[str, str]]:
    return (*markdown_to_text(markup), {})


#: suffix -> (reader giving the text, its title and page metadata; largest file read, in bytes)
_READERS: dict[str, tuple[Callable[[str], tuple[str, str | None, dict[str, str]]], int]] = {
    ".txt": (_plain, MAX_TEXT_BYTES),
    ".text": (_plain, MAX_TEXT_BYTES),
    ".md": (_markdown_page, MAX_MARKUP_BYTES),
    ".markdown": (_markdown_page, MAX_MARKUP_BYTES),
    ".html": (read_page, MAX_MARKUP_BYTES),
    ".htm": (read_page, MAX_MARKUP_BYTES),
}


def load_article(source: str | Path | None = None) -> Article:
    """Load an article: none for the bundled one, or a ``.txt``, ``.md`` or ``.html`` file.

    HTML and Markdown are reduced to the text a reader sees. For text you already
    have in a string, use :meth:`Article.from_text` instead.
    """
    if source is None:
        return Article(_bundled_text(), name="the bundled article")
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise ArticleError(
            f"{path.name}: unknown kind of file {suffix or '(no extension)'!r}; "
            "use a .txt, .md or .html file, or Article.from_text(text) for a string"
        )
    reader, limit = _READERS[suffix]
    data = read_for(path, limit, "article file", ArticleError)
    text, title, metadata = reader(normalise(decode(data, path.name)))
    article = Article(text, title=title, name=path.name)
    article.page_metadata = metadata
    return article
