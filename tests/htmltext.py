"""Reading rendered HTML back: the paragraphs' text and the marks, for tests."""

from __future__ import annotations

from html.parser import HTMLParser

HEADLINE = {"h2", "h3", "h4"}  # the article's headline, <hN class="medialit-title">


class ArticleText(HTMLParser):
    """Collect each <p> (and the headline) of the article as text (with <br> as a newline) and every <mark>'s attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.marks: list[dict[str, str | None]] = []
        self.mark_starts: list[tuple[int, int]] = []
        self.tags: list[str] = []
        self._in_article = 0
        self._in_style = False
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "style":
            self._in_style = True
        if tag == "div" and "medialit-article" in (attrs.get("class") or ""):
            self._in_article += 1
        elif self._in_article and (tag == "p" or (tag in HEADLINE and "medialit-title" in (attrs.get("class") or ""))):
            self._current = []
        elif self._current is not None and tag == "br":
            self._current.append("\n")
        elif tag == "mark" and self._in_article:
            self.marks.append(attrs)
            if self._current is not None:  # where the mark starts: (paragraph number, offset in its text)
                self.mark_starts.append((len(self.paragraphs), len("".join(self._current))))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        if (tag == "p" or tag in HEADLINE) and self._current is not None:
            self.paragraphs.append("".join(self._current))
            self._current = None

    def handle_data(self, data):
        if self._current is not None and not self._in_style:
            self._current.append(data)


def read(html: str) -> ArticleText:
    parser = ArticleText()
    parser.feed(html)
    parser.close()
    return parser
