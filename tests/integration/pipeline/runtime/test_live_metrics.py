"""The in-process runner's counters while a bundle is still running (runtime/live_metrics.py)."""

import threading

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipeline.cli.summary import collect_metrics
from pipeline.runtime.live_metrics import LiveRunner

REACHED, GATE = threading.Event(), threading.Event()


class _HoldAfterFive(beam.DoFn):
    """Counts each element; after the fifth it waits until the test has looked."""

    def start_bundle(self):
        self._n = 0

    def process(self, x):
        Metrics.counter("read", "files").inc()
        self._n += 1
        if self._n == 5:
            REACHED.set()
            GATE.wait(60)
        yield x


def test_counts_of_a_running_bundle_then_the_result():
    runner = LiveRunner()
    p = beam.Pipeline(runner=runner)
    _ = p | beam.Create(list(range(12)), reshuffle=False) | beam.ParDo(_HoldAfterFive())
    results = {}
    thread = threading.Thread(target=lambda: results.setdefault("r", p.run()))
    thread.start()
    try:
        assert REACHED.wait(60)
        assert runner.live.counters() == {"read": {"files": 5}}  # the bundle is still running
    finally:
        GATE.set()
        thread.join(60)
    assert runner.live.counters() == {"read": {"files": 12}}
    assert collect_metrics(results["r"]) == {"read": {"files": 12}}


REACHED_2, GATE_2 = threading.Event(), threading.Event()


class _HoldAfterFiveAgain(_HoldAfterFive):
    def process(self, x):
        Metrics.counter("read", "files").inc()
        self._n += 1
        if self._n == 5:
            REACHED_2.set()
            GATE_2.wait(60)
        yield x


def test_a_bundle_that_finishes_while_its_workers_are_asked_is_counted_once():
    runner = LiveRunner()
    p = beam.Pipeline(runner=runner)
    _ = p | beam.Create(list(range(12)), reshuffle=False) | beam.ParDo(_HoldAfterFiveAgain())
    results = {}
    thread = threading.Thread(target=lambda: results.setdefault("r", p.run()))
    asked = runner.live._running_infos

    def answer_then_let_the_bundle_finish(*args):
        answer = asked(*args)  # the running bundle's 5 so far
        GATE_2.set()
        thread.join(60)  # the bundle (and the run) finished before the poll ends
        return answer

    runner.live._running_infos = answer_then_let_the_bundle_finish
    thread.start()
    try:
        assert REACHED_2.wait(60)
        assert runner.live.counters()["read"]["files"] <= 12
    finally:
        GATE_2.set()
        thread.join(60)
    assert runner.live.counters() == {"read": {"files": 12}}
    assert collect_metrics(results["r"]) == {"read": {"files": 12}}
