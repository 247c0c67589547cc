"""Fixtures every test folder may use; plain helpers live in tests/support/."""

import pytest

from tests.support.bucket_store import object_store  # noqa: F401 (a fixture: a bucket on disk)
from tests.support.feed_servers import Feed, serve_feed
from tests.support.stores import hanging_store  # noqa: F401 (a fixture: a store that never answers)


@pytest.fixture
def runner():
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    return FnApiRunner()


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 serving the routes the test adds (tests.support.http_site)."""
    from tests.support.http_site import Site, serve

    s = Site()
    server, base = serve(s)
    s.base = base
    yield s
    s.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def feed_server():
    """An RSS feed on 127.0.0.1 that the test adds entries to: (feed, port)."""
    feed = Feed()
    server = serve_feed(feed)
    yield feed, server.server_address[1]
    server.shutdown()
