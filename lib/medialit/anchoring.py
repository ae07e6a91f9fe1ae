"""Placing a saved highlight on a text again, the way web annotation tools re-anchor.

A highlight saved as W3C selectors is placed (1) by its position, when the text there
still equals its quote; (2) by its exact quote, its prefix and suffix choosing among
several occurrences; (3) by approximate matching of quote and context when the text
changed a little (a typo fixed, a word added), as the Hypothes.is client re-anchors
annotations on changed pages. When nothing matches well, or two places match about
equally well, the highlight is reported as not anchored, with the reason, instead of
being put somewhere by a guess. Runs of white space count as one space when quotes are
compared, so a quote copied from a web page (where paragraphs are joined differently)
still anchors; offsets returned are always offsets in the original text.

Approximate search uses Myers' bit-parallel algorithm (1999), which the Hypothes.is
client uses too: in one pass over the text it finds every place where the quote occurs
with at most k edits. It is written here because difflib finds longest common blocks,
not edit-distance occurrences, and RapidFuzz's alignment returns only the best place,
which cannot tell an ambiguous quote from a unique one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: a fuzzy quote may differ from the text in at most this share of its characters (with a matching context) ...
MAX_QUOTE_ERRORS = 0.4
#: ... or in at most this share when there is no context to confirm the place
MAX_QUOTE_ERRORS_ALONE = 0.2
#: below this similarity, a quote's prefix and suffix do not match the place it was found
MIN_CONTEXT = 0.5
#: below this, an exact quote's context is not its own: the quote changed a little in place is searched for too
GOOD_CONTEXT = 0.9
#: the best place must beat the next one by this much, or the quote is ambiguous
MIN_MARGIN = 0.1
#: the most approximate places looked at for one quote, and refined by their context
_MAX_CANDIDATES = 50
_MAX_REFINED = 10
# weights of quote, prefix, suffix and position in a place's score (the Hypothes.is client's balance)
_W_QUOTE, _W_PREFIX, _W_SUFFIX, _W_POSITION = 50.0, 20.0, 20.0, 2.0
_SPACE = re.compile(r"\s+")


class NotAnchored(ValueError):
    """A highlight cannot be placed on the text; the message says why."""


@dataclass(frozen=True)
class Anchor:
    """Where a highlight landed: end-exclusive code-point offsets, how, and how well (0-1)."""

    start: int
    end: int
    method: str  # "position", "quote", "context" or "fuzzy"
    score: float = 1.0


@dataclass(frozen=True)
class Unanchored:
    """A highlight that was not imported, and why (shown to the teacher and the student)."""

    number: int  # its place in the file, from 1
    label: str
    quote: str
    reason: str

    def __str__(self) -> str:
        quote = self.quote if len(self.quote) <= 40 else self.quote[:39] + "…"
        what = f"{self.label} " if self.label else ""
        return f"annotation {self.number} ({what}{quote!r}): {self.reason}"


# --- edit distance: Myers' bit-vector algorithm --------------------------------------


def _myers(pattern: str, text: str, search: bool) -> list[int]:
    """Edit distance of ``pattern`` against ``text[?:j]`` for every ``j`` in 1..len(text).

    With ``search``, the match may start anywhere in ``text`` (approximate search);
    otherwise it starts at 0, so the last value is the Levenshtein distance.
    """
    m = len(pattern)
    if m == 0:
        return [0 if search else j for j in range(1, len(text) + 1)]
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask, high = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = mask, 0, m
    carry = 0 if search else 1
    out = []
    for ch in text:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        out.append(score)
    return out


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions and substitutions of code points)."""
    if not a or not b:
        return len(a) + len(b)
    return _myers(a, b, search=False)[-1]


def similarity(a: str, b: str) -> float:
    """1 for equal strings, 0 for nothing in common (by edit distance)."""
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1.0 - distance(a, b) / longest


def search(pattern: str, text: str, max_errors: int) -> list[tuple[int, int, int]]:
    """Every place ``(start, end, errors)`` where ``pattern`` occurs in ``text`` with at most ``max_errors`` edits.

    Places that overlap a better one are dropped, so the list names distinct places, best first.
    """
    m = len(pattern)
    if m == 0:
        return []
    scores = _myers(pattern, text, search=True)
    ends = [(e, s) for e, s in enumerate(scores, 1) if s <= max_errors]
    found = []
    for end, errors in sorted(ends, key=lambda p: (p[1], p[0]))[: _MAX_CANDIDATES * 4]:
        lo = max(0, end - m - errors)
        back = _myers(pattern[::-1], text[lo:end][::-1], search=False)
        # back[j-1] = distance of pattern to text[end-j:end]; prefer the length nearest the quote's
        start, best = end, len(pattern)
        for j, d in enumerate(back, 1):
            if d < best or (d == best and abs(j - m) < abs(end - start - m)):
                start, best = end - j, d
        if best <= max_errors and start < end:
            found.append((start, end, best))
    # of equally good places, prefer whole words: a highlight is made of words
    found.sort(key=lambda p: (p[2], not (_at_boundary(text, p[0]) and _at_boundary(text, p[1])), p[0]))
    distinct: list[tuple[int, int, int]] = []
    for s, e, err in found:
        if all(e <= s2 or s >= e2 for s2, e2, _ in distinct):
            distinct.append((s, e, err))
        if len(distinct) >= _MAX_CANDIDATES:
            break
    return distinct


