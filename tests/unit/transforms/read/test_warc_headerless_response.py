"""A ``response`` record whose block is the page itself, with no HTTP status line and headers
(its WARC Content-Type says ``text/html``, as some crawlers and converters write it): read as
the page. warcio parsed the page's first lines as an HTTP head, so the record was rejected
``http_status`` ("HTTP status HTTP") and the page lost its head."""

import io

from transforms.core.record import Article
from transforms.read.warc import explode_warc

PAGE = (
    b"<html><head><title>Tide tables</title></head>\n<body>\n<p>High tide at noon.</p>\n\n"
    b"<p>Low tide at six.</p></body></html>"
)


def _record(uri: str, content_type: str, block: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
        "WARC-Date: 2026-11-20T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def test_a_response_without_an_http_head_is_the_page():
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE
    data = _record("https://e.com/a", "text/html", PAGE) + _record(
        "https://e.com/b", "application/http; msgtype=response", http
    )
    items = list(explode_warc("/x/a.warc", io.BytesIO(data), max_bytes=1 << 20))
    assert [type(i).__name__ for i in items] == ["Article", "Article"]
    assert all(isinstance(i, Article) and i.raw == PAGE for i in items)
    assert [i.url for i in items] == ["https://e.com/a", "https://e.com/b"]
