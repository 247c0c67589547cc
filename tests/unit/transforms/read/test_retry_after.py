"""Retry-After as a number of seconds or an HTTP date; what cannot be read asks for no pause."""

import email.utils
import time

import pytest

from transforms.read.http_config import FetchConfig, backoff_delay, may_retry, retry_after_s


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("120", 120.0), ("0", 0.0), ("-5", 0.0), ("soon", 0.0), (None, 0.0), ("inf", 0.0)],
)
def test_retry_after_in_seconds(header, seconds):
    assert retry_after_s(header) == seconds


def test_retry_after_as_a_date_and_the_backoff_cap():
    later = email.utils.formatdate(time.time() + 3600, usegmt=True)
    assert 3500 < retry_after_s(later) <= 3600
    assert backoff_delay(1, FetchConfig(), later) == FetchConfig().max_backoff_s


def test_a_retry_after_is_compared_uncapped_with_the_poll_and_the_backoff_cap():
    # max_backoff_s 30: a server asking for 120 s (or 40 s) must not be asked again after 30 s
    config = FetchConfig(retries=2, max_backoff_s=30.0)
    for asked, left, retried in [
        (120.0, 300.0, False),  # longer than max_backoff_s: handed to the stream's next poll
        (40.0, 60.0, False),  # within the poll, still longer than max_backoff_s
        (120.0, None, False),  # a batch run waits no more than max_backoff_s either
        (20.0, 10.0, False),  # the poll ends first
        (20.0, 60.0, True),
        (20.0, None, True),
        (0.0, 60.0, True),  # no Retry-After: the capped backoff is the wait
    ]:
        header = f"{asked:g}" if asked else None
        wait = backoff_delay(1, config, header)
        assert may_retry(True, 429, 1, config, wait, left, retry_after=header) is retried, header
