"""ReadFeeds given a stream's own poll answers (``polled``): a poll that raised is that feed's
error row, and the feed is not fetched a second time inside the window."""

import datetime as dt

import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to

from tests.support.feed_pages import rss
from transforms.read.feeds import ReadFeeds
from transforms.read.http_fetch import FetchConfig


def test_a_poll_that_raised_is_its_error_row_without_a_second_get(runner, site):
    site.add("/feed.xml", 200, rss(site.base, []), {"Content-Type": "application/rss+xml"})
    url = site.base + "/feed.xml"
    p = beam.Pipeline(runner=runner)
    feeds = p | ReadFeeds(
        urls=[url],
        config=FetchConfig(retries=0, per_host_delay_s=0.0, allow_private=True),
        state={},
        run_id="r1",
        run_date=dt.date(2026, 12, 6),
        polled={url: ValueError("bad chunk size")},
    )
    rows = feeds.errors | beam.Map(lambda e: (e.error_type, e.error_message, e.url, e.stage))
    assert_that(rows, equal_to([("ValueError", "bad chunk size", url, "read")]))
    p.run().wait_until_finish()
    assert site.seen("/feed.xml") == []
