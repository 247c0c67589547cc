"""One error row per feed outage in the Beam streaming graph, kept in keyed state.

The poll source already writes a feed's error row only when, as far as it knows, an outage
begins (``feed_outages``). What it knows lives on its DoFn instance: on Dataflow or Flink the
source's remainder (``defer_remainder``) may resume on another worker with none of it, and would
then take a feed that is still down for a new outage. So the source sends each such row, and a
marker when a feed answers after a failure (or on its first answer), keyed by the feed, and this
step keeps in keyed state, which a runner checkpoints with the job, when the open outage's row
was written and when the feed last answered.

A shuffle keeps no order: a row at t3 may reach this step before the answer at t2 that ended the
outage of a row at t1, and judged on arrival it would be a repeat, the second outage never
written. So a feed's polls wait in state until the watermark passes them and are judged in the
order of their timestamps (``in_event_order``); a row is written that much later (on Dataflow,
the source's watermark lag). A poll already behind the watermark when it arrives (late) is
judged on arrival against what was judged before it.

The timer that lets a feed's waiting polls out is at the latest of them, so rows let out
together carried that poll's time, and an outage's row went to a later window. Each row now
carries its own poll's time (``row_time``) where the windows downstream still take it; the
timer holds their watermark at its own time only, so with no allowed lateness an earlier
window may have closed, and the row goes to the first window still open, as before, instead of
being dropped. (A timer at the earliest poll would hold the watermark there, but re-armed for
the rest its rows came out late on the direct runner's drain; see ``WAKE``.)

A feed is forgotten a TTL after its last poll here. That is not refreshed while a feed stays
down: a source that remembers the outage sends nothing then, and a timer re-arming itself would
keep a feed removed while down for the life of the job. A feed down for longer than the TTL
whose source resumes elsewhere is one more row: a reminder, at most once per TTL."""

from collections.abc import Iterable
from typing import Optional

import apache_beam as beam
from apache_beam.coders import FloatCoder, PickleCoder
from apache_beam.metrics import Metrics
from apache_beam.transforms import window
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import (
    BagStateSpec,
    ReadModifyWriteStateSpec,
    TimerSpec,
    on_timer,
)
from apache_beam.utils.timestamp import Timestamp

__all__ = ["OneRowPerOutage", "in_event_order", "row_is_new", "row_time"]

_NS = "stream"


def row_is_new(row_at: Optional[float], up_at: Optional[float], now: float) -> bool:
    """A feed's error row at event time ``now`` begins a new outage: no outage row was written
    (``row_at``), or the feed answered (``up_at``) after that row and before this one. Holds
    for a feed's polls taken in the order of their timestamps (``in_event_order``)."""
    if row_at is None:
        return True
    return up_at is not None and row_at < up_at <= now


def in_event_order(row_at, up_at, polls: Iterable) -> tuple:
    """``(row_at, up_at, rows)``: the state after judging ``polls`` (``(ts, row | None)``,
    None: the feed answered) in the order of their timestamps, and the ``(ts, row)`` that
    begin an outage. At one timestamp an answer counts before a row (a row is never lost to a
    tie)."""
    rows = []
    for ts, row in sorted(polls, key=lambda p: (p[0], p[1] is not None)):
        if row is None:
            up_at = max(ts, up_at if up_at is not None else ts)
        elif row_is_new(row_at, up_at, ts):
            row_at = ts
            rows.append((ts, row))
    return row_at, up_at, rows


