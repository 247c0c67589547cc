"""Line reads for warcio with a length cap: warcio reads WARC and HTTP heads with ``readline()``,
which has no limit of its own, so a record whose inflated bytes hold no newline (a gzip member
of zeros, a record whose Content-Length lies) was read as one line of a gigabyte: 2-3 GB of
memory and ~55 s for a 1 MB ``.warc.gz``. Here a line is at most ``MAX_LINE`` bytes (its
rest is the next "line", which no parser takes for a header) and an HTTP head at most
``MAX_HEAD`` bytes, so a bad record costs what reading ``MAX_HEAD`` costs and then is a
damaged, ``too_large`` or ``not_html`` row like any other."""

from warcio.bufferedreaders import DecompressingBufferedReader

__all__ = ["MAX_HEAD", "MAX_LINE", "CappedLineReader", "HeadBudget"]

MAX_LINE = 64 * 1024  # servers refuse header lines past 8-16 KB; WARC headers are as short
MAX_HEAD = 256 * 1024  # an HTTP status line and its headers


def _cap(length, cap: int) -> int:
    return cap if length is None or length < 0 else min(length, cap)


class CappedLineReader(DecompressingBufferedReader):
    """warcio's reader (plain or gzip) whose ``readline`` returns at most ``MAX_LINE`` bytes."""

    def readline(self, length=None):
        return super().readline(_cap(length, MAX_LINE))


class HeadBudget:
    """A record's stream as the HTTP head parser sees it: lines as the stream gives them,
    and no more once ``budget`` bytes were read (the head then ends, as at a blank line)."""

    def __init__(self, stream, budget: int = MAX_HEAD):
        self._stream, self._left = stream, budget

    def readline(self, length=None):
        if self._left <= 0:
            return b""
        line = self._stream.readline(_cap(length, min(self._left, MAX_LINE)))
        self._left -= len(line)
        return line
