"""Reading on after a damaged WARC record: a stream that keeps what it has read since the current
record began, so that the reader can go back and look for the next record's start in it.

A gzipped WARC is one gzip member per record, so the next record starts at the next member header
(``1f 8b 08``) whose data inflates to ``WARC/1.``; in a plain WARC, at the next ``WARC/1.0`` (or
1.1) line followed by a header line, even mid-line: a record cut short is followed by the next
record's header without the blank lines between. A candidate is checked before the reader restarts there, so a header-like run of
bytes inside the damaged record costs nothing more than a look.
"""

import re
import zlib
from typing import BinaryIO, Optional

__all__ = ["Tape"]

_GZIP = b"\x1f\x8b\x08"
_LINE = b"WARC/1."
_HEADER = re.compile(rb"WARC/1\.[01]\r?\n[A-Za-z][A-Za-z0-9-]*:")
_BLOCK = 1 << 16
# Bytes kept behind the read position however long the record: warcio reads ahead in blocks of
# 16 KiB, so the next record's start is never further back than that when a record fails.
_KEEP = 1 << 20


class Tape:
    """A read-only stream over ``raw`` that can be moved back to any byte kept since ``mark``."""

    def __init__(self, raw: BinaryIO, at: int = 0):
        self._raw = raw
        self._kept = bytearray()
        self._kept_at = at  # the offset of _kept[0]; ``raw`` begins at offset ``at``
        self._pos = at
        self._mark = at
        self._restarted = at  # reading began there

    def tell(self) -> int:
        return self._pos

    def gzipped(self) -> bool:
        """Whether the stream starts with a gzip member (called before anything is read)."""
        head = self.read(3)
        self._pos = 0
        return head == _GZIP

    def mark(self, offset: int) -> None:
        """Bytes before ``offset`` are no longer needed."""
        self._mark = max(self._mark, offset)

    def read(self, size: int = -1) -> bytes:
        end = self._kept_at + len(self._kept)
        if self._pos < end:
            start = self._pos - self._kept_at
            stop = len(self._kept) if size is None or size < 0 else start + size
            data = bytes(self._kept[start:stop])
        else:
            data = self._raw.read(_BLOCK if size is None or size < 0 else size)
            self._kept += data
            self._trim()
        self._pos += len(data)
        return data

    def _trim(self) -> None:
        if len(self._kept) <= 2 * _KEEP:
            return
        keep_from = max(self._mark, self._kept_at + len(self._kept) - _KEEP)
        drop = keep_from - self._kept_at
        if drop > 0:
            del self._kept[:drop]
            self._kept_at = keep_from

    def _more(self) -> bool:
        data = self._raw.read(_BLOCK)
        self._kept += data
        return bool(data)

    def restart_after(self, offset: int, gzipped: bool) -> Optional[int]:
        """Move to the first record start after ``offset`` and return its offset, or None (the
        stream is at its end) when there is none. Never a start at or before one returned
        before: warcio's offset after a record it refused (a WARC gzipped as one member) can
        point back to the file's start, and reading on there would loop forever."""
        sign = _GZIP if gzipped else _LINE
        offset = max(offset, self._restarted)
        at = max(offset + 1, self._kept_at) - self._kept_at
        while True:
            found = self._kept.find(sign, at)
            if found < 0:  # what was searched is let go, all but a sign's possible start
                drop = len(self._kept) - len(sign)
                if drop > 0:
                    del self._kept[:drop]
                    self._kept_at += drop
                at = 0
                if not self._more():
                    self._pos = self._kept_at + len(self._kept)
                    return None
                continue
            start = found
            while len(self._kept) - start < 512 and self._more():
                pass
            if self._starts_record(start, gzipped):
                self._mark = self._pos = self._restarted = self._kept_at + start
                self._trim()
                return self._pos
            at = start + 1

    def _starts_record(self, start: int, gzipped: bool) -> bool:
        head = bytes(self._kept[start : start + 512])
        if gzipped:
            try:
                head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
            except zlib.error:
                return False
            return head.startswith(_LINE)
        return _HEADER.match(head) is not None
