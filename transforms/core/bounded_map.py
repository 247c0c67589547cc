"""Map a slow call (a GET) over items on a few threads, in order, holding few answers at once."""

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

__all__ = ["bounded_map"]


def bounded_map(fn: Callable, items: Iterable, *, workers: int, ahead: int) -> Iterator[tuple]:
    """``(item, fn(item))`` in the order of ``items``, ``fn`` run on ``workers`` threads, at most
    ``ahead`` calls started before their answer is taken. ``Executor.map`` starts every call at
    once and keeps every answer the caller has not reached: a host's 1,500 pages (~225 MB) were
    held until the last came. Here at most ``ahead`` answers wait besides the one handed out."""
    ahead = max(1, ahead)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        pending: deque = deque()
        for item in items:
            if len(pending) >= ahead:
                yield _take(pending)
            pending.append((item, pool.submit(fn, item)))
        while pending:
            yield _take(pending)


def _take(pending: deque) -> tuple:
    # Returned, not kept in the generator's frame: the answer lives only as long as the caller
    # holds it.
    item, future = pending.popleft()
    return item, future.result()
