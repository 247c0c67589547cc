"""Files of zstd-compressed frames of pickled objects: how rows wait on disk between stages.

A file is a sequence of frames, each a header (compressed size, pickled size) and the
zstd-compressed pickle of a list of objects. A writer keeps only its open frame as objects (the
closed ones wait compressed) and a reader decompresses one frame at a time, so neither side holds
a whole file's objects. ``ParkArticles`` parks articles this way while dedup decides, and
``WriteParkedArticles`` the rows of the copies that lost (``WriteTables`` reads them back).
"""

import collections
import pickle
import struct
from collections.abc import Callable
from typing import NamedTuple, Optional

import pyarrow as pa
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

__all__ = [
    "FRAME_ROWS",
    "MAX_HELD_BYTES",
    "FramedFiles",
    "Written",
    "pack_frame",
    "read_frames",
    "write_bytes",
    "write_frames",
]

FRAME_ROWS = 64  # objects per frame
# Packed frames a ``FramedFiles`` keeps in memory over all its keys before it writes the largest
# (a parked article is ~1-3 KB packed, so one partition's 2,000 rows a file stay far below it).
MAX_HELD_BYTES = 32 * 2**20
_CODEC = "zstd"
_FRAME_HEADER = struct.Struct("<II")  # compressed size, pickled size


def pack_frame(items) -> bytes:
    """Objects -> one frame: a header and the zstd-compressed pickle of their list."""
    raw = pickle.dumps(list(items), protocol=pickle.HIGHEST_PROTOCOL)
    packed = pa.compress(raw, codec=_CODEC, asbytes=True)
    return _FRAME_HEADER.pack(len(packed), len(raw)) + packed


def write_bytes(path: str, data: bytes) -> int:
    """Create (or replace) ``path`` on any Beam filesystem with ``data``; return its size."""
    with FileSystems.create(
        path, mime_type="application/octet-stream", compression_type=CompressionTypes.UNCOMPRESSED
    ) as handle:
        handle.write(data)
    return len(data)


def write_frames(path: str, items: list, *, frame_rows: int = FRAME_ROWS) -> int:
    """Objects -> one file of ``frame_rows`` frames on any Beam filesystem; returns its size."""
    items = list(items)
    frames = [pack_frame(items[i : i + frame_rows]) for i in range(0, len(items), frame_rows)]
    return write_bytes(path, b"".join(frames))


def read_frames(path: str):
    """The objects of a frames file, in order, decompressing one frame at a time."""
    with FileSystems.open(
        path, mime_type="application/octet-stream", compression_type=CompressionTypes.UNCOMPRESSED
    ) as handle:
        while header := handle.read(_FRAME_HEADER.size):
            if len(header) < _FRAME_HEADER.size:
                raise ValueError(f"frames file {path} is truncated")
            packed_size, raw_size = _FRAME_HEADER.unpack(header)
            packed = handle.read(packed_size)
            if len(packed) < packed_size:
                raise ValueError(f"frames file {path} is truncated")
            raw = pa.decompress(packed, decompressed_size=raw_size, codec=_CODEC, asbytes=True)
            yield from pickle.loads(raw)


class Written(NamedTuple):
    """A frames file that ``FramedFiles`` wrote: its key, path, number of items and bytes."""

    key: object
    path: str
    rows: int
    size: int


class FramedFiles:
    """Items per key, packed into frames of ``frame_rows`` as they come; a key's frames go to a
    file every ``max_rows`` items (``add``) and at the end (``close``). ``path_of(key, number)``
    names the key's ``number``-th file (0, 1, ... in the order its items came).

    What waits in memory is bounded over all keys, not per key: at most ``max_open`` items as
    objects (above it the largest open frames are packed, however short, until half of it is
    left), and ``max_bytes`` of packed frames (above it the keys holding the most are written,
    largest first, until half of it is left). Without the budget, one bundle over many keys
    (articles partitioned by site over an archive: a thousand partitions) held up to
    ``max_rows`` compressed items and an open frame of objects per key. Written in smaller
    pieces, a key's items are the same: readers take every file of a key, and the writers sort."""

    def __init__(
        self,
        path_of: Callable[[object, int], str],
        *,
        frame_rows: int,
        max_rows: int,
        max_bytes: int = MAX_HELD_BYTES,
        max_open: Optional[int] = None,
    ):
        self._path_of = path_of
        self._frame_rows = frame_rows
        self._max_rows = max_rows
        self._max_bytes = max_bytes
        self._max_open = 8 * frame_rows if max_open is None else max_open
        self._open = collections.defaultdict(list)  # key -> items of the open frame
        self._frames = collections.defaultdict(list)  # key -> packed frames
        self._bytes = collections.Counter()  # key -> bytes of its packed frames
        self._counts = collections.Counter()  # key -> items since its last file
        self._files = collections.Counter()  # key -> files written
        self._open_items = 0  # items in open frames, over all keys
        self._held = 0  # bytes of packed frames, over all keys

    @property
    def held_bytes(self) -> int:
        """Bytes of packed frames waiting in memory, over all keys."""
        return self._held

    def add(self, key, item) -> list:
        """Add an item; returns the ``Written`` files that made (the key's when it reached
        ``max_rows``, the largest keys' when the memory budget was passed), else ``[]``."""
        frame = self._open[key]
        frame.append(item)
        self._open_items += 1
        self._counts[key] += 1
        if len(frame) >= self._frame_rows:
            self._pack(key)
        written = [self._write(key)] if self._counts[key] >= self._max_rows else []
        if self._open_items > self._max_open:
            self._pack_largest()
        if self._held > self._max_bytes:
            written += self._shed()
        return written

    def close(self) -> list:
        """Write what is left of every key, in key order; returns the ``Written`` files."""
        return [self._write(key) for key in sorted(self._counts) if self._counts[key]]

    def _pack(self, key) -> None:
        items = self._open.pop(key)
        self._open_items -= len(items)
        frame = pack_frame(items)
        self._frames[key].append(frame)
        self._bytes[key] += len(frame)
        self._held += len(frame)

    def _pack_largest(self) -> None:
        """Pack the largest open frames until half of ``max_open`` items are left as objects:
        packing every one, over many keys, made many frames of an item or two (fewer, fuller
        frames: benchmarks/frames_packing.py), and half a budget is added before the next scan."""
        for key in sorted(self._open, key=lambda k: len(self._open[k]), reverse=True):
            if self._open_items <= self._max_open // 2:
                break
            self._pack(key)

    def _shed(self) -> list:
        """Write the keys holding the most bytes until half the budget is held: a scan of the
        keys once per half a budget added, not once per item."""
        written = []
        for key in sorted(self._bytes, key=self._bytes.__getitem__, reverse=True):
            if self._held <= self._max_bytes // 2:
                break
            written.append(self._write(key))
        return written

    def _write(self, key) -> Written:
        if self._open.get(key):
            self._pack(key)
        self._open.pop(key, None)
        path = self._path_of(key, self._files[key])
        self._held -= self._bytes.pop(key, 0)
        size = write_bytes(path, b"".join(self._frames.pop(key, ())))
        self._files[key] += 1
        return Written(key, path, self._counts.pop(key), size)
