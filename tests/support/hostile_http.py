"""Feed servers that misbehave at the HTTP level, for tests on 127.0.0.1: a gzip bomb, a chunked
body that never ends, a body that trickles a byte a second, a redirect loop, megabytes of
headers, a wrong Content-Type and Content-Lengths that lie (either way). Each route is a
``tests.support.http_site`` route: ``route(handler, site)``."""

import zlib

__all__ = ["HOSTILE_ROUTES", "FEED_HEAD"]

FEED_HEAD = (
    b"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Hostile</title>"
)
_RSS = "application/rss+xml"


def _start(handler, headers: dict) -> None:
    handler.send_response(200)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.end_headers()


def _write(handler, data: bytes) -> bool:
    try:
        handler.wfile.write(data)
        handler.wfile.flush()
        return True
    except OSError:  # the client hung up, as it should
        return False


def _bomb(megabytes: int = 200) -> bytes:
    """``FEED_HEAD`` then ``megabytes`` MB of spaces, gzipped a megabyte at a time (the test
    itself never holds the inflated body)."""
    zipper = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [zipper.compress(FEED_HEAD)]
    block = b" " * 1_000_000
    parts += [zipper.compress(block) for _ in range(megabytes)]
    return b"".join(parts) + zipper.flush()


def gzip_bomb(handler, site):
    """200 MB of spaces in ~200 KB of gzip, declared as the feed's Content-Encoding."""
    body = site.__dict__.get("_bomb") or site.__dict__.setdefault("_bomb", _bomb())
    _start(handler, {"Content-Type": _RSS, "Content-Encoding": "gzip", "Content-Length": str(len(body))})  # fmt: skip
    _write(handler, body)


def endless_chunks(handler, site):
    _start(handler, {"Content-Type": _RSS, "Transfer-Encoding": "chunked"})
    _write(handler, b"%x\r\n%s\r\n" % (len(FEED_HEAD), FEED_HEAD))
    while not site.stop.is_set() and _write(handler, b"3e8\r\n" + b"<item>" * 166 + b"<ite\r\n"):
        pass


def trickle(handler, site):
    """A byte a second: never silent for a read timeout, never done."""
    _start(handler, {"Content-Type": _RSS, "Content-Length": "100000"})
    for byte in FEED_HEAD * 100:
        if site.stop.wait(1.0) or not _write(handler, bytes([byte])):
            return


def header_flood(handler, site):
    """10 MB of headers (10,000 of 1 KB) before a valid feed."""
    handler.send_response(200)
    handler.send_header("Content-Type", _RSS)
    try:
        for n in range(10_000):
            handler.send_header(f"X-Padding-{n}", "p" * 1000)
        handler.end_headers()
    except OSError:
        return
    _write(handler, FEED_HEAD + b"</channel></rss>")


def long_header_line(handler, site):
    """One header line of 10 MB."""
    handler.send_response(200)
    handler.send_header("Content-Type", _RSS)
    try:
        handler.send_header("X-Padding", "p" * 10_000_000)
        handler.end_headers()
    except OSError:
        return
    _write(handler, FEED_HEAD + b"</channel></rss>")


def length_too_long(handler, site):
    """Says 100,000 bytes, sends 80, closes: a feed cut off, which must not pass as a feed."""
    _start(handler, {"Content-Type": _RSS, "Content-Length": "100000", "Connection": "close"})
    _write(handler, FEED_HEAD[:80])
    handler.close_connection = True


def length_too_short(handler, site):
    """Says 30 bytes and sends a whole feed: the client reads 30 and stops there."""
    _start(handler, {"Content-Type": _RSS, "Content-Length": "30"})
    _write(handler, FEED_HEAD + b"<item><title>x</title></item>" * 1000 + b"</channel></rss>")


def redirect_loop(handler, site):
    other = "/loop-b" if handler.path == "/loop-a" else "/loop-a"
    handler.send_response(302)
    handler.send_header("Location", other)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def image(handler, site):
    body = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    _start(handler, {"Content-Type": "image/png", "Content-Length": str(len(body))})
    _write(handler, body)


HOSTILE_ROUTES = {
    "/bomb": gzip_bomb,
    "/endless": endless_chunks,
    "/trickle": trickle,
    "/headers": header_flood,
    "/header-line": long_header_line,
    "/length-too-long": length_too_long,
    "/length-too-short": length_too_short,
    "/loop-a": redirect_loop,
    "/loop-b": redirect_loop,
    "/image": image,
}
