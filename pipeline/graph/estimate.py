"""How many documents a run will read, estimated before it starts from file names, sizes and
the feed list alone (nothing is read): what ``dedup.engine: auto`` decides on."""

import os

from pipeline.config.settings import Settings
from pipeline.graph.feeds import resolve_feed_urls
from transforms.read.compressed import is_archive_name, strip_compression
from transforms.read.documents import format_by_name
from transforms.read.paths import expand_pattern, is_local, match_remote

__all__ = ["FEED_ENTRIES", "documents_in", "input_size"]

# A file of records (JSON lines, JSON, a feed, or one read by its content: Spark's
# ``part-00000``, ``x.warc.open``) counts a document per KiB (a short text as a JSON line; a
# line of real article HTML is far longer, so it is over-counted, which only costs speed).
_RECORD_BYTES = 1_024
# A WARC one per 32 KiB: a response record of a real page is ~145 KB (28.5 KB gzipped, ~114 KB
# at the 4x below), measured on the 990 trafilatura-eval pages written as a WARC the way
# real-data-smoke does (``benchmarks/input_estimate.py``): over-counted 3.5-4.5x, never under.
_WARC_RECORD_BYTES = 32 * 1_024
# gzip, bzip2, xz and archives: counted as their text, taken as 4x their size (HTML gzips ~5x).
_COMPRESSION = 4
# A feed URL (one in an OPML list too) counts as this many entries: there is no per-feed cap;
# 246 real feed files (/work/shared/data/feeds/real) hold a median of 10 entries, a mean of 17.1.
FEED_ENTRIES = 20
_ONE_EACH = ("txt", "html")


def documents_in(path: str, size: int) -> int:
    """About how many documents a file of ``size`` bytes holds, by its name: a page or text
    (``.html``, ``.txt``, also compressed: ``.html.gz``) one; a WARC one per 32 KiB; any other
    (JSON lines, JSON, a feed, an unknown extension) one per KiB; a compressed file or archive
    is counted as 4x its size."""
    if is_archive_name(path):  # members unknown: as records
        return max(1, _COMPRESSION * size // _RECORD_BYTES)
    bare = strip_compression(path)
    text = size * _COMPRESSION if bare != path else size
    fmt = format_by_name(bare)
    if fmt in _ONE_EACH:
        return 1
    return max(1, text // (_WARC_RECORD_BYTES if fmt == "warc" else _RECORD_BYTES))


def _sizes(settings: Settings):
    """``(path, bytes)`` of each file the input patterns match (the output left out)."""
    for pattern in settings.input:
        if is_local(pattern):
            for path in expand_pattern(pattern, exclude=[settings.output]):
                try:
                    yield path, os.path.getsize(path)
                except OSError:
                    continue  # a dangling symlink: the reader reports it
        else:
            for m in match_remote(pattern):
                yield m.path, m.size_in_bytes


def input_size(settings: Settings, spans=None) -> tuple:
    """``(bytes, documents)`` the run reads: its files' bytes (of a file read in part, its span:
    ``spans`` as ``ReadDocuments`` takes them, a stream's window) and documents as
    ``documents_in`` estimates them, plus ``FEED_ENTRIES`` per feed URL."""
    spans = spans or {}
    total, documents = 0, 0
    for path, size in _sizes(settings):
        if path in spans:
            start, end, _ = spans[path]
            size = end - start
        total += size
        documents += documents_in(path, size)
    if settings.feeds:
        documents += FEED_ENTRIES * len(resolve_feed_urls(settings.feeds))
    return total, documents
