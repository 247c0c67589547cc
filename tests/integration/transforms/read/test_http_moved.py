"""A feed moved for good: the answer names the new URL only when every redirect was permanent
(301, 308) and the new URL answered; a temporary hop or a failing target names none; a 429's
Retry-After is kept on the failed result."""

from tests.support.http_site import Site, serve
from transforms.read.http_fetch import FEED_TYPES, FetchConfig, HttpClient

_FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
_XML = {"Content-Type": "application/rss+xml"}


def test_moved_to_names_the_new_url_only_after_permanent_redirects():
    site = Site()
    server, base = serve(site)
    site.add("/a", 301, headers={"Location": "/b"})
    site.add("/b", 308, headers={"Location": "/feed"})
    site.add("/t", 302, headers={"Location": "/b"})
    site.add("/gone", 301, headers={"Location": "/missing"})
    site.add("/feed", 200, _FEED, _XML)
    site.add("/busy", 429, b"", {"Retry-After": "120"})
    client = HttpClient(FetchConfig(retries=0, allow_private=True, per_host_delay_s=0.0))
    try:
        moved = client.fetch(base + "/a", accept=FEED_TYPES)
        assert moved.ok and moved.body == _FEED and moved.moved_to == base + "/feed"
        assert client.fetch(base + "/t", accept=FEED_TYPES).moved_to is None  # a 302 on the way
        gone = client.fetch(base + "/gone", accept=FEED_TYPES)
        assert gone.status == 404 and gone.moved_to is None
        assert client.fetch(base + "/feed", accept=FEED_TYPES).moved_to is None
        busy = client.fetch(base + "/busy", accept=FEED_TYPES)
        assert busy.error == "http_error" and busy.retry_after == "120"
    finally:
        client.close()
        server.shutdown()
