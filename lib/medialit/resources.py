"""NLTK data the kit needs: find it, fetch it, and explain clearly when it is missing.

NLTK's own ``LookupError`` is a wall of search paths; a student needs the name of
the missing resource and the one command that fetches it.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
from pathlib import Path

#: resource path for ``nltk.data.find`` -> package name for ``nltk.download``
NLTK_RESOURCES: dict[str, str] = {
    "tokenizers/punkt_tab/english/": "punkt_tab",
    "taggers/averaged_perceptron_tagger_eng/": "averaged_perceptron_tagger_eng",
    "corpora/stopwords": "stopwords",
}

FETCH_COMMAND = "medialit setup"


class MissingResourceError(LookupError):
    """An NLTK data package is not installed; the message names it and the fix."""

    def __init__(self, package: str):
        self.package = package
        super().__init__(
            f"The NLTK data package {package!r} is not installed. "
            f"Fetch it with `{FETCH_COMMAND}` (or `python -m nltk.downloader {package}`); "
            "offline, point the NLTK_DATA environment variable at a folder that holds it."
        )


def _find(resource: str) -> bool:
    import nltk

    try:
        nltk.data.find(resource)
    except LookupError:
        return False
    return True


def require(resource: str) -> None:
    """Raise :class:`MissingResourceError` unless ``resource`` can be found."""
    if not _find(resource):
        raise MissingResourceError(NLTK_RESOURCES.get(resource, resource))


def missing() -> list[str]:
    """Names of the NLTK packages the kit needs that cannot be found."""
    return [pkg for res, pkg in NLTK_RESOURCES.items() if not _find(res)]


def fetch(download_dir: str | os.PathLike[str] | None = None, quiet: bool = True) -> list[str]:
    """Download every missing package; return the names still missing afterwards."""
    import nltk

    for pkg in missing():
        kwargs = {"quiet": quiet}
        if download_dir is not None:
            Path(download_dir).mkdir(parents=True, exist_ok=True)
            kwargs["download_dir"] = str(download_dir)
        noise = io.StringIO()  # NLTK prints several lines per failure: the caller reports it in one
        try:
            with contextlib.redirect_stdout(noise), contextlib.redirect_stderr(noise):
                nltk.download(pkg, print_error_to=noise, **kwargs)
        except Exception:  # a failed download shows up in missing() below
            pass
    return missing()


@functools.cache
def sentence_splitter():
    """The Punkt sentence splitter for English (loaded once)."""
    require("tokenizers/punkt_tab/english/")
    from nltk.tokenize.punkt import PunktTokenizer

    return PunktTokenizer("english")


@functools.cache
def tagger():
    """The averaged perceptron POS tagger (loaded once: loading costs far more than tagging)."""
    require("taggers/averaged_perceptron_tagger_eng/")
    from nltk.tag.perceptron import PerceptronTagger

    return PerceptronTagger()
