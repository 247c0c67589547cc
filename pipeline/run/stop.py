"""Clean-up that must happen when the command is stopped (SIGTERM) or a run fails: the run's own
staging folder, Beam's temporary folder, the warm workers' folder.

A stopped command cannot unwind through Beam: the in-process runner runs bundles on the main
thread, catches whatever the signal handler raises inside a DoFn, logs it with a traceback and
fails the run with exit 1. So ``pipeline.cli.entry`` ends the process from its handler instead,
after calling what was registered here (last registered first). Light module: no Beam.
"""

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator

__all__ = ["exit_now", "flush_output", "on_stop", "quiet_reraised_errors", "run_cleanups"]

_LOG = logging.getLogger("newsbeam")
_CLEANUPS: list = []


@contextlib.contextmanager
def on_stop(cleanup: Callable[[], None]) -> Iterator[None]:
    """``with on_stop(fn):`` a SIGTERM while the block runs calls ``fn`` before the process ends."""
    _CLEANUPS.append(cleanup)
    try:
        yield
    finally:
        try:
            _CLEANUPS.remove(cleanup)
        except ValueError:  # run_cleanups took it already
            pass


def run_cleanups() -> int:
    """Call every registered clean-up, last registered first, each at most once; one that
    fails is logged and the others still run. Returns how many ran."""
    ran = 0
    while _CLEANUPS:
        cleanup = _CLEANUPS.pop()
        try:
            cleanup()
        except Exception as exc:  # noqa: BLE001 - the others must still run
            _LOG.warning("clean-up %r failed: %s", cleanup, exc)
        ran += 1
    return ran


def flush_output() -> None:
    """The log handlers closed and stdout/stderr flushed, before ``os._exit`` skips both."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed or broken pipe: nothing more to say
            pass


def exit_now(code: int, message: str) -> None:
    """``message`` alone on stderr, the output flushed, the process ended with ``code`` at once
    (from any thread, without the interpreter's shutdown)."""
    try:
        print(message, file=sys.stderr)
        flush_output()
    finally:  # a closed or broken stderr must not keep the process alive
        os._exit(code)


# Where Beam logs a failing step's traceback before raising it: the in-process runner, the job
# service relaying a worker process's log, and the worker process itself.
_RERAISING_LOGGERS = (
    "apache_beam.runners.common",
    "apache_beam.runners.portability.local_job_service",
    "apache_beam.runners.worker.sdk_worker",
    # a worker process gone: the data channels fail, then the run does ("Channel closed")
    "apache_beam.runners.worker.data_plane",
    "apache_beam.runners.portability.fn_api_runner.worker_handlers",
)


def _not_reraised(record: logging.LogRecord) -> bool:
    if record.levelno < logging.ERROR:
        return True
    return not (record.exc_info or "Traceback (most recent call last)" in record.getMessage())


def quiet_reraised_errors() -> None:
    """Drop Beam's ERROR log records that carry the traceback of an error Beam then raises: the
    command reports a failed run in one line (pipeline.cli.main.main, the traceback at DEBUG)."""
    for name in _RERAISING_LOGGERS:
        logger = logging.getLogger(name)
        if _not_reraised not in logger.filters:
            logger.addFilter(_not_reraised)
