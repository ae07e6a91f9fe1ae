"""Re-anchoring after the text changed: how many exported highlights land right, are reported, or land wrong.

    python benchmarks/anchoring.py [--seed N]

Every item of the bundled article's key is exported as W3C selectors, then the article is edited in
one way at a time (a sentence added before it, a typo in its quote, a word added inside its quote, a
typo in its context, its paragraph's white space changed, its position lost) and the selectors are
placed on the edited text. Prints, for the kit's anchoring and for the one before it (position, exact
quote in context, else the first occurrence of the quote), how many highlights land on exactly the
right words, how many are reported as not placed, and how many land somewhere wrong, with the time
per highlight. Landing wrong is the failure that matters: a reported highlight can be fixed by hand.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from collections.abc import Callable

import medialit
from medialit.anchoring import NotAnchored, anchor
from medialit.w3c import selectors


def anchor_before(sels: list[dict], text: str) -> tuple[int, int]:
    """The anchoring of medialit 0.1.0 before issue 12, for comparison."""
    quote = next((s for s in sels if s.get("type") == "TextQuoteSelector"), None)
    pos = next((s for s in sels if s.get("type") == "TextPositionSelector"), None)
    if pos is not None:
        start, end = pos["start"], pos["end"]
        if quote is None or text[start:end] == quote.get("exact"):
            return start, end
    if quote is not None and quote.get("exact"):
        exact, prefix, suffix = quote["exact"], quote.get("prefix") or "", quote.get("suffix") or ""
        at = text.find(prefix + exact + suffix)
        if at >= 0:
            return at + len(prefix), at + len(prefix) + len(exact)
        at = text.find(exact)
        if at >= 0:
            return at, at + len(exact)
    raise NotAnchored("not found")


def anchor_now(sels: list[dict], text: str) -> tuple[int, int]:
    got = anchor(sels, text)
    return got.start, got.end


Edit = Callable[[str, int, int, random.Random], tuple[str, int, int] | None]


def _replace(text: str, at: int, old_len: int, new: str) -> str:
    return text[:at] + new + text[at + old_len :]


def sentence_before(text: str, s: int, e: int, rng: random.Random) -> tuple[str, int, int]:
    add = "An editor's note was added here. "
    return _replace(text, 0, 0, add), s + len(add), e + len(add)


def typo_in_quote(text: str, s: int, e: int, rng: random.Random) -> tuple[str, int, int] | None:
    letters = [i for i in range(s + 1, e - 1) if text[i].isalpha()]
    if len(letters) < 2 or e - s < 6:
        return None
    i = rng.choice(letters)
    return _replace(text, i, 1, "x" if text[i] != "x" else "y"), s, e


def word_in_quote(text: str, s: int, e: int, rng: random.Random) -> tuple[str, int, int] | None:
    spaces = [i for i in range(s + 1, e - 1) if text[i] == " "]
    if not spaces or e - s < 12:
        return None
    i = rng.choice(spaces)
    return _replace(text, i, 0, " really"), s, e + 7


def typo_in_context(text: str, s: int, e: int, rng: random.Random) -> tuple[str, int, int] | None:
    letters = [i for i in range(max(0, s - 20), s) if text[i].isalpha()]
    if not letters:
        return None
    i = rng.choice(letters)
    return _replace(text, i, 1, "x" if text[i] != "x" else "y"), s, e


def paragraphs_joined(text: str, s: int, e: int, rng: random.Random) -> tuple[str, int, int]:
    """A page that joins paragraphs with one newline: every offset after a break moves back."""
    before, inside = text[:s].count("\n\n"), text[s:e].count("\n\n")
    return text.replace("\n\n", "\n"), s - before, e - before - inside


EDITS: dict[str, Edit] = {
    "sentence added at the top": sentence_before,
    "typo in the quote": typo_in_quote,
    "word added in the quote": word_in_quote,
    "typo in the context": typo_in_context,
    "paragraphs joined differently": paragraphs_joined,
}


def run(seed: int = 12) -> dict[str, dict[str, Counter]]:
    rng = random.Random(seed)
    article = medialit.load_article()
    text = article.text
    key = sorted({(k.start, k.end) for k in medialit.answer_key(article)})
    out: dict[str, dict[str, Counter]] = {}
    times = Counter()
    for name, edit in EDITS.items():
        out[name] = {"now": Counter(), "before": Counter()}
        for s, e in key:
            changed = edit(text, s, e, rng)
            if changed is None:
                continue
            new_text, ns, ne = changed
            sels = selectors(text, s, e)
            for which, fn in (("now", anchor_now), ("before", anchor_before)):
                t0 = time.perf_counter()
                try:
                    got = fn(sels, new_text)
                    result = "right" if got == (ns, ne) else "wrong"
                except NotAnchored:
                    result = "reported"
                times[which] += time.perf_counter() - t0
                times[which + " n"] += 1
                out[name][which][result] += 1
    out["_time"] = {k: Counter({"ms": 1000 * times[k] / max(1, times[k + " n"])}) for k in ("now", "before")}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    results = run(args.seed)
    timing = results.pop("_time")
    print(f"{'edit':<32} {'anchoring':<10} {'right':>6} {'reported':>9} {'wrong':>6}")
    total = {"now": Counter(), "before": Counter()}
    for name, by in results.items():
        for which in ("now", "before"):
            c = by[which]
            total[which].update(c)
            print(f"{name:<32} {which:<10} {c['right']:>6} {c['reported']:>9} {c['wrong']:>6}")
    for which in ("now", "before"):
        c = total[which]
        print(f"{'all edits':<32} {which:<10} {c['right']:>6} {c['reported']:>9} {c['wrong']:>6}")
    print(f"time per highlight: now {timing['now']['ms']:.2f} ms, before {timing['before']['ms']:.2f} ms")


if __name__ == "__main__":
    main()
