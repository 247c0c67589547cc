"""A stream's poll of a feed (``HttpClient.fetch(..., poll_s=...)``) against real servers on
127.0.0.1: the next poll is the retry of a dead host, so a refused connection, a reset or a
silence is one attempt and one error; a transient HTTP answer (429, 5xx) is retried only while
the waits end within the poll interval, and a longer Retry-After is handed to the stream."""

import socket
import time

import pytest

from tests.support.http_site import SilentServer
from transforms.read.http_fetch import FEED_TYPES, FetchConfig, HttpClient

CONFIG = FetchConfig(
    connect_timeout_s=1.0,
    read_timeout_s=0.4,
    deadline_s=1.5,
    retries=2,
    backoff_s=0.2,
    max_backoff_s=30.0,
    per_host_delay_s=0.0,
    allow_private=True,
    host_failures=0,
)


@pytest.fixture
def client():
    c = HttpClient(CONFIG)
    yield c
    c.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


def _down(status: int, retry_after=None):
    def route(handler, site):
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        handler._send(status, headers, b"down")

    return route


def test_a_refused_feed_is_one_attempt_per_poll(client):
    url = f"http://127.0.0.1:{_closed_port()}/feed.xml"
    polled = client.fetch(url, accept=FEED_TYPES, poll_s=1.0)
    assert polled.error == "connection_error" and polled.attempts == 1
    assert "Connection refused" in polled.detail and "attempts" not in polled.detail
    batch = client.fetch(url, accept=FEED_TYPES)  # a batch run has no next poll: it retries
    assert batch.error == "connection_error" and batch.attempts == CONFIG.retries + 1


def test_a_silent_feed_is_one_timeout_per_poll(client):
    silent = SilentServer()
    try:
        r = client.fetch(f"{silent.base}/feed.xml", accept=FEED_TYPES, poll_s=60.0)
    finally:
        silent.close()
    assert r.error == "timeout" and r.attempts == 1 and silent.accepted == 1


def test_a_503_is_retried_within_the_poll_interval(client, site):
    site.routes["/503.xml"] = _down(503)
    started = time.monotonic()
    r = client.fetch(site.base + "/503.xml", accept=FEED_TYPES, poll_s=10.0)
    assert r.error == "http_error" and r.status == 503 and r.attempts == CONFIG.retries + 1
    assert len(site.seen("/503.xml")) == CONFIG.retries + 1
    assert time.monotonic() - started < 10.0


def test_backoff_that_would_outlast_the_poll_is_not_waited(client, site):
    # backoff 0.2 s then 0.4 s: the second wait would end after a 0.3 s poll interval
    site.routes["/502.xml"] = _down(502)
    r = client.fetch(site.base + "/502.xml", accept=FEED_TYPES, poll_s=0.3)
    assert r.status == 502 and r.attempts == len(site.seen("/502.xml")) == 2
    # Retry-After longer than the interval: not waited, handed to the stream (its next poll)
    site.routes["/429.xml"] = _down(429, retry_after="120")
    r = client.fetch(site.base + "/429.xml", accept=FEED_TYPES, poll_s=5.0)
    assert r.status == 429 and r.attempts == 1 and r.retry_after == "120"
    assert len(site.seen("/429.xml")) == 1


@pytest.mark.parametrize("retry_after", ["120", "40"])
def test_a_retry_after_over_the_backoff_cap_is_not_cut_to_it(client, site, retry_after):
    # A 60 s poll, max_backoff_s 30: the server asked for 120 s (or 40 s). Capping that at 30 s
    # before comparing it with the poll asked again after 30 s, against the server's request.
    site.routes["/busy.xml"] = _down(429, retry_after=retry_after)
    r = client.fetch(site.base + "/busy.xml", accept=FEED_TYPES, poll_s=60.0)
    assert r.status == 429 and r.attempts == 1 and r.retry_after == retry_after
    assert len(site.seen("/busy.xml")) == 1


def test_a_short_retry_after_within_the_poll_is_waited_and_retried(client, site):
    site.routes["/slow.xml"] = _down(503, retry_after="1")
    started = time.monotonic()
    r = client.fetch(site.base + "/slow.xml", accept=FEED_TYPES, poll_s=60.0)
    assert r.status == 503 and r.attempts == len(site.seen("/slow.xml")) == CONFIG.retries + 1
    assert time.monotonic() - started >= CONFIG.retries * 1.0  # the asked second, each time
