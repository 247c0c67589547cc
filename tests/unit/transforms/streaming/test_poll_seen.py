"""What a stream's poll says of a feed: a feed that stays down is one error row, however its
failures differ (a flapping server, its host's breaker opening), until it answers again."""

from transforms.read.http_config import FetchResult
from transforms.streaming.feed_outages import outage_goes_on, poll_seen

URL = "http://127.0.0.1:9/feed.xml"


def _failed(error: str, status=None) -> FetchResult:
    return FetchResult(url=URL, final_url=URL, status=status, error=error, detail="x")


def test_a_feed_that_stays_down_is_seen_the_same_on_every_poll():
    down = poll_seen(None, _failed("connection_error"))
    assert poll_seen(down, _failed("connection_error")) == down
    # the breaker opened after its failures: the same outage, no second row
    assert poll_seen(down, _failed("host_unavailable")) == down


def test_an_answer_is_news():
    down = poll_seen(None, _failed("connection_error"))
    up = poll_seen(down, FetchResult(url=URL, final_url=URL, status=200, body=b"<rss/>"))
    assert up != down and poll_seen(up, _failed("host_unavailable")).startswith("down ")
    assert poll_seen(None, None) == "raised"


def test_a_304_ends_the_outage_so_the_next_failure_is_a_new_row():
    down = poll_seen(None, _failed("connection_error"))
    assert outage_goes_on(down, poll_seen(down, _failed("host_unavailable")))
    back = poll_seen(down, FetchResult(url=URL, final_url=URL, status=304))
    assert not outage_goes_on(down, back)
    assert not outage_goes_on(back, poll_seen(back, _failed("connection_error")))
    # a 304 of a feed that was up keeps what its last body said
    up = poll_seen(None, FetchResult(url=URL, final_url=URL, status=200, body=b"<rss/>"))
    assert poll_seen(up, FetchResult(url=URL, final_url=URL, status=304)) == up
    assert not outage_goes_on(up, up)


def test_any_failure_after_a_failure_is_the_same_outage_and_keeps_its_first_error():
    # a server flapping 502/503/timeout, a host refusing then resetting, its breaker opening,
    # or a poll raising: one outage, whose row tells its first failure
    flaps = [_failed("http_error", 503), _failed("timeout"), _failed("connection_error"),
             _failed("host_unavailable"), None, _failed("fetch_error"), _failed("http_error", 502)]  # fmt: skip
    first = poll_seen(None, _failed("http_error", 502))
    assert first == "down http_error 502"
    seen = first
    for failure in flaps:
        before, seen = seen, poll_seen(seen, failure)
        assert seen == first and outage_goes_on(before, seen)
    # a 200 or a 304 ends it: the next failure, whatever it is, is a new outage
    for answer in (FetchResult(url=URL, final_url=URL, status=304),
                   FetchResult(url=URL, final_url=URL, status=200, body=b"<rss/>")):  # fmt: skip
        back = poll_seen(seen, answer)
        again = poll_seen(back, _failed("http_error", 502))
        assert not outage_goes_on(back, again) and again == first
    raised = poll_seen(None, None)
    assert poll_seen(raised, _failed("timeout")) == "raised"
