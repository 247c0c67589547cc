"""Files of zstd-compressed frames of pickled objects: how rows wait on disk between stages.

A file is a sequence of frames, each a header (compressed size, pickled size) and the
zstd-compressed pickle of a list of objects. A writer keeps only its open frame as objects (the
closed ones wait compressed) and a reader decompresses one frame at a time, so neither side holds
a whole file's objects. ``ParkArticles`` parks articles this way while dedup decides, and
``WriteParkedArticles`` the rows of the copies that lost (``WriteTables`` reads them back).
"""

import pickle
import struct

import pyarrow as pa
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

__all__ = ["FRAME_ROWS", "pack_frame", "read_frames", "write_bytes", "write_frames"]

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
