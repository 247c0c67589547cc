"""OneRowPerOutage with TestStream: a feed that stays down is one error row per outage even when
the poll source repeats the row (its remainder resumed on another worker with no memory of the
outage), a feed's answer ends its outage, feeds are apart, the state expires, and polls that
arrive out of their order (a shuffle keeps none) are judged by their timestamps."""

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner
from apache_beam.testing import test_stream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms import window
from apache_beam.transforms.window import TimestampedValue

from transforms.core.dead_letters import error_row
from transforms.core.record import Article
from transforms.streaming.outage_rows import (
    OneRowPerOutage,
    in_event_order,
    row_is_new,
    row_time,
)

T0 = 1_800_000_000.0
A, B = "http://127.0.0.1:9/a.xml", "http://127.0.0.1:9/b.xml"


def _row(feed: str, message: str):
    placeholder = Article(doc_id=feed, source_path=feed, source_ref=feed, source_format="feed")
    return error_row(placeholder, stage="fetch", error_type="http_error", message=message)


def _run(batches, ttl=7 * 86400.0, window_s=600.0, lateness_s=0.0, raw=False):
    """``batches``: (watermark, events) in the order they reach the step; an event is
    (seconds after T0, feed, message | None: the feed answered), and the watermark (seconds
    after T0) is where the source's stands when they arrive."""
    stream, at_now = test_stream.TestStream(), None
    for watermark, events in batches:
        if watermark != at_now:  # TestStream takes only moves forward
            stream, at_now = stream.advance_watermark_to(T0 + watermark), watermark
        for at, feed, message in events:
            row = None if message is None else _row(feed, message)
            stream = stream.add_elements([TimestampedValue((feed, row), T0 + at)])
    # the source's next tick: the direct runner holds no output watermark for a timer, so rows
    # of timers that fire only on the jump to infinity would reach assert_that's GroupByKey
    # after it closed its window
    last = max(max(at for at, _, _ in events) if events else w for w, events in batches)
    stream = stream.advance_watermark_to(T0 + last + 1).advance_watermark_to_infinity()
    options = PipelineOptions()
    options.view_as(StandardOptions).streaming = True
    p = beam.Pipeline(runner=BundleBasedDirectRunner(), options=options)
    rows = p | stream | OneRowPerOutage(ttl_s=ttl, window_s=window_s, lateness_s=lateness_s)
    if raw:  # the rows themselves
        return p, rows
    return p, rows | beam.Map(lambda r: (r.source_ref, r.error_message))


def _rows(events, ttl=7 * 86400.0):
    """``events`` in their order, the watermark at each one's time (the source's tick)."""
    return _run([(at, [(at, feed, message)]) for at, feed, message in events], ttl)


def test_a_repeated_row_of_an_outage_is_dropped_and_an_answer_ends_it():
    p, rows = _rows([
        (0, A, None), (1, B, "status=404"),
        (10, A, "status=502"),   # A goes down: its row
        (20, A, "status=503"),   # the source resumed elsewhere: the same outage, dropped
        (25, B, "status=404"),   # B never answered: still its first outage
        (30, A, None),           # A answers
        (40, A, "timeout"),      # a new outage: its row
        (50, A, "status=502"),
    ])  # fmt: skip
    assert_that(rows, equal_to([(B, "status=404"), (A, "status=502"), (A, "timeout")]))
    p.run().wait_until_finish()


def test_a_feed_not_heard_of_for_the_ttl_is_forgotten():
    p, rows = _rows([(0, A, "status=502"), (500, A, "status=503")], ttl=100.0)
    assert_that(rows, equal_to([(A, "status=502"), (A, "status=503")]))
    p.run().wait_until_finish()


def test_a_row_that_overtakes_the_answer_before_it_is_still_a_new_outage():
    # A down at 10, answers at 30, down again at 40; the row of 40 reaches the step before the
    # answer of 30 (another worker's bundle, no order across the shuffle). Judged on arrival it
    # was a repeat of the outage of 10, and the second outage had no row.
    p, rows = _run([
        (10, [(10, A, "status=502")]),
        (10, [(40, A, "timeout"), (30, A, None), (45, A, "status=503")]),
        (50, [(50, B, "status=404"), (60, A, None)]),
    ])  # fmt: skip
    assert_that(rows, equal_to([(A, "status=502"), (A, "timeout"), (B, "status=404")]))
    p.run().wait_until_finish()


