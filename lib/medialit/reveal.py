"""A button that shows a full list only when a student presses it.

Lessons put complete answer lists (every correction, every finding of a detector)
after the task, behind a :class:`Reveal`: Run All then shows a button, not the
answers, and nothing of the content reaches the page until the button is pressed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets

from .render import escape, stylesheet, table

Content = Any  # text, an object that shows itself as HTML, a list of rows (dicts), or a function giving one


def to_html(content: Content) -> str:
    """``content`` as an HTML fragment; text and table cells are escaped."""
    if callable(content) and not hasattr(content, "_repr_html_"):
        content = content()
    if hasattr(content, "_repr_html_"):
        return content._repr_html_()
    if isinstance(content, Sequence) and not isinstance(content, str):
        rows = list(content)
        if not rows:
            return "<p>(nothing to show)</p>"
        if all(isinstance(r, Mapping) for r in rows):
            head = list(dict.fromkeys(k for r in rows for k in r))
            body = [["" if r.get(k) is None else r.get(k) for k in head] for r in rows]
            return f"<style>{stylesheet()}</style><div class='medialit'>{table(head, body)}</div>"
        return "<ul>" + "".join(f"<li>{escape(r)}</li>" for r in rows) + "</ul>"
    return f"<pre style='white-space: pre-wrap'>{escape(content)}</pre>"


class Reveal(ipywidgets.VBox):
    """``Reveal(title, content)``: a "Show title" button; the content appears only when it is pressed.

    ``content`` may be text, anything that shows itself as HTML (such as
    ``medialit.render_html(...)``), a list of dicts (shown as a table, one row each)
    or a function that returns one of these (called only when the button is pressed).
    """

    def __init__(self, title: str, content: Content | Callable[[], Content]) -> None:
        self.title = str(title)
        self._content = content
        self._button = ipywidgets.Button(
            description=f"Show {self.title}",
            icon="eye",
            tooltip="Only press this when you have finished the task above",
            layout=ipywidgets.Layout(width="auto"),
        )
        self._button.on_click(lambda _button: self.toggle())
        self._shown = ipywidgets.HTML("")
        super().__init__([self._button, self._shown])
        self.add_class("medialit-reveal")

    @property
    def shown(self) -> bool:
        """True while the content is on the page."""
        return bool(self._shown.value)

    def show(self) -> None:
        """Put the content on the page (what pressing the button does)."""
        self._shown.value = to_html(self._content)
        self._button.description = f"Hide {self.title}"
        self._button.icon = "eye-slash"

    def hide(self) -> None:
        """Take the content off the page again."""
        self._shown.value = ""
        self._button.description = f"Show {self.title}"
        self._button.icon = "eye"

    def toggle(self) -> None:
        if self.shown:
            self.hide()
        else:
            self.show()

    def __repr__(self) -> str:  # what a page without widgets (and nbval) shows: the button's promise, no content
        return f"[button: Show {self.title}]"
