"""Ctrl-C and SIGTERM of a local stream (``pipeline.run.microbatch``): the first signal lets the
window being written commit, then the stream ends (exit 130 / 143); a second one discards that
window (its staging removed) and ends the process at once."""

import contextlib
import signal
import sys

from pipeline.run.stop import exit_now
from transforms.sink.commit import remove_staging

__all__ = ["EXIT_INTERRUPTED", "EXIT_TERMINATED", "stream_signals"]

EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


@contextlib.contextmanager
def stream_signals(driver, output: str):
    """The stream's handlers while the block runs, from its start-up (lock, stale windows, memory)
    to its summary: ``driver.signum`` set, ``driver.stop`` (an Event) set; ``driver.current``:
    the run id of the window being written, if any."""

    def stop(signum, _frame):
        if driver.signum is not None:  # a second signal: give up the window being written
            if driver.current:
                remove_staging(output, driver.current)
            code = EXIT_TERMINATED if signum == signal.SIGTERM else EXIT_INTERRUPTED
            exit_now(code, "newsbeam: stopped at once; the window being written was discarded")
        driver.signum = signum
        driver.stop.set()
        if driver.current:
            print("newsbeam: stopping after the window being written is committed "
                  "(signal again to discard it)", file=sys.stderr, flush=True)  # fmt: skip

    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, stop)
        except ValueError:  # not the main thread: the caller handles signals
            pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
