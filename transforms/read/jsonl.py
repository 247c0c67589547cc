"""JSON lines (and a top-level JSON array): one item per record; a bad record is one error row.

A plain JSON lines file is read line by line (``explode_jsonl_stream``): its size is not capped,
each line is, at ``read.max_bytes`` (a longer line is one ``too_large`` row, skipped unread), so
a dump of any size is read whole in bounded memory."""

import json
import math
import re
from collections.abc import Iterator
from typing import BinaryIO

from transforms.core.record import valid_text
from transforms.read.items import (
    Item,
    article,
    failed,
    language_hint,
    rejected,
    text_field,
    web_url,
)

__all__ = ["explode_jsonl", "explode_jsonl_stream", "is_json_lines", "json_record"]

_TEXT_KEYS = ("html", "raw_html", "content_html", "content", "text", "body")
_HTML_KEYS = ("html", "raw_html", "content_html")
_WHOLE_PAGE = re.compile(r"<(?:html|body|!doctype)\b", re.I)
# What one bad record may raise while it is read: bad JSON or UTF-8 (ValueError), a wrong type,
# a record nested too deep for the parser (RecursionError).
_RECORD_ERRORS = (ValueError, TypeError, RecursionError)
# Python converts integers of at most 4300 digits (sys.get_int_max_str_digits).
_MAX_DIGITS = 4000
_JSON_KINDS = {
    bool: "true/false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "an object",
}


def _strings(value) -> tuple:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list | tuple):
        return ()
    return tuple(t for t in (text_field(v) for v in values if not isinstance(v, dict)) if t)


def json_record(path: str, ref: str, record) -> Item:
    """One JSON object as an Article; raises ValueError/TypeError for what is not a record."""
    if not isinstance(record, dict):
        raise ValueError(f"a JSON record must be an object, got {type(record).__name__}")
    body_key = next((k for k in _TEXT_KEYS if isinstance(record.get(k), str)), None)
    if body_key is None:
        present = [k for k in _TEXT_KEYS if record.get(k) is not None]
        if present:  # {"text": 12345}: say what is wrong with the field that is there
            kind = _JSON_KINDS.get(type(record[present[0]]), "value")
            raise TypeError(f"the JSON record's '{present[0]}' is {kind}, not a string")
        raise ValueError(f"the JSON record has none of the fields {', '.join(_TEXT_KEYS)}")
    body = valid_text(record[body_key]).replace("\x00", "")
    is_html = body_key in _HTML_KEYS or body.lstrip()[:1] == "<"
    if is_html and not _WHOLE_PAGE.search(body[:4096]):
        # A fragment (a CMS export's body HTML): give it the page around it that the extractor
        # looks for, as feed entries' content gets (parse_feeds.feed_html_document).
        body = f"<html><body><article>\n{body}\n</article></body></html>"
    return article(
        path,
        ref,
        "jsonl",
        url=web_url(record.get("url")) or web_url(record.get("link")),
        content=body,
        content_type="html" if is_html else "text",
        encoding="utf-8",
        hint_title=text_field(record.get("title")),
        hint_published=text_field(
            record.get("published") or record.get("published_at") or record.get("date")
        ),
        hint_language=language_hint(record.get("language") or record.get("lang")),
        hint_authors=_strings(record.get("authors") or record.get("author") or ()),
        hint_tags=_strings(record.get("tags") or record.get("categories") or ()),
        hint_description=text_field(record.get("description") or record.get("summary")),
    )


def _integer(text: str):
    """A JSON integer as Python's, or None when it has thousands of digits (which Python refuses
    to convert, costing the record)."""
    return int(text) if len(text) <= _MAX_DIGITS else None


def _real(text: str):
    """A JSON number with a fraction or an exponent as a float, or None when it is no usable
    value: too long, or an infinity (1e999)."""
    if len(text) > _MAX_DIGITS:
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _loads(data: bytes):
    """One JSON document from UTF-8 bytes; a number that is no usable value is null, so one
    odd metadata field (``"published": 1e999``, ``"title": NaN``) does not cost the record."""
    text = data.decode("utf-8")
    return json.loads(text, parse_int=_integer, parse_float=_real, parse_constant=lambda _: None)


