"""A feed host's Retry-After holds the feed's next poll in a local stream
(pipeline/run/feed_polls.py), at most a day (or its own interval when longer), said in a log line."""

import datetime as dt
import logging

from pipeline.run.feed_polls import hold_for_retry_after

URL = "https://user:secret@news.example/feed.xml"
NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.timezone.utc).timestamp()


def _next_poll(retry_after, every=60.0) -> float:
    last_polled = {URL: NOW}
    hold_for_retry_after(last_polled, URL, retry_after, every, NOW)
    return last_polled[URL] + every - NOW


def test_a_pause_holds_the_next_poll_until_it_ends():
    assert _next_poll("600") == 600
    assert _next_poll("30") == 60  # shorter than the feed's interval: polled as usual
    assert _next_poll("soon") == 60  # unreadable: no pause


def test_a_huge_or_far_pause_holds_a_feed_a_day_at_most_or_its_own_interval():
    assert _next_poll("99999999") == 86400
    assert _next_poll("Fri, 31 Dec 9999 23:59:59 GMT") == 86400
    assert _next_poll("99999999", every=2 * 86400) == 2 * 86400


def test_the_pause_is_said_once_with_the_feed_and_its_next_poll(caplog):
    with caplog.at_level(logging.INFO, logger="newsbeam.stream"):
        _next_poll("99999999")
        _next_poll("30")
    (line,) = [r.getMessage() for r in caplog.records]
    assert line == (
        "feed https://news.example/feed.xml asked for a pause (Retry-After): "
        "next poll at 2026-12-08T03:00:00+00:00"
    )
