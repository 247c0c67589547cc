"""Beam pipeline options: the runner newsbeam uses by default and how --workers maps to Beam."""

import shutil
import weakref

from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

from pipeline.local_worker import is_local_runner, tune_memory

__all__ = [
    "Options",
    "build_or_discard",
    "discard_tempdir",
    "make_options",
    "make_runner",
    "memoize_dofn_specs",
    "is_local_runner",
    "tune_memory",
    "use_local_worker",
]


_VIEWS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class Options(PipelineOptions):
    """PipelineOptions whose ``view_as`` makes one view per options class, not one per call.

    Beam asks for views ~950 times while newsbeam's graph is built and each new view parses the
    flags again with a fresh argparse parser: graph construction 0.69 s -> 0.44 s (median of 3,
    990-page input). A view keeps no values of its own (it reads and writes the shared
    ``_all_options``), so one per class behaves the same. The cache lives outside the object, so
    copying and pickling the options are unchanged."""

    def view_as(self, cls):
        views = _VIEWS.setdefault(self, {})
        if cls not in views:
            views[cls] = super().view_as(cls)
        return views[cls]


def memoize_dofn_specs() -> None:
    """Beam's ``userstate.get_dofn_specs(dofn)``, remembered per DoFn object in this process.

    Beam asks for a DoFn's state and timer specs 6 times per ParDo while the graph is built and
    turned into protos (and twice per ParDo in every stage a worker sets up); each answer runs
    ``inspect.signature`` on the DoFn's ~30 methods. newsbeam's 87 ParDos: 522 calls, 0.24 s of
    the command's ~1.7 s start-up (measured). The answer depends only on the DoFn's methods, which
    do not change once it is in a ParDo; it is kept while the DoFn lives (weak reference) and
    each caller gets its own copy of the sets. Installed once; a DoFn without weak references
    is asked every time, as before."""
    from apache_beam.transforms import userstate

    if getattr(userstate.get_dofn_specs, "newsbeam_memo", False):
        return
    compute = userstate.get_dofn_specs
    memo: dict = {}

    def get_dofn_specs(dofn):
        key = id(dofn)
        hit = memo.get(key)
        if hit is None or hit[0]() is not dofn:
            specs = compute(dofn)
            try:
                ref = weakref.ref(dofn, lambda _, key=key: memo.pop(key, None))
            except TypeError:
                return specs
            hit = memo[key] = (ref, specs)
        state, timers = hit[1]
        return set(state), set(timers)

    get_dofn_specs.newsbeam_memo = True
    get_dofn_specs.uncached = compute  # Beam's own, for tests
    get_dofn_specs.memo = memo
    get_dofn_specs.__doc__ = compute.__doc__
    userstate.get_dofn_specs = get_dofn_specs


def make_options(beam_args: list[str], *, workers: int = 1) -> PipelineOptions:
    """PipelineOptions from the flags newsbeam does not know itself (any Beam flag works).

    ``workers`` > 1 on the local runner selects Beam's multi_processing mode: the
    multi_threading mode crashes inside lxml, processes do not.
    """
    memoize_dofn_specs()
    options = Options(beam_args)
    standard = options.view_as(StandardOptions)
    if is_local_runner(standard.runner) and workers > 1:
        direct = options.view_as(DirectOptions)
        direct.direct_num_workers = workers
        direct.direct_running_mode = "multi_processing"
        tune_memory()
    return options


def discard_tempdir(pipeline) -> None:
    """Remove the temporary folder Beam made for ``pipeline`` (it removes it only when
    ``run()`` returns): for a pipeline that will not run or is being abandoned."""
    folder = getattr(pipeline, "local_tempdir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def build_or_discard(pipeline, build, *args, **kwargs) -> None:
    """``build(pipeline, *args, **kwargs)``; when it raises (a setting only the graph checks, such
    as an unknown dedup key), ``discard_tempdir`` and the error goes on."""
    try:
        build(pipeline, *args, **kwargs)
    except BaseException:
        discard_tempdir(pipeline)
        raise


def make_runner(options: PipelineOptions):
    """The in-process runner for local runs (the DirectRunner first tries to download Prism),
    whose metrics can be read while it runs (pipeline/live_metrics.py); otherwise None and
    Beam resolves the runner named by --runner. Worker processes of local multi-worker runs are
    started with pipeline.local_worker instead of Beam's worker main (see there)."""
    name = options.view_as(StandardOptions).runner
    if not is_local_runner(name):
        return None  # Beam resolves --runner itself
    from pipeline.live_metrics import LocalRunner

    return LocalRunner()


def use_local_worker(pipeline_proto) -> int:
    """Point the pipeline's subprocess environments that start Beam's own worker main at
    pipeline.local_worker; returns how many were changed. Other environments are kept."""
    from pipeline.live_metrics import use_local_worker as point

    return point(pipeline_proto)
