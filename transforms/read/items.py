"""What the readers make: Articles, rejected and error rows for one input item, with safe strings."""

import re
from typing import Optional, Union

from transforms.core.dead_letters import error_row, rejected_row
from transforms.core.record import Article, ErrorRow, RejectedRow, stable_id, valid_text
from transforms.read.http_urls import origin

__all__ = [
    "Item",
    "Skipped",
    "article",
    "failed",
    "language_hint",
    "rejected",
    "text_field",
    "web_url",
]

Item = Union[Article, RejectedRow, ErrorRow]

# A language hint becomes a partition folder name (``language=xx``) when detection finds none:
# only a language tag (ISO 639 code, optionally with BCP 47 subtags) is taken.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}")


class Skipped(str):
    """A record the reader skips by design (a WARC request or metadata record): counted in the
    run's metrics, never an input item."""


def text_field(value) -> Optional[str]:
    """A metadata value as valid UTF-8 text without NULs, or None when empty or no text: a
    number is its digits, a list, an object or true/false (a JSON record's ``"title": ["a"]``)
    is None, not Python's spelling of it."""
    if value is None or isinstance(value, bool | list | tuple | dict):
        return None
    return valid_text(str(value)).replace("\x00", "").strip() or None


def web_url(value) -> Optional[str]:
    """A stated URL when it is an absolute http(s) URL with a host, else None: a ``javascript:``,
    ``data:``, ``file:`` or relative URL names no page, so it must not become the article's
    ``url``, ``canonical_url`` or identity (the article is then identified by its text); nor
    does one that ``urlsplit`` refuses (an unbalanced IPv6 bracket) or whose port is no number
    from 0 to 65535."""
    text = text_field(value)
    return text if text and origin(text) else None


def language_hint(value) -> Optional[str]:
    """The language a stated language tag names: its ISO 639 primary subtag in lower case
    (``en``, ``en-GB`` -> ``en``, POSIX ``pt_BR`` -> ``pt``), else None. The one reading of a
    declared language for every input (JSON record, feed, page ``lang``/``og:locale``): the
    detector compares base languages only, and an undetermined text falls back to the hint as
    its ``language``, which is a base language like the detected ones."""
    text = text_field(value)
    if not text or not _LANGUAGE_TAG.fullmatch(text):
        return None
    return re.split(r"[-_]", text, maxsplit=1)[0].lower()


def article(path: str, ref: str, fmt: str, **fields) -> Article:
    """An Article for one item; ``doc_id`` hashes the raw reference, the paths are made valid
    UTF-8 (a file name that is not UTF-8 reaches here with surrogate escapes)."""
    return Article(
        doc_id=stable_id(ref),
        source_path=valid_text(path),
        source_ref=valid_text(ref),
        source_format=fmt,
        **fields,
    )


def rejected(item: Article, reason: str, detail: str) -> RejectedRow:
    return rejected_row(item, stage="read", reason=reason, detail=detail)


def failed(item: Article, exc: BaseException) -> ErrorRow:
    message = str(exc) or type(exc).__name__
    return error_row(item, stage="read", error_type=type(exc).__name__, message=message)
