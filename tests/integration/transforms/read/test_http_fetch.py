"""The HTTP client against a real server on 127.0.0.1 started by the test (no mocks)."""

import gzip
import zlib

import brotli
import pytest

from tests.support.http_site import SilentServer, Site, etag_route, serve
from transforms.read.http_fetch import (
    FEED_TYPES,
    FetchConfig,
    HttpClient,
    backoff_delay,
    content_type_allowed,
    is_blocked_address,
    origin,
    redact_url,
    split_credentials,
)

# Small limits so failures come fast; retries wait 10 ms.
FAST = FetchConfig(
    connect_timeout_s=1.0,
    read_timeout_s=0.4,
    deadline_s=1.5,
    retries=2,
    backoff_s=0.01,
    max_backoff_s=0.05,
    max_redirects=3,
    max_bytes=10_000,
    per_host_delay_s=0.0,
    per_host_concurrency=2,
    allow_private=True,
)


@pytest.fixture
def client():
    c = HttpClient(FAST)
    yield c
    c.close()


# ---- route helpers --------------------------------------------------------------------------


def flaky_route(failures: int, body: bytes, status=500, extra=None):
    def route(handler, site):
        if site.counts[handler.path] <= failures:
            return handler._send(status, dict(extra or {}), b"down")
        handler._send(200, {"Content-Type": "text/html"}, body)

    return route


def stall_route(handler, site):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.write(b"<html>")
    handler.wfile.flush()
    site.stop.wait(10)


