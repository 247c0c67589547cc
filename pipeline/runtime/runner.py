"""Pipeline options and the runner: the in-process runner for local runs, Beam's own otherwise."""

import logging
import os
import shutil
from typing import Optional

from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

from pipeline.runtime.guard import check_beam

__all__ = [
    "MEMORY_ENV",
    "build_or_discard",
    "discard_tempdir",
    "in_process_runner",
    "is_local_runner",
    "make_options",
    "make_runner",
]

_LOCAL_NAMES = (None, "", "direct", "directrunner", "fnapirunner", "inprocess")

# Environment of the worker processes of a local multi-worker run, each kept when the user has
# set it: glibc's documented tunables (fewer malloc arenas; large freed blocks go back to the
# system) and pyarrow's system allocator instead of jemalloc, which keeps freed pages. Workers
# read them when they start; docs/performance.md has the measured peaks.
MEMORY_ENV = {
    "MALLOC_ARENA_MAX": "2",
    "MALLOC_MMAP_THRESHOLD_": "65536",
    "MALLOC_TRIM_THRESHOLD_": "131072",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
}

_log = logging.getLogger("newsbeam.runtime")


def is_local_runner(name: Optional[str]) -> bool:
    return (name or "").lower() in _LOCAL_NAMES


def make_options(beam_args: list, *, workers: int = 1) -> PipelineOptions:
    """PipelineOptions from the flags newsbeam does not know itself (any Beam flag works).

    ``workers`` > 1 on the local runner selects Beam's multi_processing mode (the
    multi_threading mode crashes inside lxml) and sets ``MEMORY_ENV`` for its workers."""
    options = PipelineOptions(beam_args)
    if is_local_runner(options.view_as(StandardOptions).runner) and workers > 1:
        direct = options.view_as(DirectOptions)
        direct.direct_num_workers = workers
        direct.direct_running_mode = "multi_processing"
        for name, value in MEMORY_ENV.items():
            os.environ.setdefault(name, value)
    return options


def in_process_runner():
    """Beam's in-process (FnApi) runner, named explicitly: the DirectRunner of Beam 2.77 first
    tries to download the Prism runner. None (Beam picks its default) if the module moved."""
    check_beam()
    try:
        from apache_beam.runners.portability.fn_api_runner import FnApiRunner
    except ImportError as exc:
        _log.warning("Beam's in-process runner is not where newsbeam expects it (%s)", exc)
        return None
    return FnApiRunner()


def make_runner(options: PipelineOptions):
    """The in-process runner for local runs; None for any other --runner (Beam resolves it)."""
    if not is_local_runner(options.view_as(StandardOptions).runner):
        return None
    return in_process_runner()


def discard_tempdir(pipeline) -> None:
    """Remove the temporary folder Beam made for ``pipeline`` (it removes it only when
    ``run()`` returns): for a pipeline that will not run or is being abandoned."""
    folder = getattr(pipeline, "local_tempdir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def build_or_discard(pipeline, build, *args, **kwargs) -> None:
    """``build(pipeline, *args, **kwargs)``; when it raises (a setting only the graph checks),
    ``discard_tempdir`` and the error goes on."""
    try:
        build(pipeline, *args, **kwargs)
    except BaseException:
        discard_tempdir(pipeline)
        raise
