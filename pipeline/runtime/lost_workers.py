"""Worker processes of a local run that end mid-run (killed, out of memory).

When a worker process dies, Beam's runner and the other workers see their gRPC channels break:
each of their threads prints its traceback (about 140 lines on stderr for one killed worker of
``--workers 2``) before the run fails with one line. ``quiet_thread_errors`` sends the
tracebacks of Beam's and gRPC's threads to the ``newsbeam.runtime`` log at DEBUG
(``--log-level DEBUG`` shows them). And a worker that dies before it connected leaves the runner
waiting for it for ever (Beam's runner only raises from the thread that started it): within
``LostWorkerWatch`` such a run is ended after ``LOST_GRACE_S``.
"""

import logging
import os
import re
import threading
from collections.abc import Callable
from typing import Optional

from pipeline.run.stop import exit_now, run_cleanups
from pipeline.runtime.processes import kill_descendants

__all__ = ["LOST_GRACE_S", "LostWorkerWatch", "end_now", "quiet_thread_errors", "worker_exit"]

_LOG = logging.getLogger("newsbeam.runtime")
# Once a worker process has ended with an error, how long the runner may take to fail the run by
# itself (it does within a second when the worker had connected) before newsbeam ends it.
LOST_GRACE_S = 10.0
_LIBRARIES = (f"{os.sep}apache_beam{os.sep}", f"{os.sep}grpc{os.sep}")
# What Beam's thread that started a worker process raises when that process ends with an error.
_WORKER_EXIT = re.compile(r"Worker subprocess exited with return code (-?\d+)")
_watches: list = []


def _from_libraries(traceback) -> bool:
    while traceback is not None:
        if any(part in traceback.tb_frame.f_code.co_filename for part in _LIBRARIES):
            return True
        traceback = traceback.tb_next
    return False


def worker_exit(exc: Optional[BaseException]) -> Optional[int]:
    """The exit code of the worker process ``exc`` says has ended, or None."""
    match = _WORKER_EXIT.search(str(exc or ""))
    return int(match.group(1)) if match else None


def _hook(previous):
    def hook(args) -> None:
        if worker_exit(args.exc_value) is not None:
            for watch in list(_watches):
                watch.lost(args.exc_value)
        if not _from_libraries(args.exc_traceback):
            previous(args)
            return
        name = args.thread.name if args.thread is not None else "?"
        info = (args.exc_type, args.exc_value, args.exc_traceback)
        _LOG.debug("thread %s of Beam's runner failed", name, exc_info=info)

    hook.newsbeam_quiet = True
    return hook


def quiet_thread_errors() -> None:
    """Uncaught errors of threads running Beam's or gRPC's code go to the log at DEBUG instead of
    stderr (the run's failure is said in one line); other threads' as before. Idempotent."""
    if not getattr(threading.excepthook, "newsbeam_quiet", False):
        threading.excepthook = _hook(threading.excepthook)


def end_now(code: int, say: Callable[[], str]) -> None:
    """End the command from any thread: worker processes killed, then ``say()`` (which may clean
    up: it runs once the workers are gone) and the registered clean-ups (pipeline.run.stop), the
    message it returned alone on stderr, exit ``code``. It always exits: when ``say()`` raises,
    a generic line naming the error is said instead (a thread left alive would hang the run)."""
    message = f"newsbeam: run failed (exit {code})"
    try:
        kill_descendants()
    except BaseException:  # noqa: BLE001 - the run's own message is still said, and it ends
        _LOG.debug("killing the worker processes failed", exc_info=True)
    try:
        message = say()
    except BaseException as exc:  # noqa: BLE001 - a failing message must not keep the run alive
        message = f"{message}; saying why failed too: {type(exc).__name__}: {exc}"
    try:
        run_cleanups()
    finally:
        exit_now(code, message)


class LostWorkerWatch:
    """``with LostWorkerWatch(on_lost):`` while the block runs (the runner running the pipeline),
    a worker process that ends with an error starts a timer; if the block has not ended
    ``grace_s`` later, ``on_lost(error)`` is called from the timer's thread (it ends the
    command: ``end_now``). Only with ``quiet_thread_errors`` installed (``pipeline.cli.main.main``
    does at start, for every command): its hook is what tells a watch of a worker's end."""

    def __init__(self, on_lost: Callable[[BaseException], None], *, grace_s: float = LOST_GRACE_S):
        self.on_lost, self.grace_s = on_lost, grace_s
        self._timer: Optional[threading.Timer] = None
        self._lock = threading.Lock()

    def __enter__(self) -> "LostWorkerWatch":
        _watches.append(self)
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            _watches.remove(self)
            if self._timer is not None:
                self._timer.cancel()

    def lost(self, error: BaseException) -> None:
        with self._lock:
            if self._timer is None and self in _watches:
                self._timer = threading.Timer(self.grace_s, self._fire, args=(error,))
                self._timer.daemon = True
                self._timer.start()

    def _fire(self, error: BaseException) -> None:
        with self._lock:
            if self not in _watches:  # the run ended (or failed by itself) meanwhile
                return
        self.on_lost(error)
