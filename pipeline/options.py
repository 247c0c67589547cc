"""Beam pipeline options: the runner newsbeam uses by default and how --workers maps to Beam."""

from typing import Optional

from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

__all__ = ["make_options", "make_runner", "is_local_runner"]

_LOCAL_NAMES = (None, "", "direct", "directrunner", "fnapirunner", "inprocess")


def is_local_runner(name: Optional[str]) -> bool:
    return (name or "").lower() in _LOCAL_NAMES


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
    return options


def make_runner(options: PipelineOptions):
    """The in-process runner for local runs (the DirectRunner first tries to download Prism);
    otherwise the runner named by --runner."""
    name = options.view_as(StandardOptions).runner
    if is_local_runner(name):
        from apache_beam.runners.portability.fn_api_runner import FnApiRunner

        return FnApiRunner()
    return None  # Beam resolves --runner itself
