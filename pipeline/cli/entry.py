"""The ``newsbeam`` command (and ``python -m pipeline``): runs pipeline.cli.main, turns SIGTERM
(Ctrl-C) into a clean stop (exit 143, 130; other commands end by the signal itself) and ends the process with the command's exit code.

Kept free of heavy imports: for ``run --workers N`` on the local runner the worker processes
start first and load Beam and the libraries on the second core while this process imports Beam
and builds the pipeline."""

import os
import signal
import sys
import threading

from pipeline.run.stop import exit_now, flush_output, on_stop, run_cleanups
from pipeline.runtime.processes import kill_descendants
from pipeline.runtime.startup import pause_gc
from pipeline.runtime.warm_workers import WarmWorkers, wanted_workers

__all__ = ["entry"]

# After SIGTERM the command cleans up (worker processes stopped, staging and temporary folders
# removed); if that has not ended the process within this many seconds, it ends without it.
TERMINATE_GRACE_S = 20.0


_STOPPED = (
    "; a run stopped before its commit leaves nothing visible (its staging and temporary "
    "folders were removed)"
)
# ``run --streaming`` before the stream set its own handlers (pipeline/run/stream_signals.py)
_STREAM_STOPPED = "; the stream was still starting: no window was written, nothing is visible"
_HOW = {signal.SIGTERM: "terminated (SIGTERM)", signal.SIGINT: "interrupted (Ctrl-C)"}


def _terminate(signum, frame) -> None:
    """SIGTERM (a scheduler stopping the task) or Ctrl-C: stop the worker processes, run the
    registered clean-ups (pipeline.run.stop: the run's staging, Beam's and the warm workers'
    temporary folders), say so in one line and end with 128 + signum. The process ends from here rather
    than by raising: the in-process runner would catch the exception inside a DoFn, log it with
    a traceback and fail the run with exit 1. A second signal is ignored while this runs, and
    a timer ends the process if the clean-up takes longer than ``TERMINATE_GRACE_S``."""
    for other in _HOW:
        signal.signal(other, signal.SIG_IGN)
    code = 128 + signum
    timer = threading.Timer(TERMINATE_GRACE_S, os._exit, args=(code,))
    timer.daemon = True
    timer.start()
    # Worker processes first: Beam's runner waits for a worker to finish its bundle before it
    # lets a run go, and a worker must not stage more files while the staging is removed.
    kill_descendants()
    threading.excepthook = lambda args: None  # the runner's threads now fail: that is the stop
    run_cleanups()
    if sys.argv[1:2] != ["run"]:  # query, report, clean: no run to speak of, nothing to say
        _die_by(signum)
    said = _STREAM_STOPPED if "--streaming" in sys.argv[1:] else _STOPPED
    exit_now(code, f"newsbeam: {_HOW.get(signum, signal.Signals(signum).name)}{said}")


def _die_by(signum: int) -> None:
    """End the process by ``signum`` itself, as if no handler had caught it: a shell, ``timeout``
    or a service manager sees the signal, not an exit code."""
    try:
        flush_output()
    finally:
        signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum])
        os.kill(os.getpid(), signum)
        os._exit(128 + signum)  # not reached: the default action ends the process


def entry() -> None:
    """``pipeline.cli.main.main()`` on the command line, then the process ends without the
    interpreter's shutdown, which only tears down Beam's and gRPC's modules (~0.25 s after a
    run; every file is closed and the summary printed by then). The garbage collector waits
    until the pipeline is built (``pipeline.runtime.startup``). SIGTERM (Ctrl-C) ends the
    command with exit code 143 (130) once the run's staging and temporary folders are removed
    (``--streaming`` discards its open windows)."""
    pause_gc()
    for signum in (signal.SIGTERM, signal.SIGINT):  # --streaming sets its own while it runs
        signal.signal(signum, _terminate)
    if not any(arg.startswith("--log-level") for arg in sys.argv[1:]):
        # the libraries' Python warnings, in the warm workers started next too (quiet_logs.py)
        os.environ.setdefault("PYTHONWARNINGS", "ignore")
    from pipeline.cli.parser import quick_help

    if (text := quick_help(sys.argv[1:])) is not None:
        print(text, end="")
        flush_output()
        os._exit(0)
    try:
        # For ``run --workers N`` the warm workers load on the second core while this process
        # imports Beam and builds the pipeline (pipeline/runtime/warm_workers.py).
        with (
            WarmWorkers(wanted_workers(sys.argv[1:])) as warm,
            on_stop(lambda: warm.__exit__(None, None, None)),
        ):
            from pipeline.cli.main import main

            code = main(warm=warm)
    except BrokenPipeError:
        # ``newsbeam query ... | head``: the reader has what it wanted; end as a command that
        # SIGPIPE ends, silently (a traceback under the rows looked like a failure)
        code = 128 + signal.SIGPIPE
    except SystemExit as exc:  # argparse's usage errors, --help, --version
        code = exc.code
        if isinstance(code, str):
            print(code, file=sys.stderr)
            code = 1
        elif code is None:
            code = 0
    flush_output()
    os._exit(code)
