"""What one window of a local stream reads of its watched files: at most a byte budget per poll,
and a plain JSON lines file from where the last committed window stopped.

A watched ``.jsonl``/``.ndjson`` file that a writer appends to is read from the byte after the
last line an earlier window read (its *progress*: that offset, the number of lines before it,
and a hash of the bytes just before it, so a file rewritten rather than appended is read from
the start again). Lines keep their numbers across windows (``source_ref`` ``<path>#L<n>``, and
so their ``doc_id``). One poll reads at most ``budget`` bytes of all its files together: a JSON
lines file is cut after its last whole line within what is left, the rest waits for the next
poll; another file that does not fit waits whole (the first file of a poll is always read, so a
poll never reads nothing). A single line longer than the budget is read (skipped as
``too_large`` when over ``read.max_bytes``) in a poll of its own.

Such a file is read while it grows (``growing_files``: it need not keep its size over a poll),
up to its last whole line. A last line without its newline is read only when it is a whole JSON
object (a writer that flushed half a line has written no closing brace yet) or when the file is
``whole``: unchanged for the stream's quiet time (``plan_reads(whole=...)``); until then it
waits, so half a line never becomes an error row.
"""

import dataclasses
import hashlib
import json
import posixpath
from typing import Optional

from apache_beam.io.filesystems import FileSystems

from pipeline.run.watched_files import stable_new_files
from transforms.read.documents import reads_by_line
from transforms.read.paths import is_local, open_input
from transforms.sink.commit import write_json

__all__ = [
    "Progress",
    "Take",
    "growing_files",
    "is_appendable",
    "load_files_state",
    "plan_reads",
    "poll_takes",
    "quiet_files",
    "save_files_state",
]

_SUFFIXES = (".jsonl", ".ndjson")
_TAIL = 256  # bytes before the offset hashed: an append keeps them, a rewrite rarely does
_CHUNK = 1 << 20
_HEAD = 4096
_PARSE_MAX = 16 << 20  # a longer last line without newline waits for the quiet time


@dataclasses.dataclass(frozen=True)
class Progress:
    """How far a JSON lines file was read: ``offset`` bytes, ``lines`` lines, ``tail`` the hash
    of the bytes before ``offset``."""

    offset: int
    lines: int
    tail: str

    def to_json(self) -> list:
        return [self.offset, self.lines, self.tail]

    @classmethod
    def from_json(cls, value) -> "Progress":
        offset, lines, tail = value
        return cls(int(offset), int(lines), str(tail))


@dataclasses.dataclass(frozen=True)
class Take:
    """One file of a poll: ``span`` ``(start, end, first line)`` of a JSON lines file, the
    bytes planned (None: the whole file, not plain JSON lines or empty); ``progress`` after it (JSON lines only); ``complete``: the
    file is read to its listed size."""

    path: str
    span: Optional[tuple]
    progress: Optional[Progress]
    complete: bool
    bytes: int

    @property
    def empty(self) -> bool:
        return self.span is not None and self.span[0] >= self.span[1]


def is_appendable(path: str) -> bool:
    """A local plain JSON lines file by name (its first bytes are checked when planned)."""
    return is_local(path) and path.lower().endswith(_SUFFIXES)


def growing_files(listing: dict, done: dict) -> list:
    """The JSON lines files of ``listing`` (by name) changed since read (``done``): read while
    they grow, without waiting for two listings of the same size."""
    return sorted(
        p for p, version in listing.items() if is_appendable(p) and done.get(p) != version
    )


def quiet_files(listing: dict, now: float, quiet_s: float) -> set:
    """Files of ``listing`` (``{path: (size, mtime)}``) not modified for ``quiet_s`` seconds: their
    last line is read even without a newline (mtime, so a restart does not wait again)."""
    return {p for p, (_size, mtime) in listing.items() if now - mtime >= quiet_s}


def _last_line_start(handle, start: int, end: int) -> int:
    """Just after the last newline in ``[start, end)``: where the line that ends at ``end``
    begins; ``start`` when there is none."""
    pos = end
    while pos > start:
        lo = max(start, pos - _CHUNK)
        handle.seek(lo)
        found = handle.read(pos - lo).rfind(b"\n")
        if found >= 0:
            return lo + found + 1
        pos = lo
    return start


def _held_back(handle, start: int, end: int) -> int:
    """``end``, or the start of a last line without newline that is not (yet) a whole JSON
    object: it waits for its newline (or the quiet time). A record is an object: any other
    value may be cut mid-write (``12`` of ``123``)."""
    if end <= start:
        return end
    handle.seek(end - 1)
    if handle.read(1) == b"\n":
        return end
    line = _last_line_start(handle, start, end)
    if end - line <= _PARSE_MAX:
        handle.seek(line)
        try:
            if isinstance(json.loads(handle.read(end - line)), dict):
                return end
        except ValueError:  # half a line (or broken: read once quiet)
            pass
    return line


def _tail_hash(handle, offset: int) -> str:
    lo = max(0, offset - _TAIL)
    handle.seek(lo)
    return hashlib.sha1(handle.read(offset - lo)).hexdigest()[:16]


