"""A gzip bomb is ``too_large`` however loaded the machine: the size cap trips on inflated bytes,
in the first kilobytes of the body, before any timeout or deadline could. Real servers on
127.0.0.1, the client's settings of ``tests/e2e/test_feeds_hostile_http_e2e.py``."""

import os
import subprocess
import sys

from tests.support.hostile_http import bomb_body, gzip_bomb
from tests.support.http_site import Site, serve
from transforms.read.http_fetch import FEED_TYPES, FetchConfig, HttpClient, origin

CONFIG = FetchConfig(
    retries=0,
    connect_timeout_s=3.0,
    read_timeout_s=3.0,
    deadline_s=6.0,
    max_bytes=2_000_000,
    per_host_delay_s=0.0,
    allow_private=True,
)


def stalled_bomb(handler, site):
    """The bomb's first 20 KB (~20 MB inflated), then silence until the test ends: a verdict that
    waited for more bytes would be a timeout."""
    body = bomb_body()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body[:20_000])
    handler.wfile.flush()
    site.stop.wait(60)


def _fetch(route) -> tuple:
    """The bomb at ``route`` fetched from a fresh server: (result, request count)."""
    site = Site()
    site.routes["/bomb"] = route
    server, base = serve(site)
    client = HttpClient(CONFIG)
    try:
        url = base + "/bomb"
        return client.fetch(url, accept=FEED_TYPES, trusted_origin=origin(url)), site.counts
    finally:
        site.stop.set()
        client.close()
        server.shutdown()
        server.server_close()


def test_a_bomb_whose_server_then_stalls_is_too_large_not_a_timeout():
    result, _ = _fetch(stalled_bomb)
    assert result.error == "too_large", result.describe()
    assert "body over max_bytes 2000000" in result.detail


def test_the_bomb_is_too_large_with_every_core_busy():
    """Processes spinning on every core beside the client and the server (the load of a full
    suite run on a shared machine); three fresh servers, each bomb one too_large verdict."""
    bomb_body()  # built once, before the servers answer: building it is not the server's answer
    spin = [sys.executable, "-c", "while True: pass"]
    spinners = [subprocess.Popen(spin) for _ in range(max(2, os.cpu_count() or 2))]
    try:
        verdicts = [_fetch(gzip_bomb) for _ in range(3)]
    finally:
        for proc in spinners:
            proc.kill()
            proc.wait()
    assert [(r.error, counts) for r, counts in verdicts] == [("too_large", {"/bomb": 1})] * 3, [
        r.describe() for r, _ in verdicts
    ]
