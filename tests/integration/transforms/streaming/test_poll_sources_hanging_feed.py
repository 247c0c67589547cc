"""The Beam streaming graph's source (Dataflow/Flink) on the in-process runner with a feed host
that hangs until the fetch deadline and a good one: the good feed's entries arrive with the time
of its own answer, before the hanging feed's timeout row, which comes in as an error row."""

import time

import apache_beam as beam
from apache_beam.testing.util import assert_that

from tests.support.feed_servers import route_feed
from transforms.read.http_fetch import FetchConfig
from transforms.streaming.sources import PollPlan, PollSources


def _kind(item, ts=beam.DoFn.TimestampParam):
    return (type(item).__name__, item.source_ref, getattr(item, "error_type", None), float(ts))


def test_a_hanging_feed_host_does_not_hold_the_good_feeds_arrival(site):
    good = route_feed(site, "/good.xml", "Brisk", 500, 2)
    site.routes["/hang.xml"] = lambda handler, s: s.stop.wait(600)  # headers never come
    start = time.time()
    hang = f"{site.base}/hang.xml"
    plan = PollPlan(start_s=start, stop_s=start + 1, feeds=((hang, 600.0), (good, 600.0)))
    fetch = FetchConfig(
        connect_timeout_s=3, read_timeout_s=3, deadline_s=3, retries=0, allow_private=True
    )

    def check(rows):
        errors = [r for r in rows if r[0] == "ErrorRow"]
        stories = [r for r in rows if r[0] == "Article"]
        assert [(r[1], r[2]) for r in errors] == [(hang, "timeout")], rows
        assert sorted(r[1] for r in stories) == [
            f"{good}#guid={site.base}/good.xml-{n}" for n in (0, 1)
        ]
        # Asked at once, the good feed answered (and arrived) before the hang timed out.
        assert max(r[3] for r in stories) < errors[0][3], rows

    with beam.Pipeline() as p:
        out = p | PollSources(plan=plan, fetch=fetch, run_id="t", run_date="2026-12-07",
                              max_bytes=1_000_000)  # fmt: skip
        # the feed's error row goes to OneRowPerOutage, with a marker (None) for each answer
        outages = out.outages | beam.Values() | beam.Filter(lambda row: row is not None)
        rows = (out.main, out.errors, outages) | beam.Flatten() | beam.Map(_kind)
        assert_that(rows, check)
