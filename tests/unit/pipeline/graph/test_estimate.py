"""``dedup.engine: auto``'s estimate of a run's documents, on real files of each layout."""

import gzip
import io
import json
import tarfile

import pytest

from pipeline.config.settings import load_settings
from pipeline.graph import batch
from pipeline.graph.estimate import FEED_ENTRIES, documents_in, input_size
from transforms.read.compressed import archive_kind, is_archive_name
from transforms.read.documents import read_file


def _page(i: int) -> bytes:
    body = "".join(
        f"<p>Paragraph {j} of story {i}: the council met on Tuesday.</p>" for j in range(40)
    )
    return f"<html><head><title>Story {i}</title></head><body>{body}</body></html>".encode()


def _lines(n: int) -> bytes:
    return b"".join(
        json.dumps({"url": f"https://news.example/{i}", "text": f"Story {i}. " * 40}).encode()
        + b"\n"
        for i in range(n)
    )


def _settings(tmp_path, inputs, feeds=None):
    return load_settings(
        None, {"input": [str(p) for p in inputs], "output": str(tmp_path / "out"), "feeds": feeds}
    )


@pytest.mark.parametrize("suffix", [".tbz2", ".tbz", ".txz", ".tgz", ".tar.bz2", ".tar", ".zip"])
def test_every_archive_the_reader_opens_counts_its_members(tmp_path, suffix):
    # the reader's own suffix list: whatever archive_kind opens as an archive is one here too
    path = tmp_path / f"pages{suffix}"
    data = io.BytesIO()
    if suffix == ".zip":
        import zipfile

        with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
            for i in range(60):
                archive.writestr(f"p{i}.html", _page(i))
    else:
        mode = {".tbz2": "bz2", ".tbz": "bz2", ".txz": "xz", ".tgz": "gz", ".tar.bz2": "bz2"}
        with tarfile.open(fileobj=data, mode=f"w:{mode.get(suffix, '')}") as archive:
            for i in range(60):
                info = tarfile.TarInfo(f"p{i}.html")
                info.size = len(_page(i))
                archive.addfile(info, io.BytesIO(_page(i)))
    path.write_bytes(data.getvalue())
    assert is_archive_name(str(path)) and archive_kind(str(path), data.getvalue()[:65536])
    pages = [a.raw for a in read_file(str(path), max_bytes=1 << 20)]
    assert len(pages) == 60 and b"<title>Story 59</title>" in pages[-1]
    assert documents_in(str(path), len(data.getvalue())) == 4 * len(data.getvalue()) // 1024 > 1


def test_files_read_by_content_count_per_kib(tmp_path):
    # Spark's part files, a WARC being written, a gzip without .gz: no known extension
    lines = _lines(300)
    (tmp_path / "part-00000").write_bytes(lines)
    (tmp_path / "crawl.warc.open").write_bytes(lines)
    (tmp_path / "pages").write_bytes(gzip.compress(lines))
    rows = [a for a in read_file(str(tmp_path / "part-00000"), max_bytes=1 << 20)]
    assert len(rows) == 300 and rows[-1].url == "https://news.example/299"
    for name in ("part-00000", "crawl.warc.open", "pages"):
        size = (tmp_path / name).stat().st_size
        assert documents_in(str(tmp_path / name), size) == max(1, size // 1024) > 1
    assert input_size(_settings(tmp_path, [tmp_path / "part-00000"])) == (
        len(lines),
        len(lines) // 1024,
    )


def test_feed_urls_and_opml_lists_count_entries(tmp_path, monkeypatch):
    opml = tmp_path / "feeds.opml"
    outlines = "".join(f'<outline xmlUrl="https://news{i}.example/rss"/>' for i in range(3))
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(_page(1))
    feeds = ["https://wire.example/feed.xml", str(opml), "https://news0.example/rss"]
    settings = _settings(tmp_path, [tmp_path / "in"], feeds=feeds)
    # four distinct feeds (the OPML's three, one listed twice, and the wire), one page
    assert input_size(settings) == (len(_page(1)), 1 + 4 * FEED_ENTRIES)
    monkeypatch.setattr(batch, "DISK_DEDUP_ABOVE_DOCS", 4 * FEED_ENTRIES)
    assert batch.dedup_engine(settings, None) == "disk"
    assert batch.dedup_engine(_settings(tmp_path, [tmp_path / "in"]), None) == "runner"


def test_a_window_counts_the_spans_it_reads_not_the_whole_file(tmp_path, monkeypatch):
    path = tmp_path / "stream.jsonl"
    old, new = _lines(2000), _lines(3)
    path.write_bytes(old + new)
    spans = {str(path): (len(old), len(old) + len(new), 2001)}
    settings = _settings(tmp_path, [path])
    assert input_size(settings) == (len(old) + len(new), (len(old) + len(new)) // 1024)
    assert input_size(settings, spans) == (len(new), 1)
    monkeypatch.setattr(batch, "DISK_DEDUP_ABOVE_DOCS", 100)
    assert batch.dedup_engine(settings, None) == "disk"
    assert batch.dedup_engine(settings, None, spans) == "runner"


def test_a_compressed_file_counts_by_its_bare_extension(tmp_path):
    page = gzip.compress(_page(1) * 20)  # one large page, ~1 KiB gzipped
    lines = gzip.compress(_lines(400))
    assert documents_in("a.html.gz", len(page)) == 1
    assert documents_in("a.txt.xz", 10**6) == 1
    assert documents_in("a.jsonl.gz", len(lines)) == 4 * len(lines) // 1024 > 1
    # WARC: one per 32 KiB of its text (a real page's record is ~145 KB, ~28.5 KB gzipped)
    assert documents_in("crawl.warc", 10 * 2**20) == 320
    assert documents_in("crawl.warc.gz", 10 * 2**20) == 1280
    assert documents_in("a.html", 10**9) == 1 and documents_in("a.json", 2048) == 2
