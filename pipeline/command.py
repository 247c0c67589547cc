"""The ``newsbeam`` command (and ``python -m pipeline``).

Kept free of heavy imports: for ``run --workers N`` on the local runner the worker processes
start first (pipeline/local_worker.py) and load Beam and the libraries on the second core while
this process imports Beam and builds the pipeline.
"""

import logging
import os
import sys

from pipeline.local_worker import WarmWorkers, pause_gc, wanted_workers

__all__ = ["entry"]


def entry() -> None:
    """``pipeline.cli.main()`` on the command line, then the process ends without the
    interpreter's shutdown, which only tears down Beam's and gRPC's modules (~0.25 s after a
    run; every file is closed and the summary printed by then). The garbage collector waits
    until the pipeline is built (``pipeline.local_worker.resume_gc``)."""
    pause_gc()
    with WarmWorkers(wanted_workers(sys.argv[1:])) as warm:
        from pipeline.cli import main

        code = main(warm=warm)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed or broken pipe: nothing more to say
            pass
    os._exit(code)
