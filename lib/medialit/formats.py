"""The kit's file formats, declared as JSON Schemas (``medialit/schemas/*.json``) and checked with
``jsonschema``: the answer key, the highlights file, and the W3C Web Annotations the kit reads.

``fastjsonschema`` checks the (nearly always valid) files fast; when one is not valid,
``jsonschema`` names what is wrong. A schema says what a valid file is, so other tools can write files the kit accepts; checking
against it first means a wrong type anywhere is reported by name (``items[3].start``) before any
code looks at the data.
"""

from __future__ import annotations

import functools
import json
from importlib import resources as importlib_resources
from typing import Any

#: schema names and their files in the package
SCHEMAS = {
    "key": "key.schema.json",
    "highlights": "highlights.schema.json",
    "w3c": "w3c-annotations.schema.json",
}
_W3C_PARTS = {"Annotation": "annotation", "AnnotationPage": "page", "AnnotationCollection": "collection"}


class FormatError(ValueError):
    """Data does not match the kit's schema; the message names the field and what is wrong."""


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema called ``name`` (``key``, ``highlights`` or ``w3c``), as Python data."""
    return json.loads(_schema_text(name))


@functools.cache
def _schema_text(name: str) -> str:
    return importlib_resources.files("medialit").joinpath("schemas", SCHEMAS[name]).read_text(encoding="utf-8")


def _part(name: str, part: str | None) -> dict[str, Any]:
    full = schema(name)
    if part is not None:  # one definition of the schema, so that errors speak about that shape only
        full = {"$schema": full["$schema"], "$ref": f"#/$defs/{part}", "$defs": full["$defs"]}
    return full


@functools.cache
def _validator(name: str, part: str | None = None):
    """jsonschema's validator: the reference, used to name the field when data is invalid."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_part(name, part))


@functools.cache
def _fast(name: str, part: str | None = None):
    """The same schema compiled to Python by fastjsonschema: valid files (nearly all) are checked fast.

    The schemas use only keywords that mean the same in draft 7, which fastjsonschema compiles.
    """
    import fastjsonschema

    full = {**_part(name, part), "$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(full, formats={"uri": r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$"})


def _where(path) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "the top level"


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def validate(data: Any, name: str, what: str = "the file") -> None:
    """Check ``data`` against schema ``name``; :class:`FormatError` naming the first wrong field."""
    part = None
    if name == "w3c" and isinstance(data, dict):
        kind = data.get("type")
        part = _W3C_PARTS.get(kind) if isinstance(kind, str) else None
        if part is None:
            raise FormatError(
                f"{what}: type: must be one of Annotation, AnnotationPage or AnnotationCollection, not {_short(repr(kind), 60)}"
            )
    try:
        _fast(name, part)(data)
        return
    except Exception:  # invalid (or odd) data: jsonschema says exactly what is wrong below
        pass
    from jsonschema.exceptions import best_match

    try:
        error = best_match(_validator(name, part).iter_errors(data))
    except ValueError:  # an integer too long to show in a message (Python refuses to print it)
        raise FormatError(f"{what} holds a number with thousands of digits: it is not a medialit file") from None
    except RecursionError:
        raise FormatError(f"{what} nests its data too deeply: it is not a medialit file") from None
    if error is not None:
        try:
            message = error.message
            if error.validator == "enum" and error.absolute_path:
                allowed = ", ".join(str(v) for v in error.validator_value)
                message = f"unknown {error.absolute_path[-1]} {_short(repr(error.instance), 60)} (use one of {allowed})"
        except ValueError:
            message = "a number with thousands of digits"
        raise FormatError(f"{what}: {_where(error.absolute_path)}: {_short(message)}")
