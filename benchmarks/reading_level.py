"""Reading level of what students read: US school grade (Flesch-Kincaid) of the kit's prose.

    python benchmarks/reading_level.py [--target 8] [--worst 5]

Measures the markdown prose of each lesson (notebooks/*.ipynb) and app page (apps/*.ipynb),
the notes and hints of the answer keys, and the student docs, and prints which are over the
target grade (8: a 13-14-year-old reads it easily). Code, links' addresses and HTML are left
out; a heading, a list item and a table cell each count as a sentence, and hard-wrapped lines
of one paragraph are joined first. Syllables are counted with a vowel-group rule (no
dictionary, so no download; right for about 9 words in 10), so a grade is good to about half
a grade: a guide for editing, not a verdict.

Flesch-Kincaid grade = 0.39 x (words per sentence) + 11.8 x (syllables per word) - 15.59
(Kincaid, Fishburne, Rogers and Chissom, 1975).
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEYS = ROOT / "lib" / "medialit" / "data" / "keys"
DOCS = ("docs/transfer-task.md", "docs/glossary.md", "docs/voila-app.md")

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)|\n")


def syllables(word: str) -> int:
    """Syllables in one English word, by vowel groups with the usual corrections (silent e, -ed, -es)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1  # a number is read as a word
    if len(w) <= 3:
        return 1
    n = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1  # make, hedge, source
    elif w.endswith("es") and not re.search(r"(?:[cgsxz]|ch|sh)es$", w) and n > 1:
        n -= 1  # makes (but boxes, sources)
    elif w.endswith("ed") and not re.search(r"[td]ed$", w) and n > 1:
        n -= 1  # marked (but wanted)
    # two vowels that are two syllables: media, radio, actual, video (not nation, Russia, people)
    n += len(re.findall(r"(?<![cstx])i[ao]|[^q]ua|eo(?![up])", w))
    return max(1, n)


@dataclass
class Reading:
    name: str
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return 0.39 * self.words / max(1, self.sentences) + 11.8 * self.syllables / self.words - 15.59


_ABBREVIATIONS = re.compile(r"\b(?:[A-Za-z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|St|vs|etc|No)\.")


def measure(name: str, text: str) -> Reading:
    """Words, sentences and syllables of plain prose (one line per heading, list item or table row)."""
    text = _ABBREVIATIONS.sub(lambda m: m.group().replace(".", ""), text)  # U.S., e.g. and Dr. end no sentence
    words = sentences = syl = 0
    for chunk in _SENTENCE_END.split(text):
        found = _WORD.findall(chunk)
        if not found:
            continue
        sentences += 1
        words += len(found)
        syl += sum(syllables(w) for w in found)
    return Reading(name, words, sentences, syl)


_MARKDOWN = (
    (re.compile(r"```.*?```", re.S), "\n"),  # code blocks
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"<[^>]+>"), " "),  # HTML tags
    (re.compile(r"`[^`]*`"), "it"),  # inline code reads as one short word
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"<?https?://\S+>?"), ""),  # bare addresses
    (re.compile(r"^\s*\|?[\s:|-]+\|?\s*$", re.M), ""),  # table rules
    (re.compile(r"\s*\|\s*"), ". "),  # table cells read as short sentences
    (re.compile(r"^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s*", re.M), ""),  # headings, quotes, list markers
    (re.compile(r"[*_~]"), ""),  # emphasis
)


_BLOCK_START = re.compile(r"^\s{0,3}(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|\||```)")


def unwrap(markup: str) -> str:
    """Join the hard-wrapped lines of each paragraph or list item, so a line break ends no sentence."""
    out: list[str] = []
    for line in re.sub(r"^\s{0,3}>\s?", "", markup, flags=re.M).splitlines():
        if out and out[-1].strip() and line.strip() and not _BLOCK_START.match(line) and not out[-1].startswith("|"):
            out[-1] += " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def markdown_prose(markup: str) -> str:
    """The words a reader reads in Markdown, one line per block."""
    markup = unwrap(markup)
    for pattern, repl in _MARKDOWN:
        markup = pattern.sub(repl, markup)
    return markup


def notebook_prose(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    return "\n\n".join(markdown_prose(c) for c in cells)


def key_texts(path: Path, field: str) -> list[tuple[str, str]]:
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    return [(item.get("id", "?"), item[field]) for item in items if item.get(field)]


def readings() -> tuple[list[tuple[str, Reading]], dict[str, list[Reading]]]:
    """Every measured text, by group, and the key notes and hints one by one."""
    rows: list[tuple[str, Reading]] = []
    for folder in ("notebooks", "apps"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            rows.append((folder, measure(path.stem, notebook_prose(path))))
    singles: dict[str, list[Reading]] = {}
    for path in sorted(KEYS.glob("*.json")):
        for field in ("note", "hint"):
            texts = key_texts(path, field)
            name = f"{path.stem} {field}s"
            rows.append(("keys", measure(name, "\n".join(t for _, t in texts))))
            singles[name] = [measure(i, t) for i, t in texts]
    for doc in DOCS:
        path = ROOT / doc
        if path.exists():
            rows.append(("docs", measure(path.name, markdown_prose(path.read_text(encoding="utf-8")))))
    return rows, singles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", type=float, default=8.0, help="highest US grade level wanted (default 8)")
    parser.add_argument("--worst", type=int, default=5, help="key notes and hints to list over the target")
    args = parser.parse_args(argv)
    rows, singles = readings()
    print(f"Reading level (Flesch-Kincaid US grade; target: {args.target:g} or below)\n")
    print(f"  {'group':<10}{'text':<42}{'words':>7}{'sent.':>7}{'grade':>7}")
    over = []
    for group, r in rows:
        flag = "  OVER" if r.grade > args.target else ""
        print(f"  {group:<10}{r.name:<42}{r.words:>7}{r.sentences:>7}{r.grade:>7.1f}{flag}")
        if flag:
            over.append(f"{group}/{r.name}")
    for name, items in singles.items():
        high = sorted((r for r in items if r.grade > args.target), key=lambda r: -r.grade)
        if high:
            listed = ", ".join(f"{r.name} {r.grade:.1f}" for r in high[: args.worst])
            print(f"\n  {name}: {len(high)} of {len(items)} over {args.target:g} on their own (worst: {listed})")
        elif items:
            top = max(items, key=lambda r: r.grade)
            print(
                f"\n  {name}: none of {len(items)} over {args.target:g} on their own (highest: {top.name} {top.grade:.1f})"
            )
    print(f"\nOver grade {args.target:g}: {', '.join(over) if over else 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
