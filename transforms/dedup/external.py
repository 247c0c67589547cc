"""Disk-backed pieces of ``on_disk.cluster_verdicts``: what would otherwise grow with the run.

- ``Scratch``: a folder of the run's staging (``<staging>/_parked/scratch``) for the worker's
  files, removed when the clustering ends, done or failed; not the machine's default temp, which
  may be small or shared (a killed worker leaves them with the staging of the failed run);
- ``SignatureFile``: the packed signatures in blocks stored transposed (one position of every
  signature is read without the rest), beside each row's load index, digest and prior flag;
- ``Partitioned``: records whose first field is a 64-bit hash, held in memory up to a budget and
  past it written to files by the hash's top bits: equal hashes land in one part, so a run of
  equal hashes is found by sorting one part at a time, in hash order;
- ``ranks``: the rank of each document's doc_id, by an external merge sort of ``(doc_id, load
  index)`` runs: the doc_id strings are never all in memory;
- ``ArrayForest``: a union-find over load indices in one typed array (4 bytes a document);
- ``ObjectParts``: objects (the clustered nodes) in files of frames by an integer key (their
  component), read back one part at a time;
- ``SpilledList``: a list (the LSH buckets' representatives) appended in frames to a file and
  read back in order, one frame in memory.
"""

import array
import heapq
import os
import shutil
import tempfile

import numpy as np

from transforms.core.frames import pack_frame, read_frames, write_frames

__all__ = [
    "ArrayForest",
    "ObjectParts",
    "Partitioned",
    "Scratch",
    "SignatureFile",
    "SpilledList",
    "ranks",
]

PARTS = 64  # files of a ``Partitioned`` past its budget (top 6 bits of the hash)
META = np.dtype([("row", "<i8"), ("digest", "<u8"), ("prior", "u1")])


class Scratch:
    """A fresh folder under ``parent`` (None: the default temp), removed by ``close``."""

    def __init__(self, parent: str = None):
        if parent:
            os.makedirs(parent, exist_ok=True)
        self.path = tempfile.mkdtemp(prefix="dedup-", dir=parent)
        self._count = 0

    def file(self, name: str) -> str:
        self._count += 1
        return os.path.join(self.path, f"{self._count:05d}-{name}")

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


class SignatureFile:
    """Signatures in blocks of ``block_rows``, transposed, and a row of ``META`` each. Memory:
    one block, not the run."""

    def __init__(self, num_perm: int, scratch: Scratch, block_rows: int):
        self.num_perm, self.block_rows = num_perm, block_rows
        self.rows = 0
        self._file = open(scratch.file("signatures"), "w+b")  # noqa: SIM115 (closed by close)
        self._meta = open(scratch.file("meta"), "w+b")  # noqa: SIM115
        self._blocks: list = []  # (byte offset, rows) of each written block
        self._buffer = np.empty((block_rows, num_perm), dtype="<u4")
        self._meta_buffer: list = []

    def add(self, packed: bytes, row: int, digest: int, prior: bool) -> None:
        self._buffer[len(self._meta_buffer)] = np.frombuffer(packed, dtype="<u4")
        self._meta_buffer.append((row, digest, prior))
        self.rows += 1
        if len(self._meta_buffer) >= self.block_rows:
            self._flush()

    def _flush(self) -> None:
        if self._meta_buffer:
            n = len(self._meta_buffer)
            offset = self._file.seek(0, 2)
            self._file.write(np.ascontiguousarray(self._buffer[:n].T).data)
            self._blocks.append((offset, n))
            self._meta.seek(0, 2)
            self._meta.write(np.array(self._meta_buffer, dtype=META).data)
            self._meta_buffer = []

    @staticmethod
    def _read(handle, offset: int, count: int, dtype="<u4") -> np.ndarray:
        handle.seek(offset)
        return np.fromfile(handle, dtype=dtype, count=count)

    def blocks(self, positions: list):
        """Per block: ``(meta, values)``, ``values`` the block's ``(rows, len(positions))``."""
        self._flush()
        start = 0
        for offset, n in self._blocks:
            values = np.empty((n, len(positions)), dtype=np.uint32)
            for c, j in enumerate(positions):
                values[:, c] = self._read(self._file, offset + 4 * j * n, n)
            yield self._read(self._meta, start * META.itemsize, n, META), values
            start += n

    def columns(self, positions: list) -> np.ndarray:
        """``(rows, len(positions))`` values of the given signature positions, row order."""
        parts = [values for _, values in self.blocks(positions)]
        return np.concatenate(parts) if parts else np.zeros((0, len(positions)), np.uint32)

    def select(self, rows: np.ndarray) -> tuple:
        """``(signatures, load indices)`` of ``rows`` (sorted, unique), a block read at a time."""
        self._flush()
        out = np.empty((len(rows), self.num_perm), dtype=np.uint32)
        loads = np.empty(len(rows), dtype=np.int64)
        start = 0
        for offset, n in self._blocks:
            lo, hi = np.searchsorted(rows, [start, start + n])
            if hi > lo:
                block = self._read(self._file, offset, n * self.num_perm).reshape(self.num_perm, n)
                out[lo:hi] = block[:, rows[lo:hi] - start].T
                meta = self._read(self._meta, start * META.itemsize, n, META)
                loads[lo:hi] = meta["row"][rows[lo:hi] - start]
            start += n
        return out, loads

    def close(self) -> None:
        self._file.close()
        self._meta.close()


