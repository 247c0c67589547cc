"""Pipeline options and the runner: the in-process runner for local runs, Beam's own otherwise."""

import logging
import os
import re
import shutil

from apache_beam.options.pipeline_options import (
    DirectOptions,
    GoogleCloudOptions,
    PipelineOptions,
    SetupOptions,
    StandardOptions,
)

from pipeline.runtime.guard import check_beam
from pipeline.runtime.local import MEMORY_ENV, is_local_runner
from pipeline.runtime.warm_workers import worker_command

__all__ = [
    "build_or_discard",
    "dataflow_problems",
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


# Beam's own patterns for a Cloud Storage path and bucket and a project ID (its validator).
_GCS_PATH = re.compile(r"gs://(?P<bucket>[^/]+)/", re.IGNORECASE)
_GCS_BUCKET = re.compile(r"[a-z0-9][-_a-z0-9.]+[a-z0-9]")
_PROJECT_ID = re.compile(r"[a-z][-a-z0-9:.]+[a-z0-9]")
_DATAFLOW_RUNNERS = ("DataflowRunner", "TestDataflowRunner")


def runner_problem(beam_args: list):
    """What is wrong with ``--runner`` and the options it needs, as one line, or None: Beam
    finds out only when the pipeline is made, after the output is locked and the inputs listed,
    and the run then failed with exit 1 (an unknown runner, or ``DataflowRunner`` without
    ``--region``), as if it could succeed on a retry. Only offline checks: the runner can be
    made, and Dataflow has its project, region and a gs:// temp or staging location. Not Beam's
    ``PipelineOptionsValidator``: for Dataflow it goes to the network (Google credentials with
    backoff, the buckets' soft-delete policy, creating a default staging bucket) and took 88-120 s
    offline, then passed or raised; ``beam.Pipeline`` runs it anyway."""
    from apache_beam.runners.runner import create_runner

    name = None
    try:
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
        errors = dataflow_problems(options) if _is_dataflow(runner, options) else []
    except Exception as exc:  # a runner's own check failing is still the configuration's
        return f"--runner {name}: its options could not be checked ({type(exc).__name__}: {exc})"
    if errors:
        return (
            f"--runner {name}: {'; '.join(errors)}; add the flags (deploy/runners/ holds the "
            "flags of each runner to copy)"
        )
    return None


def _is_dataflow(runner, options: PipelineOptions) -> bool:
    """The runner submits to the Dataflow service (Beam's ``is_service_runner``: a Dataflow
    runner class, or a subclass, not pointed at a local endpoint)."""
    endpoint = options.view_as(GoogleCloudOptions).dataflow_endpoint or ""
    names = {cls.__name__ for cls in type(runner).__mro__}
    return bool(names & set(_DATAFLOW_RUNNERS)) and "://localhost" not in endpoint


def dataflow_problems(options: PipelineOptions) -> list:
    """The flags a Dataflow run lacks, each as Beam names it: ``--project``, ``--region`` (or
    ``$CLOUDSDK_COMPUTE_REGION``, which Beam reads too), a gs:// ``--temp_location`` or
    ``--staging_location`` (Beam takes one for the other). Read from the options only."""
    cloud = options.view_as(GoogleCloudOptions)
    errors = []
    if not cloud.project:
        errors.append("Missing required option: project")
    elif not _PROJECT_ID.fullmatch(cloud.project):
        errors.append(f"project must be a project ID (not its number or name), got {cloud.project}")
    if not (cloud.region or os.environ.get("CLOUDSDK_COMPUTE_REGION")):
        errors.append("Missing required option: region")
    given = [v for v in (cloud.temp_location, cloud.staging_location) if v]
    if not given:
        errors.append("Missing required option: temp_location (gs://BUCKET/path)")
    elif not any(map(_is_gcs_path, given)):
        errors.append(f"temp_location must be a gs://BUCKET/path, got {' and '.join(given)}")
    return errors


def _is_gcs_path(path: str) -> bool:
    match = _GCS_PATH.match(path)
    return bool(match and _GCS_BUCKET.fullmatch(match["bucket"]))


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
