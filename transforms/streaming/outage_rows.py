"""One error row per feed outage in the Beam streaming graph, kept in keyed state.

The poll source already writes a feed's error row only when, as far as it knows, an outage
begins (``feed_outages``). What it knows lives on its DoFn instance: on Dataflow or Flink the
source's remainder (``defer_remainder``) may resume on another worker with none of it, and would
then take a feed that is still down for a new outage. So the source sends each such row, and a
marker when a feed answers after a failure (or on its first answer), keyed by the feed, and this
step keeps in keyed state, which a runner checkpoints with the job, when the open outage's row
was written and when the feed last answered."""

from typing import Optional

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Timestamp

__all__ = ["OneRowPerOutage", "row_is_new"]

_NS = "stream"


def row_is_new(row_at: Optional[float], up_at: Optional[float], now: float) -> bool:
    """A feed's error row at event time ``now`` begins a new outage: no outage row was written
    (``row_at``), or the feed answered (``up_at``) after that row and before this one. Relies on
    a feed's polls reaching this step in their order, as the one source emits them."""
    if row_at is None:
        return True
    return up_at is not None and row_at < up_at <= now


class _OneRowPerOutageFn(beam.DoFn):
    ROW_AT = ReadModifyWriteStateSpec("row_at", beam.coders.FloatCoder())
    UP_AT = ReadModifyWriteStateSpec("up_at", beam.coders.FloatCoder())
    EXPIRY = TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, ttl_s: float):
        self._ttl = ttl_s
        self._repeats = Metrics.counter(_NS, "outage_rows_repeated")

    def process(
        self,
        kv,
        ts=beam.DoFn.TimestampParam,
        row_at=beam.DoFn.StateParam(ROW_AT),
        up_at=beam.DoFn.StateParam(UP_AT),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        _, row = kv  # row None: the feed answered
        now = float(ts)
        expiry.set(Timestamp.of(now + self._ttl))  # a feed not polled for the TTL is forgotten
        if row is None:
            up_at.write(max(now, up_at.read() or now))
        elif row_is_new(row_at.read(), up_at.read(), now):
            row_at.write(now)
            yield row
        else:
            self._repeats.inc()

    @on_timer(EXPIRY)
    def expire(self, row_at=beam.DoFn.StateParam(ROW_AT), up_at=beam.DoFn.StateParam(UP_AT)):
        row_at.clear()
        up_at.clear()


class OneRowPerOutage(beam.PTransform):
    """``(feed URL, error row | None)`` (None: the feed answered) -> the error rows that begin
    an outage. A feed's state is forgotten ``ttl_s`` after its last element."""

    def __init__(self, *, ttl_s: float):
        super().__init__()
        self._ttl = ttl_s

    def expand(self, polls):
        return polls | "FirstRowOfOutage" >> beam.ParDo(_OneRowPerOutageFn(self._ttl))
