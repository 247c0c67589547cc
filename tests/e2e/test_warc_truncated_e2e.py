"""A WARC cut off inside a record (a crawl copied while it was written, a download that
stopped): the records before the cut are articles, the cut record is an error row, not a
shortened article."""

import io
import json
import subprocess
import sys

import pytest

from tests.support import tables
from tests.support.hostile_files import page
from tests.support.paths import ROOT
from tests.support.sample_stories import STORIES


def _warc(pages: list) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for url, body in pages:
        status = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=status
        )
        writer.write_record(record)
    return out.getvalue()


@pytest.fixture(scope="module")
def cut_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warc")
    whole = page("Bakery turns one hundred", STORIES["bakery"])
    cut = page("Rail works close the tunnel", STORIES["rail"] + " " + STORIES["library"])
    data = _warc([("https://news.example/bakery", whole), ("https://news.example/rail", cut)])
    end = data.rindex(b"county library")  # inside the second record's HTML
    (folder / "crawl.warc").write_bytes(data[:end])
    out = folder / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--input", str(folder / "crawl.warc")]
        + ["--output", str(out), "--run-date", "2026-12-01", "--no-progress"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc, out


def test_the_cut_record_is_an_error_row_and_the_whole_one_an_article(cut_run):
    proc, out = cut_run
    assert proc.returncode == 0, proc.stderr
    assert tables.query(out, "SELECT url, title FROM articles") == [
        ("https://news.example/bakery", "Bakery turns one hundred")
    ]
    [(error_type, message)] = tables.query(out, "SELECT error_type, error_message FROM errors")
    assert error_type == "EOFError" and message.startswith("truncated WARC record: ")
    assert tables.query(out, "SELECT count(*) FROM articles WHERE title LIKE 'Rail%'") == [(0,)]


def test_the_cut_warc_balances(cut_run):
    _, out = cut_run
    [manifest] = (out / "_runs").glob("*.json")
    facts = json.loads(manifest.read_text())
    assert facts["inputs"] == 2 and facts["balanced"]
