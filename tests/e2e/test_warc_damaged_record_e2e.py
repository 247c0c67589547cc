"""A WARC with one damaged record in the middle, through the CLI: the records after it are
articles too, and the damaged one is one error row with a printable message."""

import pytest

from tests.support import tables
from tests.support.cli import newsbeam
from tests.support.warcs import damaged, news_warc

ZIPPED = ["bakery", "rail", "library", "orchard", "museum"]
PLAIN = ["cafe", "ferry", "chess", "bridge", "choir"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warcs")
    data, zipped_starts = news_warc(ZIPPED, gzip=True)
    (folder / "zipped.warc.gz").write_bytes(damaged(data, zipped_starts, 2, "garbled"))
    data, plain_starts = news_warc(PLAIN, gzip=False)
    (folder / "plain.warc").write_bytes(damaged(data, plain_starts, 2, "header"))
    out = folder / "out"
    proc = newsbeam(
        "run", "--input", str(folder / "*.warc*"), "--output", str(out),
        "--run-date", "2026-12-01", "--no-progress",
    )  # fmt: skip
    return proc, out, folder, zipped_starts[2], plain_starts[2]


def test_four_of_five_records_of_each_warc_are_articles(run):
    proc, out, *_ = run
    assert proc.returncode == 0, proc.stderr
    titles = [t for (t,) in tables.query(out, "SELECT title FROM articles ORDER BY title")]
    kept = [n for n in ZIPPED + PLAIN if n not in ("library", "chess")]
    assert titles == sorted(f"Story {n}" for n in kept)


def test_the_damaged_record_is_one_printable_error_row(run):
    _, out, folder, zipped_at, plain_at = run
    rows = tables.query(out, "SELECT source_ref, error_message FROM errors ORDER BY source_ref")
    assert [ref for ref, _ in rows] == [
        f"{folder}/plain.warc#byte={plain_at}",
        f"{folder}/zipped.warc.gz#byte={zipped_at}",
    ]
    for _, message in rows:
        assert message.startswith("Invalid WARC record (record at byte ")
        assert "; read on at byte " in message and message.isprintable()
