"""Feed servers that misbehave at the HTTP level, for tests on 127.0.0.1: a gzip bomb, a chunked
body that never ends, a body that trickles a byte a second, a redirect loop, megabytes of
headers, a wrong Content-Type and Content-Lengths that lie (either way). Each route is a
``tests.support.http_site`` route: ``route(handler, site)``."""

import functools
import struct
import zlib

__all__ = ["HOSTILE_ROUTES", "FEED_HEAD", "bomb_body"]

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


_MB = 1_000_000


@functools.cache
def bomb_body(megabytes: int = 200) -> bytes:
    """``FEED_HEAD`` then ``megabytes`` MB of spaces as one gzip member, built in a fraction of
    a second: one MB of spaces deflated once, ended by a full flush (which makes its blocks stand
    alone), repeated. Deflating the 200 MB themselves took 2.9 s, and the server did so on its
    first request before sending a header: on a loaded machine the client's 3 s read timeout ran
    out first, and the bomb ended as a timeout instead of too_large."""

    def deflated(data: bytes) -> bytes:
        zipper = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the gzip frame is ours
        return zipper.compress(data) + zipper.flush(zlib.Z_FULL_FLUSH)

    crc = zlib.crc32(FEED_HEAD)
    for _ in range(megabytes):
        crc = zlib.crc32(b" " * _MB, crc)
    size = (len(FEED_HEAD) + megabytes * _MB) & 0xFFFFFFFF
    last = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty final block
    return (
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip header: deflate, no name, no time
        + deflated(FEED_HEAD)
        + deflated(b" " * _MB) * megabytes
        + last
        + struct.pack("<II", crc, size)
    )


def gzip_bomb(handler, site):
    """200 MB of spaces in ~200 KB of gzip, declared as the feed's Content-Encoding."""
    body = bomb_body()
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
