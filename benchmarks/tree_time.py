"""Run a command and print its wall seconds and the CPU seconds of its whole process tree.

    python benchmarks/tree_time.py COMMAND [ARG...]

``/usr/bin/time`` counts only the processes its child waited for: a worker that outlives its
parent (the command ends with ``os._exit``, a forked worker whose loader was killed) is left
out. This process makes itself the tree's subreaper (Linux ``PR_SET_CHILD_SUBREAPER``), so every
orphaned descendant is re-parented to it and reaped, and ``RUSAGE_CHILDREN`` then holds the CPU
time of every process the command started. Prints one line on stderr, exits with the command's
code.
"""

import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main(argv: list) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
    started = time.monotonic()
    code = subprocess.call(argv)
    wall = time.monotonic() - started
    while True:  # orphaned descendants, re-parented here: reap them all
        try:
            os.wait()
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"wall {wall:.1f} s cpu {usage.ru_utime + usage.ru_stime:.1f} s "
        f"(user {usage.ru_utime:.1f} sys {usage.ru_stime:.1f}) rc {code}",
        file=sys.stderr,
    )
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
