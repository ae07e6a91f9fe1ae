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

from . import highlights, w3c
from .anchoring import Unanchored
from .autosave import Autosave, AutosaveError, keys
from .checking import CHECK_MODES, HINTS_SHOWN, check_feedback
from .keys import AnswerKey, AnswerKeyError, answer_key
from .render import LABEL_INFO
from .scoring import ScoreReport, score
from .text import LABELS, Annotation, Article

STATIC = Path(__file__).parent / "static"
#: Variables Voilà sets in the environment of every kernel it starts (page kernels and preheated ones).
VOILA_VARIABLES = ("VOILA_KERNEL_ID", "VOILA_SERVER_URL", "VOILA_BASE_URL", "VOILA_REQUEST_URL", "VOILA_PREHEAT")
BROWSER_STATUS = "Your work is kept in this browser; press Download my work to keep a copy."


def running_in_voila() -> bool:
    """True when this kernel was started by Voilà, where many visitors share one server and its files."""
    return any(os.environ.get(name) for name in VOILA_VARIABLES)


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

    ``Highlighter(article, key=None, labels=None, reveal=True, autosave=None, check="full")``:
    for the bundled article the bundled key is the default; with no key there is
    no Check. ``check="full"`` shows what was found with the key's notes, false
    alarms and hints; ``"hints"`` (for graded work) only counts and hints, never a
    key note or an unfound item; ``"none"`` turns Check off. ``reveal`` lets the
    student ask for the answers. ``autosave`` names a JSON file that every change
    is merged into (safely, even with two Highlighters on one file) and that a new
    Highlighter on the same article restores. Under Voilà, where every visitor shares
    the server's files, the file is not used: ``storage`` becomes ``"browser"`` and
    the front end keeps each visitor's marks in their own browser.

    Check's ``feedback`` lists what was found first, then false alarms, then at most
    ``hints`` hints (``hints_wanted`` grows when the student asks for more). Places
    are paragraph numbers (1-based into ``article.paragraphs``; the headline is
    paragraph 1) and sentence numbers within the paragraph.
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
    check_mode = traitlets.Enum(CHECK_MODES, default_value="full").tag(sync=True)
    hints_wanted = traitlets.Int(HINTS_SHOWN).tag(sync=True)  # the front end's "More hints" adds 3
    feedback = traitlets.Dict().tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    storage = traitlets.Enum(("file", "browser"), default_value="file").tag(sync=True)
    sentences = traitlets.List(traitlets.List()).tag(sync=True)  # [[start, end], ...] in code points

    def __init__(
        self,
        article: Article | str | None = None,
        key: AnswerKey | None = None,
        labels: list[str] | tuple[str, ...] | None = None,
        reveal: bool = True,
        autosave: str | os.PathLike[str] | None = None,
        check: str = "full",
        storage: str | None = None,
        hints: int = HINTS_SHOWN,
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
        if check not in CHECK_MODES:
            raise ValueError(f"check must be one of {', '.join(map(repr, CHECK_MODES))}, not {check!r}")
        if storage is None:
            storage = "browser" if running_in_voila() else "file"
        elif storage not in ("file", "browser"):
            raise ValueError(f"storage must be 'file' or 'browser', not {storage!r}")
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
        self.autosave = Path(autosave) if autosave is not None and storage == "file" else None
        self.hints_shown = max(0, int(hints))
        super().__init__(
            text=article.text,
            title=article.title,
            article_sha256=article.sha256,
            paragraphs=[[p.start, p.end] for p in article.paragraphs],
            title_span=[article.title_span.start, article.title_span.end] if article.title_span else None,
            labels=_label_rows(labels),
            sentences=[[s.start, s.end] for s in article.sentences],
            has_key=key is not None,
            check_mode=check if key is not None else "none",
            hints_wanted=max(0, int(hints)),
            reveal_allowed=bool(reveal) and key is not None,
            storage=storage,
            **kwargs,
        )
        self._label_ids = tuple(labels)
        self._autosave = Autosave(self.autosave, article, labels) if self.autosave is not None else None
        if self._autosave is not None:
            self._restore()
        elif storage == "browser":
            self.status = BROWSER_STATUS

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
        store = getattr(self, "_autosave", None)
        if store is None or getattr(self, "_restoring", False):
            return
        store.record(change["old"], change["new"])
        self._save()

    def _save(self) -> None:
        """Merge this Highlighter's changes into the autosave file; show what the file now holds."""
        store = self._autosave
        try:
            merged, note = store.save(self.annotations)
        except AutosaveError as exc:
            self.status = str(exc)
            return
        came = len(keys(merged) - keys(self.annotations))
        went = len(self.annotations) - (len(merged) - came)
        if came or went:
            self._restoring = True  # the file is already up to date
            try:
                self.annotations = merged
            finally:
                self._restoring = False
        status = f"Saved {len(merged)} highlights at {_dt.datetime.now():%H:%M:%S}."
        if came or went:
            status += (
                f" Merged with another Highlighter using {store.path.name}: {came} added there, {went} removed there."
            )
        self.status = f"{note} {status}".strip()

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
        """A Highlighter with the highlights saved in ``path`` (the kit's format, W3C or Hypothes.is JSON)."""
        return cls._imported(lambda: highlights.load(path, article), article, kwargs)

    def to_w3c(self, creator: str | dict[str, Any] | None = None) -> dict[str, Any]:
        """The highlights as a W3C Web Annotation collection (JSON-LD as Python data); ``creator`` is a name."""
        return w3c.to_w3c(self.annotations, self.article, creator)

    @classmethod
    def from_w3c(cls, data: Any, article: Article, **kwargs: Any) -> Highlighter:
        """A Highlighter with the highlights read from W3C Web Annotation JSON-LD (or Hypothes.is JSON).

        Annotations that cannot be placed on the article are not guessed: the status line
        names them, and ``unanchored`` lists them with the reasons (if none can be placed,
        this is a ``HighlightsError``).
        """
        return cls._imported(lambda: highlights.from_document(data, article, "the annotations"), article, kwargs)

    #: annotations the last import could not place on the article (with the reasons)
    unanchored: tuple[Unanchored, ...] = ()

    @classmethod
    def _imported(cls, read: Any, article: Article, kwargs: dict[str, Any]) -> Highlighter:
        marks, lost = w3c.partly_placed(read)
        hl = cls(article, **kwargs)._with(marks)
        hl.unanchored = tuple(lost)
        if lost:
            hl.status = f"Imported {len(marks)} highlights; {len(lost)} could not be placed: " + "; ".join(
                str(u) for u in lost
            )
        return hl

    def _with(self, marks: list[dict]) -> Highlighter:
        """This Highlighter holding ``marks``; a label it does not offer is a HighlightsError."""
        try:
            self.annotations = marks
        except traitlets.TraitError as exc:
            raise highlights.HighlightsError(str(exc)) from None
        return self

    # --- the front end's requests ---------------------------------------------------
    def set_state(self, sync_data: dict[str, Any]) -> None:
        """A change from the browser. What Check offers and whether answers may be shown are the teacher's
        choices (made in Python): the browser cannot change them, and is sent the teacher's values back."""
        teacher = {k for k in ("check_mode", "reveal_allowed") if k in sync_data}
        super().set_state({k: v for k, v in sync_data.items() if k not in teacher})
        if teacher:
            self.send_state(sorted(teacher))

    @traitlets.observe("check_count")
    def _on_check(self, change: dict[str, Any]) -> None:
        if getattr(self, "_hints_reset", False):
            return
        self._hints_reset = True
        try:
            self.hints_wanted = self.hints_shown  # every Check starts with a few hints again
        finally:
            self._hints_reset = False
        self._feedback()

    @traitlets.observe("hints_wanted")
    def _on_more_hints(self, change: dict[str, Any]) -> None:
        if not getattr(self, "_hints_reset", False) and self.feedback.get("mode"):
            self._feedback()

    def _feedback(self) -> None:
        """Score the marks and send what the teacher's check mode allows."""
        if self.key is None:
            self.feedback = {"error": "There is no answer key for this article."}
            return
        if self.check_mode == "none":
            self.feedback = {"error": "Check is turned off for this task."}
            return
        self.feedback = check_feedback(
            self.score(), self.key, self._label_ids, self.check_mode, max(0, self.hints_wanted)
        )

    @traitlets.observe("revealed")
    def _on_reveal(self, change: dict[str, Any]) -> None:
        if change["new"] and self.reveal_allowed and self.key is not None:
            text = self.article.text
            self.answers = [
                {
                    "start": k.start,
                    "end": k.end,
                    "label": k.label,
                    "also": list(k.also),
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
        marks, status = self._autosave.restore()
        self._restoring = True  # restoring is not a change: the student's file stays as it is
        try:
            self.annotations = marks
        finally:
            self._restoring = False
        self.status = status
        if status and not marks and (self._autosave.blocked or self._autosave.damaged):
            warnings.warn(status, stacklevel=3)