def _at_boundary(text: str, offset: int) -> bool:
    """True where ``offset`` does not cut a word in two."""
    return offset in (0, len(text)) or not (text[offset - 1].isalnum() and text[offset].isalnum())


# --- white space folded ---------------------------------------------------------------


@dataclass(frozen=True)
class _Folded:
    """A text with each run of white space as one space, and each character's offset in the original."""

    text: str
    index: tuple[int, ...]

    def original(self, start: int, end: int, text: str = "", exact: str = "") -> tuple[int, int]:
        """Offsets in the original text; a quote's own leading or trailing white space is kept as it was."""
        s, e = self.index[start], self.index[end - 1] + 1
        if text and exact:
            lead = len(exact) - len(exact.lstrip())
            trail = len(exact) - len(exact.rstrip())
            if lead and text[s].isspace():
                run_end = s
                while run_end < len(text) and text[run_end].isspace():
                    run_end += 1
                s = max(s, run_end - lead)
            if trail and text[e - 1].isspace():
                run_end = e - 1
                while run_end < len(text) and text[run_end].isspace():
                    run_end += 1
                e = min(run_end, e - 1 + trail)
        return s, e


@functools.lru_cache(maxsize=8)
def _fold_text(text: str) -> _Folded:
    chars, index, last = [], [], 0
    for m in _SPACE.finditer(text):
        chars.append(text[last : m.start()])
        index.extend(range(last, m.start()))
        chars.append(" ")
        index.append(m.start())
        last = m.end()
    chars.append(text[last:])
    index.extend(range(last, len(text)))
    return _Folded("".join(chars), tuple(index))


def fold(s: str) -> str:
    """``s`` with each run of white space as one space."""
    return _SPACE.sub(" ", s)


# --- anchoring ------------------------------------------------------------------------


def _selector(selectors: Iterable[Any], kind: str) -> Mapping[str, Any] | None:
    return next((s for s in selectors if isinstance(s, Mapping) and s.get("type") == kind), None)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def quote_of(selectors: Iterable[Any]) -> str:
    """The exact quote the selectors name, or ""."""
    quote = _selector(list(selectors), "TextQuoteSelector")
    return _string(quote.get("exact")) if quote else ""


def _context(expected: str, found: str, full: int) -> float:
    """Similarity of a context whose ``full`` length was cut to ``found`` by the article's edge; the rest counts 0.5."""
    return (similarity(expected, found) * len(found) + 0.5 * (full - len(found))) / full


def _prefix_score(f: _Folded, start: int, prefix: str) -> float:
    """How well ``prefix`` (white space removed) matches the text before ``start``."""
    before = f.text[max(0, start - 2 * len(prefix) - 2) : start].replace(" ", "")[-len(prefix) :]
    return _context(prefix[len(prefix) - len(before) :], before, len(prefix))


def _suffix_score(f: _Folded, end: int, suffix: str) -> float:
    """How well ``suffix`` (white space removed) matches the text after ``end``."""
    after = f.text[end : end + 2 * len(suffix) + 2].replace(" ", "")[: len(suffix)]
    return _context(suffix[: len(after)], after, len(suffix))


def _score(f: _Folded, start: int, end: int, errors: int, quote: str, prefix: str, suffix: str, hint: int | None):
    """(overall score, context score) of a place for ``quote`` in folded text ``f``.

    Context is compared without white space (pages join paragraphs with "\n\n", " " or
    nothing); where the article ends before the context does, the missing part counts half:
    a web page has more text around the article (a header, a menu).
    """
    total = _W_QUOTE * (1.0 - errors / max(1, len(quote)))
    weight, ctx, ctx_weight = _W_QUOTE, 0.0, 0.0
    if prefix:
        p = _prefix_score(f, start, prefix)
        total, weight, ctx, ctx_weight = total + _W_PREFIX * p, weight + _W_PREFIX, ctx + p, ctx_weight + 1
    if suffix:
        s = _suffix_score(f, end, suffix)
        total, weight, ctx, ctx_weight = total + _W_SUFFIX * s, weight + _W_SUFFIX, ctx + s, ctx_weight + 1
    if hint is not None and f.text:
        near = 1.0 - min(1.0, abs(f.original(start, end)[0] - hint) / len(f.text))
        total, weight = total + _W_POSITION * near, weight + _W_POSITION
    return total / weight, (ctx / ctx_weight if ctx_weight else None)


def _refine(f: _Folded, start: int, end: int, quote: str, prefix: str, suffix: str, slack: int) -> tuple[int, int, int]:
    """Move an approximate place's ends to where its context fits best (a word added at its edge); with its errors."""
    if prefix:
        options = range(max(0, start - slack), min(end - 1, start + slack) + 1)
        start = max(options, key=lambda s: (round(_prefix_score(f, s, prefix), 6), -abs(s - start)))
    if suffix:
        options = range(max(start + 1, end - slack), min(len(f.text), end + slack) + 1)
        end = max(options, key=lambda e: (round(_suffix_score(f, e, suffix), 6), -abs(e - end)))
    return start, end, distance(quote, f.text[start:end])


