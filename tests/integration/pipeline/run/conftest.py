"""The polled feed site of the streaming tests here (this folder's ``site``)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.feed_servers import PollSite


@pytest.fixture
def site():
    """A site of feeds by path on 127.0.0.1 (ETag + 304); overrides the root ``site`` here."""
    s = PollSite()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            if s.on_request:
                s.on_request(len(s.log) + 1)  # before the body: it may change the feed
            body = s.body(self.path)
            etag = f'"{len(body)}-{hash(body) & 0xFFFFFF:x}"'
            sent = self.headers.get("If-None-Match")
            status = 304 if s.etags and sent == etag else 200
            with s.lock:
                s.log.append((self.path, status, sent))
                s.etag_served = etag
            self.send_response(status)
            if s.etags:
                self.send_header("ETag", etag)
            if status == 200:
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status == 200:
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield s
    server.shutdown()
    server.server_close()
