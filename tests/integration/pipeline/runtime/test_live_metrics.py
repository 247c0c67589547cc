"""The in-process runner's counters while a bundle is still running (runtime/live_metrics.py)."""

import threading

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipeline.cli.summary import collect_metrics
from pipeline.runtime.live_metrics import LiveRunner

# (reached, gate) per test: the DoFn is pickled, so it finds its events here by name.
EVENTS = {name: (threading.Event(), threading.Event()) for name in ("running", "finishing")}


class _HoldAfterFive(beam.DoFn):
    """Counts each element; after the fifth it waits until the test has looked."""

    def __init__(self, events: str):
        self._events = events

    def start_bundle(self):
        self._n = 0

    def process(self, x):
        Metrics.counter("read", "files").inc()
        self._n += 1
        if self._n == 5:
            reached, gate = EVENTS[self._events]
            reached.set()
            gate.wait(60)
        yield x


def _held_run(events: str):
    """A LiveRunner pipeline of 12 counted elements, its thread (not started) and its result."""
    runner = LiveRunner()
    p = beam.Pipeline(runner=runner)
    _ = p | beam.Create(list(range(12)), reshuffle=False) | beam.ParDo(_HoldAfterFive(events))
    results = {}
    thread = threading.Thread(target=lambda: results.setdefault("r", p.run()))
    return runner, thread, results


def test_counts_of_a_running_bundle_then_the_result():
    reached, gate = EVENTS["running"]
    runner, thread, results = _held_run("running")
    thread.start()
    try:
        assert reached.wait(60)
        assert runner.live.counters() == {"read": {"files": 5}}  # the bundle is still running
    finally:
        gate.set()
        thread.join(60)
    assert runner.live.counters() == {"read": {"files": 12}}
    assert collect_metrics(results["r"]) == {"read": {"files": 12}}


def test_a_bundle_that_finishes_while_its_workers_are_asked_is_counted_once():
    reached, gate = EVENTS["finishing"]
    runner, thread, results = _held_run("finishing")
    asked = runner.live._running_infos

    def answer_then_let_the_bundle_finish(*args):
        answer = asked(*args)  # the running bundle's 5 so far
        gate.set()
        thread.join(60)  # the bundle (and the run) finished before the poll ends
        return answer

    runner.live._running_infos = answer_then_let_the_bundle_finish
    thread.start()
    try:
        assert reached.wait(60)
        assert runner.live.counters()["read"]["files"] <= 12
    finally:
        gate.set()
        thread.join(60)
    assert runner.live.counters() == {"read": {"files": 12}}
    assert collect_metrics(results["r"]) == {"read": {"files": 12}}