def anchor(selectors: Iterable[Any], text: str) -> Anchor:
    """Place a highlight described by W3C selectors on ``text``, or raise :class:`NotAnchored`.

    Reads ``TextPositionSelector`` and ``TextQuoteSelector``; other selectors (such as the
    ``RangeSelector`` of an HTML page's structure) do not apply to plain text and are ignored.
    """
    selectors = list(selectors)
    quote = _selector(selectors, "TextQuoteSelector")
    pos = _selector(selectors, "TextPositionSelector")
    exact = _string(quote.get("exact")) if quote else ""
    start, end = (_int(pos.get("start")), _int(pos.get("end"))) if pos else (None, None)
    valid_pos = start is not None and end is not None and 0 <= start < end <= len(text)
    if valid_pos and (not exact or text[start:end] == exact):
        return Anchor(start, end, "position")
    if not exact:
        if quote is not None:
            raise NotAnchored("its TextQuoteSelector has no quote")
        if pos is not None:
            raise NotAnchored(f"its position {start}-{end} is outside the article (0-{len(text)})")
        raise NotAnchored("it has no TextQuoteSelector or TextPositionSelector")
    if not exact.strip():
        raise NotAnchored("its quote is only white space")
    f = _fold_text(text)
    q = fold(exact)
    prefix, suffix = (
        fold(_string(quote.get("prefix"))).replace(" ", ""),
        fold(_string(quote.get("suffix"))).replace(" ", ""),
    )
    hint = start
    has_context = bool(prefix or suffix)

    def ranked(places: list[tuple[int, int, int]]) -> list[tuple[float, float | None, int, int, int]]:
        return sorted(
            ((*_score(f, s, e, err, q, prefix, suffix, hint), s, e, err) for s, e, err in set(places)),
            key=lambda t: -t[0],
        )

    exact_places = []
    at = f.text.find(q)
    while at >= 0:
        exact_places.append((at, at + len(q), 0))
        at = f.text.find(q, at + 1)
    if len(exact_places) > 1 and not has_context:
        raise NotAnchored(f"its quote occurs {len(exact_places)} times and it has no context")
    scored = ranked(exact_places)
    if not scored or (scored[0][1] is not None and scored[0][1] < GOOD_CONTEXT):
        # no exact quote, or none in its own context: look for the quote changed a little too
        limit = int(len(q) * MAX_QUOTE_ERRORS)
        near = search(q, f.text, limit) if limit > 0 else []
        slack = min(len(q), 64)  # an edge may be off by a whole added word or more
        near = [_refine(f, s, e, q, prefix, suffix, slack) for s, e, _ in near[:_MAX_REFINED]]
        scored = ranked(exact_places + near)
        if not scored:
            raise NotAnchored("its quote is not in this article, not even approximately")
        in_context = [t for t in scored if t[1] is not None and t[1] >= MIN_CONTEXT]
        if in_context and scored[0][1] is not None and scored[0][1] < MIN_CONTEXT:
            # the quote changed a little in its own context beats the same words elsewhere in a foreign one
            scored = in_context + [t for t in scored if t not in in_context]
    best, ctx, s, e, err = scored[0]
    rivals = [t for t in scored[1:] if t[3] <= s or t[2] >= e]  # other places, not the same one shifted
    if rivals and best - rivals[0][0] < MIN_MARGIN * (_W_PREFIX + _W_SUFFIX) / (
        _W_QUOTE + _W_PREFIX + _W_SUFFIX + _W_POSITION
    ):
        raise NotAnchored("it is ambiguous: its quote and context match two places about equally well")
    if err == 0 and len(exact_places) == 1:
        method = "quote"  # the one exact occurrence: a changed context does not outweigh it
    elif ctx is not None and ctx < MIN_CONTEXT:
        raise NotAnchored(f"its context does not match the article here (similarity {ctx:.0%})")
    elif ctx is None and err > len(q) * MAX_QUOTE_ERRORS_ALONE:
        raise NotAnchored(
            f"its quote is not in this article (the closest text is only {1 - err / len(q):.0%} like it, with no context to confirm)"
        )
    else:
        method = "context" if err == 0 else "fuzzy"
    if method == "fuzzy":
        # a changed quote must still start and end where words did (or did not) break: else its edge is a guess
        raw_prefix, raw_suffix = _string(quote.get("prefix")), _string(quote.get("suffix"))
        word_start = not (raw_prefix[-1:].isalnum() and exact[:1].isalnum())
        word_end = not (exact[-1:].isalnum() and raw_suffix[:1].isalnum())
        if (word_start and not _at_boundary(f.text, s)) or (word_end and not _at_boundary(f.text, e)):
            raise NotAnchored("its words changed, and where it starts or ends can no longer be told")
    s, e = f.original(s, e, text, exact)
    return Anchor(s, e, method, round(best, 3))
