"""The Highlighter: students mark an article with the mouse or the keyboard and check their work.

An anywidget: the front end (``static/highlighter.js`` and ``static/highlighter.css``)
renders the text with DOM text nodes only, and every piece of state lives in
synced traitlets. Offsets in ``annotations`` are Python ``str`` offsets (code
points); the front end converts from JavaScript's UTF-16 offsets.
"""

from __future__ import annotations

import datetime as _dt
import os
import warnings
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from . import highlights
from .keys import AnswerKey, AnswerKeyError, answer_key
from .render import LABEL_INFO
from .scoring import ScoreReport, score
from .text import LABELS, Annotation, Article

STATIC = Path(__file__).parent / "static"
#: extra colour classes for a teacher's own labels (Okabe-Ito colours not used by the kit's labels)
EXTRA_STYLES = ("medialit-extra-1", "medialit-extra-2", "medialit-extra-3", "medialit-extra-4")


def _label_rows(labels: list[str]) -> list[dict[str, str]]:
    rows = []
    extra = iter(EXTRA_STYLES)
    for label in labels:
        name = LABEL_INFO[label][0] if label in LABEL_INFO else label.replace("-", " ").capitalize()
        css = f"medialit-{label}" if label in LABEL_INFO else next(extra, "medialit-other")
        rows.append({"id": label, "name": name, "css": css})
    return rows


