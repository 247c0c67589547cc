"""A gzipped WARC whose one record inflates far past max_bytes (a bomb): one too_large row, the
records after it read, and the bomb's gzip member is not inflated beyond the cap."""

import io
import zlib

import pytest

from tests.support.warcs import bomb_member, news_warc
from transforms.core.record import Article, RejectedRow
from transforms.read.warc import explode_warc

MB = 1 << 20


@pytest.fixture
def inflated(monkeypatch):
    """The bytes warcio's gzip decompressors put out, in all."""
    from warcio.bufferedreaders import BufferedReader

    total = [0]

    class Counting:
        def __init__(self):
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)

        def decompress(self, data, *args):
            out = self._d.decompress(data, *args)
            total[0] += len(out)
            return out

        def __getattr__(self, name):
            return getattr(self._d, name)

    monkeypatch.setitem(BufferedReader.DECOMPRESSORS, "gzip", Counting)
    return total


def test_a_bomb_record_is_one_too_large_row_and_the_next_records_are_read(inflated):
    data, starts = news_warc(["bakery", "rail"], gzip=True)
    warc = data[: starts[1]] + bomb_member(64) + data[starts[1] :]

    items = list(explode_warc("/in/b.warc.gz", io.BytesIO(warc), max_bytes=MB))

    assert [i.title or i.url for i in items if isinstance(i, Article)] == [
        "https://news.example/bakery",
        "https://news.example/rail",
    ]
    (row,) = [i for i in items if isinstance(i, RejectedRow)]
    assert (row.reason, row.url) == ("too_large", "https://bomb.example/zeros")
    # the cap, plus what warcio inflates per 16 KiB block read, not the member's 64 MB
    assert inflated[0] < 20 * MB


def test_a_record_a_little_over_the_cap_is_read_through_to_the_next_record():
    data, starts = news_warc(["bakery", "rail"], gzip=True)
    warc = data[: starts[1]] + bomb_member(2) + data[starts[1] :]

    items = list(explode_warc("/in/b.warc.gz", io.BytesIO(warc), max_bytes=MB))

    assert [(type(i).__name__, i.url) for i in items] == [
        ("Article", "https://news.example/bakery"),
        ("RejectedRow", "https://bomb.example/zeros"),
        ("Article", "https://news.example/rail"),
    ]


@pytest.mark.parametrize(
    "member, row",
    [
        # declared honestly, but no HTTP head: warcio read the zeros as one status line of
        # 1 GB (not_html, 864 MB, 11 s for a 1 MB file); now the head ends at 256 KiB
        (dict(http_head=False), ("RejectedRow", "too_large")),
        # declares 1,000 bytes and inflates on: the line after it was read whole (2.1 GB, 53 s)
        (dict(http_head=False, declared=1000), ("ErrorRow", "DamagedWARCError")),
        # zeros where a WARC head should be (3 GB, 55 s)
        (dict(warc_head=False), ("ErrorRow", "ArchiveLoadFailed")),
    ],
)
def test_a_member_of_zeros_without_newlines_is_one_row_read_a_line_cap_at_a_time(
    inflated, member, row
):
    data, starts = news_warc(["bakery", "rail"], gzip=True)
    warc = data[: starts[1]] + bomb_member(256, **member) + data[starts[1] :]

    items = list(explode_warc("/in/b.warc.gz", io.BytesIO(warc), max_bytes=MB))

    assert [i.url for i in items if isinstance(i, Article)] == [
        "https://news.example/bakery",
        "https://news.example/rail",
    ]
    (bad,) = [i for i in items if not isinstance(i, Article)]
    assert (type(bad).__name__, getattr(bad, "reason", None) or bad.error_type) == row
    assert inflated[0] < 20 * MB  # not the member's 256 MB, nor a line of it in memory