def test_an_outage_is_written_with_its_first_row_whichever_arrives_first():
    # the source resumed elsewhere repeats A's row at 20; it arrives before the row of 10
    p, rows = _run([(5, [(5, A, None), (20, A, "status=503"), (10, A, "status=502")])])
    assert_that(rows, equal_to([(A, "status=502")]))
    p.run().wait_until_finish()


def test_polls_are_judged_in_the_order_of_their_timestamps():
    row = {t: f"row@{t}" for t in (10, 20, 40, 50)}
    polls = [(40, row[40]), (30, None), (20, row[20]), (10, row[10]), (50, row[50])]
    assert in_event_order(None, None, polls) == (40, 30, [(10, row[10]), (40, row[40])])
    # from state: the outage of 5 is open, the answer of 2 came before it
    assert in_event_order(5.0, 2.0, [(20, row[20])]) == (5.0, 2.0, [])
    # an answer and a row at one timestamp: the answer first, the row is a new outage
    assert in_event_order(5.0, 2.0, [(20, row[20]), (20, None)]) == (20, 20, [(20, row[20])])


def test_row_is_new_only_after_an_answer_that_followed_the_last_row():
    assert row_is_new(None, None, 5.0) and row_is_new(None, 3.0, 5.0)
    assert not row_is_new(1.0, None, 5.0)
    assert not row_is_new(1.0, 0.5, 5.0)  # the answer was before the outage began
    assert row_is_new(1.0, 3.0, 5.0)


def _windows_of_rows(lateness_s: float):
    """A down at 10, up at 30, down at 40, all reaching the step before the watermark passes
    10: the timer at the latest (40) lets both rows out together; each row, grouped in the
    20 s windows downstream (``lateness_s`` late allowed), as (message, window start)."""
    batches = [(5, [(10, A, "down@10"), (30, A, None), (40, A, "down@40")]), (45, [])]
    p, rows = _run(batches, window_s=20.0, lateness_s=lateness_s, raw=True)

    def window_start(kv, w=beam.DoFn.WindowParam):
        yield kv[0], float(w.start) - T0

    grouped = (
        rows
        | beam.WindowInto(window.FixedWindows(20), allowed_lateness=lateness_s)
        | beam.Map(lambda r: (r.error_message, 1))
        | beam.GroupByKey()
        | beam.ParDo(window_start)
    )
    return p, grouped


def test_rows_let_out_together_keep_their_own_windows():
    # the window of 10 takes rows 100 s late: the row of 10 goes there (it went to 40's)
    p, grouped = _windows_of_rows(lateness_s=100.0)
    assert_that(grouped, equal_to([("down@10", 0.0), ("down@40", 40.0)]))
    p.run().wait_until_finish()


def test_a_row_whose_window_may_have_closed_goes_to_the_first_open_one():
    # no lateness: the window of 10 may be closed (the watermark passed 20), the row is not lost
    p, grouped = _windows_of_rows(lateness_s=0.0)
    assert_that(grouped, equal_to([("down@10", 40.0), ("down@40", 40.0)]))
    p.run().wait_until_finish()


def test_row_time_is_the_polls_own_unless_its_window_may_have_closed():
    # fired at 45 with 20 s windows: [40, 60) is open
    assert row_time(41.0, 45.0, window_s=20.0, lateness_s=0.0) == 41.0
    assert row_time(10.0, 45.0, window_s=20.0, lateness_s=0.0) == 40.0
    # fired at 65 with 30 s of lateness: [20, 40) takes rows until 70, [0, 20) until 50
    assert row_time(25.0, 65.0, window_s=20.0, lateness_s=30.0) == 25.0
    assert row_time(19.0, 65.0, window_s=20.0, lateness_s=30.0) == 20.0
    # a window that ends exactly at the watermark's bound is closed (Beam drops at its end)
    assert row_time(10.0, 40.0, window_s=20.0, lateness_s=0.0) == 40.0
    assert row_time(10.0, 40.0, window_s=20.0, lateness_s=20.0) == 20.0
    assert row_time(10.0, 40.0, window_s=20.0, lateness_s=21.0) == 10.0
