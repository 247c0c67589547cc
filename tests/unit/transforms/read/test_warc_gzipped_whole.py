"""A WARC gzipped as a whole (``gzip file.warc``: one gzip member for all its records) is read
record by record like one gzipped per record; warcio alone reads its first record only."""

import gzip
import itertools

from tests.support.warcs import news_warc
from transforms.core.record import Article, ErrorRow
from transforms.read.documents import read_file

NAMES = ["bakery", "rail", "library"]


def test_every_record_of_a_wholly_gzipped_warc_is_an_article(tmp_path):
    plain, _ = news_warc(NAMES, gzip=False)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(plain))

    # was an endless loop (first record, error, first record again...): at most 20 are taken
    items = list(itertools.islice(read_file(str(path), max_bytes=1 << 20), 20))

    assert not [i for i in items if isinstance(i, ErrorRow)]
    assert [i.url for i in items if isinstance(i, Article)] == [
        f"https://news.example/{name}" for name in NAMES
    ]


def test_a_per_record_gzipped_warc_reads_the_same(tmp_path):
    data, _ = news_warc(NAMES, gzip=True)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)

    items = list(read_file(str(path), max_bytes=1 << 20))

    assert [i.url for i in items] == [f"https://news.example/{name}" for name in NAMES]
