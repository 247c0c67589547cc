"""Compressed inputs: gzip, bzip2 and xz streams undone under an output cap, and the members of
zip and tar archives read one at a time, each under the same cap."""

import bz2
import gzip
import io
import lzma
import posixpath
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple, Optional

__all__ = [
    "ARCHIVE_OUTPUT_FACTOR",
    "ZIP_SIGNATURES",
    "Member",
    "archive_kind",
    "decompress_all",
    "decompress_head",
    "head_size",
    "is_archive_name",
    "is_compressed",
    "is_nested_archive",
    "iter_members",
    "member_ref",
    "seekable",
    "strip_compression",
    "unwrap_stream",
]

_MAGIC = {
    b"\x1f\x8b": "gzip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
}
_SUFFIXES = (".gz", ".bz2", ".xz")
# How a zip file starts: its first member's local header, or the end record of an empty one.
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_TAR_SUFFIXES = (".tar", ".tgz", ".tbz2", ".tbz", ".txz", ".tar.gz", ".tar.bz2", ".tar.xz")
_MAX_LAYERS = 3
_HEAD = 1 << 16
# bzip2 gives no output until a whole block is in: up to 900 kB of tar, which random
# (incompressible) bytes make 904,055 compressed bytes (measured), so this many first bytes of
# a .tar.bz2 always hold its first tar header. gzip and xz give output as their input comes.
_TAR_HEAD = 1 << 20
_CHUNK = 1 << 20
# An archive's members are each capped at max_bytes; all of its output together (tar headers
# included, hence the slack) at this many times max_bytes, so an archive of capped bombs ends.
ARCHIVE_OUTPUT_FACTOR = 64
_ARCHIVE_SLACK = 1 << 20
_NOT_REGULAR = "archive member is a link or special file: not read"


def strip_compression(path: str) -> str:
    """The path without its compression suffix (``a.jsonl.bz2`` -> ``a.jsonl``)."""
    lower = path.lower()
    for suffix in _SUFFIXES:
        if lower.endswith(suffix):
            return path[: -len(suffix)]
    return path


def _compression(data: bytes) -> Optional[str]:
    return next((kind for magic, kind in _MAGIC.items() if data.startswith(magic)), None)


def is_compressed(head: bytes) -> bool:
    """Whether bytes beginning with ``head`` are gzip, bzip2 or xz (by their magic)."""
    return _compression(head) is not None


def _decompressor(kind: str):
    if kind == "gzip":
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if kind == "bzip2":
        return bz2.BZ2Decompressor()
    return lzma.LZMADecompressor(lzma.FORMAT_XZ)


def _undo_streams(data: bytes, kind: str, max_bytes: int) -> bytes:
    """Every stream of one kind in ``data`` (``cat a.gz b.gz``, pbzip2 and multi-stream xz make
    several), at most ``max_bytes`` of output in all."""
    out, rest, size = [], data, 0
    while rest and _compression(rest) == kind:
        inflater = _decompressor(kind)
        chunk = inflater.decompress(rest, max_bytes + 1 - size)
        size += len(chunk)
        if size > max_bytes:
            raise OverflowError(f"decompressed size exceeds the {max_bytes}-byte cap")
        if not inflater.eof:
            raise EOFError(f"truncated {kind} stream (compressed file ended before its end marker)")
        out.append(chunk)
        rest = inflater.unused_data.lstrip(b"\0") if kind == "xz" else inflater.unused_data
    return b"".join(out)


def decompress_all(data: bytes, *, max_bytes: int) -> bytes:
    """Undo gzip, bzip2 and xz (also one inside another, and files of several streams) up to
    ``max_bytes`` of output; raise OverflowError past it, EOFError on truncation, and the
    decompressor's error (zlib.error, OSError, lzma.LZMAError) on corrupt data."""
    for _ in range(_MAX_LAYERS):
        kind = _compression(data)
        if kind is None:
            return data
        data = _undo_streams(data, kind, max_bytes)
    return data


