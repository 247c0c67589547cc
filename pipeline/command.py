"""The ``newsbeam`` command (and ``python -m pipeline``): runs pipeline.cli, turns SIGTERM
into a clean stop (exit 143) and ends the process with the command's exit code.

Kept free of heavy imports: for ``run --workers N`` on the local runner the worker processes
start first and load Beam and the libraries on the second core while this process imports Beam
and builds the pipeline."""

import logging
import os
import signal
import sys
import threading

from pipeline.runtime.processes import kill_descendants
from pipeline.runtime.startup import pause_gc
from pipeline.runtime.warm_workers import WarmWorkers, wanted_workers

__all__ = ["entry"]

# After SIGTERM the command unwinds (worker processes stopped, temporary folders removed); if
# that has not ended the process within this many seconds, it ends without it.
TERMINATE_GRACE_S = 20.0


def _terminate(signum, frame) -> None:
    """SIGTERM (a scheduler stopping the task): unwind like an error, so ``with`` blocks close
    (local workers and their folder, Beam's temporary folder); a second SIGTERM is ignored while
    that runs, and a timer ends the process if it takes longer than ``TERMINATE_GRACE_S``."""
    signal.signal(signum, signal.SIG_IGN)
    timer = threading.Timer(TERMINATE_GRACE_S, os._exit, args=(128 + signum,))
    timer.daemon = True
    timer.start()
    # Worker processes first: Beam's runner waits for a worker to finish its bundle before it
    # lets the run go. Their threads in this process then fail; that is the stop, not news.
    kill_descendants()
    threading.excepthook = lambda args: None
    raise SystemExit(128 + signum)


def entry() -> None:
    """``pipeline.cli.main()`` on the command line, then the process ends without the
    interpreter's shutdown, which only tears down Beam's and gRPC's modules (~0.25 s after a
    run; every file is closed and the summary printed by then). The garbage collector waits
    until the pipeline is built (``pipeline.runtime.startup``). SIGTERM ends the command
    with exit code 143 after the same clean-up as an error (``--streaming`` discards its open
    windows, as on Ctrl-C)."""
    pause_gc()
    signal.signal(signal.SIGTERM, _terminate)
    try:
        # For ``run --workers N`` the warm workers load on the second core while this process
        # imports Beam and builds the pipeline (pipeline/runtime/warm_workers.py).
        with WarmWorkers(wanted_workers(sys.argv[1:])) as warm:
            from pipeline.cli import main

            code = main(warm=warm)
    except SystemExit as exc:  # argparse's usage errors, and SIGTERM
        code = exc.code
        if code == 128 + signal.SIGTERM:
            print(
                "newsbeam: terminated (SIGTERM); a run stopped before its commit leaves "
                "nothing visible (its next run clears what it staged)",
                file=sys.stderr,
            )
        elif isinstance(code, str):
            print(code, file=sys.stderr)
            code = 1
        elif code is None:
            code = 0
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed or broken pipe: nothing more to say
            pass
    os._exit(code)
