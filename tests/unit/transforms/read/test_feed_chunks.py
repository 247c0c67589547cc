"""A large feed is parsed a chunk of entries at a time: the cut keeps the feed's header, skips
entry tags inside CDATA and comments, leaves unpaired documents whole, and the rows are the ones
the whole document gives (refs counted across chunks, repeated guids still told apart)."""

import dataclasses
import functools

import pytest

from transforms.core.record import Article
from transforms.read import feed_parse
from transforms.read.documents import read_file
from transforms.read.feed_chunks import entry_spans, feed_chunks
from transforms.read.feed_parse import explode_feed

HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
    "<title>Harbour Weekly</title><link>https://harbour.example/</link><language>nl</language>\n"
)


def _item(n: int, guid: str = "") -> str:
    guid = f"<guid isPermaLink='false'>{guid}</guid>" if guid else ""
    return (
        f"<item><title>Ferry timetable {n}</title><link>/news/{n}</link>{guid}"
        f"<description>The ferry to the north quay leaves at {n} past the hour.</description>"
        "</item>\n"
    )


def _feed(items: list) -> bytes:
    return (HEAD + "".join(items) + "</channel></rss>\n").encode()


def test_small_feeds_are_not_cut():
    data = _feed([_item(n) for n in range(3)])
    assert list(feed_chunks(data, per_chunk=3)) == [data]


def test_each_chunk_keeps_the_header_and_the_closing_tags():
    data = _feed([_item(n) for n in range(5)])
    chunks = list(feed_chunks(data, per_chunk=2))
    assert len(chunks) == 3
    for chunk in chunks:
        assert chunk.startswith(HEAD.encode()) and chunk.endswith(b"</channel></rss>\n")
    assert [c.count(b"<item>") for c in chunks] == [2, 2, 1]
    assert b"Ferry timetable 4" in chunks[2] and b"Ferry timetable 3" not in chunks[2]


def test_entry_tags_inside_cdata_and_comments_are_not_entries():
    tricky = (
        "<item><title>Code</title><content:encoded><![CDATA[<p>Write <item> and </item> "
        "or <entry/> in RSS</p>]]></content:encoded></item>\n<!-- <item>old</item> -->\n"
    )
    data = _feed([_item(0), tricky, "<item/>", _item(3)])
    assert len(entry_spans(data)) == 4
    assert entry_spans(b"<rss><channel><item><title>cut") == []  # unpaired: parsed whole
    assert entry_spans(b"<rss><items></items><itemized/></rss>") == []


@pytest.mark.parametrize("per_chunk", [1, 2, 3])
def test_rows_are_the_same_as_from_the_whole_document(monkeypatch, per_chunk):
    items = [_item(n, guid="same" if n in (1, 4) else "") for n in range(6)]
    data = _feed(items)
    source = "https://harbour.example/feed.xml"
    whole = explode_feed(data, source_path=source)
    monkeypatch.setattr(
        feed_parse, "feed_chunks", functools.partial(feed_chunks, per_chunk=per_chunk)
    )
    chunked = explode_feed(data, source_path=source)
    assert [dataclasses.asdict(a) for a in chunked] == [dataclasses.asdict(a) for a in whole]
    refs = [a.source_ref.removeprefix(source) for a in chunked]
    assert refs == ["#entry=0", "#guid=same", "#entry=2", "#entry=3", "#entry=4", "#entry=5"]
    first, last = chunked[0], chunked[-1]
    assert (first.hint_title, first.url) == ("Ferry timetable 0", "https://harbour.example/news/0")
    assert (last.hint_title, last.url) == ("Ferry timetable 5", "https://harbour.example/news/5")
    assert {a.hint_language for a in chunked} == {"nl"}  # the header's language in every chunk


def test_a_feed_file_of_many_entries_is_read_entry_by_entry(tmp_path):
    path = tmp_path / "long.rss"
    path.write_bytes(_feed([_item(n, guid=f"g{n}") for n in range(4500)]))
    items = read_file(str(path), max_bytes=10_000_000)
    assert not isinstance(items, list)  # a generator: chunks are parsed as they are consumed
    first = next(items)
    assert isinstance(first, Article) and first.hint_title == "Ferry timetable 0"
    rest = list(items)
    assert len(rest) == 4499 and rest[-1].hint_title == "Ferry timetable 4499"
    assert rest[-1].source_ref == f"{path}#guid=g4499"
