"""The manifest's ``inputs`` fact, counted where the inputs are read.

One ``("inputs", None)`` element per input made the local runner hold one element per document
until the commit (a Flatten's inputs are kept whole before the next stage reads them); a count
per bundle is one element per bundle."""

import apache_beam as beam
from apache_beam.transforms.window import GlobalWindows
from apache_beam.utils.windowed_value import WindowedValue

__all__ = ["CountInputsFn"]


class CountInputsFn(beam.DoFn):
    """Any elements -> ``(("inputs", None), n)`` once per window of each bundle that had any: in
    the global window (batch: the count lands in the run's commit), or with ``tag`` as ``(tag,
    (("inputs", None), n))`` at the end of its own window (streaming: in that window's pane)."""

    def __init__(self, tag=None):
        self._tag = tag

    def start_bundle(self):
        self._seen: dict = {}

    def process(self, _element, win=beam.DoFn.WindowParam):
        self._seen[win] = self._seen.get(win, 0) + 1
        return ()

    def finish_bundle(self):
        for win, n in self._seen.items():
            fact = (("inputs", None), n)
            if self._tag is None:
                yield GlobalWindows.windowed_value(fact)
            else:
                yield WindowedValue((self._tag, fact), win.max_timestamp(), [win])
