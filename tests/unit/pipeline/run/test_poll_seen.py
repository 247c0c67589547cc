"""What a stream's poll says of a feed: a feed that stays down is one error row, and its host's
breaker opening during the outage is not a new one."""

from pipeline.run.feed_polls import poll_seen
from transforms.read.http_config import FetchResult

URL = "http://127.0.0.1:9/feed.xml"


def _failed(error: str, status=None) -> FetchResult:
    return FetchResult(url=URL, final_url=URL, status=status, error=error, detail="x")


def test_a_feed_that_stays_down_is_seen_the_same_on_every_poll():
    down = poll_seen(None, _failed("connection_error"))
    assert poll_seen(down, _failed("connection_error")) == down
    # the breaker opened after its failures: the same outage, no second row
    assert poll_seen(down, _failed("host_unavailable")) == down


def test_a_new_failure_or_an_answer_is_news():
    down = poll_seen(None, _failed("connection_error"))
    assert poll_seen(down, _failed("http_error", 404)) != down
    up = poll_seen(down, FetchResult(url=URL, final_url=URL, status=200, body=b"<rss/>"))
    assert up != down and poll_seen(up, _failed("host_unavailable")).startswith("down ")
    assert poll_seen(None, None) == "raised"
