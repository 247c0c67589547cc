"""A WARC gzipped as a whole whose first record is long (warcio reads only the first record of
such a file) is read to its end, each record still capped at max_bytes, in bounded memory."""

import gzip
import io
import tracemalloc
import zlib

from tests.support.warcs import damaged, news_warc
from transforms.core.record import RejectedRow
from transforms.read.documents import read_file

MB = 1 << 20


def _response(url: str, body: bytes) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", io.BytesIO(body), http_headers=http)
    writer.write_record(record)
    return out.getvalue()


def test_a_3_mb_first_record_then_two_pages_gives_three_articles(tmp_path):
    words = b" ".join(b"harbour%d" % i for i in range(360_000))  # 3 MB, past any peek
    first = _response(
        "https://news.example/long",
        b"<html><head><title>The long report</title></head><body><p>" + words + b"</p></html>",
    )
    pages, _ = news_warc(["bakery", "rail"], gzip=False)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(first + pages))

    items = list(read_file(str(path), max_bytes=8 * MB))

    assert [(type(i).__name__, i.url) for i in items] == [
        ("Article", "https://news.example/long"),
        ("Article", "https://news.example/bakery"),
        ("Article", "https://news.example/rail"),
    ]
    assert b"harbour359999" in items[0].raw


def test_a_128_mb_record_in_the_middle_is_too_large_and_the_next_page_is_read(tmp_path):
    bakery, _ = news_warc(["bakery"], gzip=False)
    rail, _ = news_warc(["rail"], gzip=False)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    bomb_head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/zeros\r\n"
        "WARC-Record-ID: <urn:uuid:bomb>\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + 128 * MB}\r\n\r\n"
    ).encode()
    gz = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # one member for the file
    parts = [gz.compress(bakery + bomb_head + http)]
    parts += [gz.compress(bytes(MB)) for _ in range(128)]
    parts += [gz.compress(b"\r\n\r\n" + rail), gz.flush()]
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(b"".join(parts))

    tracemalloc.start()
    try:
        items = list(read_file(str(path), max_bytes=MB))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert [(type(i).__name__, i.url) for i in items] == [
        ("Article", "https://news.example/bakery"),
        ("RejectedRow", "https://bomb.example/zeros"),
        ("Article", "https://news.example/rail"),
    ]
    assert isinstance(items[1], RejectedRow) and items[1].reason == "too_large"
    assert b"Story rail" in items[2].raw
    # warcio inflates its first 16 KiB block whole (up to ~16 MB, held twice while joined);
    # after that a block of 64 KiB at a time: not the record's 128 MB
    assert peak < 64 * MB, peak


def test_damage_in_a_wholly_gzipped_warc_is_one_row_at_its_inflated_offset(tmp_path):
    plain, starts = news_warc(["bakery", "rail", "library"], gzip=False)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(damaged(plain, starts, 1, "header")))

    items = list(read_file(str(path), max_bytes=MB))

    assert [(type(i).__name__, i.url) for i in items] == [
        ("Article", "https://news.example/bakery"),
        ("ErrorRow", None),
        ("Article", "https://news.example/library"),
    ]
    assert f"record at byte {starts[1]}; read on at byte {starts[2]}" in items[1].error_message


def test_a_cut_wholly_gzipped_warc_keeps_its_first_records_and_says_it_is_cut(tmp_path):
    plain, starts = news_warc(["bakery", "rail", "library"], gzip=False)
    data = gzip.compress(plain)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(data[: len(data) * 2 // 3])

    items = list(read_file(str(path), max_bytes=MB))

    assert [(type(i).__name__, i.url) for i in items] == [
        ("Article", "https://news.example/bakery"),
        ("ErrorRow", None),
    ]
    assert items[1].error_message.startswith("truncated gzip stream")
