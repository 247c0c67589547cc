"""Pipeline options and the runner: the in-process runner for local runs, Beam's own otherwise."""

import logging
import os
import shutil

from apache_beam.options.pipeline_options import (
    DirectOptions,
    PipelineOptions,
    SetupOptions,
    StandardOptions,
)

from pipeline.runtime.guard import check_beam
from pipeline.runtime.local import MEMORY_ENV, is_local_runner
from pipeline.runtime.warm_workers import worker_command

__all__ = [
    "build_or_discard",
    "discard_tempdir",
    "runner_problem",
    "in_process_runner",
    "make_options",
    "make_runner",
]

_log = logging.getLogger("newsbeam.runtime")


def _not_running_mode_advice(record: logging.LogRecord) -> bool:
    """The runner advises multi_processing when it is given N workers without it; newsbeam gives
    it the same subprocess environment itself (with its own worker command), so the advice is moot."""
    return "direct_running_mode should be" not in str(record.msg)


def make_options(beam_args: list, *, workers: int = 1) -> PipelineOptions:
    """PipelineOptions from the flags newsbeam does not know itself (any Beam flag works);
    ``workers`` > 1 on the local runner: that many worker processes (see ``make_runner``),
    started with ``MEMORY_ENV``. Freezes trafilatura's jusText stoplist here (the in-process
    runner extracts in this process) and names it as a Beam plugin, which every SDK worker
    imports at start-up (jt_stoplist.py)."""
    from pipeline.runtime.jt_stoplist import PLUGIN, freeze_jt_stoplist

    freeze_jt_stoplist()
    options = PipelineOptions(beam_args)
    setup = options.view_as(SetupOptions)
    setup.beam_plugins = list(dict.fromkeys((setup.beam_plugins or []) + [PLUGIN]))
    if is_local_runner(options.view_as(StandardOptions).runner) and workers > 1:
        options.view_as(DirectOptions).direct_num_workers = workers
        for name, value in MEMORY_ENV.items():
            os.environ.setdefault(name, value)
    return options


def runner_problem(beam_args: list):
    """What is wrong with ``--runner`` and the options it needs, as one line, or None: Beam
    finds out only when the pipeline is made, after the output is locked and the inputs listed,
    and the run then failed with exit 1 (an unknown runner, or ``DataflowRunner`` without
    ``--region``), as if it could succeed on a retry. The same checks as ``beam.Pipeline``
    (``create_runner``, ``PipelineOptionsValidator``), made before anything runs."""
    from apache_beam.options.pipeline_options_validator import PipelineOptionsValidator
    from apache_beam.runners.runner import create_runner

    options = PipelineOptions(beam_args)
    name = options.view_as(StandardOptions).runner
    if is_local_runner(name):
        return None
    try:
        runner = create_runner(name)
    except (ValueError, ImportError, AttributeError, TypeError) as exc:
        why = "" if isinstance(exc, ValueError) else f" ({type(exc).__name__}: {exc})"
        known = ", ".join(StandardOptions.KNOWN_RUNNER_NAMES)
        return (
            f"--runner {name} is not a runner Beam knows{why}: give one of {known}, or the "
            "module path of a PipelineRunner class (package.module.ClassName)"
        )
    errors = PipelineOptionsValidator(options, runner).validate()
    if errors:
        what = "; ".join(e.strip().rstrip(".") for e in errors)
        return (
            f"--runner {name}: {what}; add the flags (deploy/runners/ holds the flags of each "
            "runner to copy)"
        )
    return None


def in_process_runner(default_environment=None):
    """Beam's in-process (FnApi) runner, named explicitly: the DirectRunner of Beam 2.77 first
    tries to download the Prism runner. On the tested Beam, the subclass whose metrics the
    progress line reads while it runs (live_metrics.py)."""
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    from pipeline.runtime.live_metrics import LiveRunner, has_live_metrics

    if check_beam() and has_live_metrics():  # its counters can be read while it runs
        return LiveRunner(default_environment=default_environment)
    return FnApiRunner(default_environment=default_environment)


def make_runner(options: PipelineOptions):
    """The in-process runner for local runs; None for any other --runner (Beam resolves it).

    With N > 1 workers, each is a process started with ``pipeline.runtime.worker_main`` (a warm
    worker, see warm_workers.py) given as the environment's command. Beam's own
    multi_processing mode (its stock worker command) when the installed Beam is not the tested
    one, or when the user chose a running mode."""
    if not is_local_runner(options.view_as(StandardOptions).runner):
        return None
    direct = options.view_as(DirectOptions)
    if (direct.direct_num_workers or 1) < 2:
        return in_process_runner()
    if direct.direct_running_mode not in (None, "in_memory") or not check_beam():
        direct.direct_running_mode = direct.direct_running_mode or "multi_processing"
        if direct.direct_running_mode == "in_memory":
            direct.direct_running_mode = "multi_processing"
        return in_process_runner()
    from apache_beam.runners.portability.fn_api_runner import fn_runner
    from apache_beam.transforms.environments import SubprocessSDKEnvironment

    logging.getLogger(fn_runner.__name__).addFilter(_not_running_mode_advice)
    return in_process_runner(SubprocessSDKEnvironment.from_command_string(worker_command()))


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
