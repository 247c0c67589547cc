"""The manifest's ``inputs`` fact, counted where the inputs are read.

One ``("inputs", None)`` element per input made the local runner hold one element per document
until the commit (a Flatten's inputs are kept whole before the next stage reads them); a count
per bundle is one element per bundle."""

import apache_beam as beam
from apache_beam.transforms.window import GlobalWindows
from apache_beam.utils.windowed_value import WindowedValue

__all__ = ["CountInputsFn", "CountWindowInputsFn"]


class CountInputsFn(beam.DoFn):
    """Any elements -> ``(("inputs", None), n)`` once per bundle that had any (batch only)."""

    def start_bundle(self):
        self._seen = 0

    def process(self, _element):
        self._seen += 1
        return ()

    def finish_bundle(self):
        if self._seen:
            yield GlobalWindows.windowed_value((("inputs", None), self._seen))


class CountWindowInputsFn(beam.DoFn):
    """Windowed elements -> ``("fact", (("inputs", None), n))`` once per window of each bundle
    (streaming: the count lands in that window's pane, as batch's per-bundle count lands in the
    run's commit)."""

    def start_bundle(self):
        self._seen: dict = {}

    def process(self, _element, win=beam.DoFn.WindowParam):
        self._seen[win] = self._seen.get(win, 0) + 1
        return ()

    def finish_bundle(self):
        for win, n in self._seen.items():
            yield WindowedValue(("fact", (("inputs", None), n)), win.max_timestamp(), [win])