def _safe(path: str, ref: str, make) -> Item:
    try:
        return make()
    except _RECORD_ERRORS as exc:
        return failed(article(path, ref, "jsonl"), exc)


def _line_record(path: str, ref: str, line: bytes) -> Item:
    return json_record(path, ref, _loads(line))


def explode_jsonl(path: str, data: bytes) -> Iterator[Item]:
    """The records of a JSON lines file; a file with none (blank lines, ``[]``) is one rejected
    row (``empty``), so it is still accounted for."""
    yield from _or_empty(path, _records(path, data))


def _or_empty(path: str, items: Iterator[Item]) -> Iterator[Item]:
    """``items``, or the one ``empty`` row when there are none."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        yield rejected(article(path, path, "jsonl"), "empty", "no JSON records in the file")


def _first_line_opens(data: bytes) -> bool:
    """Whether the first line that is not blank opens a record it does not close (``{``)."""
    first = next((ln for ln in data.split(b"\n", 64) if ln.strip()), b"")
    return first.rstrip().endswith((b"{", b",", b"["))


def is_json_lines(head: bytes) -> bool:
    """Whether a file beginning with ``head`` (plain bytes) is JSON lines: it opens an object and
    its first line does not end opening one (not an array, not one object over many lines)."""
    data = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    data = data.lstrip()
    return data[:1] == b"{" and not _first_line_opens(data)


def _lines(handle: BinaryIO, max_bytes: int, first: int = 1) -> Iterator[tuple]:
    """``(line number, bytes)`` of each line of ``handle`` (numbered from ``first``); ``(n,
    None)`` for a line longer than ``max_bytes``, whose rest is skipped, never held."""
    n = first - 1
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:
                rest = handle.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield n, None
            continue
        yield n, line


def explode_jsonl_stream(
    path: str, handle: BinaryIO, *, max_bytes: int, first_line: int = 1
) -> Iterator[Item]:
    """The records of a plain JSON lines file read line by line (each line capped at
    ``max_bytes``); the same items as ``explode_jsonl`` for a file under the cap. ``handle``
    may start inside the file (a stream's window reading what was appended): its first line is
    line ``first_line``."""
    lines = _lines(handle, max_bytes, first_line)
    yield from _or_empty(path, _line_items(path, lines, max_bytes=max_bytes))


def _line_items(path: str, numbered_lines, *, max_bytes: int = 0) -> Iterator[Item]:
    """One item per ``(line number, bytes)`` that is not blank, each line parsed on its own (a
    line that is not UTF-8, not JSON, or nested 100,000 deep is one error row and the others go
    on); a ``None`` line (over ``max_bytes``) is one ``too_large`` row."""
    for n, line in numbered_lines:
        ref = f"{path}#L{n}"
        if line is None:
            yield rejected(article(path, ref, "jsonl"), "too_large", f"line over {max_bytes} bytes")
            continue
        if line.startswith(b"\xef\xbb\xbf"):  # any line: files joined with cat keep theirs
            line = line[3:]
        if line.strip():
            yield _safe(path, ref, lambda ln=line, ref=ref: _line_record(path, ref, ln))


def _whole_document(data: bytes):
    """The file parsed as one JSON document when it is one (an array, or an object spread over
    several lines); None when it is JSON lines; the exception when an array does not parse."""
    start = data.lstrip()[:1]
    if start == b"[":
        try:
            return _loads(data)
        except _RECORD_ERRORS as exc:
            return exc
    if start != b"{" or not _first_line_opens(data):
        return None  # the first line is a record on its own (or not JSON): JSON lines
    try:
        return _loads(data)
    except _RECORD_ERRORS:
        return None  # not one document after all: each line is read (and reported) alone


def _records(path: str, data: bytes) -> Iterator[Item]:
    """The records of a JSON lines file (or of one JSON array), each line on its own
    (``_line_items``)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    records = _whole_document(data)
    if records is not None:  # one JSON array of records, or one pretty-printed object
        if isinstance(records, BaseException):
            yield failed(article(path, path, "jsonl"), records)
            return
        if not isinstance(records, list):
            records = [records]
        for i, record in enumerate(records):
            ref = f"{path}#{i}"
            yield _safe(path, ref, lambda r=record, ref=ref: json_record(path, ref, r))
        return
    yield from _line_items(path, enumerate(data.split(b"\n"), start=1))
