"""WARC files, streamed: one item per ``response``/``resource`` record, each capped at max_bytes.

The HTTP Content-Type decides (sniffed from the payload when absent): HTML goes on as an HTML
page with ``url`` = WARC-Target-URI, exactly as an ``.html`` file would; anything else is
rejected ``not_html``. ``request``, ``metadata``, ``revisit``, ``warcinfo`` (and ``conversion``,
``continuation``) records are not input items: they are skipped and counted
(``read.skipped_warc_<type>``). The HTTP ``Content-Encoding`` (gzip, deflate, br) is undone here,
under the same cap, rather than by warcio, whose decoders inflate without an output limit.
"""

import io
import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO, Optional

from transforms.core.dead_letters import error_row
from transforms.core.record import RejectedRow, valid_text
from transforms.read.items import Item, Skipped, article, failed, rejected, web_url
from transforms.read.warc_lines import CappedLineReader, HeadBudget
from transforms.read.warc_resync import Tape

__all__ = ["decode_content_encoding", "explode_warc", "is_html_type", "sniff_html"]

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xhtml")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<!--")
_CHUNK = 1 << 16
_READ_THROUGH = 4
# warcio quotes the bytes it could not read ("Invalid WARC record, first line: \x1f\x8b..."): the
# error row gives their offset instead.
_QUOTED_BYTES = re.compile(r",? first line: .*", re.S)


