"""The kit's second article: a short Voice of America story for the transfer task, with its own key.

VOA stories written by VOA staff are US-government works and in the public domain; the
article's last line credits VOA and gives the address of the story.
"""

from __future__ import annotations

import json
from importlib import resources as importlib_resources

from .keys import AnswerKey, AnswerKeyError, key_from_dict
from .text import Article

#: The transfer article's file stem in ``data/articles`` and ``data/keys``.
TRANSFER = "voa-deepfake-reporter"


def _data(path: str) -> str:
    return importlib_resources.files("medialit").joinpath(path).read_text(encoding="utf-8")


def transfer_article() -> Article:
    """The transfer task's article: a short VOA news story on a deepfake of a VOA reporter."""
    return Article(_data(f"data/articles/{TRANSFER}.txt"), name="the transfer article (Voice of America)")


def transfer_key(article: Article | None = None) -> AnswerKey:
    """The expert key for :func:`transfer_article` (attribution gaps and hedges; it is not a translation)."""
    article = transfer_article() if article is None else article
    raw = json.loads(_data(f"data/keys/{TRANSFER}.json"))
    if raw.get("article_sha256") != article.sha256:
        raise AnswerKeyError("this key belongs to the transfer article only: pass medialit.transfer_article()")
    return key_from_dict(raw, article, "the transfer article's key")
