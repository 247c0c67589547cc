"""What makes a run local, and the environment its worker processes start with."""

from typing import Optional

__all__ = ["MEMORY_ENV", "is_local_runner"]

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
