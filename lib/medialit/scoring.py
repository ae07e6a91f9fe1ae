"""Scoring a student's marks against a key, with feedback a student can act on.

A mark matches a key item of the same label when they share characters. Full
credit when the shared part is at least half of the longer of the two spans;
half credit when they only touch (much shorter or much longer than the key's
span). Each key item and each mark is matched at most once; duplicate marks of
the same words are one mark. Key items of priority "extra" are a bonus when found
and cost nothing when missed (items without a priority are "core").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .detectors import analyze
from .keys import AnswerKey, is_core
from .text import LABELS, Annotation, Article, Span

FULL_CREDIT_SHARE = 0.5
PARTIAL_CREDIT = 0.5

_LABEL_NAMES = {"attribution-gap": "attribution gap", "hedge": "hedge", "translation-error": "translation error"}
_GENERIC_HINTS = {
    "attribution-gap": "ask of every claim: who says so, and how do they know?",
    "hedge": "look for words that make a claim less certain: may, apparently, some, fears, if.",
    "translation-error": "read it aloud: where does the English sound wrong or say something odd?",
}


@dataclass(frozen=True)
class Feedback:
    """One line of feedback: a hit, a miss or a false alarm."""

    kind: str  # "hit", "miss", "false-alarm" or "bonus" (a found item of priority "extra")
    label: str
    start: int
    end: int
    sentence: int  # 1-based sentence number, as students count
    message: str
    item_id: str = ""
    credit: float = 0.0


@dataclass
class LabelScore:
    """Figures for one label: credit-weighted true positives, misses and false alarms.

    ``true_positives`` is the credit this label's marks earned (precision's share);
    ``found`` the credit for this label's key items found (recall's share). They
    differ only for an item with two labels found with its other label.
    """

    label: str
    submitted: int = 0
    expected: int = 0
    true_positives: float = 0.0
    misses: int = 0
    false_alarms: int = 0
    bonus: int = 0  # found key items of priority "extra": counted neither as hits nor as false alarms
    found: float = 0.0

    @property
    def precision(self) -> float:
        return self.true_positives / self.submitted if self.submitted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class ScoreReport:
    """Per-label figures and feedback; ``labels`` maps each label to its :class:`LabelScore`."""

    labels: dict[str, LabelScore]
    feedback: list[Feedback] = field(default_factory=list)
    total: LabelScore | None = None  # the overall figures, each key item counted once

    @property
    def hits(self) -> list[Feedback]:
        return [f for f in self.feedback if f.kind == "hit"]

    @property
    def misses(self) -> list[Feedback]:
        return [f for f in self.feedback if f.kind == "miss"]

    @property
    def false_alarms(self) -> list[Feedback]:
        return [f for f in self.feedback if f.kind == "false-alarm"]

    @property
    def bonus(self) -> list[Feedback]:
        """Found key items of priority "extra"."""
        return [f for f in self.feedback if f.kind == "bonus"]

    @property
    def overall(self) -> LabelScore:
        """All labels pooled (micro-averaged); an item with two labels counts once."""
        if self.total is not None:
            return self.total
        total = LabelScore("all")
        for s in self.labels.values():
            for name in ("submitted", "expected", "true_positives", "found", "misses", "false_alarms", "bonus"):
                setattr(total, name, getattr(total, name) + getattr(s, name))
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": {k: v.to_dict() for k, v in self.labels.items()},
            "overall": self.overall.to_dict(),
            "feedback": [asdict(f) for f in self.feedback],
        }

    def summary(self) -> str:
        """A plain-text table of the figures."""
        rows = [f"{'label':<18} {'found':>6} {'missed':>6} {'false':>6} {'precision':>9} {'recall':>7} {'F1':>5}"]
        for s in [*self.labels.values(), self.overall]:
            rows.append(
                f"{s.label:<18} {s.found:>6.1f} {s.misses:>6} {s.false_alarms:>6} "
                f"{s.precision:>9.0%} {s.recall:>7.0%} {s.f1:>5.2f}"
            )
        return "\n".join(rows)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        from .render import render_score  # rendering sits above scoring; imported only for display

        return render_score(self)


def credit(mark: Span, item: Span) -> float:
    """Credit for a mark against a key item: 1, ½ (they only touch) or 0 (no overlap)."""
    shared = mark.overlap(item)
    if not shared:
        return 0.0
    return 1.0 if shared >= FULL_CREDIT_SHARE * max(len(mark), len(item)) else PARTIAL_CREDIT


def _as_annotations(marks: Iterable[Annotation | dict], article: Article) -> list[Annotation]:
    out = []
    for m in marks:
        a = Annotation.from_dict(m) if isinstance(m, dict) else m
        if not isinstance(a, Annotation):
            raise TypeError(f"expected an Annotation or a dict, got {type(a).__name__}")
        if a.end > len(article.text):
            raise ValueError(
                f"mark {a.start}-{a.end} runs past the end of the article ({len(article.text)} characters)"
            )
        out.append(a)
    return out


def _match(marks: list[Annotation], items: list[Annotation]) -> list[tuple[int, int, float]]:
    """One-to-one matching of marks to the items they fit (shared words, one of the item's labels), best first."""
    pairs = sorted(
        (
            (m.overlap(k) / max(len(m), len(k), 1), i, j)
            for i, m in enumerate(marks)
            for j, k in enumerate(items)
            if m.label in k.labels and m.overlaps(k)
        ),
        reverse=True,
    )
    used_m, used_k, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_m and j not in used_k:
            used_m.add(i)
            used_k.add(j)
            out.append((i, j, credit(marks[i], items[j])))
    return out


_EDGE = " \t\n.,;:!?\"'“”‘’()[]«»-–—"


def _words(text: str, mark: Annotation) -> tuple[int, int]:
    """The span of ``mark`` without spaces and punctuation at its edges: the words it marks."""
    start, end = mark.start, mark.end
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return (start, end) if end > start else (mark.start, mark.end)


def merge_duplicates(marks: Iterable[Annotation], article: Article) -> list[Annotation]:
    """One mark per label and words: marking "may" twice (or "may," and "may") is one mark."""
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in marks:
        words = (*_words(article.text, m), m.label)
        if words not in seen:
            seen.add(words)
            out.append(m)
    return out


def score(
    submitted: Iterable[Annotation | dict], key: AnswerKey | None = None, article: Article | None = None
) -> ScoreReport:
    """Score ``submitted`` marks against ``key`` (default: the bundled article's key).

    Returns per-label true positives, misses, false alarms, precision, recall
    and F1, and feedback: a hint for each miss, a reason for each false alarm,
    the key's note for each hit. Duplicate marks of the same words count once.
    Key items with ``priority="extra"`` are not expected: a mark on one is a
    bonus (neither a hit nor a false alarm), and missing one costs nothing.

    A key item with two labels (``also``) is one problem: a mark with either label
    finds it, once. It counts in both labels' rows (found in both, or missed in
    both); the overall figures count it once.
    """
    if key is None:
        from .keys import answer_key

        key = answer_key(article)
    article = key.article if article is None else article
    if article.sha256 != key.article.sha256:
        raise ValueError("this key belongs to a different article: score marks against the key for their own article")
    marks = _as_annotations(submitted, article)
    unknown = sorted({m.label for m in marks} - set(LABELS))
    if unknown:
        raise ValueError(f"unknown label {unknown[0]!r} in the marks: use one of {', '.join(LABELS)}")
    marks = merge_duplicates(marks, article)
    items = list(key)
    matches = _match(marks, items)
    by_item = {j: (i, c) for i, j, c in matches}
    matched_m = {i for i, _, _ in matches}
    # a second mark of the same words with the item's other label is the same find: it counts in its
    # own label's row, but once overall, and is no false alarm
    same_find = {
        i: j
        for i, m in enumerate(marks)
        if i not in matched_m
        for j, (mi, _) in by_item.items()
        if m.label in items[j].labels and _words(article.text, m) == _words(article.text, marks[mi])
    }
    report = ScoreReport({label: LabelScore(label) for label in LABELS})
    rows = report.labels
    total = LabelScore("all", submitted=len(marks) - len(same_find))
    feedback: list[Feedback] = []
    for j, k in enumerate(items):
        core = is_core(k)
        if j in by_item:
            i, c = by_item[j]
            if core:
                rows[marks[i].label].true_positives += c
                total.true_positives += c
                total.found += c
                feedback.append(_hit(article, marks[i], k, c))
            else:
                rows[marks[i].label].bonus += 1
                total.bonus += 1
                feedback.append(_bonus(article, marks[i], k))
        elif core:
            total.misses += 1
            feedback.append(_miss(article, k))
        if core:
            total.expected += 1
            for label in k.labels:
                rows[label].expected += 1
                if j in by_item:
                    rows[label].found += by_item[j][1]
                else:
                    rows[label].misses += 1
    found = [marks[i] for i in matched_m]
    for i, m in enumerate(marks):
        rows[m.label].submitted += 1
        if i in same_find:
            j = same_find[i]
            if is_core(items[j]):
                rows[m.label].true_positives += by_item[j][1]
            else:
                rows[m.label].bonus += 1
            continue
        if i not in matched_m:
            rows[m.label].false_alarms += 1
            total.false_alarms += 1
            feedback.append(_false_alarm(article, m, key, found))
    for s in rows.values():
        s.submitted -= s.bonus  # a bonus find never lowers precision
    total.submitted -= total.bonus
    report.total = total
    report.feedback = sorted(feedback, key=lambda f: (f.start, f.kind))
    return report


def a_or_an(noun: str) -> str:
    """'a hedge', 'an attribution gap'."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def label_name(label: str) -> str:
    """A label as students read it: 'attribution gap'."""
    return _LABEL_NAMES.get(label, label.replace("-", " "))


def problem_name(item: Annotation) -> str:
    """'a hedge', or for an item with two labels 'a translation error (or attribution gap)'."""
    first = a_or_an(label_name(item.label))
    return f"{first} (or {' or '.join(label_name(x) for x in item.also)})" if item.also else first


def _sentence_no(article: Article, span: Span) -> int:
    return article.sentence_index(span.start) + 1


def half_credit_reason(mark: Span, item: Span) -> str:
    """Why a mark earned half credit, without quoting the key."""
    if len(mark) > len(item):
        return "your mark is much longer than the words that carry the problem"
    return "your mark covers only a small part of the problem"


def _hit(article: Article, mark: Annotation, item: Annotation, c: float) -> Feedback:
    found = f"Found “{article.quote(mark)}”"
    if c < 1:
        found += f", for half credit: {half_credit_reason(mark, item)}, “{article.quote(item)}”"
    return Feedback(
        "hit",
        mark.label,
        mark.start,
        mark.end,
        _sentence_no(article, item),
        f"{found}. {item.note}".strip(),
        item.id,
        c,
    )


def _bonus(article: Article, mark: Annotation, item: Annotation) -> Feedback:
    message = f"Bonus: “{article.quote(mark)}” is {a_or_an(label_name(mark.label))}, a harder one to spot. {item.note}"
    return Feedback("bonus", mark.label, mark.start, mark.end, _sentence_no(article, item), message.strip(), item.id)


def hint_for(item: Annotation) -> str:
    """The key item's hint, or a general one for its label: points at the problem, never gives it away."""
    return item.hint or _GENERIC_HINTS.get(item.label, "read the sentence again slowly.")


def _miss(article: Article, item: Annotation) -> Feedback:
    n = _sentence_no(article, item)
    hint = hint_for(item)
    return Feedback(
        "miss",
        item.label,
        item.start,
        item.end,
        n,
        f"Sentence {n} has {problem_name(item)} you did not mark. Hint: {hint}",
        item.id,
    )


def _false_alarm(article: Article, mark: Annotation, key: AnswerKey, found: list[Annotation]) -> Feedback:
    return Feedback(
        "false-alarm",
        mark.label,
        mark.start,
        mark.end,
        _sentence_no(article, mark),
        false_alarm_reason(article, mark, key, found),
    )


def false_alarm_reason(article: Article, mark: Annotation, key: AnswerKey, found: Iterable[Annotation] = ()) -> str:
    """Why ``mark`` is not in the key, in a sentence or two about the mark itself."""
    quote = article.quote(mark)
    name = label_name(mark.label)
    twin = [k for k in key if mark.label in k.labels and k.overlaps(mark)]
    if twin:
        other = next((f for f in found if f.overlaps(twin[0])), None)
        if other is not None:
            return (
                f"You already found this {name} with “{article.quote(other)}”: "
                f"one mark for each {name} is enough, so “{quote}” counts as a false alarm."
            )
    elsewhere = [k for k in key if mark.label not in k.labels and k.overlaps(mark)]
    if elsewhere:
        return f"“{quote}”: right place, other label. The key marks this as {problem_name(elsewhere[0])}, not {a_or_an(name)}."
    if mark.label == "hedge":
        return _hedge_reason(article, mark, quote)
    if mark.label == "attribution-gap":
        return _attribution_reason(article, mark, quote)
    if mark.label == "translation-error":
        return (
            f"“{quote}” reads as ordinary English that says what the writer meant: "
            "the key has no translation error here."
        )
    return f"The key has no {name} at “{quote}”."


def _hedge_reason(article: Article, mark: Annotation, quote: str) -> str:
    near = [h for h in analyze(article).annotations if h.overlaps(mark)]
    if any(h.label == "booster" for h in near):
        return f"“{quote}” makes the claim sound more certain, not less: it is a booster, the opposite of a hedge."
    return (
        f"Nothing in “{quote}” makes the claim less certain, so the key has no hedge here. "
        "Hedges are words like may, apparently, some (before a number), fears or if."
    )


def _attribution_reason(article: Article, mark: Annotation, quote: str) -> str:
    named = [
        a
        for a in analyze(article).attributions
        if a.kind in {"person", "organisation"}
        and a.source is not None
        and article.sentence_of(a.cue) == article.sentence_of(mark)
    ]
    if any(a.source.overlaps(mark) for a in named):
        return f"“{quote}” names who is speaking, so the claim has a source: that is not a gap."
    for a in named:
        if a.cue.overlaps(mark):
            who = article.quote(a.source)
            return f"With “{quote}” the article tells you who is speaking: {who}. A claim with a named source is not a gap."
    inside = [a for a in named if a.content is not None and a.content.overlaps(mark)]
    if inside:
        who = article.quote(min(inside, key=lambda a: len(a.content)).source)  # the speaker nearest the words
        return f"The article says who says this: {who}. A claim with a named source is not a gap."
    return (
        f"The key does not count “{quote}” as a gap. Ask of the claim: does the sentence, "
        "or the quotation around it, say who says so?"
    )
