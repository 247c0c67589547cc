"""Input paths: normalise patterns, list what they match (local folders too), open files safely.

Local patterns are listed here rather than by Beam's ``MatchAll`` because Beam's listing drops
what a user most needs to hear about: a dangling or looping symlink (its ``stat`` fails) and the
run's own output folder inside an input glob. Remote patterns (``gs://``, ``s3://``...) still go
through ``FileSystems.match``.
"""

import os
import re
import stat
from collections.abc import Iterable, Iterator
from typing import BinaryIO

__all__ = [
    "NotRegularFileError",
    "expand_pattern",
    "inside",
    "is_local",
    "is_not_found",
    "match_remote",
    "normalise_pattern",
    "open_input",
    "open_local",
    "read_capped",
    "TooLargeError",
]

_GLOB_CHARS = re.compile(r"[*?\[]")
_CHUNK = 1 << 20


class NotRegularFileError(OSError):
    """The path is a FIFO, a device or a socket: never read (it may block or never end)."""


class TooLargeError(ValueError):
    """More bytes than ``read.max_bytes`` (counted while reading, never from ``stat``)."""


def is_local(pattern: str) -> bool:
    return "://" not in pattern


def normalise_pattern(pattern: str) -> str:
    """A local pattern as an absolute path whose fixed part (before any wildcard) is resolved, so
    ``seeds/*``, ``./seeds/*`` and ``/abs/seeds/*`` are one pattern (and one run id). Remote
    patterns are returned unchanged."""
    if not is_local(pattern):
        return pattern
    pattern = os.path.abspath(os.path.expanduser(pattern))
    m = _GLOB_CHARS.search(pattern)
    if m is None:
        return os.path.realpath(pattern) if not os.path.islink(pattern) else pattern
    fixed, rest = pattern[: m.start()], pattern[m.start() :]
    head, partial = os.path.split(fixed)  # the last fixed segment may be part of a wildcard one
    return os.path.join(os.path.realpath(head), partial + rest)


def _translate(pattern: str) -> str:
    from apache_beam.io.filesystem import FileSystem

    return FileSystem.translate_pattern(pattern)  # Beam's own glob semantics (``**`` crosses /)


def inside(path: str, folders: tuple) -> bool:
    """``path`` (resolved) is one of ``folders`` (resolved paths) or under one of them."""
    if not folders:
        return False
    real = os.path.realpath(path)
    return any(real == f or real.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def _walk(root: str, excluded: tuple) -> Iterator[str]:
    """Every non-directory entry under ``root`` (symlinks to folders followed once; dangling,
    looping and special entries listed like files so that each becomes a row), and every folder
    under it that cannot be listed (no read permission): its files cannot be named, so the
    folder is the row (``open_input`` says why)."""
    seen, unlisted = set(), []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unlisted.append):
        yield from _unlisted(unlisted, root)
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen or inside(dirpath, excluded):
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            yield os.path.join(dirpath, name)
    yield from _unlisted(unlisted, root)


def _unlisted(errors: list, root: str) -> list:
    """The folders below ``root`` that ``os.walk`` reported it could not list, once each."""
    found = [e.filename for e in errors if e.filename and e.filename != root]
    errors.clear()
    return found


def expand_pattern(pattern: str, *, exclude: Iterable[str] = ()) -> list[str]:
    """The files a local pattern names, sorted: a folder means every file under it (recursive);
    nothing under an ``exclude`` folder (the run's output) is listed. A pattern that is the
    name of an existing file is that file, wildcard characters and all."""
    excluded = tuple(os.path.realpath(e) for e in exclude if is_local(e))
    pattern = normalise_pattern(pattern)
    m = _GLOB_CHARS.search(pattern)
    if m is not None and os.path.lexists(pattern) and not os.path.isdir(pattern):
        m = None  # a file named ``a[1].txt`` is itself (a stream's window names its files so)
    if m is None:
        if os.path.isdir(pattern):
            return [p for p in _walk(pattern, excluded) if not inside(p, excluded)]
        return [pattern] if os.path.lexists(pattern) else []
    root = os.path.dirname(pattern[: m.start()]) or os.sep
    regex = re.compile(_translate(pattern))
    return [p for p in _walk(root, excluded) if regex.fullmatch(p) and not inside(p, excluded)]


def match_remote(pattern: str) -> list:
    """The objects a remote pattern (``gs://``, ``s3://``, ...; a local one too) names, as Beam
    ``FileMetadata``:
    the object of exactly that name when there is one, else what the glob matches. ``[``, ``*``
    and ``?`` are legal in object names, and Beam's listing takes them as wildcards: an input
    ``gs://b/story[1].html`` read ``story1.html`` or nothing, in a batch run and in each stream
    window (which names the objects its poll listed), as ``expand_pattern`` does for a file."""
    from apache_beam.io.filesystems import FileSystems

    if _GLOB_CHARS.search(pattern):
        store = FileSystems.get_filesystem(pattern)
        try:
            return [store.metadata(pattern)]
        except Exception as exc:  # noqa: BLE001 - each store says "no such object" its own way
            # Only a missing object makes the name a glob: a throttled or failing look-up (429,
            # 503, 403) read ``story1.html`` for ``story[1].html``. Others go to the caller.
            if not is_not_found(exc):
                raise
    return FileSystems.match([pattern])[0].metadata_list


def is_not_found(exc: BaseException) -> bool:
    """Whether a filesystem's ``metadata`` error says only that the object does not exist: the
    local and HDFS filesystems raise a ``BeamIOError`` with no cause; GCS, S3 and Azure wrap
    their client's error by path, a 404 (``NotFound``, ``S3ClientError``, ``BlobStorageError``
    all carry it as ``code``)."""
    from apache_beam.io.filesystem import BeamIOError

    if isinstance(exc, BeamIOError):
        details = exc.exception_details  # None: "Path does not exist", "File not found"
        return details is None or all(is_not_found(cause) for cause in details.values())
    return isinstance(exc, FileNotFoundError) or getattr(exc, "code", None) == 404


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_input(path: str) -> BinaryIO:
    """Open a file for reading without ever blocking: a local path must be a regular file (a
    FIFO, device or socket, also behind a symlink, raises NotRegularFileError)."""
    if not is_local(path):
        from apache_beam.io.filesystem import CompressionTypes
        from apache_beam.io.filesystems import FileSystems

        return FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)
    return open_local(path)


def open_local(path) -> BinaryIO:
    """Open a local file for reading without ever blocking (``open`` of a FIFO waits for a
    writer): a FIFO, device, socket or folder, also behind a symlink, raises
    NotRegularFileError."""
    mode = os.stat(path).st_mode  # follows symlinks: a dangling or looping one raises here
    if stat.S_ISDIR(mode):
        os.scandir(path).close()  # a folder the listing could not enter: PermissionError
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(f"{_kind(mode)}, not a regular file: not read")
    # O_NONBLOCK: should the path be swapped for a FIFO after the stat, open does not wait.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegularFileError(f"{_kind(mode)}, not a regular file: not read")
    return os.fdopen(fd, "rb")


def read_capped(handle: BinaryIO, max_bytes: int) -> bytes:
    """All of ``handle`` if it holds at most ``max_bytes``, else TooLargeError (having read no
    more than ``max_bytes + 1``: the size ``stat`` reports is not trusted)."""
    chunks, total = [], 0
    while total <= max_bytes:
        chunk = handle.read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise TooLargeError(f"more than max_bytes {max_bytes} bytes")
