"""WARC files written by the tests: HTML response records, and the damage done to one of them."""

import io
import zlib

from tests.support.hostile_files import page
from tests.support.sample_stories import STORIES


def news_warc(names: list, *, gzip: bool) -> tuple:
    """A WARC of one HTML response record per story name (title ``Story <name>``, URL
    ``https://news.example/<name>``), and the byte offsets where each record starts (plus the
    file's length)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    starts = []
    for name in names:
        starts.append(out.tell())
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = page(f"Story {name}", STORIES[name])
        writer.write_record(
            writer.create_warc_record(
                f"https://news.example/{name}", "response", io.BytesIO(body), http_headers=http
            )
        )
    starts.append(out.tell())
    return out.getvalue(), starts


def damaged(data: bytes, starts: list, index: int, how: str) -> bytes:
    """``data`` with record ``index`` (0-based) damaged: ``garbled`` (32 bytes in its middle
    overwritten with binary noise), ``header`` (its first 12 bytes overwritten) or ``cut`` (its
    second half gone, the next record following at once)."""
    start, end = starts[index], starts[index + 1]
    middle = start + (end - start) // 2
    noise = b"\xff\x00\x13\x07\x1b[2J\x85" * 4
    if how == "garbled":
        return data[:middle] + noise + data[middle + len(noise) :]
    if how == "header":
        return data[:start] + noise[:12] + data[start + 12 :]
    if how == "cut":
        return data[:middle] + data[end:]
    raise ValueError(how)


def bomb_member(n_mb: int, *, http_head: bool = True, declared=None, warc_head=True) -> bytes:
    """One gzip member: a response record of ``n_mb`` MB of zero bytes, declared as such
    (else ``declared`` bytes); without ``http_head`` the zeros follow the WARC head (no
    newline in them); without ``warc_head``, the member is only zeros."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" if http_head else b""
    length = len(http) + n_mb * (1 << 20) if declared is None else declared
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/zeros\r\n"
        "WARC-Record-ID: <urn:uuid:bomb>\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
    head = head if warc_head else b""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [comp.compress(head + http)]
    parts += [comp.compress(bytes(1 << 20)) for _ in range(n_mb)]
    return b"".join(parts) + comp.compress(b"\r\n\r\n") + comp.flush()
