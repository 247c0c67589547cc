"""A large feed document cut into small ones of at most N entries each, every one with the
feed's own header (XML declaration, channel title, language, base) and closing tags.

feedparser builds a dict of some kilobytes per entry and keeps them all until it returns: a feed
file of 100,000 short entries (19 MB) held ~200 MB in feedparser and ~560 MB in the read step
(benchmarks/feed_memory.py). Parsed a chunk at a time, the read step holds one chunk's entries.
Feeds of up to ``ENTRIES_PER_CHUNK`` entries (all normal feeds) are one chunk: the bytes as
they were, parsed as before.

The cut is made on the bytes, before any XML parser: an ill-formed feed (which feedparser still
reads, loosely) must be cut as well as a well-formed one. Entry tags inside CDATA sections and
comments are not entries; a document whose entry tags do not pair up is left whole.
"""

import re
from collections.abc import Iterator

__all__ = ["ENTRIES_PER_CHUNK", "feed_chunks"]

ENTRIES_PER_CHUNK = 2000

# CDATA and comments are matched whole, so that an entry tag written inside them is skipped.
_TOKEN = re.compile(
    rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<(/?)(?:[A-Za-z_][\w.-]*:)?(item|entry)(?=[\s/>])[^>]*>",
    re.DOTALL | re.IGNORECASE,
)


def entry_spans(data: bytes) -> list:
    """``[(start, end)]`` byte spans of the top-level ``<item>``/``<entry>`` elements, in order;
    ``[]`` when their tags do not pair up (the document is then parsed whole)."""
    spans, depth, start = [], 0, 0
    for match in _TOKEN.finditer(data):
        if match.group(2) is None:  # CDATA or comment
            continue
        tag = match.group(0)
        if tag.endswith(b"/>"):  # an empty <item/>: an entry of its own at the top level
            if depth == 0:
                spans.append((match.start(), match.end()))
            continue
        if not match.group(1):
            if depth == 0:
                start = match.start()
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return []
            if depth == 0:
                spans.append((start, match.end()))
    return spans if depth == 0 else []


def feed_chunks(data: bytes, per_chunk: int = ENTRIES_PER_CHUNK) -> Iterator[bytes]:
    """The feed as documents of at most ``per_chunk`` entries each: ``data`` itself when it has
    no more than that (or when its entries cannot be found)."""
    if data.count(b"<", 0) // 2 <= per_chunk:  # cannot hold more entries: no scan
        yield data
        return
    spans = entry_spans(data)
    if len(spans) <= per_chunk:
        yield data
        return
    head, tail = data[: spans[0][0]], data[spans[-1][1] :]
    for first in range(0, len(spans), per_chunk):
        last = spans[min(first + per_chunk, len(spans)) - 1]
        yield head + data[spans[first][0] : last[1]] + tail
