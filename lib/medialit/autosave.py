"""Autosave that never drops a mark: saves re-read the file, merge and write under a file lock.

Two Highlighters may share one autosave file (a lesson open in two kernels, or a
cell run twice). Each remembers what it added and removed since its last save; a
save applies exactly those changes to what is in the file now, so an addition by
either survives and a removal by one is not undone by the other. Marks with labels
a Highlighter does not offer are never touched. A file that cannot be read is kept
aside (or, where it cannot be moved, left alone and not overwritten).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable
from pathlib import Path

import filelock

from . import highlights
from .text import Article

#: Seconds a save waits for another Highlighter's save to finish.
LOCK_TIMEOUT = 10.0

Mark = tuple[int, int, str]


class AutosaveError(OSError):
    """The autosave file could not be written; the message says why and what to do."""


def keys(marks: Iterable[dict]) -> set[Mark]:
    """The marks as (start, end, label), to compare sets of marks."""
    return {(m["start"], m["end"], m["label"]) for m in marks}


def _dicts(keys: Iterable[Mark]) -> list[dict]:
    return [{"start": s, "end": e, "label": label} for s, e, label in sorted(keys)]


class Autosave:
    """One Highlighter's view of an autosave file: its pending changes and how to merge them."""

    def __init__(self, path: str | os.PathLike[str], article: Article, labels: Iterable[str]) -> None:
        self.path = Path(path)
        self.article = article
        self.labels = frozenset(labels)
        self.lock = filelock.FileLock(self.path.with_name(f".{self.path.name}.lock"), timeout=LOCK_TIMEOUT)
        self.blocked: str | None = None  # why this Highlighter must not write the file, if it must not
        self.damaged = False  # an unreadable autosave file was set aside (or left alone)
        self._added: set[Mark] = set()
        self._removed: set[Mark] = set()

    @property
    def pending(self) -> int:
        """Changes not yet in the file (after a save that failed)."""
        return len(self._added) + len(self._removed)

    def restore(self) -> tuple[list[dict], str]:
        """The file's marks with this Highlighter's labels, and a status line; never raises for a bad file."""
        if not self.path.exists():
            return [], ""
        try:
            marks = highlights.load(self.path, self.article)
        except highlights.HighlightsError as exc:
            return [], self._set_aside(exc)
        mine = [m for m in marks if m["label"] in self.labels]
        others = len(marks) - len(mine)
        kept = f" ({others} with other labels left as they are)" if others else ""
        return mine, f"Restored {len(mine)} highlights from {self.path.name}{kept}."

    def _set_aside(self, exc: Exception) -> str:
        """Move an unreadable file aside so nothing in it is lost; if that fails, never write over it."""
        self.damaged = True
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.damaged-{stamp}{self.path.suffix}")
        try:
            self.path.replace(aside)
        except OSError as err:
            self.blocked = (
                f"Your autosave file {self.path.name} could not be read ({exc}) and could not be moved aside "
                f"({err.strerror or err}). It is left as it is, and your new work is not autosaved: "
                "press Download my work to keep a copy."
            )
            return self.blocked
        return f"Your autosave file could not be read ({exc}); it was kept as {aside.name}. Starting fresh."

    def record(self, old: Iterable[dict], new: Iterable[dict]) -> None:
        """Remember one change of the Highlighter's marks (from ``old`` to ``new``)."""
        before, after = keys(old), keys(new)
        added, removed = after - before, before - after
        self._added = (self._added - removed) | added
        self._removed = (self._removed - added) | removed

    def save(self, current: Iterable[dict]) -> tuple[list[dict], str]:
        """Merge the pending changes into the file; return the merged marks with this Highlighter's labels.

        ``current`` is what the Highlighter holds now: it is written whole when the file is gone
        or unreadable, so deleting the file never deletes work still on screen.
        """
        if self.blocked:
            raise AutosaveError(self.blocked)
        note = ""
        try:
            with self.lock:
                if self.path.exists():
                    try:
                        on_disk = keys(highlights.load(self.path, self.article))
                    except highlights.HighlightsError as exc:
                        note = " " + self._set_aside(exc)
                        if self.blocked:
                            raise AutosaveError(self.blocked) from None
                        on_disk = keys(current)
                else:
                    on_disk = keys(current)
                merged = (on_disk - self._removed) | self._added
                highlights.save(_dicts(merged), self.article, self.path)
        except filelock.Timeout:
            raise AutosaveError(
                f"{self.path.name} is busy: another Highlighter has been saving to it for {LOCK_TIMEOUT:g} s. "
                "Your changes will be saved with the next one."
            ) from None
        except OSError as exc:
            if isinstance(exc, AutosaveError):
                raise
            raise AutosaveError(
                f"Could not save your work to {self.path}: {exc.strerror or exc}. Press Download my work."
            ) from None
        self._added.clear()
        self._removed.clear()
        return [m for m in _dicts(merged) if m["label"] in self.labels], note.strip()