def decompress_head(data: bytes) -> bytes:
    """The first bytes of a compressed stream (for sniffing; never more than _HEAD), or b""."""
    kind = _compression(data)
    if kind is None:
        return data
    try:
        return _decompressor(kind).decompress(data, _HEAD)
    except (zlib.error, OSError, lzma.LZMAError, EOFError):
        return b""


def unwrap_stream(stream: BinaryIO, head: bytes) -> BinaryIO:
    """A bzip2 or xz stream read decompressed (gzip and plain streams are returned as they are:
    warcio undoes gzip itself, record by record)."""
    kind = _compression(head)
    if kind == "bzip2":
        return bz2.BZ2File(stream)
    if kind == "xz":
        return lzma.LZMAFile(stream)
    return stream


def is_archive_name(path: str) -> bool:
    """Whether ``path`` is named as an archive the reader opens (a zip or tar suffix); its
    bytes decide the rest (``archive_kind``)."""
    return path.lower().endswith((".zip", *_TAR_SUFFIXES))


def head_size(path: str) -> int:
    """How many of a file's first bytes ``archive_kind`` needs to tell what it is: a compressed
    tar's first header may come out of its compressor only after ~900 kB of input (bzip2)."""
    return _TAR_HEAD if path.lower().endswith(_TAR_SUFFIXES) else _HEAD


def archive_kind(path: str, head: bytes) -> Optional[str]:
    """``zip`` or ``tar`` for an archive (by its name, checked against its first bytes: at
    least ``head_size(path)`` of them, or all), else None: a ``.zip`` that is not a zip file,
    or a ``.tar.bz2`` that holds no tar, is read as any other file would be."""
    lower = path.lower()
    if lower.endswith(".zip") and head[:4] in ZIP_SIGNATURES:
        return "zip"
    if lower.endswith(_TAR_SUFFIXES):
        plain = decompress_head(head)
        if plain[257:262] == b"ustar":
            return "tar"
    return None


class Member(NamedTuple):
    """One member of an archive: its name and bytes, or why it was not read (``reason`` is a
    rejected reason, or None with ``error`` set for a member that could not be read)."""

    name: str
    data: Optional[bytes] = None
    reason: Optional[str] = None
    detail: str = ""
    error: Optional[BaseException] = None


_MEMBER_ERRORS = (
    zipfile.BadZipFile,
    NotImplementedError,
    RuntimeError,
    OSError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
)


class _Budget:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.limit = max_bytes * ARCHIVE_OUTPUT_FACTOR + _ARCHIVE_SLACK
        self.left = self.limit

    def exhausted(self) -> Optional[Member]:
        if self.left > 0:
            return None
        detail = (
            f"archive output exceeds {self.limit} bytes ({ARCHIVE_OUTPUT_FACTOR} x max_bytes "
            "+ 1 MiB): the rest is not read"
        )
        return Member("", reason="too_large", detail=detail)

    def read(self, name: str, handle) -> Member:
        """A member's bytes, read capped at max_bytes (never trusting the size its header
        gives) and charged to the archive's budget."""
        chunks, total = [], 0
        while total <= self.max_bytes:
            chunk = handle.read(min(_CHUNK, self.max_bytes + 1 - total, self.left))
            if not chunk:
                return Member(name, data=b"".join(chunks))
            chunks.append(chunk)
            total += len(chunk)
            self.left -= len(chunk)
            if self.left <= 0:
                return self.exhausted()
        return Member(name, reason="too_large", detail=f"member over max_bytes {self.max_bytes}")


