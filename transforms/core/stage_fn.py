"""The base of every stage's DoFn: its counters, its rejected rows and its error rows in one place.

A stage is its ``process``; what it keeps, drops and why is said through the base, so every
stage counts the same way (``seen``, ``kept``, ``dropped_<reason>`` in its own metrics
namespace, docs/ARCHITECTURE.md "Stages, failures and limits") and its drops and failures reach
the ``rejected`` and ``errors`` tables as rows cut to the same limits (``dead_letters``).
"""

from typing import Optional

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.core.dead_letters import error_row, format_exception, rejected_row
from transforms.core.record import Article, ErrorRow, RejectedRow

__all__ = ["StageFn"]


class StageFn(beam.DoFn):
    """A stage's DoFn. ``namespace``: its metrics namespace; ``stage``: the ``stage`` column of
    its rows (the namespace unless said). Counters are made on first use, so a subclass needs
    no ``__init__`` boilerplate and its pickle holds no metric objects."""

    namespace = ""
    stage: Optional[str] = None

    def count(self, name: str, n: int = 1) -> None:
        counters = self.__dict__.setdefault("_counters", {})
        counter = counters.get(name)
        if counter is None:
            counter = counters[name] = Metrics.counter(self.namespace, name)
        counter.inc(n)

    def measure(self, name: str, value: int) -> None:
        """One value of a distribution (sizes, milliseconds)."""
        dists = self.__dict__.setdefault("_distributions", {})
        dist = dists.get(name)
        if dist is None:
            dist = dists[name] = Metrics.distribution(self.namespace, name)
        dist.update(value)

    def seen(self) -> None:
        self.count("seen")

    def kept(self, item):
        """``item`` goes on to the next stage (counted ``kept``)."""
        self.count("kept")
        return item

    def reject(self, article: Article, reason: str, detail: str, **fields):
        """``article`` dropped on purpose: a ``rejected`` row (``fields`` override what the
        article says), counted ``dropped_<reason>``."""
        row = rejected_row(
            article, stage=self.stage or self.namespace, reason=reason, detail=detail, **fields
        )
        return self.rejected(row)

    def rejected(self, row: RejectedRow):
        """A rejected row made elsewhere (a reader's), counted ``dropped_<reason>``."""
        self.count(f"dropped_{row.reason}")
        return beam.pvalue.TaggedOutput("rejected", row)

    def failed(self, row: ErrorRow):
        """An error row for the ``errors`` table (not counted: stages count their own kinds)."""
        return beam.pvalue.TaggedOutput("errors", row)

    def error(self, element, exc: BaseException):
        """``element`` failed with ``exc``: its error row, with the stage and traceback."""
        row = error_row(
            element,
            stage=self.stage or self.namespace,
            error_type=type(exc).__name__,
            message=str(exc),
            trace=format_exception(exc),
        )
        return self.failed(row)
