"""A WARC response labelled text/html whose body is a PDF or a PNG, through the CLI: rejected
``not_html`` with the same detail as such a file, not an error row; the HTML record beside it
is an article."""

import io

import pytest

from tests.support import tables
from tests.support.cli import newsbeam
from tests.support.hostile_files import page

BODIES = {
    "report": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 4,
    "chart": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "harbour": page("Harbour opens new quay"),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder = tmp_path_factory.mktemp("warc")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for name, body in BODIES.items():
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://news.example/{name}", "response", io.BytesIO(body), http_headers=http
            )
        )
    (folder / "crawl.warc.gz").write_bytes(buffer.getvalue())
    out = folder / "out"
    proc = newsbeam(
        "run", "--input", str(folder / "crawl.warc.gz"), "--output", str(out),
        "--run-date", "2026-12-01", "--no-progress",
    )  # fmt: skip
    return proc, out


def test_binary_bodies_are_rejected_not_html_and_are_no_errors(run):
    proc, out = run
    assert proc.returncode == 0, proc.stderr
    rows = tables.query(out, "SELECT url, reason, detail FROM rejected ORDER BY url")
    assert rows == [
        ("https://news.example/chart", "not_html", "a PNG image (by its first bytes), not text"),
        (
            "https://news.example/report",
            "not_html",
            "a PDF document (by its first bytes), not text",
        ),
    ]
    assert tables.query(out, "SELECT count(*) FROM errors") == [(0,)]


def test_the_html_record_beside_them_is_an_article(run):
    _, out = run
    assert tables.query(out, "SELECT title FROM articles") == [("Harbour opens new quay",)]