def is_html_type(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() in _HTML_TYPES


def sniff_html(payload: bytes) -> bool:
    """True when a payload with no Content-Type starts like an HTML document."""
    head = payload[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_STARTS)


def _inflate(data: bytes, inflater, max_bytes: int) -> bytes:
    out = inflater.decompress(data, max_bytes + 1)
    if len(out) > max_bytes:
        raise OverflowError(f"the decoded payload exceeds the {max_bytes}-byte cap")
    return out


def _brotli(data: bytes, max_bytes: int) -> bytes:
    import brotli

    decoder = brotli.Decompressor()
    out = decoder.process(data, output_buffer_limit=max_bytes + 1)
    if len(out) > max_bytes:
        raise OverflowError(f"the decoded payload exceeds the {max_bytes}-byte cap")
    return out


def decode_content_encoding(data: bytes, encoding: str, *, max_bytes: int) -> bytes:
    """Undo an HTTP Content-Encoding (gzip, x-gzip, deflate, br; a list is undone in reverse)
    producing at most ``max_bytes`` (else OverflowError). A payload that does not decode as
    its header says is returned as it is (crawlers often store the decoded body and keep the
    header)."""
    for name in reversed([e.strip().lower() for e in encoding.split(",") if e.strip()]):
        try:
            if name in ("gzip", "x-gzip"):
                data = _inflate(data, zlib.decompressobj(16 + zlib.MAX_WBITS), max_bytes)
            elif name == "deflate":
                wbits = zlib.MAX_WBITS if data[:1] == b"\x78" else -zlib.MAX_WBITS
                data = _inflate(data, zlib.decompressobj(wbits), max_bytes)
            elif name == "br":
                data = _brotli(data, max_bytes)
        except OverflowError:
            raise
        except Exception:  # noqa: BLE001 - zlib.error, brotli.error: the body is not encoded
            return data
    return data


def _record_items(path: str, record, max_bytes: int) -> Item:
    headers = record.rec_headers
    url = (headers.get_header("WARC-Target-URI") or "").strip()
    if url.startswith("<") and url.endswith(">"):  # WARC 1.1's grammar example; some tools copy it
        url = url[1:-1]
    url = valid_text(url) or None
    ref = f"{path}#{headers.get_header('WARC-Record-ID') or url}"
    url = web_url(url)  # a file:, urn: or dns: target names no web page
    http = record.http_headers
    if http is not None and record.rec_type == "response":
        ctype = http.get_header("Content-Type") or ""
        encoding = http.get_header("Content-Encoding") or ""
        status = (http.get_statuscode() or "").strip()
    else:
        ctype, encoding, status = headers.get_header("Content-Type") or "", "", ""
        if ctype.startswith("application/http"):  # a response stored as a resource: unparsed
            ctype = ""
    placeholder = article(path, ref, "warc", url=url)
    stream = record.raw_stream
    if http is not None and (http.get_header("Transfer-Encoding") or "").lower() == "chunked":
        from warcio.bufferedreaders import ChunkedDataReader

        stream = ChunkedDataReader(stream)  # no decompressor: Content-Encoding is undone below
    payload = _read_record(stream, max_bytes)
    if payload is None:
        return rejected(placeholder, "too_large", f"WARC record over max_bytes {max_bytes}")
    missing = getattr(record.raw_stream, "limit", 0)  # what its Content-Length promised, unread
    if missing:  # a cut page would pass for a short article
        return failed(placeholder, EOFError(f"truncated WARC record: {missing} bytes missing"))
    if encoding:
        try:
            payload = decode_content_encoding(payload, encoding, max_bytes=max_bytes)
        except OverflowError as exc:
            return rejected(placeholder, "too_large", f"Content-Encoding {encoding}: {exc}")
    if status and not status.startswith("2"):
        return rejected(placeholder, "http_status", f"HTTP status {status} ({ctype or 'no type'})")
    html = is_html_type(ctype) if ctype else sniff_html(payload)
    if not html:
        detail = f"WARC record of type {ctype}" if ctype else "no Content-Type, not HTML"
        return rejected(placeholder, "not_html", detail)
    return article(
        path, ref, "warc", url=url, raw=payload, content_type="html", encoding=ctype or None
    )


def _read_record(stream, max_bytes: int) -> Optional[bytes]:
    chunks, total = [], 0
    while total <= max_bytes:
        chunk = stream.read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    return None  # the iterator skips the rest of the record (reads it through, in blocks)


class DamagedWARCError(ValueError):
    """A WARC record whose headers are cut or malformed."""


def _loader():
    """warcio's record loader, but an HTTP head is parsed only from a block that holds one: its
    WARC Content-Type is ``application/http`` (or missing). A ``response`` record whose block is
    the page itself (``text/html``) had its first lines parsed as a status line and headers."""
    from warcio.recordloader import ArcWarcRecordLoader

    class _Loader(ArcWarcRecordLoader):
        def parse_record_stream(self, stream, statusline=None, known_format=None,
                                no_record_parse=False, *args, **kwargs):  # fmt: skip
            record = super().parse_record_stream(
                stream, statusline, known_format, True, *args, **kwargs
            )
            ctype = (record.content_type or "").strip().lower()
            if not no_record_parse and (not ctype or ctype.startswith("application/http")):
                # None when the headers are cut: warcio then fails as it always did (_damage)
                uri = record.rec_headers.get_header("WARC-Target-URI")
                uri = uri.strip().removeprefix("<") if uri is not None else None
                record.http_headers = self.load_http_headers(
                    record.rec_type, uri, HeadBudget(record.raw_stream), record.length
                )
            return record

    return _Loader(verify_http=False, arc2warc=False)  # ArchiveIterator's own defaults


class _Records:
    """warcio's records from a Tape, and where the record in hand starts."""

    def __init__(self, tape: Tape):
        from warcio.archiveiterator import ArchiveIterator

        self._tape = tape
        self._it = ArchiveIterator(tape, no_record_parse=False)
        self._it.loader = _loader()
        self._it.reader = CappedLineReader(tape)  # no line of a gigabyte (warc_lines)
        # warcio prints a bad record's next line (input bytes) on stderr: the error row says it.
        self._it.INC_RECORD = ""
        self._in_hand: Optional[int] = None

    @property
    def start(self) -> int:
        """The offset of the record being read (or parsed, between records)."""
        return self._it.offset if self._in_hand is None else self._in_hand

    def __iter__(self):
        for record in self._it:
            self._in_hand = self._it.offset
            self._tape.mark(self._in_hand)
            yield record

    def finish(self) -> None:
        """Read the record in hand to its end; a record whose Content-Length does not end it
        (the bytes after it are not the blank lines that close a record) is damaged."""
        errors = self._it.err_count
        self._it.read_to_end()
        if self._it.err_count > errors:
            raise DamagedWARCError("damaged WARC record: its Content-Length does not end it")
        self._in_hand = None

    def rest_of_member(self) -> Optional[Tape]:
        """After a record of a gzipped WARC is finished: None when its gzip member ended with
        it (one member per record), else the rest of the file, inflated, as a plain WARC
        stream (``gzip file.warc`` makes one member for all its records; warcio reads only the
        first record of such a file and raises on the second)."""
        reader = self._it.reader
        inflater = reader.decompressor if reader is not None else None
        # warcio reads on past a record's blank lines to the next record's first line: it
        # finds one only when the member goes on (it does not read past a member's end)
        if inflater is None or not self._it.next_line:
            return None
        left = reader.buff if reader.buff is not None else io.BytesIO()
        head = [io.BytesIO(self._it.next_line), left]  # read from, not copied: up to 16 MB
        at = reader.num_read - len(self._it.next_line) - (reader.buff_size - left.tell())
        return Tape(_MemberRest(head, inflater, self._tape), at=at)  # offsets: inflated stream


class _MemberRest(io.RawIOBase):
    """The inflated rest of a gzip stream that warcio began: what warcio inflated and did not
    use (``head``, streams), then the rest of its member (and of any members after it),
    inflated a block at a time so that a member that inflates to gigabytes costs no more
    memory."""

    def __init__(self, head: list, inflater, compressed: BinaryIO):
        self._head, self._inflater, self._compressed = head, inflater, compressed
        self._plain = io.BytesIO()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            size = self._plain.readinto(buffer)
            if size:
                return size
            if self._head:
                self._plain = self._head.pop(0)
                continue
            if self._inflater is None:
                return 0
            if self._inflater.eof:
                data = self._inflater.unused_data or self._compressed.read(_CHUNK)
                if not data:
                    return 0
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            else:
                data = self._inflater.unconsumed_tail or self._compressed.read(_CHUNK)
                if not data:  # said once (an error row); the stream then ends
                    self._inflater = None
                    raise EOFError("truncated gzip stream: the file ends inside a record")
            self._plain = io.BytesIO(self._inflater.decompress(data, _CHUNK))


def _damaged_row(path: str, exc: Exception, n: int, at: int, resumed: Optional[int]) -> Item:
    damage = _damage(exc, n)
    message = " ".join(_QUOTED_BYTES.sub("", str(damage)).split()) or type(damage).__name__
    then = f"read on at byte {resumed}" if resumed is not None else "no record after it"
    placeholder = article(path, f"{path}#byte={at}", "warc")
    message = f"{message} (record at byte {at}; {then})"
    return error_row(placeholder, stage="read", error_type=type(damage).__name__, message=message)


def _damage(exc: Exception, n: int) -> Exception:
    """``exc`` when it says what is wrong (a truncated record, warcio's "Invalid WARC record"); a
    ``DamagedWARCError`` for warcio's own failures on a cut header (``AttributeError: 'NoneType'
    ...``), which say nothing to the reader of the error row."""
    if not isinstance(exc, (AttributeError, TypeError, LookupError)):
        return exc
    damaged = DamagedWARCError(
        f"truncated or damaged WARC record after record {n}: its headers are cut or malformed"
    )
    damaged.__cause__ = exc
    return damaged


def _inflates_past(record, item: Item, max_bytes: int) -> bool:
    """Whether a record rejected ``too_large`` declares more than ``_READ_THROUGH`` times
    ``max_bytes``: the rest of its gzip member is jumped over (the next record is found in the
    compressed bytes) rather than inflated, so a member that inflates to gigabytes (a bomb)
    costs the time and memory of its compressed size. A smaller one is read through, which also
    keeps the records after it in a WARC gzipped as a whole (one member)."""
    if not isinstance(item, RejectedRow) or item.reason != "too_large":
        return False
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    return not declared.isdigit() or int(declared) > _READ_THROUGH * max_bytes


def explode_warc(path: str, handle: BinaryIO, *, max_bytes: int) -> Iterator[Item]:
    """The items of a WARC stream (plain or gzipped); skipped records are yielded as Skipped
    (their type). A damaged record is one error row: reading goes on at the next record start
    (``transforms.read.warc_resync``), so the records after it are kept."""
    tape = Tape(handle)
    gzipped = tape.gzipped()
    n = items = 0
    while True:
        records = _Records(tape)
        jump = whole = None
        try:
            for record in records:
                n += 1
                if record.rec_type not in ("response", "resource"):
                    item = Skipped(record.rec_type or "unknown")
                else:
                    items += 1
                    item = _record_items(path, record, max_bytes)
                    if gzipped and _inflates_past(record, item, max_bytes):
                        jump = records.start
                        yield item
                        break
                records.finish()
                yield item
                whole = records.rest_of_member() if gzipped else None
                if whole is not None:  # gzipped as a whole: the rest is read as a plain WARC
                    break
        except Exception as exc:  # noqa: BLE001 - warcio raises many types on damaged archives
            items += 1
            at = records.start
            resumed = tape.restart_after(at, gzipped)
            yield _damaged_row(path, exc, n, at, resumed)
            if resumed is None:
                break
            continue
        if whole is not None:
            tape, gzipped = whole, False
        elif jump is None or tape.restart_after(jump, gzipped) is None:
            break
    if not items:  # the file is still an input: accounted for as one row
        detail = f"no response or resource records ({n} records skipped)"
        yield rejected(article(path, path, "warc"), "empty", detail)
