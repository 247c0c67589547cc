"""OneRowPerOutage with TestStream: a feed that stays down is one error row per outage even when
the poll source repeats the row (its remainder resumed on another worker with no memory of the
outage), a feed's answer ends its outage, feeds are apart, and the state expires."""

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner
from apache_beam.testing import test_stream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import TimestampedValue

from transforms.core.dead_letters import error_row
from transforms.core.record import Article
from transforms.streaming.outage_rows import OneRowPerOutage, row_is_new

T0 = 1_800_000_000.0
A, B = "http://127.0.0.1:9/a.xml", "http://127.0.0.1:9/b.xml"


def _row(feed: str, message: str):
    placeholder = Article(doc_id=feed, source_path=feed, source_ref=feed, source_format="feed")
    return error_row(placeholder, stage="fetch", error_type="http_error", message=message)


def _rows(events, ttl=7 * 86400.0):
    """``events``: (seconds after T0, feed, message | None: the feed answered)."""
    stream = test_stream.TestStream()
    for at, feed, message in events:
        row = None if message is None else _row(feed, message)
        stream = stream.advance_watermark_to(T0 + at)  # the source's watermark: its tick
        stream = stream.add_elements([TimestampedValue((feed, row), T0 + at)])
    stream = stream.advance_watermark_to_infinity()
    options = PipelineOptions()
    options.view_as(StandardOptions).streaming = True
    p = beam.Pipeline(runner=BundleBasedDirectRunner(), options=options)
    rows = p | stream | OneRowPerOutage(ttl_s=ttl)
    return p, rows | beam.Map(lambda r: (r.source_ref, r.error_message))


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


def test_row_is_new_only_after_an_answer_that_followed_the_last_row():
    assert row_is_new(None, None, 5.0) and row_is_new(None, 3.0, 5.0)
    assert not row_is_new(1.0, None, 5.0)
    assert not row_is_new(1.0, 0.5, 5.0)  # the answer was before the outage began
    assert row_is_new(1.0, 3.0, 5.0)
