"""One damaged record in a WARC costs that record only: the reader goes on at the next record
(the next gzip member in a .warc.gz, the next WARC header in a .warc), with one error row."""

import bz2
import io

import pytest

from tests.support.warcs import damaged, news_warc
from transforms.core.record import Article, ErrorRow
from transforms.read.compressed import unwrap_stream
from transforms.read.warc import explode_warc

NAMES = ["bakery", "rail", "library", "orchard", "museum"]
KEPT = ["https://news.example/" + n for n in NAMES if n != "library"]


def _read(data: bytes, name: str = "/in/crawl.warc") -> tuple:
    items = list(explode_warc(name, io.BytesIO(data), max_bytes=1 << 20))
    return [i.url for i in items if isinstance(i, Article)], [
        i for i in items if isinstance(i, ErrorRow)
    ]


@pytest.mark.parametrize(
    "gzip,how",
    [(True, "garbled"), (True, "header"), (True, "cut"), (False, "header"), (False, "cut")],
)
def test_the_records_after_a_damaged_one_are_read(gzip, how):
    data, starts = news_warc(NAMES, gzip=gzip)
    urls, errors = _read(damaged(data, starts, 2, how))
    assert urls == KEPT
    (error,) = errors
    assert error.source_ref == f"/in/crawl.warc#byte={starts[2]}"
    assert f"record at byte {starts[2]}; read on at byte " in error.error_message
    assert error.error_message.isprintable() and "\\x" not in error.error_message


def test_damage_in_the_last_record_ends_the_file_with_one_row():
    data, starts = news_warc(NAMES, gzip=True)
    urls, errors = _read(damaged(data, starts, 4, "header"))
    assert urls == ["https://news.example/" + n for n in NAMES[:4]]
    (error,) = errors
    assert error.error_message.endswith(f"(record at byte {starts[4]}; no record after it)")


def test_two_damaged_records_are_two_rows():
    data, starts = news_warc(NAMES, gzip=True)
    once = damaged(data, starts, 3, "garbled")
    urls, errors = _read(damaged(once, starts, 1, "garbled"))
    assert urls == ["https://news.example/bakery", "https://news.example/library"] + KEPT[-1:]
    assert [e.source_ref for e in errors] == [f"/in/crawl.warc#byte={starts[i]}" for i in (1, 3)]


def test_a_bzip2_warc_reads_on_after_the_damage_too():
    data, starts = news_warc(NAMES, gzip=False)
    packed = bz2.compress(damaged(data, starts, 2, "header"))
    stream = unwrap_stream(io.BytesIO(packed), packed[:64])
    items = list(explode_warc("/in/crawl.warc.bz2", stream, max_bytes=1 << 20))
    assert [i.url for i in items if isinstance(i, Article)] == KEPT
    assert [type(i).__name__ for i in items].count("ErrorRow") == 1


def test_a_warc_header_quoted_inside_a_damaged_record_is_checked_before_reading_on():
    data, starts = news_warc(NAMES, gzip=False)
    fake = b"see WARC/1.0 here\r\n"  # inside record 3's payload: no header line after it
    broken = damaged(data, starts, 2, "header")
    middle = starts[2] + 400
    urls, errors = _read(broken[:middle] + fake + broken[middle + len(fake) :])
    assert urls == KEPT and len(errors) == 1