def drip_route(handler, site):
    """One byte every 0.1 s: never silent for long, but never done within the deadline."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "5000")
    handler.end_headers()
    for _ in range(5000):
        if site.stop.wait(0.1):
            return
        try:
            handler.wfile.write(b"x")
            handler.wfile.flush()
        except OSError:
            return


def chunked_route(total: int):
    def route(handler, site):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        try:
            for _ in range(total // 1000):
                handler.wfile.write(b"3e8\r\n" + b"y" * 1000 + b"\r\n")
            handler.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass

    return route


# ---- tests --------------------------------------------------------------------------------------


def test_200_sends_user_agent_and_returns_validators(site, client):
    site.add(
        "/feed",
        200,
        b"<rss/>",
        {
            "Content-Type": "application/rss+xml",
            "ETag": '"v1"',
            "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT",
        },
    )
    r = client.fetch(site.base + "/feed", accept=FEED_TYPES)
    assert r.ok and r.status == 200 and r.body == b"<rss/>" and r.attempts == 1
    assert r.etag == '"v1"' and r.last_modified == "Wed, 01 Jan 2025 00:00:00 GMT"
    [headers] = site.seen("/feed")
    assert headers["user-agent"].startswith("newsbeam/")
    assert "(+https://github.com/newsbeam)" in headers["user-agent"]
    assert "gzip" in headers["accept-encoding"] and "br" in headers["accept-encoding"]


def test_304_with_etag_and_if_modified_since(site, client):
    site.routes["/feed"] = etag_route(b"<rss/>", '"abc"')
    r = client.fetch(
        site.base + "/feed",
        etag='"abc"',
        last_modified="Wed, 01 Jan 2025 00:00:00 GMT",
        accept=FEED_TYPES,
    )
    assert r.ok and r.not_modified and r.body is None and r.etag == '"abc"'
    [headers] = site.seen("/feed")
    assert headers["if-none-match"] == '"abc"'
    assert headers["if-modified-since"] == "Wed, 01 Jan 2025 00:00:00 GMT"
    changed = client.fetch(site.base + "/feed", etag='"old"', accept=FEED_TYPES)
    assert changed.status == 200 and changed.body == b"<rss/>"


def test_404_is_an_error_without_retry(site, client):
    r = client.fetch(site.base + "/missing")
    assert r.error == "http_error" and r.status == 404 and r.attempts == 1
    assert "status=404" in r.describe() and site.base + "/missing" in r.describe()
    assert len(site.seen("/missing")) == 1


def test_500_then_200_is_retried(site, client):
    site.routes["/flaky"] = flaky_route(1, b"<p>ok</p>")
    r = client.fetch(site.base + "/flaky")
    assert r.ok and r.body == b"<p>ok</p>" and r.attempts == 2
    assert len(site.seen("/flaky")) == 2


def test_503_forever_gives_up_after_the_retries(site, client):
    site.routes["/down"] = flaky_route(99, b"", status=503, extra={"Retry-After": "0"})
    r = client.fetch(site.base + "/down")
    assert r.error == "http_error" and r.status == 503
    assert len(site.seen("/down")) == FAST.retries + 1


def test_redirect_chain_is_followed(site, client):
    site.add("/r1", 301, b"", {"Location": "/r2"})
    site.add("/r2", 302, b"", {"Location": site.base + "/r3#frag"})
    site.add("/r3", 307, b"", {"Location": "final?x=1"})
    site.add("/final?x=1", 200, b"<p>here</p>", {"Content-Type": "text/html; charset=utf-8"})
    r = client.fetch(site.base + "/r1")
    assert r.ok and r.body == b"<p>here</p>"
    assert r.final_url == site.base + "/final?x=1"
    assert r.redirects == (site.base + "/r2", site.base + "/r3", site.base + "/final?x=1")


def test_redirect_limit(site, client):
    for i in range(5):
        site.add(f"/hop{i}", 302, b"", {"Location": f"/hop{i + 1}"})
    r = client.fetch(site.base + "/hop0")
    assert r.error == "too_many_redirects" and len(site.requests) == FAST.max_redirects + 1


def test_redirect_loop(site, client):
    site.add("/a", 302, b"", {"Location": "/b"})
    site.add("/b", 302, b"", {"Location": "/a"})
    r = client.fetch(site.base + "/a")
    assert r.error == "redirect_loop" and "/b -> " in r.detail
    assert len(site.requests) == 2


def test_body_over_the_cap(site, client):
    site.add("/big", 200, b"z" * 20_000, {"Content-Type": "text/html"})
    site.routes["/chunked"] = chunked_route(50_000)
    bomb = gzip.compress(b"a" * 1_000_000)
    site.add("/bomb", 200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
    for path in ("/big", "/chunked", "/bomb"):
        r = client.fetch(site.base + path)
        assert r.error == "too_large" and r.body is None, path
        assert len(site.seen(path)) == 1  # not retried


def test_stalling_response_times_out(site, client):
    site.routes["/stall"] = stall_route
    r = client.fetch(site.base + "/stall")
    assert r.error == "timeout" and r.attempts == FAST.retries + 1


def test_dripping_response_hits_the_deadline(site):
    c = HttpClient(
        FetchConfig(
            read_timeout_s=1.0,
            deadline_s=0.6,
            connect_timeout_s=0.5,
            retries=0,
            allow_private=True,
            per_host_delay_s=0,
        )
    )
    site.routes["/drip"] = drip_route
    r = c.fetch(site.base + "/drip")
    c.close()
    assert r.error == "timeout" and "deadline" in r.detail


def test_wrong_content_type(site, client):
    site.add("/img", 200, b"\x89PNG....", {"Content-Type": "image/png"})
    r = client.fetch(site.base + "/img")
    assert r.error == "bad_content_type" and "image/png" in r.detail and r.status == 200
    site.add("/page", 200, b"<html/>", {"Content-Type": "text/html"})
    assert client.fetch(site.base + "/page", accept=FEED_TYPES).ok  # feeds are often text/html


@pytest.mark.parametrize(
    "encoding, compress",
    [("gzip", gzip.compress), ("deflate", zlib.compress), ("br", brotli.compress)],
)
def test_content_encodings(site, client, encoding, compress):
    body = "<p>Grüße aus der Stadt</p>".encode() * 50
    site.add(
        "/enc", 200, compress(body), {"Content-Type": "text/html", "Content-Encoding": encoding}
    )
    r = client.fetch(site.base + "/enc")
    assert r.ok and r.body == body


def test_private_addresses_refused_unless_allowed(site):
    strict = HttpClient(dataclasses_replace(FAST, allow_private=False))
    site.add("/page", 200, b"<p>x</p>", {"Content-Type": "text/html"})
    r = strict.fetch(site.base + "/page")
    assert r.error == "blocked_address" and "127.0.0.1" in r.detail
    assert site.requests == []  # refused before connecting
    home = origin(site.base)
    trusted = strict.fetch(site.base + "/page", trusted_origin=home)
    assert trusted.ok
    # A redirect from the trusted host to another non-public host is still refused.
    site.add("/jump", 302, b"", {"Location": site.base.replace("127.0.0.1", "localhost") + "/page"})
    jumped = strict.fetch(site.base + "/jump", trusted_origin=home)
    assert jumped.error == "blocked_address"
    # ... and so is one to another port of the trusted host.
    other = Site()
    other.add("/page", 200, b"<p>other</p>", {"Content-Type": "text/html"})
    server, other_base = serve(other)
    site.add("/port", 302, b"", {"Location": other_base + "/page"})
    ported = strict.fetch(site.base + "/port", trusted_origin=home)
    server.shutdown()
    assert ported.error == "blocked_address" and other.requests == []
    strict.close()


def test_connection_refused_and_bad_urls(client):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    r = client.fetch(f"http://127.0.0.1:{port}/x")
    assert r.error == "connection_error" and r.attempts == FAST.retries + 1
    assert client.fetch("ftp://example.com/x").error == "invalid_url"
    assert client.fetch("not a url").error == "invalid_url"
    assert client.fetch("http://127.0.0.1:99999/x").error == "invalid_url"


@pytest.mark.parametrize(
    "ip, blocked",
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("192.168.0.1", True),
        ("172.16.5.4", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("::1", True),
        ("fe80::1", True),
        ("::ffff:127.0.0.1", True),
        ("93.184.216.34", False),
        ("2606:4700::6810:84e5", False),
    ],
)
def test_is_blocked_address(ip, blocked):
    assert is_blocked_address(ip) is blocked


def test_content_type_allowed_and_backoff():
    assert content_type_allowed(None, ("text/html",))
    assert content_type_allowed("Text/HTML; charset=utf-8", ("text/html",))
    assert not content_type_allowed("application/pdf", ("text/html",))
    cfg = FetchConfig(backoff_s=1.0, max_backoff_s=5.0)
    assert 0.75 <= backoff_delay(1, cfg) <= 1.25
    assert 1.5 <= backoff_delay(2, cfg) <= 2.5
    assert backoff_delay(10, cfg) == 5.0
    assert backoff_delay(1, cfg, retry_after="3") == 3.0
    assert backoff_delay(1, cfg, retry_after="600") == 5.0


def dataclasses_replace(config, **changes):
    import dataclasses

    return dataclasses.replace(config, **changes)


# ---- dead hosts: circuit breaker, DNS, the run's budget ---------------------------------------


def _fetch_all(client, urls):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:  # as FetchPages: per_host_concurrency
        return list(pool.map(client.fetch, urls))


def test_breaker_a_silent_host_costs_a_few_timeouts_then_fails_at_once(site):
    silent = SilentServer()
    client = HttpClient(FAST)
    try:
        results = _fetch_all(client, [f"{silent.base}/story/{i}" for i in range(20)])
        # The feed's own server (another port on the same address) is not affected.
        site.add("/feed", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
        feed = client.fetch(site.base + "/feed", accept=FEED_TYPES)
    finally:
        client.close()
        silent.close()
    reasons = [r.error for r in results]
    assert set(reasons) == {"timeout", "host_unavailable"}, reasons
    assert reasons.count("host_unavailable") >= 17
    # host_failures (3) consecutive timeouts open it; the second worker thread's attempt in flight
    # may add one more: never one connection per URL and attempt (60).
    assert silent.accepted <= FAST.host_failures + 1
    unavailable = next(r for r in results if r.error == "host_unavailable")
    assert unavailable.attempts == 1
    assert "is not answering" in unavailable.detail and "no answer in time" in unavailable.detail
    assert feed.ok and feed.body == b"<rss/>"


def test_breaker_a_closed_port_and_a_503_forever():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    client = HttpClient(FAST)
    results = [client.fetch(f"http://127.0.0.1:{port}/a/{i}") for i in range(6)]
    assert [r.error for r in results] == ["connection_error"] + ["host_unavailable"] * 5
    assert results[0].attempts == FAST.retries + 1  # refused: retried (it may be a restart)
    client.breaker.forget()  # a stream's next poll: the port is asked again
    again = client.fetch(f"http://127.0.0.1:{port}/a/0")
    assert again.error == "connection_error" and again.attempts == FAST.retries + 1

    down = Site()
    down.routes["/gone"] = flaky_route(10**6, b"", status=503, extra={"Retry-After": "0"})
    server, base = serve(down)
    try:
        results = [client.fetch(f"{base}/gone") for _ in range(10)]
    finally:
        server.shutdown()
        client.close()
    assert [r.error for r in results] == ["http_error"] + ["host_unavailable"] * 9
    assert results[0].status == 503 and len(down.seen("/gone")) == FAST.host_failures


def test_breaker_is_reset_by_an_answer_and_can_be_turned_off(site):
    site.routes["/flaky"] = flaky_route(2, b"<p>ok</p>", status=503)
    client = HttpClient(FAST)
    assert client.fetch(site.base + "/flaky").ok  # two 503s, then an answer: count back to 0
    site.routes["/flaky2"] = flaky_route(2, b"<p>ok</p>", status=503)
    assert client.fetch(site.base + "/flaky2").ok
    client.close()
    import dataclasses

    off = HttpClient(dataclasses.replace(FAST, host_failures=0))
    site.routes["/down"] = flaky_route(10**6, b"", status=503)
    assert [off.fetch(site.base + "/down").error for _ in range(3)] == ["http_error"] * 3
    off.close()
    assert len(site.seen("/down")) == 3 * (FAST.retries + 1)


def test_a_name_that_does_not_resolve_is_not_retried():
    client = HttpClient(FAST)
    first = client.fetch("http://bad..name/x")  # rejected by the resolver, no query is sent
    again = client.fetch("http://bad..name/y")
    client.close()
    assert first.error == "dns_error" and first.attempts == 1
    assert "cannot resolve bad..name" in first.detail
    assert again.error == "host_unavailable" and again.attempts == 1


def test_the_fetch_budget_ends_all_fetching_of_the_run(site):
    import dataclasses
    import time

    silent = SilentServer()
    config = dataclasses.replace(FAST, budget_s=1.0, host_failures=0, retries=0)
    client = HttpClient(config)
    try:
        started = time.monotonic()
        results = [client.fetch(f"{silent.base}/p/{i}") for i in range(8)]
        elapsed = time.monotonic() - started
        site.add("/late", body=b"<p>late</p>", headers={"Content-Type": "text/html"})
        late = client.fetch(site.base + "/late")
    finally:
        client.close()
        silent.close()
    reasons = [r.error for r in results]
    assert reasons[0] == "timeout" and reasons[-1] == "fetch_budget", reasons
    assert late.error == "fetch_budget" and "fetch.budget_s = 1" in late.detail
    assert silent.accepted <= 3  # 0.4 s read timeouts within a 1 s budget
    print(f"\n8 URLs on a silent host with a 1 s budget: {elapsed:.1f} s")


def test_credentials_go_to_their_origin_only_and_are_never_returned(site):
    import base64

    other = Site()
    other.add("/landing", 200, b"<p>there</p>", {"Content-Type": "text/html"})
    server, other_base = serve(other)
    site.add("/feed", 200, b"<rss/>", {"Content-Type": "application/rss+xml"})
    site.add("/moved", 302, b"", {"Location": other_base + "/landing"})
    secret = site.base.replace("http://", "http://ann:p%40ss@")
    client = HttpClient(FAST)
    try:
        feed = client.fetch(secret + "/feed", accept=FEED_TYPES)
        moved = client.fetch(secret + "/moved")
    finally:
        client.close()
        server.shutdown()
    expected = "Basic " + base64.b64encode(b"ann:p@ss").decode()
    assert site.seen("/feed")[0]["authorization"] == expected
    assert feed.url == site.base + "/feed" and "p%40ss" not in repr(feed)
    assert moved.ok and "authorization" not in other.seen("/landing")[0]  # another origin
    assert split_credentials("https://a.org/x") == ("https://a.org/x", None)
    assert redact_url("https://u:p@a.org:8443/f?q=1") == "https://a.org:8443/f?q=1"
    assert origin("https://A.org/x") == ("https", "a.org", 443)
    assert origin("http://a.org:8080/") == ("http", "a.org", 8080) and origin("ftp://a") is None
