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
from typing import NamedTuple

import pyarrow as pa
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

__all__ = [
    "FRAME_ROWS",
    "FramedFiles",
    "Written",
    "pack_frame",
    "read_frames",
    "write_bytes",
    "write_frames",
]

FRAME_ROWS = 64  # objects per frame
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
    file every ``max_rows`` items (``add``) and at the end (``close``), so only the open frames
    and at most ``max_rows`` compressed items per key wait in memory. ``path_of(key, number)``
    names the key's ``number``-th file (0, 1, ... in the order its items came)."""

    def __init__(self, path_of: Callable[[object, int], str], *, frame_rows: int, max_rows: int):
        self._path_of = path_of
        self._frame_rows = frame_rows
        self._max_rows = max_rows
        self._open = collections.defaultdict(list)  # key -> items of the open frame
        self._frames = collections.defaultdict(list)  # key -> packed frames
        self._counts = collections.Counter()  # key -> items since its last file
        self._files = collections.Counter()  # key -> files written

    def add(self, key, item) -> list:
        """Add an item; returns ``[Written]`` if that filled the key's file, else ``[]``."""
        frame = self._open[key]
        frame.append(item)
        self._counts[key] += 1
        if len(frame) >= self._frame_rows:
            self._frames[key].append(pack_frame(self._open.pop(key)))
        return [self._write(key)] if self._counts[key] >= self._max_rows else []

    def close(self) -> list:
        """Write what is left of every key, in key order; returns the ``Written`` files."""
        return [self._write(key) for key in sorted(self._counts) if self._counts[key]]

    def _write(self, key) -> Written:
        if self._open.get(key):
            self._frames[key].append(pack_frame(self._open.pop(key)))
        path = self._path_of(key, self._files[key])
        size = write_bytes(path, b"".join(self._frames.pop(key)))
        self._files[key] += 1
        return Written(key, path, self._counts.pop(key), size)
