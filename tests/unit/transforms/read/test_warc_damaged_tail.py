"""A WARC cut inside a record's headers: the records before the cut are kept, and the error row
says what is wrong with the file, not what failed inside warcio."""

import io

from transforms.core.record import Article, ErrorRow
from transforms.read.warc import explode_warc

PAGE = b"<html><head><title>Tide tables</title></head><body><p>High tide at noon.</p></body></html>"


def _plain_warc(urls) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for url in urls:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", io.BytesIO(PAGE), http_headers=http)
        )
    return buf.getvalue()


def test_a_warc_cut_inside_a_record_header_says_so():
    data = _plain_warc(["https://e.com/a", "https://e.com/b"])
    second = data.index(b"WARC/1.0", 10)
    cut = data[: second + 40]  # the second record's WARC headers end mid-line

    items = list(explode_warc("/x/c.warc", io.BytesIO(cut), max_bytes=1 << 20))

    assert [i.url for i in items if isinstance(i, Article)] == ["https://e.com/a"]
    (error,) = [i for i in items if isinstance(i, ErrorRow)]
    assert error.error_type == "DamagedWARCError"
    assert error.error_message.startswith("truncated or damaged WARC record after record 1")
    assert "NoneType" not in error.error_message
