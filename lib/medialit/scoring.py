"""Scoring a student's marks against a key, with feedback a student can act on.

A mark matches a key item of the same label when they share characters. Full
credit when the shared part is at least half of the longer of the two spans;
half credit when they only touch (much shorter or much longer than the key's
span). Each key item and each mark is matched at most once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .detectors import analyze
from .keys import AnswerKey
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

    kind: str  # "hit", "miss" or "false-alarm"
    label: str
    start: int
    end: int
    sentence: int  # 1-based sentence number, as students count
    message: str
    item_id: str = ""
    credit: float = 0.0


@dataclass
class LabelScore:
    """Figures for one label: credit-weighted true positives, misses and false alarms."""

    label: str
    submitted: int = 0
    expected: int = 0
    true_positives: float = 0.0
    misses: int = 0
    false_alarms: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.submitted if self.submitted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 0.0

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
    def overall(self) -> LabelScore:
        """All labels pooled (micro-averaged)."""
        total = LabelScore("all")
        for s in self.labels.values():
            total.submitted += s.submitted
            total.expected += s.expected
            total.true_positives += s.true_positives
            total.misses += s.misses
            total.false_alarms += s.false_alarms
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
                f"{s.label:<18} {s.true_positives:>6.1f} {s.misses:>6} {s.false_alarms:>6} "
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
    """One-to-one matching of marks to items, best overlaps first."""
    pairs = sorted(
        (
            (m.overlap(k) / max(len(m), len(k), 1), i, j)
            for i, m in enumerate(marks)
            for j, k in enumerate(items)
            if m.overlaps(k)
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


def score(
    submitted: Iterable[Annotation | dict], key: AnswerKey | None = None, article: Article | None = None
) -> ScoreReport:
    """Score ``submitted`` marks against ``key`` (default: the bundled article's key).

    Returns per-label true positives, misses, false alarms, precision, recall
    and F1, and feedback: a hint for each miss, a reason for each false alarm,
    the key's note for each hit.
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
    report = ScoreReport({label: LabelScore(label) for label in LABELS})
    feedback: list[Feedback] = []
    unmatched_marks: list[Annotation] = []
    for label in LABELS:
        ms = [m for m in marks if m.label == label]
        ks = key.by_label(label)
        s = report.labels[label]
        s.submitted, s.expected = len(ms), len(ks)
        matches = _match(ms, ks)
        matched_m = {i for i, _, _ in matches}
        matched_k = {j for _, j, _ in matches}
        for i, j, c in matches:
            s.true_positives += c
            feedback.append(_hit(article, ms[i], ks[j], c))
        for j, k in enumerate(ks):
            if j not in matched_k:
                s.misses += 1
                feedback.append(_miss(article, k))
        for i, m in enumerate(ms):
            if i not in matched_m:
                s.false_alarms += 1
                unmatched_marks.append(m)
    for m in unmatched_marks:
        feedback.append(_false_alarm(article, m, key))
    report.feedback = sorted(feedback, key=lambda f: (f.start, f.kind))
    return report


def _a(noun: str) -> str:
    """'a hedge', 'an attribution gap'."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _sentence_no(article: Article, span: Span) -> int:
    return article.sentence_index(span.start) + 1


def _hit(article: Article, mark: Annotation, item: Annotation, c: float) -> Feedback:
    quote = article.quote(item)
    extra = ""
    if c < 1:
        size = "longer" if len(mark) > len(item) else "shorter"
        extra = f" (half credit: your mark is much {size} than the key's “{quote}”)"
    return Feedback(
        "hit",
        item.label,
        mark.start,
        mark.end,
        _sentence_no(article, item),
        f"Found: “{quote}”{extra}. {item.note}".strip(),
        item.id,
        c,
    )


def _miss(article: Article, item: Annotation) -> Feedback:
    n = _sentence_no(article, item)
    hint = item.hint or _GENERIC_HINTS[item.label]
    return Feedback(
        "miss",
        item.label,
        item.start,
        item.end,
        n,
        f"Sentence {n} has {_a(_LABEL_NAMES[item.label])} you did not mark. Hint: {hint}",
        item.id,
    )


def _false_alarm(article: Article, mark: Annotation, key: AnswerKey) -> Feedback:
    n = _sentence_no(article, mark)
    quote = article.quote(mark)
    other = [k for k in key if k.label != mark.label and k.overlaps(mark)]
    if other:
        reason = f"Right place, other label: the key marks this as {_a(_LABEL_NAMES[other[0].label])}."
    elif mark.label == "hedge":
        reason = _hedge_reason(article, mark)
    elif mark.label == "attribution-gap":
        reason = _attribution_reason(article, mark)
    else:
        reason = (
            "This reads as ordinary English that says what the original meant; the key has no translation error here."
        )
    return Feedback(
        "false-alarm",
        mark.label,
        mark.start,
        mark.end,
        n,
        f"“{quote}” is probably not {_a(_LABEL_NAMES[mark.label])}. {reason}",
    )


def _hedge_reason(article: Article, mark: Annotation) -> str:
    near = [h for h in analyze(article).annotations if h.overlaps(mark)]
    if any(h.label == "booster" for h in near):
        return "It is a booster: it makes the claim sound more certain, not less."
    return "Nothing here softens the claim: it is stated as plain fact. Hedges are words like may, apparently, some (before a number), fears or if."


def _attribution_reason(article: Article, mark: Annotation) -> str:
    sentence = article.sentence_of(mark)
    named = [
        a for a in analyze(article).attributions if sentence.contains(a.cue) and a.kind in {"person", "organisation"}
    ]
    if named and named[0].source is not None:
        return f"This claim has a named source in its sentence: {article.quote(named[0].source)}."
    return (
        "The key does not count this as a gap: check whether the sentence or the quotation around it names who says so."
    )
