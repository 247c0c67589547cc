"""A call to an object store that may never answer (no network, no credentials: its client
retries for minutes without a word): said at once on stderr, given up after a bounded wait."""

import sys
import threading
import time

__all__ = ["REMOTE_CHECK_S", "OneAtATime", "call_bounded"]

REMOTE_CHECK_S = 60.0  # a reachable store answers in seconds, credentials from metadata included


def _timed_out(seconds: float) -> TimeoutError:
    return TimeoutError(
        f"no answer within {seconds:g} s (unreachable, or no credentials; see docs/production.md)"
    )


def _start(call) -> tuple:
    """``(thread, result, failed)``: ``call()`` running in a daemon thread (nothing waits for it
    when it overruns); ``result`` or ``failed`` gets its one outcome."""
    result: list = []
    failed: list = []

    def run() -> None:
        try:
            result.append(call())
        except Exception as exc:  # noqa: BLE001 - raised in the caller's thread
            failed.append(exc)

    worker = threading.Thread(target=run, name="newsbeam-remote-call", daemon=True)
    worker.start()
    return worker, result, failed


def _outcome(worker, result: list, failed: list, seconds: float):
    worker.join(seconds)
    if worker.is_alive():
        raise _timed_out(seconds)
    if failed:
        raise failed[0]
    return result[0]


def call_bounded(call, *, seconds: float, doing: str):
    """``call()``'s result, its exception, or ``TimeoutError`` after ``seconds``; ``doing``
    ("listing 'gs://b/x/*'") is printed first. The call goes on in a daemon thread when it
    overruns: nothing waits for it."""
    print(
        f"newsbeam: {doing} (an unreachable store is retried for up to {seconds:g} s)",
        file=sys.stderr,
        flush=True,
    )
    return _outcome(*_start(call), seconds)


class OneAtATime:
    """Bounded calls that repeat (a stream lists its watched buckets on every poll): ``call(key,
    fn, seconds=...)`` as ``call_bounded`` but silent, and while an earlier call of the same key
    has not answered, ``TimeoutError`` at once instead of one more thread waiting on the store."""

    def __init__(self):
        self._running: dict = {}  # key -> (thread, started at)

    def call(self, key, fn, *, seconds: float):
        earlier = self._running.get(key)
        if earlier is not None and earlier[0].is_alive():
            waited = time.monotonic() - earlier[1]
            raise TimeoutError(f"the listing started {waited:.0f} s ago has not answered yet")
        worker, result, failed = _start(fn)
        self._running[key] = (worker, time.monotonic())
        return _outcome(worker, result, failed, seconds)
