"""Filesystem errors of a run said as what they are ("disk full while committing ..."), not as
Beam's "Rename operation failed"."""

import errno
import os
import re
from typing import Optional

__all__ = ["MARK", "CommitError", "describe_failure", "os_error_of"]

# What the user reads first: the condition, then what to do.
_CAUSES = {
    errno.ENOSPC: ("disk full", "free space (or inodes: df -i) and rerun"),
    errno.EDQUOT: ("disk quota exceeded", "raise the quota or free space and rerun"),
    errno.EMFILE: ("too many open files", "raise the open file limit (ulimit -n) and rerun"),
    errno.ENFILE: ("the system's file table is full", "close other programs' files and rerun"),
    errno.EROFS: ("read-only file system", "give a writable --output and rerun"),
    errno.EACCES: ("permission denied", "make the output writable and rerun"),
    errno.EPERM: ("operation not permitted", "make the output writable and rerun"),
    errno.EIO: ("I/O error", "check the disk and rerun"),
}
# The same errors as text, for failures that reach the command line as a runner's message
# (a worker process's exception comes back as its traceback).
# What Beam's runner says when a worker process it talks to is gone (its gRPC channel closes);
# the text is all a killed worker leaves, Beam has no exception type for it.
_WORKER_LOST = ("Channel closed prematurely", "Worker subprocess exited")
_ERRNO_TEXT = re.compile(r"\[Errno (\d+)\] ([^\n'\"]*)")

MARK = "newsbeam commit failed: "


class CommitError(RuntimeError):
    """The commit of a run failed; nothing of the run is visible. The message says why and what
    to do, after ``MARK`` so the command line finds it in a runner's error text."""

    def __init__(self, message: str):
        super().__init__(MARK + message)
        self.message = message


def os_error_of(exc: BaseException) -> Optional[OSError]:
    """The OSError (with an errno) behind ``exc``: itself, its cause or context, or one of a
    BeamIOError's ``exception_details``."""
    seen, todo = set(), [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, OSError) and e.errno:
            return e
        details = getattr(e, "exception_details", None)
        if isinstance(details, dict):
            todo += [v for v in details.values() if isinstance(v, BaseException)]
        todo += [e.__cause__, e.__context__]
    return None


def _free_inodes(path: str) -> Optional[int]:
    while path and "://" not in path:
        try:
            return os.statvfs(path).f_favail
        except OSError:
            parent = os.path.dirname(path.rstrip("/"))
            if parent == path:
                return None
            path = parent
    return None


def describe_failure(exc: BaseException, *, doing: str, run_id: str, output: str) -> str:
    """``"<condition> while <doing> run <id> to <output>: <error>; nothing of the run is
    visible; <what to do>"``; a failure that is no filesystem error is named by its type."""
    err = os_error_of(exc)
    code, detail = (err.errno, str(err)) if err is not None else (None, None)
    if err is None:
        m = _ERRNO_TEXT.search(str(exc))
        if m:
            code, detail = int(m.group(1)), m.group(0)
    if code is None and any(sign in str(exc) for sign in _WORKER_LOST):
        return (
            f"a worker process ended while {doing} run {run_id} to {output} (killed, or out of "
            "memory: see `dmesg`); nothing of the run is visible; rerun, with fewer --workers or "
            "more memory if it was the memory"
        )
    if code is None:
        first = (str(exc).strip().splitlines() or [""])[0][:300]
        return (
            f"{type(exc).__name__} while {doing} run {run_id} to {output}: {first}; "
            "nothing of the run is visible; rerun when the cause is fixed"
        )
    what, fix = _CAUSES.get(code, (errno.errorcode.get(code, f"errno {code}"), "rerun"))
    if code == errno.ENOSPC and _free_inodes(output) == 0:
        what, fix = "no free inodes (disk full)", "free inodes (df -i) and rerun"
    return f"{what} while {doing} run {run_id} to {output}: {detail}; nothing of the run is visible; {fix}"