def row_time(ts: float, fired: float, *, window_s: float, lateness_s: float) -> float:
    """The event time to give a row of a poll at ``ts`` let out by the timer at ``fired`` (the
    latest poll waiting): its own, unless the windows downstream (``window_s`` long, taking
    rows ``lateness_s`` late) may have closed it: the timer holds their watermark at ``fired``
    at most, so a window that ends after ``fired - lateness_s`` is still open; then the start
    of the first such window (its row at ``fired`` was dropped, not merely misplaced)."""
    first_open = int((fired - lateness_s) // window_s)  # index of the first open window
    if ts >= first_open * window_s:
        return ts
    return float(first_open * window_s)


class _OneRowPerOutageFn(beam.DoFn):
    ROW_AT = ReadModifyWriteStateSpec("row_at", FloatCoder())
    UP_AT = ReadModifyWriteStateSpec("up_at", FloatCoder())
    LAST_AT = ReadModifyWriteStateSpec("last_at", FloatCoder())  # the latest poll judged
    # (ts, row | None) of the polls the watermark has not passed yet
    PENDING = BagStateSpec("pending", PickleCoder())
    # one timer: at the latest poll waiting, so all are judged when it fires; then, re-armed,
    # a TTL after the latest poll, to forget the feed. Set at the earliest and re-armed for
    # the rest, its rows came out, on the direct runner, after a drain's jump of the watermark
    # to the end: late, dropped downstream; the expiry outputs nothing.
    WAKE = TimerSpec("wake", TimeDomain.WATERMARK)

    def __init__(self, ttl_s: float, window_s: float, lateness_s: float):
        self._ttl, self._window, self._lateness = ttl_s, window_s, lateness_s
        self._written = Metrics.counter(_NS, "outage_rows_written")
        self._repeats = Metrics.counter(_NS, "outage_rows_repeated")

    def process(
        self,
        kv,
        ts=beam.DoFn.TimestampParam,
        pending=beam.DoFn.StateParam(PENDING),
        wake=beam.DoFn.TimerParam(WAKE),
    ):
        _, row = kv  # row None: the feed answered
        pending.add((float(ts), row))
        wake.set(Timestamp.of(max(p[0] for p in pending.read())))

    @on_timer(WAKE)
    def wake(
        self,
        fired=beam.DoFn.TimestampParam,
        row_at=beam.DoFn.StateParam(ROW_AT),
        up_at=beam.DoFn.StateParam(UP_AT),
        last_at=beam.DoFn.StateParam(LAST_AT),
        pending=beam.DoFn.StateParam(PENDING),
        timer=beam.DoFn.TimerParam(WAKE),
    ):
        polls = list(pending.read())
        if not polls:  # a TTL since the latest poll: the feed is forgotten
            for state in (row_at, up_at, last_at):
                state.clear()
            return
        # the watermark passed the latest poll waiting: every on-time poll up to it is here
        at, up, rows = in_event_order(row_at.read(), up_at.read(), polls)
        last = max([p[0] for p in polls] + [last_at.read() or 0.0])  # a late poll: not later
        for state, value in ((row_at, at), (up_at, up), (last_at, last)):
            if value is not None:
                state.write(value)
        pending.clear()
        timer.set(Timestamp.of(last + self._ttl))
        self._written.inc(len(rows))
        self._repeats.inc(sum(row is not None for _, row in polls) - len(rows))
        # each row at its own poll's time, not the timer's (the latest poll waiting): let out
        # together, an outage's row went to a later poll's window
        for ts, row in rows:
            at = row_time(ts, float(fired), window_s=self._window, lateness_s=self._lateness)
            yield window.TimestampedValue(row, at)


class OneRowPerOutage(beam.PTransform):
    """``(feed URL, error row | None)`` (None: the feed answered) -> the error rows that begin
    an outage, judged in event time once the watermark passes them, each at its poll's time
    (``row_time``: the fixed windows downstream, ``window_s`` long with ``lateness_s`` of
    allowed lateness, keep it). A feed's state is forgotten ``ttl_s`` after its last element."""

    def __init__(self, *, ttl_s: float, window_s: float, lateness_s: float):
        super().__init__()
        self._args = (ttl_s, window_s, lateness_s)

    def expand(self, polls):
        return polls | "FirstRowOfOutage" >> beam.ParDo(_OneRowPerOutageFn(*self._args))