class Partitioned:
    """Records (a structured dtype whose first field is a uint64 hash) added in arrays; ``parts``
    gives them back as arrays in which every record of a hash is, parts in hash order: one
    array while they fit ``budget`` records, else one per ``PARTS`` range of the hash."""

    def __init__(self, dtype, scratch: Scratch, name: str, budget: int):
        self.dtype, self.budget = np.dtype(dtype), budget
        self._key = self.dtype.names[0]
        self._scratch, self._name = scratch, name
        self._held: list = []
        self._held_rows = 0
        self._paths: list = None  # the part files once spilled

    def add(self, records: np.ndarray) -> None:
        if len(records):
            self._held.append(records)
            self._held_rows += len(records)
            if self._held_rows > (self.budget if self._paths is None else self.budget // 4):
                self._spill()

    def _spill(self) -> None:
        if self._paths is None:
            self._paths = [self._scratch.file(f"{self._name}-{p}") for p in range(PARTS)]
        if not self._held:
            return
        records = np.concatenate(self._held)
        self._held, self._held_rows = [], 0
        part = (records[self._key] >> np.uint64(58)).astype(np.int64)
        order = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange(PARTS + 1))
        for p in np.flatnonzero(np.diff(bounds)).tolist():
            _append(self._paths[p], records[order[bounds[p] : bounds[p + 1]]].tobytes())

    def parts(self):
        """The records, a part at a time (each part's file removed once read)."""
        if self._paths is None:
            if self._held:
                yield np.concatenate(self._held)
            return
        self._spill()
        for path in self._paths:
            if os.path.exists(path):
                records = np.fromfile(path, dtype=self.dtype)
                os.remove(path)
                yield records

    def spilled(self) -> bool:
        return self._paths is not None


def _write_run(scratch: Scratch, items: list) -> str:
    items.sort()
    path = scratch.file("doc-ids.frames")
    write_frames(path, items, frame_rows=4096)
    return path


def ranks(doc_ids, scratch: Scratch, budget: int) -> np.ndarray:
    """``doc_ids`` (in load order) -> the rank of each in sorted order, by load index. Sorted
    runs of ``budget`` ids are written to ``scratch`` and merged: memory is one run, a frame
    of each run while merging, and the ranks (8 bytes a document)."""
    runs, held, n = [], [], 0
    for i, doc_id in enumerate(doc_ids):
        held.append((doc_id, i))
        n = i + 1
        if len(held) >= budget:
            runs.append(_write_run(scratch, held))
            held = []
    out = np.empty(n, dtype=np.int64)
    if not runs:
        held.sort()
        merged = held
    else:
        if held:
            runs.append(_write_run(scratch, held))
        held = []
        merged = heapq.merge(*(read_frames(path) for path in runs))
    for r, (_, i) in enumerate(merged):
        out[i] = r
    for path in runs:
        os.remove(path)
    return out


class ArrayForest:
    """Disjoint sets over ``0 .. n-1`` in one typed array, path halving, smaller root wins (the
    same structure whatever the order of the unions)."""

    def __init__(self, n: int):
        self.parent = array.array("i" if n < 2**31 else "q", range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def roots(self) -> np.ndarray:
        """Each element's root (the smallest member of its component), in the forest's own
        width (4 bytes a document below 2^31: the three arrays of a step are 12, not 24)."""
        root = np.frombuffer(self.parent, dtype=np.int32 if self.parent.itemsize == 4 else np.int64)
        root = root.copy()
        while True:
            up = root[root]
            if np.array_equal(up, root):
                return root
            root = up


class ObjectParts:
    """Objects added with an integer key, given back a part at a time (``groups``): every
    object of a key in one part. One part is held in memory; more are files of frames of
    ``frame_rows`` objects, so memory is a part and a frame per part."""

    def __init__(self, scratch: Scratch, name: str, parts: int, frame_rows: int = 256):
        self.parts, self._frame_rows = max(1, parts), frame_rows
        self._held: list = [[] for _ in range(self.parts)]
        self._paths = None
        if self.parts > 1:
            self._paths = [scratch.file(f"{name}-{p}") for p in range(self.parts)]

    def add(self, key: int, item) -> None:
        p = key % self.parts
        held = self._held[p]
        held.append(item)
        if self._paths is not None and len(held) >= self._frame_rows:
            self._write(p)

    def _write(self, p: int) -> None:
        _append(self._paths[p], pack_frame(self._held[p]))
        self._held[p] = []

    def groups(self):
        """Each part's objects, as a list, the part's file removed once read."""
        if self._paths is None:
            yield self._held[0]
            return
        for p, path in enumerate(self._paths):
            if self._held[p]:
                self._write(p)
            if os.path.exists(path):
                items = list(read_frames(path))
                os.remove(path)
                yield items


class SpilledList:
    """Items appended to a file of frames of ``frame_rows`` and iterated back once in order:
    memory is one frame, however many are appended."""

    def __init__(self, scratch: Scratch, name: str, frame_rows: int = 4096):
        self._path, self._frame_rows = scratch.file(name), frame_rows
        self._held: list = []
        self._frames = 0

    def append(self, item) -> None:
        self._held.append(item)
        if len(self._held) >= self._frame_rows:
            self._write()

    def _write(self) -> None:
        _append(self._path, pack_frame(self._held))
        self._held, self._frames = [], self._frames + 1

    def __iter__(self):
        """The items in their order, once: the file is removed once read."""
        if self._frames:
            yield from read_frames(self._path)
            os.remove(self._path)
        yield from self._held


def _append(path: str, data: bytes) -> None:
    """Add ``data`` at the end of the scratch file ``path`` (created when absent)."""
    with open(path, "ab") as out:
        out.write(data)
