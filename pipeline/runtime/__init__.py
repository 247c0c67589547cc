"""Where newsbeam meets Beam's runners: pipeline options, the runner for local runs, and the
processes and temporary folders a local run leaves behind.

This is the only folder that imports Beam's runner modules. newsbeam patches none of Beam's or
CPython's internals: ``guard.check_beam()`` says at start-up when the installed Beam is not the
one the runner choice below was written against.
"""

from pipeline.runtime.guard import check_beam
from pipeline.runtime.processes import kill_descendants
from pipeline.runtime.runner import (
    build_or_discard,
    discard_tempdir,
    in_process_runner,
    is_local_runner,
    make_options,
    make_runner,
)

__all__ = [
    "build_or_discard",
    "check_beam",
    "discard_tempdir",
    "in_process_runner",
    "is_local_runner",
    "kill_descendants",
    "make_options",
    "make_runner",
]
