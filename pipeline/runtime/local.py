"""What makes a run local, and the environment its worker processes start with."""

import os
import sys
from typing import Optional

__all__ = ["MEMORY_ENV", "is_local_runner", "restart_with_memory_env"]

_LOCAL_NAMES = (None, "", "direct", "directrunner", "fnapirunner", "inprocess")

# Environment of the worker processes of a local multi-worker run, each kept when the user has
# set it: glibc's documented tunables (fewer malloc arenas; freed blocks of 64 KB and more go
# back to the system) and pyarrow's system allocator instead of jemalloc, which keeps freed
# pages. Processes read them when they start; docs/performance.md has the measured peaks.
MEMORY_ENV = {
    "MALLOC_ARENA_MAX": "2",
    "MALLOC_MMAP_THRESHOLD_": "65536",
    "MALLOC_TRIM_THRESHOLD_": "131072",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
}


def is_local_runner(name: Optional[str]) -> bool:
    return (name or "").lower() in _LOCAL_NAMES


def restart_with_memory_env() -> None:
    """The command again, in this process, with ``MEMORY_ENV`` (each kept when set), when one of
    glibc's settings is missing: glibc reads them only when a process starts, so set later they
    reached the workers but not the runner's own process. Called first thing, before the heavy
    imports, for a local multi-worker run; the same process id, so signals still reach it."""
    missing = {name: value for name, value in MEMORY_ENV.items() if name not in os.environ}
    if not any(name.startswith("MALLOC_") for name in missing):
        return
    os.environ.update(missing)
    # sys.orig_argv is the interpreter's own command line (its options, ``-m pipeline`` or the
    # console script); the interpreter by its full path, not a name looked up again in PATH.
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
