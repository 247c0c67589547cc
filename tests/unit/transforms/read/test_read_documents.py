import gzip
import json

import pytest

from transforms.core.record import Article, ErrorRow
from transforms.read.documents import explode_file, gunzip_all, sniff_format


@pytest.mark.parametrize(
    "path, data, expected",
    [
        ("a.txt", b"hello", "txt"),
        ("a.html", b"<html>", "html"),
        ("a.HTM", b"<html>", "html"),
        ("a.jsonl.gz", b"", "jsonl"),
        ("a.xml", b'<?xml version="1.0"?><rss version="2.0">', "feed"),
        ("a.json", b'{"version": "https://jsonfeed.org/version/1.1"}', "feed"),
        ("noext", b"<!doctype html><html>", "html"),
        ("noext", b"<rss version='2.0'>", "feed"),
        ("noext", b'{"text": "x"}', "jsonl"),
        ("noext", b"WARC/1.0\r\n", "warc"),
        ("noext", b"plain words", "txt"),
    ],
)
def test_sniff_format(path, data, expected):
    assert sniff_format(path, data) == expected


def test_gzip_in_gzip():
    assert gunzip_all(gzip.compress(gzip.compress(b"inner")), max_bytes=100) == b"inner"


def test_truncated_gzip_raises():
    with pytest.raises(EOFError, match="truncated"):
        gunzip_all(gzip.compress(b"x" * 1000)[:-10], max_bytes=10_000)


def test_gzip_bomb_is_capped():
    with pytest.raises(OverflowError, match="cap"):
        gunzip_all(gzip.compress(b"\0" * 1_000_000), max_bytes=1000)


def test_txt_is_one_article_with_raw_bytes():
    [item] = explode_file("/x/a.txt", b"hello world", max_bytes=100)
    assert isinstance(item, Article)
    assert (
        item.raw == b"hello world" and item.source_format == "txt" and item.source_ref == "/x/a.txt"
    )


def test_jsonl_records_and_bad_lines():
    lines = [
        json.dumps(
            {"url": "https://e.com/a", "html": "<p>x</p>", "title": "T", "published": "2026-01-02"}
        ),
        "{broken",
        json.dumps({"no_body": 1}),
        "",
        json.dumps({"text": "plain body", "authors": ["A", "B"], "language": "de"}),
        json.dumps([1, 2]),
    ]
    items = explode_file("/x/r.jsonl", "\n".join(lines).encode(), max_bytes=10_000)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "ErrorRow", "ErrorRow", "Article", "ErrorRow"]
    first, bad_json, no_body, plain, not_object = items
    assert (
        first.content_type == "html" and first.hint_title == "T" and first.url == "https://e.com/a"
    )
    assert first.source_ref == "/x/r.jsonl#L1" and plain.source_ref == "/x/r.jsonl#L5"
    assert (
        plain.content_type == "text"
        and plain.hint_authors == ("A", "B")
        and plain.hint_language == "de"
    )
    assert bad_json.stage == "read" and bad_json.source_ref == "/x/r.jsonl#L2"
    assert "none of the fields" in no_body.error_message
    assert "object" in not_object.error_message
    assert len({i.doc_id for i in items}) == len(items)


def test_json_array_file():
    data = json.dumps([{"text": "a"}, {"text": "b"}]).encode()
    items = explode_file("/x/r.json", data, max_bytes=10_000)
    assert [i.content for i in items] == ["a", "b"]


def test_gzipped_jsonl():
    data = gzip.compress(b'{"text": "one"}\n{"text": "two"}\n')
    assert [i.content for i in explode_file("/x/r.jsonl.gz", data, max_bytes=10_000)] == [
        "one",
        "two",
    ]


def test_invalid_utf8_jsonl_line_is_one_error_row_and_the_file_goes_on():
    data = b'{"text": "\xff\xfe"}\n{"text": "good"}\n'
    bad, good = explode_file("/x/r.jsonl", data, max_bytes=10_000)
    assert bad.error_type == "UnicodeDecodeError" and bad.source_ref == "/x/r.jsonl#L1"
    assert good.content == "good"


def test_warc_response_records(tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, ctype, body in [
        ("https://e.com/a", "text/html; charset=utf-8", b"<html><body><p>A</p></body></html>"),
        ("https://e.com/img.png", "image/png", b"\x89PNG"),
    ]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers)
        )
    items = explode_file("/x/crawl.warc.gz", buf.getvalue(), max_bytes=10_000)
    assert [type(i).__name__ for i in items] == ["Article", "RejectedRow"]
    assert items[0].url == "https://e.com/a" and b"<p>A</p>" in items[0].raw
    assert items[0].encoding.startswith("text/html")
    assert items[1].reason == "not_html"


def test_error_rows_are_error_rows():
    items = explode_file("/x/r.jsonl", b"{bad\n", max_bytes=100)
    assert isinstance(items[0], ErrorRow)
