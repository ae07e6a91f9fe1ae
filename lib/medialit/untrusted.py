"""Showing untrusted text (article text, file names, key ids) safely in a terminal, a CSV file
or a chart: control characters made visible, spreadsheet formulas neutralised, no mathtext.
"""

from __future__ import annotations

import re
from typing import Any

#: C0 controls, DEL, C1 controls (ESC and CSI start terminal escape codes), line and paragraph
#: separators and the bidirectional controls that can make text read differently from what it is
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _visible(m: re.Match[str]) -> str:
    ch = m.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def for_terminal(text: Any, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), so it cannot drive the terminal."""
    return (_CONTROLS_BUT_NEWLINE if keep_newlines else _CONTROLS).sub(_visible, str(text))


def for_csv(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a leading ``= + - @``, tab or CR gets a ``'`` (OWASP),
    and control characters (line breaks included) are shown as escapes, so no value splits a row."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return _CONTROLS.sub(_visible, value)


def for_chart(text: str) -> str:
    """A chart label matplotlib shows as typed: every ``$`` escaped, so mathtext never starts."""
    return text.replace("$", r"\$")
