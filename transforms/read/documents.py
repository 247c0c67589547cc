"""Read input files (txt, html, JSON lines, WARC, feeds; optionally compressed, or in a zip or tar
archive) into one Article per item."""

import dataclasses
import io
import lzma
import os
import posixpath
import zlib
from collections.abc import Iterable, Iterator
from typing import Optional

import apache_beam as beam

from transforms.core.dead_letters import apply_stage
from transforms.core.record import Article, RejectedRow, valid_text
from transforms.core.stage_fn import StageFn
from transforms.read.charsets import UTF8Stream, as_utf8, bom_codec, utf16_without_bom
from transforms.read.compressed import (
    Member,
    archive_kind,
    decompress_all,
    decompress_head,
    head_size,
    is_compressed,
    is_nested_archive,
    iter_members,
    member_ref,
    seekable,
    strip_compression,
    unwrap_stream,
)
from transforms.read.items import Item, Skipped, article, failed, rejected
from transforms.read.jsonl import explode_jsonl, explode_jsonl_stream, is_json_lines
from transforms.read.magic import not_text_detail
from transforms.read.paths import (
    NotRegularFileError,
    TooLargeError,
    expand_pattern,
    is_local,
    match_remote,
    open_input,
    read_capped,
)
from transforms.read.warc import explode_warc

__all__ = [
    "ReadDocuments",
    "explode_file",
    "format_by_name",
    "gunzip_all",
    "read_file",
    "read_span",
    "reads_by_line",
    "sniff_format",
]

# The name the readers' tests know; it undoes bzip2 and xz as well.
gunzip_all = decompress_all

_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
}
_HEAD = 1 << 16
# A stream cut short, or corrupt bytes, in any of the compressions a file may have.
_BAD_STREAM = (EOFError, zlib.error, lzma.LZMAError, OSError)


def format_by_name(path: str) -> Optional[str]:
    """txt | html | jsonl | json | warc | feed by the extension under any compression suffix;
    None for a file read by its content (``part-00000``, ``x.warc.open``)."""
    return _EXTENSIONS.get(posixpath.splitext(strip_compression(path).lower())[1])


def sniff_format(path: str, data: bytes) -> str:
    """txt | html | jsonl | json | warc | feed, from the extension, else from the first bytes."""
    fmt = format_by_name(path)
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if fmt == "json" and b"jsonfeed.org" in head:
        return "feed"
    if fmt in (None, "feed") and head.startswith(b"<"):
        if any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")):
            return "feed"
        if fmt is None:
            return "html"
    if fmt is None and head.startswith(b"warc/"):
        return "warc"
    if fmt is None and head.startswith(b"{"):
        return "jsonl"
    return fmt or "txt"


def _is_warc(path: str, head: bytes) -> bool:
    fmt = sniff_format(path, head)
    return fmt == "warc" or sniff_format(path, decompress_head(head)) == "warc"


def explode_bytes(path: str, data: bytes, *, max_bytes: int) -> Iterable[Item]:
    """The items of one file that is not a WARC, from its bytes; never raises: a file that
    cannot be read at all (corrupt gzip, ...) is one row. A feed's entries come lazily, so
    that a feed of 100,000 entries is never all in memory as parsed entries."""
    placeholder = article(path, path, sniff_format(path, b""))
    try:
        data = decompress_all(data, max_bytes=max_bytes)
    except OverflowError as exc:  # a decompression bomb: one row, nothing more inflated
        return [rejected(placeholder, "too_large", str(exc))]
    except _BAD_STREAM as exc:
        return [failed(placeholder, exc)]
    utf8, _ = as_utf8(data)  # the JSON reader parses UTF-8; decode and feedparser read UTF-16
    fmt = sniff_format(path, utf8)
    detail = not_text_detail(data) if fmt in ("txt", "html") else None
    if detail:
        return [rejected(placeholder, "not_html", detail)]
    try:
        if fmt in ("jsonl", "json"):
            return list(explode_jsonl(path, utf8))
        if fmt == "feed":
            from transforms.read.feed_parse import iter_feed

            return _guarded(placeholder, iter_feed(data, source_path=path))
    except Exception as exc:  # noqa: BLE001 - a parser's surprise costs this file only
        return [failed(placeholder, exc)]
    return [article(path, path, fmt, raw=data)]


def explode_file(path: str, data: bytes, *, max_bytes: int) -> list[Item]:
    """All the items in one file's bytes: Articles, plus RejectedRows/ErrorRows for what can't go
    on (a WARC's skipped records are left out). Never raises."""
    kind = archive_kind(path, data[: head_size(path)])
    if kind:
        return list(explode_archive(path, kind, io.BytesIO(data), max_bytes=max_bytes))
    if _is_warc(path, data[:_HEAD]):
        stream = unwrap_stream(io.BytesIO(data), data[:_HEAD])
        items = explode_warc(path, stream, max_bytes=max_bytes)
        return [i for i in items if not isinstance(i, Skipped)]
    return list(explode_bytes(path, data, max_bytes=max_bytes))


