"""A local worker process that dies during a run (the OOM killer, ``kill -9``) fails the run at once.

Beam's runner starts each worker of ``--workers N`` from a thread (``run_worker``) that waits for
the process and, when it exits non-zero, raises in that thread only: the main thread goes on
waiting for bundles the dead worker will never answer, the surviving worker finishes the whole
stage alone, and a screen of gRPC tracebacks follows. Here a failing ``run_worker`` thread stops
the other worker processes and raises ``WorkerLost`` in the main thread, so the command fails
the run through its usual path (staging removed, one line, exit 1).
"""

import contextlib
import logging
import re
import signal
import threading
from collections.abc import Iterator

from pipeline.runtime.processes import kill_descendants

__all__ = ["WorkerLost", "fail_on_lost_worker"]

_WORKER_THREAD = "run_worker"  # Beam's name for the thread that starts and waits for a worker
# The runner's threads and loggers that fail with a gRPC error when a worker's channel breaks
# (that is, when a worker is gone): their tracebacks say nothing the one line does not.
_CHANNEL_THREADS = ("beam_control_read", "read_grpc_client_inputs")
_CHANNEL_LOGGERS = (
    "apache_beam.runners.worker.data_plane",
    "apache_beam.runners.portability.fn_api_runner.worker_handlers",
)
_EXIT_CODE = re.compile(r"return code (-?\d+)")
_SIGNAL = signal.SIGUSR1


class WorkerLost(RuntimeError):
    """A worker process ended while the run was going."""


def describe_exit(error: BaseException) -> str:
    """How a worker process ended, from the error its thread raised."""
    found = _EXIT_CODE.search(str(error))
    if not found:
        return f"its thread failed: {error}"
    code = int(found.group(1))
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def lost_message(error: BaseException) -> str:
    return (
        f"a worker process ended during the run ({describe_exit(error)}; the OOM killer "
        "or kill -9?), the other workers were stopped; if memory ran out (dmesg | grep -i oom), "
        "rerun with fewer --workers"
    )


@contextlib.contextmanager
def fail_on_lost_worker() -> Iterator[None]:
    """``with fail_on_lost_worker(): pipeline.run()``: a worker process that ends with an error
    while the block runs raises WorkerLost in the main thread. Only from the main thread (a
    signal handler is how a blocked wait there is interrupted); elsewhere it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    lost: list = []
    previous_hook = threading.excepthook

    def hook(args) -> None:
        name = args.thread.name if args.thread is not None else ""
        if lost or name in _CHANNEL_THREADS:  # a worker is gone: the line below says it
            return
        if name == _WORKER_THREAD:
            lost.append(lost_message(args.exc_value))
            kill_descendants()
            signal.pthread_kill(threading.main_thread().ident, _SIGNAL)
            return
        previous_hook(args)

    def on_signal(signum, frame) -> None:
        if lost:
            raise WorkerLost(lost[0])

    previous_handler = signal.signal(_SIGNAL, on_signal)
    threading.excepthook = hook
    loggers = [logging.getLogger(name) for name in _CHANNEL_LOGGERS]
    for logger in loggers:
        logger.addFilter(_no_channel_traceback)
    try:
        yield
    finally:
        if threading.excepthook is hook:  # a SIGTERM may have replaced it: keep that one
            threading.excepthook = previous_hook
        signal.signal(_SIGNAL, previous_handler)
        for logger in loggers:
            logger.removeFilter(_no_channel_traceback)


def _no_channel_traceback(record: logging.LogRecord) -> bool:
    return not (record.levelno >= logging.ERROR and record.exc_info)
