"""The readers' pure parts on hostile input: bounded reads, special files, WARC and JSON records."""

import gzip
import io
import json
import os
import zlib

import pytest

from transforms.core.record import Article, ErrorRow, RejectedRow, stable_id
from transforms.read.documents import explode_file, gunzip_all, read_file
from transforms.read.items import Skipped, language_hint
from transforms.read.paths import expand_pattern, normalise_pattern
from transforms.read.warc import decode_content_encoding
from transforms.sink.write_parquet import partition_value

MB = 1 << 20
PAGE = (
    b"<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
    b"<p>The harbour reopened on Monday after three weeks of repairs to the sea wall.</p>"
    b"</article></body></html>"
)


def _zeros_gzip(n_bytes: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * MB
    parts = [comp.compress(block) for _ in range(n_bytes // MB)]
    return b"".join(parts) + comp.flush()


def test_multi_member_gzip_is_read_whole_and_capped_in_all():
    data = gzip.compress(b"first ") + gzip.compress(b"second")
    assert gunzip_all(data, max_bytes=100) == b"first second"
    member = _zeros_gzip(4 * MB)
    with pytest.raises(OverflowError, match="cap"):
        gunzip_all(member * 100, max_bytes=20 * MB)  # 400 MB of zeros, never inflated whole


def test_gzip_bomb_file_is_one_rejected_row(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(_zeros_gzip(64 * MB))
    [row] = list(read_file(str(path), max_bytes=MB))
    assert isinstance(row, RejectedRow) and row.reason == "too_large" and "cap" in row.detail


def test_a_file_larger_than_the_cap_is_never_read_whole(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 300_000)
    [row] = list(read_file(str(path), max_bytes=MB))
    assert row.reason == "too_large" and row.source_path == str(path)


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "dangling", "loop", "folder_link"])
def test_special_paths_are_rows_without_blocking(tmp_path, kind):
    path = tmp_path / f"{kind}.txt"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev_zero":
        os.symlink("/dev/zero", path)
    elif kind == "dangling":
        os.symlink(tmp_path / "missing.txt", path)
    elif kind == "loop":
        os.symlink(path, path)
    else:
        os.symlink(tmp_path, path)
    [row] = list(read_file(str(path), max_bytes=MB))
    if kind in ("fifo", "dev_zero", "folder_link"):
        assert isinstance(row, RejectedRow) and row.reason == "not_regular_file"
        assert {"fifo": "FIFO", "dev_zero": "character device", "folder_link": "folder"}[
            kind
        ] in row.detail
    else:
        assert isinstance(row, ErrorRow) and row.stage == "read"
        assert row.error_type in ("FileNotFoundError", "OSError")
    assert row.source_path == str(path)


def test_expand_lists_folders_recursively_links_and_skips_the_output(tmp_path):
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "one.html").write_bytes(PAGE)
    (tmp_path / "a" / "deep" / "two.txt").write_text("two")
    os.symlink(tmp_path / "gone", tmp_path / "a" / "dangling.txt")
    (tmp_path / "a" / "out" / "articles").mkdir(parents=True)
    (tmp_path / "a" / "out" / "articles" / "x.parquet").write_bytes(b"PAR1")
    exclude = [str(tmp_path / "a" / "out")]
    folder = expand_pattern(str(tmp_path / "a"), exclude=exclude)
    assert [os.path.relpath(p, tmp_path) for p in folder] == [
        "a/dangling.txt",
        "a/one.html",
        "a/deep/two.txt",
    ]
    glob = expand_pattern(str(tmp_path / "a" / "**"), exclude=exclude)
    assert sorted(glob) == sorted(folder)
    assert expand_pattern(str(tmp_path / "a" / "*.html")) == [str(tmp_path / "a" / "one.html")]


def test_patterns_are_normalised_to_one_spelling(tmp_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    monkeypatch.chdir(tmp_path)
    spellings = {"seeds/*", "./seeds/*", f"{tmp_path}/seeds/*", f"{tmp_path}/x/../seeds/*"}
    assert {normalise_pattern(p) for p in spellings} == {f"{tmp_path.resolve()}/seeds/*"}
    assert normalise_pattern("gs://b/x/*") == "gs://b/x/*"


def test_non_utf8_file_name_is_read_and_made_printable(tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(raw, "wb") as handle:
        handle.write(b"A text about the cafe.")
    path = os.fsdecode(raw)
    [item] = list(read_file(path, max_bytes=MB))
    assert isinstance(item, Article) and item.raw == b"A text about the cafe."
    assert item.source_path.endswith("caf\ufffd.txt")
    assert item.source_path.encode("utf-8") and item.doc_id == stable_id(path)


def test_json_lines_surrogates_deep_nesting_and_bad_utf8_are_rows_each():
    lines = [
        json.dumps({"url": "https://e.com/\ud800", "title": "Bad \ud800 title", "text": "t\x00x"}),
        "[" * 100_000 + "]" * 100_000,
        b'{"text": "\xff\xfe"}'.decode("latin-1"),
        json.dumps({"text": "fine body", "language": "x" * 300}),
        json.dumps({"text": "fine body", "language": "../../etc"}),
        json.dumps({"text": "fine body", "language": "pt-BR"}),
    ]
    data = (
        "\n".join(lines).encode("utf-8", "surrogatepass").replace(b"\xc3\xbf\xc3\xbe", b"\xff\xfe")
    )
    items = explode_file("/x/r.jsonl", data, max_bytes=10 * MB)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "ErrorRow", "ErrorRow", "Article", "Article", "Article"]
    first, deep, bad_utf8, long_hint, path_hint, good_hint = items
    assert first.hint_title == "Bad \ufffd title" and first.url == "https://e.com/\ufffd"
    assert first.content == "tx"
    assert deep.error_type == "RecursionError" and deep.source_ref == "/x/r.jsonl#L2"
    assert bad_utf8.error_type == "UnicodeDecodeError" and bad_utf8.source_ref == "/x/r.jsonl#L3"
    assert long_hint.hint_language is None and path_hint.hint_language is None
    assert good_hint.hint_language == "pt"


@pytest.mark.parametrize("value", ["x" * 300, "..", ".", "a/b\\c", "\ud800", "\x00"])
def test_partition_values_are_always_one_safe_folder_name(value):
    name = partition_value(value)
    assert name not in (".", "..") and "/" not in name and "\\" not in name and "\x00" not in name
    assert 0 < len(name.encode("utf-8")) <= 100
    assert partition_value("en") == "en"


def test_language_hint_takes_tags_only():
    assert [language_hint(v) for v in ("de", " EN ", "zh-Hant-TW", "english!", 5, None)] == [
        "de",
        "en",
        "zh",
        None,
        None,
        None,
    ]


def _warc(records) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, kind, headers, body in records:
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1") if headers else None
        if kind == "response" and http is None:
            http = StatusAndHeaders("200 OK", [], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, kind, payload=io.BytesIO(body), http_headers=http)
        writer.write_record(rec)
    return buf.getvalue()


def test_warc_content_type_decides_and_other_records_are_skipped():
    data = _warc(
        [
            ("https://e.com/a", "response", [("Content-Type", "text/html; charset=utf-8")], PAGE),
            ("https://e.com/s.css", "response", [("Content-Type", "text/css")], b"body{x:1}"),
            ("https://e.com/j.js", "response", [("Content-Type", "text/javascript")], b"var x"),
            ("https://e.com/sniffed", "response", [], PAGE),
            ("https://e.com/a", "request", None, b"GET /a HTTP/1.1\r\n\r\n"),
            ("https://e.com/a", "metadata", None, b"via: x"),
            (
                "https://e.com/gz",
                "response",
                [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                gzip.compress(PAGE),
            ),
        ]
    )
    from transforms.read.warc import explode_warc

    items = list(explode_warc("/x/c.warc.gz", io.BytesIO(data), max_bytes=MB))
    skipped = [i for i in items if isinstance(i, Skipped)]
    rows = [i for i in items if not isinstance(i, Skipped)]
    assert sorted(skipped) == ["metadata", "request"]
    assert [type(r).__name__ for r in rows] == [
        "Article", "RejectedRow", "RejectedRow", "Article", "Article",
    ]  # fmt: skip
    page, css, js, sniffed, gz = rows
    assert page.content_type == "html" and page.url == "https://e.com/a" and page.raw == PAGE
    assert css.reason == js.reason == "not_html" and "text/css" in css.detail
    assert sniffed.content_type == "html" and gz.raw == PAGE
    assert explode_file("/x/c.warc.gz", data, max_bytes=MB)[0].raw == PAGE


def test_content_encoding_bombs_are_capped():
    bomb = _zeros_gzip(64 * MB)
    with pytest.raises(OverflowError):
        decode_content_encoding(bomb, "gzip", max_bytes=MB)
    import brotli

    with pytest.raises(OverflowError):
        decode_content_encoding(brotli.compress(b"\0" * 64 * MB), "br", max_bytes=MB)
    deflated = zlib.compress(PAGE)
    assert decode_content_encoding(deflated, "deflate", max_bytes=MB) == PAGE
    assert decode_content_encoding(PAGE, "gzip", max_bytes=MB) == PAGE  # stored decoded


@pytest.mark.parametrize(
    "name, data",
    [
        ("blank.jsonl", b"\n \n\n"),
        ("empty.json", b"[]"),
        ("info.warc.gz", _warc([("https://e.com/a", "request", None, b"GET / HTTP/1.1\r\n\r\n")])),
    ],
)
def test_a_file_with_no_records_is_still_one_row(name, data):
    [row] = explode_file(f"/x/{name}", data, max_bytes=MB)
    assert isinstance(row, RejectedRow) and row.reason == "empty" and row.source_ref == f"/x/{name}"


def test_corrupt_gzip_is_one_error_row_not_a_crash():
    data = gzip.compress(PAGE)
    [row] = explode_file("/x/a.html.gz", data[:12] + b"\xff" * 20 + data[32:], max_bytes=MB)
    assert isinstance(row, ErrorRow) and row.stage == "read"


def test_a_pretty_printed_json_object_is_one_record():
    data = json.dumps({"url": "https://e.com/a", "title": "One", "text": "body"}, indent=2)
    [item] = explode_file("/x/one.json", data.encode(), max_bytes=MB)
    assert isinstance(item, Article) and item.hint_title == "One" and item.content == "body"
    assert item.source_ref == "/x/one.json#0"
    broken = data[:-3]  # cut short: each line is then one error row, as JSON lines
    items = explode_file("/x/one.json", broken.encode(), max_bytes=MB)
    assert items and all(isinstance(i, ErrorRow) for i in items)


def test_warc_target_uri_in_angle_brackets_and_error_statuses():
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from transforms.read.warc import explode_warc

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for url, status in (("<https://e.com/b>", "200 OK"), ("https://e.com/gone", "404 Not Found")):
        http = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", io.BytesIO(PAGE), http_headers=http)
        )
    buf.seek(0)
    page, gone = explode_warc("/x/c.warc", buf, max_bytes=MB)
    assert page.url == "https://e.com/b" and page.content_type == "html"
    assert gone.reason == "http_status" and "404" in gone.detail
