"""The processes a local run starts (Beam's SDK workers for ``--workers N``), stopped on SIGTERM."""

import collections
import os
import signal

__all__ = ["descendants", "kill_descendants"]


def _children() -> dict:
    """pid -> the pids whose parent it is, read from /proc (empty off Linux)."""
    children = collections.defaultdict(list)
    try:
        entries = os.listdir("/proc")
    except OSError:
        return children
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children[ppid].append(int(entry))
    return children


def descendants(root: int) -> list:
    """The processes ``root`` started, and theirs (empty off Linux)."""
    children = _children()
    found, todo = [], list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def kill_descendants() -> int:
    """SIGKILL every process this one started, and theirs (Beam's runner waits for its worker
    processes to finish their bundle before it lets a stopping run go). Returns how many were
    signalled; off Linux none."""
    found = descendants(os.getpid())
    for pid in found:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(found)