def _cut(handle, start: int, size: int, budget: int) -> int:
    """Where a read of at most ``budget`` bytes from ``start`` ends: the listed ``size`` if the
    rest fits, else just after the last newline within the budget, else (one line longer than
    the budget) just after that line's newline, else ``size``."""
    if size - start <= budget:
        return size
    limit = start + max(1, budget)
    found = _last_line_start(handle, start, limit)
    if found > start:
        return found
    handle.seek(limit)
    pos = limit
    while pos < size:
        data = handle.read(min(_CHUNK, size - pos))
        if not data:
            break
        found = data.find(b"\n")
        if found >= 0:
            return pos + found + 1
        pos += len(data)
    return size


def _count_lines(handle, start: int, end: int) -> int:
    """Lines in ``[start, end)`` as the reader numbers them (a last line without a newline
    counts)."""
    handle.seek(start)
    n, pos, last = 0, start, b"\n"
    while pos < end:
        data = handle.read(min(_CHUNK, end - pos))
        if not data:
            break
        n += data.count(b"\n")
        pos += len(data)
        last = data[-1:]
    return n + (last != b"\n")


def _resume(handle, before: Optional[Progress], size: int) -> tuple:
    """``(start, lines)``: where an appended file goes on (after the newline that ends a last line
    read without one), else ``(0, 0)`` (new or rewritten)."""
    if before is None or before.offset > size or _tail_hash(handle, before.offset) != before.tail:
        return 0, 0
    start = before.offset
    handle.seek(max(0, start - 1))
    pair = handle.read(2)
    if start and pair[:1] != b"\n" and pair[1:] == b"\n":  # the newline the line was read without
        start += 1
    return start, before.lines


def _plan_jsonl(
    path: str, size: int, before: Optional[Progress], budget: int, whole: bool = True
) -> Optional[Take]:
    """The Take of a JSON lines file, or None when it is not plain JSON lines (read whole).
    ``whole``: a last line without newline is read whatever it holds."""
    with open_input(path) as handle:
        head = handle.read(_HEAD)
        if not reads_by_line(path, head):  # read whole, as read_file does
            return None
        start, lines = _resume(handle, before, size)
        end = _cut(handle, start, size, budget)
        if end == size and not whole:
            end = _held_back(handle, start, end)
        after = Progress(end, lines + _count_lines(handle, start, end), _tail_hash(handle, end))
    # Bounded even when whole: lines appended after this plan are the next poll's, numbered on.
    span = (start, end, lines + 1) if size else None
    return Take(path, span, after, end >= size, end - start)


def plan_reads(
    files, listing: dict, progress: dict, budget: int, *, stable=None, whole=None
) -> list:
    """The Takes of one poll over ``files`` (in order; ``listing``: path -> (size, mtime);
    ``progress``: path -> Progress of the JSON lines files read before), at most ``budget``
    bytes in all, the first file always taken. ``stable``: the files no longer written (None:
    all); another is read only as plain JSON lines. ``whole``: the files whose last line is
    read without its newline (None: all)."""
    takes, left = [], budget
    for path in files:
        size = listing[path][0]
        take = None
        if is_appendable(path):
            last = whole is None or path in whole
            try:
                take = _plan_jsonl(path, size, progress.get(path), max(1, left), last)
            except OSError:
                take = None  # unreadable: read whole, the reader makes it one row
        if take is None:
            if stable is not None and path not in stable:
                continue  # still written, and not read by line: waits until it is complete
            take = Take(path, None, None, True, size)
        if any(not t.empty for t in takes) and take.bytes > left:  # an empty take reads nothing
            break  # waits for the next poll, and so do the files after it (in order)
        takes.append(take)
        left -= take.bytes
        if left <= 0:
            break
    return takes


def poll_takes(previous: dict, listing: dict, done: dict, progress: dict, *, budget, quiet_s, now):
    """The Takes of one poll: the files stable over the two listings and new (``done``), and the
    JSON lines files that grew, within ``budget``; a last line without newline is read once its
    file was not modified for ``quiet_s`` seconds (or it is a whole JSON object)."""
    stable = set(stable_new_files(previous, listing, done))
    files = sorted(stable.union(growing_files(listing, done)))
    whole = quiet_files({path: listing[path] for path in files}, now, quiet_s)
    return plan_reads(files, listing, progress, budget, stable=stable, whole=whole)


def _state_path(output: str, job: str) -> str:
    return posixpath.join(output, "_state", "stream", f"files-{job}.json")


def load_files_state(output: str, job: str) -> tuple:
    """The files earlier streams of this job committed, ``{path: (size, mtime)}``, and how far
    their JSON lines files were read, ``{path: Progress}``."""
    try:
        with FileSystems.open(_state_path(output, job)) as handle:
            doc = json.loads(handle.read().decode("utf-8"))
        done = {path: tuple(version) for path, version in doc.get("files", {}).items()}
        return done, {p: Progress.from_json(v) for p, v in doc.get("jsonl", {}).items()}
    except Exception:  # noqa: BLE001 - no state yet, or unreadable: files are deduplicated anyway
        return {}, {}


def save_files_state(output: str, job: str, done: dict, progress: dict) -> None:
    """Written after the window that read them committed (a crash in between reads them again:
    their articles are then ``prior_run`` duplicates, never second articles)."""
    jsonl = {path: p.to_json() for path, p in progress.items()}
    write_json(_state_path(output, job), {"files": done, "jsonl": jsonl})