def _zip_members(handle: BinaryIO, budget: _Budget) -> Iterator[Member]:
    with zipfile.ZipFile(handle) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            kind = stat.S_IFMT(info.external_attr >> 16)  # Unix mode, 0 when none is recorded
            if kind and kind != stat.S_IFREG:  # a symlink's data is its target path, not text
                yield Member(info.filename, reason="not_regular_file", detail=_NOT_REGULAR)
                continue
            try:
                with archive.open(info) as member:
                    yield budget.read(info.filename, member)
            except _MEMBER_ERRORS as exc:  # damaged, encrypted, unsupported: that member only
                yield Member(info.filename, error=exc)
            if budget.left <= 0:
                return


class _Spent(Exception):
    """The archive's output budget is spent."""


class _Counted(io.RawIOBase):
    """A decompressed stream that stops at ``limit`` bytes: a tar reader skips a member it does
    not read by reading through it, so the cap must sit under the reader, not in it."""

    def __init__(self, stream: BinaryIO, limit: int):
        self._stream, self._left = stream, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(min(len(buffer), _CHUNK))
        self._left -= len(data)
        if self._left < 0:
            raise _Spent
        buffer[: len(data)] = data
        return len(data)


def _plain_stream(handle: BinaryIO) -> BinaryIO:
    if not hasattr(handle, "peek"):
        handle = io.BufferedReader(handle, _HEAD)
    head = handle.peek(_HEAD)[:_HEAD]
    if _compression(head) == "gzip":
        return gzip.GzipFile(fileobj=handle)
    return unwrap_stream(handle, head)


def _tar_members(handle: BinaryIO, budget: _Budget) -> Iterator[Member]:
    stream = io.BufferedReader(_Counted(_plain_stream(handle), budget.left), _CHUNK)
    budget.left = float("inf")  # charged once, below the tar reader
    try:
        # "r|": a stream read once front to back, no seeking
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for info in archive:
                if info.isdir():
                    continue
                if not info.isfile():
                    yield Member(info.name, reason="not_regular_file", detail=_NOT_REGULAR)
                    continue
                yield budget.read(info.name, archive.extractfile(info))
    except _Spent:
        budget.left = 0
        yield budget.exhausted()


def iter_members(kind: str, handle: BinaryIO, *, max_bytes: int) -> Iterator[Member]:
    """The regular-file members of a zip or tar archive, in archive order, each read at most to
    ``max_bytes``; past the archive's whole budget one ``too_large`` Member (name "") ends it.
    Damage after some members is raised after them (the caller makes it one row)."""
    budget = _Budget(max_bytes)
    members = _zip_members if kind == "zip" else _tar_members
    for member in members(handle, budget):
        yield member
        if member.reason == "too_large" and not member.name:
            return


def member_ref(archive: str, name: str, n: int, seen: set) -> str:
    """What the ``n``-th member (from 1) is called in ``source_ref``: the archive, ``#``, the
    member's name (``#rest`` for what the budget left unread). Never one already in ``seen``
    (the refs given so far, updated): zip and tar both hold several members of one name (``zip``
    appends, ``tar -r`` adds a newer copy; ``./a.html`` is ``a.html`` once normalised), and a
    ref given twice gave two inputs one ``doc_id``, which dedup took for one document. A repeat
    is ``#member=<n>:<name>``, the name last so its extension still says the format."""
    name = posixpath.normpath(name).lstrip("/") if name else "rest"
    ref, k = f"{archive}#{name}", 1
    while ref in seen:
        ref = f"{archive}#member={n}{'' if k == 1 else f'.{k}'}:{name}"
        k += 1
    seen.add(ref)
    return ref


def is_nested_archive(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(".zip") or lower.endswith(_TAR_SUFFIXES)


def seekable(handle: BinaryIO, head: bytes, *, max_bytes: int) -> BinaryIO:
    """``handle`` rewound when it can seek (a zip is read from its end), else its bytes (at most
    ``max_bytes``: the caller's cap on a file) in memory."""
    try:
        if handle.seekable():
            handle.seek(0)
            return handle
    except (OSError, ValueError):
        pass
    from transforms.read.paths import read_capped

    return io.BytesIO(head + read_capped(handle, max(0, max_bytes - len(head))))
