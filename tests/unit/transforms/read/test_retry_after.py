"""Retry-After as a number of seconds or an HTTP date; what cannot be read asks for no pause."""

import email.utils
import time

import pytest

from transforms.read.http_config import FetchConfig, backoff_delay, retry_after_s


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