def _guarded(placeholder: Article, items: Iterator[Item]) -> Iterator[Item]:
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - a parser's surprise costs the rest of this file only
        yield failed(placeholder, exc)


def reads_by_line(path: str, head: bytes) -> bool:
    """Whether a file beginning with ``head`` is read line by line in its own bytes: plain
    JSON lines, neither compressed (a compressed one stays capped as a whole: its size says
    nothing of what it inflates to) nor UTF-16 (read line by line as UTF-8, never planned in
    byte spans). A stream's window reads such a file from where the last one stopped
    (pipeline/run/read_budget.py)."""
    if is_compressed(head) or sniff_format(path, head) not in ("jsonl", "json"):
        return False
    if bom_codec(head) or utf16_without_bom(head):  # its bytes are no UTF-8 lines to plan
        return False
    return is_json_lines(head)


def _utf16_json_lines(path: str, head: bytes, handle, rest) -> Optional[io.BufferedReader]:
    """A UTF-16 JSON lines file (``head`` read from ``handle``, then at most ``rest`` bytes of it:
    the size at open, see ``_size_at_open``) as a stream of UTF-8 lines, or None for any other
    file."""
    codec = bom_codec(head)
    if codec:
        head = head[2:]
    else:
        codec = utf16_without_bom(head)
    if not codec or not reads_by_line(path, as_utf8(head)[0]):
        return None
    return io.BufferedReader(UTF8Stream(_Prefixed(head, handle, rest), codec), 1 << 16)


def read_span(path: str, span: tuple, *, max_bytes: int) -> Iterator:
    """The lines ``span`` = ``(start, end, first line number)`` of a plain JSON lines file: the
    bytes ``[start, end)``, each line capped as ``read_file`` caps them (a stream's window reads
    what was appended since the last one, pipeline/run/read_budget.py)."""
    start, end, first = span
    try:
        with open_input(path) as handle:
            handle.seek(start)
            stream = io.BufferedReader(_Prefixed(b"", handle, end - start), 1 << 16)
            yield from explode_jsonl_stream(path, stream, max_bytes=max_bytes, first_line=first)
    except OSError as exc:  # vanished, no permission
        yield failed(article(path, path, "jsonl"), exc)


def read_file(path: str, *, max_bytes: int) -> Iterator:
    """The items of one input file (and Skipped markers for a WARC's skipped records).

    Never trusts ``stat``: the bytes are counted while read, at most ``max_bytes + 1`` of them;
    a FIFO, device or socket is refused without being opened for a blocking read; a WARC is
    streamed record by record, each record capped. Whatever goes wrong is one row for the file.
    """
    placeholder = article(path, path, sniff_format(path, b""))
    try:
        with open_input(path) as handle:
            size = _size_at_open(handle)
            first = head_size(path)
            head = handle.read(first if size is None else min(first, size))
            kind = archive_kind(path, head)
            if kind == "zip":  # read from its end (the central directory) when it can seek
                archive = seekable(handle, head, max_bytes=max_bytes)
                yield from explode_archive(path, kind, archive, max_bytes=max_bytes)
                return
            rest = None if size is None else max(0, size - len(head))
            stream = io.BufferedReader(_Prefixed(head, handle, rest), 1 << 16)
            if kind == "tar":
                yield from explode_archive(path, kind, stream, max_bytes=max_bytes)
                return
            if _is_warc(path, head):
                stream = unwrap_stream(stream, head)
                yield from explode_warc(path, stream, max_bytes=max_bytes)
                return
            if reads_by_line(path, head):  # any size: each line is capped
                yield from explode_jsonl_stream(path, stream, max_bytes=max_bytes)
                return
            utf8 = _utf16_json_lines(path, head, handle, rest)
            if utf8 is not None:  # line by line too, as the UTF-8 the lines are parsed in
                yield from explode_jsonl_stream(path, utf8, max_bytes=max_bytes)
                return
            data = head + read_capped(handle, max(0, max_bytes - len(head)))
    except NotRegularFileError as exc:
        yield rejected(placeholder, "not_regular_file", str(exc))
        return
    except TooLargeError:
        yield rejected(placeholder, "too_large", f"more than max_bytes {max_bytes} bytes")
        return
    except OSError as exc:  # dangling or looping symlink, no permission, vanished
        yield failed(placeholder, exc)
        return
    if len(data) > max_bytes:
        yield rejected(placeholder, "too_large", f"more than max_bytes {max_bytes} bytes")
        return
    yield from explode_bytes(path, data, max_bytes=max_bytes)


