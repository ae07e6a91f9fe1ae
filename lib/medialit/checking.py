"""What Check shows a student: what they found first, then false alarms, then a few hints.

:func:`check_feedback` turns a :class:`~medialit.scoring.ScoreReport` into the plain
data the Highlighter's front end shows. Places are given as paragraph and sentence
numbers (the widget numbers paragraphs in its margin, headline = paragraph 1), so a
hint can point at a sentence without giving the answer away. In ``"hints"`` mode
(graded work) nothing of the key that the student has not found leaves Python: no
notes, no quotes, no corrections; only counts, the student's own marks and hints.
"""

from __future__ import annotations

import bisect
from typing import Any

from .keys import AnswerKey
from .scoring import Feedback, ScoreReport, a_or_an, half_credit_reason, hint_for, label_name, problem_name
from .text import Annotation, Article, Span

CHECK_MODES = ("full", "hints", "none")
HINTS_SHOWN = 3


class Places:
    """Paragraph and sentence numbers (1-based, as students count) for offsets in one article."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self._para_starts = [p.start for p in article.paragraphs]
        self._first_sentence = [article.sentence_index(p.start) for p in article.paragraphs]

    def paragraph(self, offset: int) -> int:
        return max(1, bisect.bisect_right(self._para_starts, offset))

    def sentence(self, offset: int) -> int:
        """The sentence's number within its paragraph."""
        return self.article.sentence_index(offset) - self._first_sentence[self.paragraph(offset) - 1] + 1

    def where(self, offset: int) -> str:
        """'Paragraph 4, sentence 2', or 'The headline'."""
        p = self.paragraph(offset)
        if (
            self.article.title_span is not None
            and self.article.title_span.start <= offset < self.article.title_span.end
        ):
            return "The headline"
        return f"Paragraph {p}, sentence {self.sentence(offset)}"

    def sentence_span(self, offset: int) -> list[int]:
        s = self.article.sentences[self.article.sentence_index(offset)]
        return [s.start, s.end]


def _item(f: Feedback, key: AnswerKey) -> Annotation:
    """The key item a hit or a miss is about (by id, or for a key without ids by place)."""
    if f.item_id:
        return key.get(f.item_id)
    span = Span(f.start, f.end)
    return max((k for k in key if f.label in k.labels), key=lambda k: k.overlap(span))


def _found(f: Feedback, key: AnswerKey, places: Places, mode: str) -> dict[str, Any]:
    article = key.article
    quote = article.text[f.start : f.end]
    if mode == "full":
        message = f.message
    else:
        name = a_or_an(label_name(f.label))
        if f.kind == "bonus":
            message = f"Bonus: “{quote}” is {name}, a harder one to spot."
        elif f.credit < 1:
            message = f"Found “{quote}”, for half credit: {half_credit_reason(Span(f.start, f.end), _item(f, key))}."
        else:
            message = f"Found “{quote}”: it is {name}."
    return {
        "start": f.start,
        "end": f.end,
        "label": f.label,
        "sentence": places.sentence(f.start),
        "paragraph": places.paragraph(f.start),
        "quote": quote,
        "message": message,
        "credit": f.credit,
        "bonus": f.kind == "bonus",
    }


def _hints(report: ScoreReport, key: AnswerKey, places: Places) -> list[dict[str, Any]]:
    """One hint per sentence and label with misses, in reading order; never the missed words themselves."""
    groups: dict[tuple[int, str], list[Feedback]] = {}
    for f in sorted(report.misses, key=lambda f: f.start):
        groups.setdefault((key.article.sentence_index(f.start), f.label), []).append(f)
    hints = []
    for (_, label), misses in groups.items():
        first = misses[0]
        what = problem_name(_item(first, key)) if len(misses) == 1 else f"{len(misses)} {label_name(label)}s"
        tips = []
        for f in misses:
            tip = hint_for(_item(f, key))
            if tip and tip not in tips:
                tips.append(tip)
        message = f"{places.where(first.start)} has {what} you did not mark."
        if tips:
            message += " Hint: " + " ".join(tips)
        hints.append(
            {
                "label": label,
                "sentence": places.sentence(first.start),
                "paragraph": places.paragraph(first.start),
                "sentence_span": places.sentence_span(first.start),
                "message": message,
            }
        )
    return hints


def _summary(found: int, half: int, expected: int, false_alarms: int, bonus: int, shown: int, more: int) -> str:
    parts = [f"You found {found} of {expected}."]
    if half:
        parts.append(f"{half} of them for half credit.")
    if bonus:
        parts.append(f"{bonus} bonus {'find' if bonus == 1 else 'finds'}.")
    if false_alarms:
        parts.append(f"{false_alarms} false {'alarm' if false_alarms == 1 else 'alarms'}.")
    elif found:
        parts.append("No false alarms.")
    if shown:
        parts.append(f"{shown} {'hint' if shown == 1 else 'hints'} below.")
    elif found == expected and expected:
        parts.append("You found them all!")
    if more:
        parts.append(f"{more} more {'hint' if more == 1 else 'hints'} if you want {'it' if more == 1 else 'them'}.")
    return " ".join(parts)


def check_feedback(
    report: ScoreReport, key: AnswerKey, labels: list[str] | tuple[str, ...], mode: str = "full", hints: int = 3
) -> dict[str, Any]:
    """The Highlighter's ``feedback`` for ``report``: found first, then false alarms, then ``hints`` hints."""
    if mode not in ("full", "hints"):
        raise ValueError(f"check mode {mode!r} gives no feedback: use 'full' or 'hints'")
    places = Places(key.article)
    text = key.article.text
    rows = [s for s in report.labels.values() if s.label in labels]
    found = [_found(f, key, places, mode) for f in sorted([*report.hits, *report.bonus], key=lambda f: f.start)]
    false_alarms = [
        {
            "start": f.start,
            "end": f.end,
            "label": f.label,
            "sentence": places.sentence(f.start),
            "paragraph": places.paragraph(f.start),
            "quote": text[f.start : f.end],
            "message": f.message,
        }
        for f in sorted(report.false_alarms, key=lambda f: f.start)
    ]
    all_hints = _hints(report, key, places)
    shown = all_hints[: max(0, hints)]
    hits = report.hits
    return {
        "stale": False,
        "mode": mode,
        "summary": _summary(
            len(hits),
            sum(1 for f in hits if f.credit < 1),
            len(hits) + len(report.misses),  # each key item once, even one with two labels
            len(false_alarms),
            len(report.bonus),
            len(shown),
            len(all_hints) - len(shown),
        ),
        "labels": [
            {
                "label": s.label,
                "name": label_name(s.label).capitalize(),
                "found": s.found,
                "expected": s.expected,
                "missed": s.misses,
                "false_alarms": s.false_alarms,
                "bonus": s.bonus,
                "precision": round(s.precision, 3),
                "recall": round(s.recall, 3),
                "f1": round(s.f1, 3),
            }
            for s in rows
        ],
        "found": found,
        "false_alarms": false_alarms,
        "hints": shown,
        "more_hints": len(all_hints) - len(shown),
    }
