"""Beam pipeline options: the runner newsbeam uses by default and how --workers maps to Beam."""

import sys

from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

from pipeline.local_worker import is_local_runner, limit_malloc_arenas

__all__ = [
    "make_options",
    "make_runner",
    "is_local_runner",
    "limit_malloc_arenas",
    "use_local_worker",
]


def make_options(beam_args: list[str], *, workers: int = 1) -> PipelineOptions:
    """PipelineOptions from the flags newsbeam does not know itself (any Beam flag works).

    ``workers`` > 1 on the local runner selects Beam's multi_processing mode: the
    multi_threading mode crashes inside lxml, processes do not.
    """
    options = PipelineOptions(beam_args)
    standard = options.view_as(StandardOptions)
    if is_local_runner(standard.runner) and workers > 1:
        direct = options.view_as(DirectOptions)
        direct.direct_num_workers = workers
        direct.direct_running_mode = "multi_processing"
        limit_malloc_arenas()
    return options


def make_runner(options: PipelineOptions):
    """The in-process runner for local runs (the DirectRunner first tries to download Prism);
    otherwise the runner named by --runner. Worker processes of local multi-worker runs are
    started with pipeline.local_worker instead of Beam's worker main (see there)."""
    name = options.view_as(StandardOptions).runner
    if not is_local_runner(name):
        return None  # Beam resolves --runner itself
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    class LocalRunner(FnApiRunner):
        def run_via_runner_api(self, pipeline_proto, options):
            use_local_worker(pipeline_proto)
            return super().run_via_runner_api(pipeline_proto, options)

    return LocalRunner()


def use_local_worker(pipeline_proto) -> int:
    """Point the pipeline's subprocess environments that start Beam's own worker main at
    pipeline.local_worker; returns how many were changed. Other environments are kept."""
    from apache_beam.portability import python_urns

    from pipeline.local_worker import worker_command

    beam_main = f"{sys.executable} -m apache_beam.runners.worker.sdk_worker_main"
    changed = 0
    for env in pipeline_proto.components.environments.values():
        if env.urn == python_urns.SUBPROCESS_SDK and env.payload.decode("utf-8") == beam_main:
            env.payload = worker_command().encode("utf-8")
            changed += 1
    return changed
