"""The in-process runner newsbeam uses for local runs, with its metrics readable while it runs.

Beam's in-process runner (FnApiRunner) runs the pipeline inside ``pipeline.run()`` and hands
out its metrics only in the result, at the end. Each stage is one bundle (split across the
workers with ``--workers N``), so even the counters of finished bundles arrive a stage at a
time. ``LiveMetrics`` keeps both parts of what the runner knows at any moment:

- the monitoring infos of every finished bundle, per stage, consolidated as the runner
  consolidates them for its result;
- the bundles running now: the runner's workers answer a ``ProcessBundleProgressRequest``
  with the bundle's monitoring infos so far (the request Beam's own ProgressRequester sends).

``counters()`` turns both into ``{namespace: {name: value}}``, the shape of the manifest's
``metrics``. The same works with one in-process worker and with ``--workers N`` processes.
docs/observability.md explains the choice.
"""

import itertools
import threading
from typing import Optional

from apache_beam.portability.api import beam_fn_api_pb2
from apache_beam.runners import runner as beam_runner
from apache_beam.runners.portability.fn_api_runner import fn_runner
from apache_beam.runners.portability.fn_api_runner.fn_runner import (
    BundleManager,
    FnApiRunner,
    RunnerResult,
)

from pipeline.cli.summary import collect_metrics

__all__ = ["LiveMetrics", "LiveRunner", "has_live_metrics"]

_PROGRESS_TIMEOUT_S = 2.0  # a worker busy in a C call may answer late; the next poll asks again


class LiveMetrics:
    """What the runner has counted so far: finished bundles plus the running ones."""

    def __init__(self):
        self._lock = threading.Lock()
        self._done: dict = {}  # stage name -> monitoring infos of its finished bundles
        self._running: Optional[tuple] = None  # (stage name, worker handlers, first bundle uid)
        self._stages_done = 0
        self._highest: dict = {}  # (namespace, name) -> the highest count reported so far

    def bundle_started(self, stage: str, handlers: list) -> None:
        # The runner names bundle instructions 'bundle_<n>' from one counter; the bundles of
        # this stage get the numbers after the current one.
        with self._lock:
            self._running = (stage, list(handlers), BundleManager._uid_counter + 1)

    def bundle_finished(self, stage: str, infos) -> None:
        with self._lock:
            # consolidate() is a generator: keep a list, every poll reads it again
            self._done[stage] = list(
                fn_runner.consolidate_monitoring_infos(
                    itertools.chain(infos, self._done.get(stage, []))
                )
            )
            self._running = None
            self._stages_done += 1

    @staticmethod
    def _running_infos(running: Optional[tuple]) -> list:
        if running is None:
            return []
        _stage, handlers, first = running
        infos: list = []
        for uid in range(first, BundleManager._uid_counter + 1):
            for handler in handlers:
                request = beam_fn_api_pb2.InstructionRequest(
                    process_bundle_progress=beam_fn_api_pb2.ProcessBundleProgressRequest(
                        instruction_id=f"bundle_{uid}"
                    )
                )
                try:
                    answer = handler.control_conn.push(request).get(timeout=_PROGRESS_TIMEOUT_S)
                except Exception:  # noqa: BLE001 - a worker that ended or is busy: no news
                    continue
                if not answer.error:  # not running there: an empty answer
                    infos.extend(answer.process_bundle_progress.monitoring_infos)
        return infos

    def snapshot(self) -> dict:
        """Monitoring infos per stage, finished and running bundles together.

        The finished stages and the running bundle are taken in one step: a bundle that
        finishes while its workers are asked would otherwise be counted twice, once in its
        progress answer and once among the finished ones. Its progress answer is then the
        same moment as the finished stages taken before it."""
        with self._lock:
            out = dict(self._done)
            running = self._running
        infos = self._running_infos(running)
        if running is not None and infos:
            stage = running[0]
            out[stage] = list(
                fn_runner.consolidate_monitoring_infos(itertools.chain(infos, out.get(stage, [])))
            )
        return out

    def counters(self) -> dict:
        """``{namespace: {name: value}}`` so far (as ``pipeline.cli.summary.collect_metrics``).

        Counters only grow, but with ``--workers N`` the part of a stage that one worker has
        finished answers no more progress while its stage waits for the other parts, and only
        comes back with the stage's result: each count is the highest seen so far."""
        now = collect_metrics(RunnerResult(beam_runner.PipelineState.RUNNING, self.snapshot()))
        with self._lock:
            for ns, values in now.items():
                for name, value in values.items():
                    if isinstance(value, int):
                        key = (ns, name)
                        values[name] = self._highest[key] = max(value, self._highest.get(key, 0))
            for (ns, name), value in self._highest.items():
                now.setdefault(ns, {}).setdefault(name, value)
        return now


class LiveRunner(FnApiRunner):
    """FnApiRunner whose ``live`` metrics can be read from another thread while it runs.

    Relies on two things of the tested Beam (guard.py) beyond its public API: the runner calls
    ``_execute_bundle`` once per bundle of a stage and returns its response, and names bundle
    instructions ``bundle_<BundleManager._uid_counter>``. ``has_live_metrics`` checks both are
    there; otherwise newsbeam runs the plain FnApiRunner and shows no progress."""

    def __init__(self, default_environment=None):
        super().__init__(default_environment=default_environment)
        self.live = LiveMetrics()

    def _execute_bundle(self, runner_execution_context, bundle_context_manager, bundle_input):
        stage = bundle_context_manager.stage.name
        self.live.bundle_started(stage, bundle_context_manager.worker_handlers)
        result = super()._execute_bundle(
            runner_execution_context, bundle_context_manager, bundle_input
        )
        self.live.bundle_finished(stage, result.process_bundle.monitoring_infos)
        return result


def has_live_metrics() -> bool:
    """The runner internals ``LiveRunner`` builds on are there (see its docstring)."""
    return callable(getattr(FnApiRunner, "_execute_bundle", None)) and isinstance(
        getattr(BundleManager, "_uid_counter", None), int
    )