class Highlighter(anywidget.AnyWidget):
    """Mark an article's words with labels; check them against a key.

    ``Highlighter(article, key=None, labels=None, reveal=True, autosave=None)``:
    for the bundled article the bundled key is the default; with no key there is
    no Check. ``autosave`` names a JSON file that every change is written to and
    that a new Highlighter on the same article restores.
    """

    _esm = STATIC / "highlighter.js"
    _css = (STATIC / "medialit.css").read_text(encoding="utf-8") + (STATIC / "highlighter.css").read_text(
        encoding="utf-8"
    )

    text = traitlets.Unicode("").tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    article_sha256 = traitlets.Unicode("").tag(sync=True)
    paragraphs = traitlets.List(traitlets.List()).tag(sync=True)  # [[start, end], ...] in code points
    title_span = traitlets.List(allow_none=True, default_value=None).tag(sync=True)
    labels = traitlets.List(traitlets.Dict()).tag(sync=True)
    annotations = traitlets.List(traitlets.Dict()).tag(sync=True)
    has_key = traitlets.Bool(False).tag(sync=True)
    reveal_allowed = traitlets.Bool(True).tag(sync=True)
    revealed = traitlets.Bool(False).tag(sync=True)
    answers = traitlets.List(traitlets.Dict()).tag(sync=True)
    check_count = traitlets.Int(0).tag(sync=True)
    feedback = traitlets.Dict().tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    storage = traitlets.Unicode("file").tag(sync=True)  # "browser": the front end keeps marks in localStorage
    check_mode = traitlets.Unicode("full").tag(sync=True)  # "full" | "hints" | "none"
    sentences = traitlets.List(traitlets.List()).tag(sync=True)  # [[start, end], ...] in code points
    hints_wanted = traitlets.Int(3).tag(sync=True)

    def __init__(
        self,
        article: Article | str | None = None,
        key: AnswerKey | None = None,
        labels: list[str] | tuple[str, ...] | None = None,
        reveal: bool = True,
        autosave: str | os.PathLike[str] | None = None,
        **kwargs: Any,
    ) -> None:
        if article is None:
            from .text import load_article

            article = load_article()
        elif isinstance(article, str):
            article = Article.from_text(article)
        labels = list(labels) if labels is not None else list(LABELS)
        if not labels or len(set(labels)) != len(labels):
            raise ValueError("labels must be a non-empty list of different names")
        for label in labels:
            highlights.check_label(label)
        if key is None:
            try:
                key = answer_key(article)
            except AnswerKeyError:
                key = None  # no key for this article: no Check
        elif key.article.sha256 != article.sha256:
            raise ValueError("this key belongs to a different article")
        if key is not None:
            key = key.only(labels)  # a task about hedges is checked on hedges only
            if not len(key):
                key = None
        self.article = article
        self.key = key
        self.autosave = Path(autosave) if autosave is not None else None
        super().__init__(
            text=article.text,
            title=article.title,
            article_sha256=article.sha256,
            paragraphs=[[p.start, p.end] for p in article.paragraphs],
            title_span=[article.title_span.start, article.title_span.end] if article.title_span else None,
            labels=_label_rows(labels),
            has_key=key is not None,
            reveal_allowed=bool(reveal) and key is not None,
            **kwargs,
        )
        self._label_ids = tuple(labels)
        if self.autosave is not None:
            self._restore()

    # --- the Python API -----------------------------------------------------------
    @traitlets.validate("annotations")
    def _check_annotations(self, proposal: dict[str, Any]) -> list[dict]:
        try:
            return highlights.check_marks(list(proposal["value"]), self.article, getattr(self, "_label_ids", None))
        except highlights.HighlightsError as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.observe("annotations")
    def _on_change(self, change: dict[str, Any]) -> None:
        if self.feedback and not self.feedback.get("stale"):
            self.feedback = {**self.feedback, "stale": True}
        if self.autosave is not None and not getattr(self, "_restoring", False):
            try:
                highlights.save(self.annotations, self.article, self.autosave)
                self.status = f"Saved {len(self.annotations)} highlights at {_dt.datetime.now():%H:%M:%S}."
            except OSError as exc:
                self.status = f"Could not save your work to {self.autosave}: {exc.strerror or exc}. Use Download."

    def add(self, start: int, end: int, label: str) -> None:
        """Highlight ``text[start:end]`` with ``label``."""
        self.annotations = [*self.annotations, {"start": start, "end": end, "label": label}]

    def remove(self, start: int, end: int, label: str | None = None) -> None:
        """Remove the highlights at exactly ``start``-``end`` (of ``label``, if given)."""
        self.annotations = [
            a
            for a in self.annotations
            if not (a["start"] == start and a["end"] == end and (label is None or a["label"] == label))
        ]

    def clear(self) -> None:
        """Remove every highlight."""
        self.annotations = []

    def marks(self) -> list[Annotation]:
        """The highlights with one of the kit's labels, as :class:`Annotation` objects."""
        return [Annotation(a["start"], a["end"], a["label"]) for a in self.annotations if a["label"] in LABELS]

    def score(self) -> ScoreReport:
        """Score the highlights against the key (the same result as ``medialit.score``)."""
        if self.key is None:
            raise ValueError("this Highlighter has no answer key: pass key=... to check the work")
        return score(self.marks(), self.key)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Save the highlights as JSON (atomically; a previous file is kept as ``.bak``)."""
        return highlights.save(self.annotations, self.article, path)

    @classmethod
    def load(cls, path: str | os.PathLike[str], article: Article, **kwargs: Any) -> Highlighter:
        """A Highlighter with the highlights saved in ``path`` (the kit's format or W3C JSON)."""
        return cls(article, **kwargs)._with(highlights.load(path, article))

    def to_w3c(self, creator: str | None = None) -> dict[str, Any]:
        """The highlights as W3C Web Annotation JSON-LD (Python data)."""
        return highlights.to_w3c(self.annotations, self.article, creator)

    @classmethod
    def from_w3c(cls, data: Any, article: Article, **kwargs: Any) -> Highlighter:
        """A Highlighter with the highlights read from W3C Web Annotation JSON-LD."""
        return cls(article, **kwargs)._with(highlights.from_w3c(data, article))

    def _with(self, marks: list[dict]) -> Highlighter:
        """This Highlighter holding ``marks``; a label it does not offer is a HighlightsError."""
        try:
            self.annotations = marks
        except traitlets.TraitError as exc:
            raise highlights.HighlightsError(str(exc)) from None
        return self

    # --- the front end's requests ---------------------------------------------------
    @traitlets.observe("check_count")
    def _on_check(self, change: dict[str, Any]) -> None:
        if self.key is None:
            self.feedback = {"error": "There is no answer key for this article."}
            return
        report = self.score()
        self.feedback = {
            "stale": False,
            "labels": [
                {
                    "label": s.label,
                    "name": LABEL_INFO.get(s.label, (s.label,))[0],
                    "found": s.true_positives,
                    "expected": s.expected,
                    "missed": s.misses,
                    "false_alarms": s.false_alarms,
                    "precision": round(s.precision, 3),
                    "recall": round(s.recall, 3),
                    "f1": round(s.f1, 3),
                }
                for s in report.labels.values()
                if s.label in self._label_ids
            ],
            "items": [
                {
                    "kind": f.kind,
                    "label": f.label,
                    "sentence": f.sentence,
                    "message": f.message,
                    "start": f.start,
                    "end": f.end,
                }
                for f in report.feedback
            ],
        }

    @traitlets.observe("revealed")
    def _on_reveal(self, change: dict[str, Any]) -> None:
        if change["new"] and self.reveal_allowed and self.key is not None:
            text = self.article.text
            self.answers = [
                {
                    "start": k.start,
                    "end": k.end,
                    "label": k.label,
                    "quote": k.text_of(text),
                    "note": k.note,
                    "correction": k.correction or "",
                    "category": k.category,
                    "id": k.id,
                }
                for k in self.key
            ]
        else:
            if change["new"]:
                self.revealed = False  # the teacher turned answers off
            self.answers = []

    # --- autosave -------------------------------------------------------------------
    def _restore(self) -> None:
        """Bring back autosaved work; keep a damaged or foreign file aside, never overwrite it."""
        path = self.autosave
        if path is None or not path.exists():
            return
        try:
            marks = highlights.load(path, self.article)
            marks = [m for m in marks if m["label"] in self._label_ids]
        except highlights.HighlightsError as exc:
            aside = path.with_name(f"{path.stem}.damaged-{_dt.datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
            path.replace(aside)
            self.status = f"Your autosave file could not be read ({exc}); it was kept as {aside.name}. Starting fresh."
            warnings.warn(self.status, stacklevel=3)
            return
        self._restoring = True  # restoring is not a change: the student's file stays as it is
        try:
            self.annotations = marks
        finally:
            self._restoring = False
        self.status = f"Restored {len(marks)} highlights from {path.name}."