def _size_at_open(handle) -> Optional[int]:
    """The bytes a local file holds as it is opened, which is as far as it is read: a JSON
    lines file or a WARC that a crawler appends to while the run reads it (read line by line or
    record by record, not capped as a whole) otherwise kept a batch run reading as long as it
    grew. None when unknown: a remote stream, or a file that says 0 (``/proc``) and is read to
    its end under the caps as before."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None
    return size or None


def _member_items(path: str, ref: str, member: Member, *, max_bytes: int) -> Iterator[Item]:
    placeholder = article(path, ref, sniff_format(ref, b""))
    if member.error is not None:
        yield failed(placeholder, member.error)
    elif member.reason:
        yield rejected(placeholder, member.reason, member.detail)
    elif is_nested_archive(member.name):
        yield rejected(placeholder, "not_article", "an archive inside an archive is not read")
    else:
        for item in explode_file(ref, member.data, max_bytes=max_bytes):
            yield dataclasses.replace(item, source_path=placeholder.source_path)


def explode_archive(path: str, kind: str, handle, *, max_bytes: int) -> Iterator[Item]:
    """The items of every file in a zip or tar archive, read one member at a time (each capped
    at ``max_bytes``, the archive's output in all at a multiple of it); ``source_ref`` is
    ``<archive>#<member>``. Damage keeps the members before it, then one error row."""
    n, seen = 0, set()
    try:
        for member in iter_members(kind, handle, max_bytes=max_bytes):
            n += 1
            ref = member_ref(path, member.name, n, seen)
            yield from _member_items(path, ref, member, max_bytes=max_bytes)
    except Exception as exc:  # noqa: BLE001 - zipfile and tarfile raise many types on damage
        n += 1
        yield failed(article(path, f"{path}#after-member-{n - 1}", kind), exc)
    if not n:
        yield rejected(article(path, path, kind), "empty", f"no files in the {kind} archive")


class _Prefixed(io.RawIOBase):
    """A stream that was already read from: the bytes read, then the rest (at most ``limit``
    bytes of it)."""

    def __init__(self, head: bytes, rest, limit: Optional[int] = None):
        self._head, self._rest, self._left = io.BytesIO(head), rest, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._head.readinto(buffer)
        if n:
            return n
        want = len(buffer) if self._left is None else min(len(buffer), self._left)
        data = self._rest.read(want) if want else b""
        if self._left is not None:
            self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)


def _codable(path: str):
    """``path`` as Beam's coders can carry it: a local name that is not UTF-8 (its bad bytes held
    as surrogates) goes as bytes, since the str coder encodes UTF-8 and fails on it."""
    return path if valid_text(path) == path else os.fsencode(path)


def _expand_all(patterns: tuple, exclude: tuple) -> Iterator:
    """Every path the patterns match, once (patterns may overlap), sorted (``_codable``)."""
    paths = set()
    for pattern in map(os.fsdecode, patterns):
        if is_local(pattern):
            paths.update(expand_pattern(pattern, exclude=exclude))
            continue
        for meta in match_remote(pattern):
            if not any(meta.path.startswith(e.rstrip("/") + "/") for e in exclude):
                paths.add(meta.path)
    for path in sorted(paths):
        yield _codable(path)


class _ReadFileFn(StageFn):
    namespace = "read"

    def __init__(self, max_bytes: int, spans: dict):
        self._max_bytes, self._spans = max_bytes, spans

    def process(self, path):
        self.count("files")
        path = os.fsdecode(path) if isinstance(path, bytes) else path
        span = self._spans.get(path)
        if span is not None:
            items = read_span(path, span, max_bytes=self._max_bytes)
        else:
            items = read_file(path, max_bytes=self._max_bytes)
        for item in items:
            if isinstance(item, Skipped):
                self.count(f"skipped_warc_{item}")
                continue
            self.seen()
            if isinstance(item, Article):
                yield item
            elif isinstance(item, RejectedRow):
                yield self.rejected(item)
            else:
                yield self.failed(item)


class ReadDocuments(beam.PTransform):
    """File patterns (any Beam filesystem; a local folder reads every file under it) to
    StageOutputs(main=Article, rejected, errors). Nothing under ``exclude`` (the run's output
    folder) is read. ``spans``: ``{path: (start, end, first line)}`` of JSON lines files read
    only in part (``read_span``)."""

    def __init__(
        self,
        *,
        patterns: list[str],
        max_bytes: int,
        exclude: Optional[list] = None,
        spans: Optional[dict] = None,
    ):
        super().__init__()
        self._patterns = list(patterns)
        self._max_bytes = max_bytes
        self._exclude = tuple(exclude or ())
        self._spans = dict(spans or {})

    def expand(self, pbegin):
        paths = (
            pbegin
            # a stream's window names its new files: a name that is not UTF-8 among them
            | "Patterns" >> beam.Create([tuple(map(_codable, self._patterns))])
            | "Match" >> beam.FlatMap(_expand_all, self._exclude)
            | "Spread" >> beam.Reshuffle()
        )
        return apply_stage(
            paths, "ReadFile", _ReadFileFn(self._max_bytes, self._spans), stage="read"
        )
