"""A declared label is read with the codec browsers decode it with (WHATWG), on pages and feeds."""

import pytest

from transforms.extract.decode import decode_bytes
from transforms.read.feed_parse import explode_feed
from transforms.read.web_encodings import web_codec


@pytest.mark.parametrize(
    "label, codec",
    [
        ("x-sjis", "cp932"),  # every Shift_JIS label is Windows-31J
        ("Shift_JIS", "cp932"),
        ("iso-8859-1", "cp1252"),  # ISO-8859-1 and ASCII are Windows-1252
        ("latin1", "cp1252"),
        ("US-ASCII", "cp1252"),
        ("latin-1", "cp1252"),  # no WHATWG label, but Python's name for one: read as browsers do
        ("iso-8859-9", "cp1254"),
        ("tis-620", "cp874"),
        ("iso-8859-11", "cp874"),
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("euc-kr", "cp949"),
        ("big5", "big5hkscs"),
        ("x-cp1252", "cp1252"),  # WHATWG labels Python's registry lacks
        ("x-cp1251", "cp1251"),
        ("iso88591", "cp1252"),
        ("csgb2312", "gb18030"),
        ("iso-8859-8-e", "iso8859-8"),
        ("cseuckr", "cp949"),
        ("x-unicode20utf8", "utf-8"),
        ("punycode", None),
        ("hz-gb-2312", None),
    ],
)
def test_a_label_names_the_codec_browsers_decode_with(label, codec):
    assert web_codec(label) == codec


# Written for these tests: the characters the narrower codec misreads or cannot read.
_PAGES = [
    ("x-sjis", "cp932", "「～テスト ∥ －」の記事です。本日の東京は晴れ。"),
    ("shift_jis", "cp932", "①②ⅰ髙﨑"),  # too short for detection: it guessed shift_jis_2004
    ("iso-8859-1", "cp1252", "„Die Lage ist ernst“, sagte er – die Preise steigen um 5 €."),
    ("iso-8859-9", "cp1254", "“Ekonomi büyüyor” dedi Bakan; fiyatlar 10 € arttı."),
    ("tis-620", "cp874", "ราคาน้ำมัน “สูงขึ้น” อีก 2 € วันนี้"),
]


@pytest.mark.parametrize("label, codec, text", _PAGES)
def test_a_page_reads_as_a_browser_shows_it(label, codec, text):
    page = f'<html><head><meta charset="{label}"><title>t</title></head><body><p>{text}</p>'
    decoded, encoding = decode_bytes(page.encode(codec))
    assert text in decoded
    assert encoding == codec


_FEED = (
    "<?xml version='1.0' encoding='%s'?><rss version='2.0'><channel><title>News</title>"
    "<item><title>%s</title><link>https://news.example.org/a</link></item></channel></rss>"
)


@pytest.mark.parametrize(
    "label, codec, title",
    [
        ("windows-874", "cp874", "ข่าววันนี้ ราคาน้ำมันสูงขึ้น"),  # labels feedparser did not know
        ("x-sjis", "cp932", "～テスト ∥ 東京の天気"),
        ("iso-8859-8-i", "iso8859-8", "שלום עולם חדשות"),
        ("shift_jis", "cp932", "①髙﨑さんが会見"),  # a label feedparser read too narrowly
        ("euc-kr", "cp949", "똠방각하 기자회견"),
    ],
)
def test_a_feed_title_reads_as_a_browser_shows_it(label, codec, title):
    (entry,) = explode_feed((_FEED % (label, title)).encode(codec), source_path="news.xml")
    assert entry.hint_title == title
