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

    def count(self, name: str, n: int = 1, *, namespace: Optional[str] = None) -> None:
        """Add ``n`` to counter ``name`` of the stage's namespace, or of ``namespace`` (a step
        that also counts for another stage, as parking counts dedup's ``seen``)."""
        self._metric(Metrics.counter, namespace, name).inc(n)

    def measure(self, name: str, value: int, *, namespace: Optional[str] = None) -> None:
        """One value of a distribution (sizes, milliseconds)."""
        self._metric(Metrics.distribution, namespace, name).update(value)

    def _metric(self, make, namespace: Optional[str], name: str):
        metrics = self.__dict__.setdefault("_metrics", {})
        key = (make, namespace or self.namespace, name)
        metric = metrics.get(key)
        if metric is None:
            metric = metrics[key] = make(key[1], name)
        return metric

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
