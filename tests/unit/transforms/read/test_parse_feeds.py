"""Feed parsing: every feed kind, entries to Articles, bozo and broken feeds, OPML."""

import json

import pytest

from transforms.core.record import Article, ErrorRow, RejectedRow
from transforms.extract.decode import decode_bytes
from transforms.extract.html import extract_html
from transforms.extract.stage import apply_extracted
from transforms.read.documents import explode_file
from transforms.read.feed_parse import (
    entry_article,
    explode_feed,
    feed_html_document,
    is_json_feed,
    parse_opml,
    plain_text,
)

BODY = " ".join(
    f"Sentence number {i} of the story tells what the council decided." for i in range(30)
)

RSS20 = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Town News</title><link>https://news.example/</link><language>en-GB</language>
<item><title>Council &amp; budget</title><link>https://news.example/a/1</link>
<guid isPermaLink="false">id-1</guid><pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate>
<dc:creator>Ann Writer</dc:creator><category>Politics</category><category>Local</category>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>{BODY}</p><script>alert(1)</script>]]></content:encoded></item>
<item><title>Summary only</title><link>https://news.example/a/2</link>
<author>bob@news.example (Bob Reporter)</author>
<description>&lt;p&gt;Just a &lt;b&gt;teaser&lt;/b&gt;.&lt;/p&gt;</description></item>
<item><title>Nothing at all</title></item>
</channel></rss>""".encode()

RSS091 = b"""<?xml version="1.0" encoding="iso-8859-1"?>
<rss version="0.91"><channel><title>Old</title><link>http://old.example/</link>
<language>de</language>
<item><title>Gr\xfc\xdfe</title><link>http://old.example/x</link><description>Kurz</description></item>
</channel></rss>"""

RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://rdf.example/"><title>RDF</title><link>http://rdf.example/</link>
<description>d</description></channel>
<item rdf:about="http://rdf.example/1"><title>First</title><link>http://rdf.example/1</link>
<dc:date>2025-03-01T10:00:00Z</dc:date><dc:language>fr</dc:language></item>
</rdf:RDF>"""

ATOM10 = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es">
<title>Atom News</title><id>urn:x</id><updated>2025-01-02T00:00:00Z</updated>
<link rel="self" href="https://atom.example/feed.atom"/>
<entry><title type="html">&lt;b&gt;Bold&lt;/b&gt; headline</title><id>urn:e1</id>
<link rel="alternate" href="/posts/1"/>
<published>2025-01-01T12:00:00+02:00</published><updated>2025-01-02T00:00:00Z</updated>
<author><name>Carla</name></author><category term="Econom\u00eda"/>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry>
<entry><title>Text content</title><id>urn:e2</id><updated>2025-01-02T00:00:00Z</updated>
<content type="text">First paragraph.

Second paragraph.</content></entry>
</feed>""".encode()

ATOM03 = b"""<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
<title>Old Atom</title><link rel="alternate" type="text/html" href="http://a03.example/"/>
<entry><title>Atom 0.3 entry</title><link rel="alternate" type="text/html" href="http://a03.example/1"/>
<id>tag:a03,2003:1</id><issued>2003-12-13T08:29:29-04:00</issued><modified>2003-12-13T18:30:02Z</modified>
<summary>Some text.</summary></entry></feed>"""


def _json_feed(**extra) -> bytes:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON News",
        "home_page_url": "https://json.example/",
        "feed_url": "https://json.example/feed.json",
        "language": "pt-BR",
        "items": [
            {
                "id": "1",
                "url": "https://json.example/1",
                "title": "Full",
                "content_html": f"<p>{BODY}</p>",
                "date_published": "2025-02-03T04:05:06Z",
                "authors": [{"name": "Dora"}],
                "tags": ["tech", ""],
            },
            {"id": "2", "url": "/2", "title": "Link only", "summary": "teaser"},
            {"id": "3", "title": "Text", "content_text": "Para one.\n\nPara two."},
        ],
        **extra,
    }
    return json.dumps(doc).encode()


def _articles(items):
    return [i for i in items if isinstance(i, Article)]


def test_rss20_entries_hints_and_content():
    items = explode_feed(RSS20, source_path="/data/town.xml")
    assert [type(i) for i in items] == [Article, Article, RejectedRow]
    full, teaser, empty = items
    assert full.source_format == "feed"
    assert full.source_ref == "/data/town.xml#guid=id-1"
    assert full.url == "https://news.example/a/1"
    assert full.feed_url == "/data/town.xml"
    assert full.hint_title == "Council & budget"
    assert full.hint_published == "2025-06-10T04:00:00+00:00"
    assert full.hint_authors == ("Ann Writer",)
    assert full.hint_tags == ("Politics", "Local")
    assert full.hint_language == "en"  # the feed's en-GB, as the entry has none
    assert full.hint_description == "Short summary."
    assert full.content_type == "html"
    html = full.raw.decode("utf-8")
    assert "<title>Council &amp; budget</title>" in html and BODY in html
    assert "<script>" not in html  # feedparser sanitises content
    # Summary only, with a link: to be fetched.
    assert teaser.raw is None and teaser.url == "https://news.example/a/2"
    assert teaser.hint_authors == ("Bob Reporter",)
    assert teaser.hint_description == "Just a teaser."
    assert teaser.source_ref == "/data/town.xml#entry=1"
    assert empty.reason == "empty" and empty.title == "Nothing at all"
    assert len({i.doc_id for i in items}) == 3


def test_rss091_declared_charset_and_rss10():
    [old] = explode_feed(RSS091, source_path="old.rss")
    assert old.hint_title == "Grüße" and old.hint_language == "de" and old.raw is None
    [rdf] = explode_feed(RSS10, source_path="rdf.rdf")
    assert rdf.url == "http://rdf.example/1"
    assert rdf.hint_published == "2025-03-01T10:00:00+00:00"


def test_atom10_relative_links_html_title_text_content():
    first, second = explode_feed(ATOM10, source_path="https://atom.example/feed.atom")
    assert first.url == "https://atom.example/posts/1"
    assert first.hint_title == "Bold headline"
    assert first.hint_published == "2025-01-01T10:00:00+00:00"
    assert first.hint_language == "es" and first.hint_tags == ("Economía",)
    assert first.feed_url == "https://atom.example/feed.atom"
    assert first.source_ref == "https://atom.example/feed.atom#guid=urn:e1"
    assert BODY in first.raw.decode()
    assert second.url is None
    assert "<p>First paragraph.</p>\n<p>Second paragraph.</p>" in second.raw.decode()
    assert second.hint_published == "2025-01-02T00:00:00+00:00"  # updated, as no published


def test_atom03():
    [entry] = explode_feed(ATOM03, source_path="a03.xml")
    assert entry.url == "http://a03.example/1" and entry.hint_title == "Atom 0.3 entry"
    assert entry.raw is None and entry.hint_description == "Some text."


def test_json_feed():
    data = _json_feed()
    assert is_json_feed(data)
    full, link, text = explode_feed(data, source_path="f.json")
    assert full.feed_url == "https://json.example/feed.json"
    assert full.hint_authors == ("Dora",) and full.hint_tags == ("tech",)
    assert full.hint_language == "pt" and full.hint_published == "2025-02-03T04:05:06Z"
    assert BODY in full.raw.decode()
    assert link.raw is None and link.url == "https://json.example/2"
    assert link.hint_description == "teaser"
    assert text.url is None and "<p>Para one.</p>" in text.raw.decode()


def test_read_documents_routes_feed_files():
    items = explode_file("/in/news.json", _json_feed(), max_bytes=10_000_000)
    assert len(_articles(items)) == 3 and items[0].source_format == "feed"
    items = explode_file("/in/feed.atom", ATOM10, max_bytes=10_000_000)
    assert len(items) == 2


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"", "NotAFeed"),
        (b"<html><body><h1>Document Moved</h1></body></html>", "NotAFeed"),
        (b"\x00\x01\x02binary", "SAXParseException"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": 5}', "NotAFeed"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": [', "JSONDecodeError"),
    ],
)
def test_unrecoverable_documents_are_one_error_row(data, kind):
    [row] = explode_feed(data, source_path="bad.xml")
    assert isinstance(row, ErrorRow) and row.error_type == kind
    assert row.source_path == "bad.xml" and row.stage == "read" and row.error_message


def test_bozo_feed_keeps_recoverable_entries():
    broken = RSS20.replace(b"</channel></rss>", b"<item><title>cut off")  # truncated
    items = explode_feed(broken, source_path="cut.xml")
    assert len(_articles(items)) >= 2
    assert _articles(items)[0].hint_title == "Council & budget"


def test_feed_without_entries_is_rejected_empty():
    [row] = explode_feed(
        b'<rss version="2.0"><channel><title>T</title></channel></rss>', source_path="e.rss"
    )
    assert isinstance(row, RejectedRow) and row.reason == "empty" and row.title == "T"


def test_repeated_guid_gets_distinct_refs():
    item = b"<item><guid>same</guid><title>x</title><link>http://e.x/1</link></item>"
    feed = b'<rss version="2.0"><channel><title>T</title>' + item * 2 + b"</channel></rss>"
    a, b = explode_feed(feed, source_path="d.rss")
    assert a.doc_id != b.doc_id and b.source_ref == "d.rss#entry=1"


def test_entry_article_rejects_nothing_to_use():
    row = entry_article(
        {"title": "t"}, source_path="p", source_ref="p#entry=0", feed_url=None, feed_language=None
    )
    assert isinstance(row, RejectedRow) and row.reason == "empty"


def test_feed_content_decodes_and_extracts_with_feed_precedence():
    [full, *_] = explode_feed(RSS20, source_path="town.xml")
    text, encoding = decode_bytes(full.raw, header=full.encoding)
    page = extract_html(text, url=full.url)
    merged = apply_extracted(full, page, run_date=None, feed=True)
    assert merged.title == "Council & budget" and merged.date_source == "feed"
    assert merged.authors == ("Ann Writer",) and "council decided" in merged.text
    assert merged.feed_url == "town.xml" and encoding == "utf-8"


def test_html_document_escapes_title():
    doc = feed_html_document("<A> & B", "<p>x</p>", language="en").decode()
    assert "<title>&lt;A&gt; &amp; B</title>" in doc and '<html lang="en">' in doc


def test_plain_text():
    assert plain_text("<p>a&amp;b</p>\n <i>c</i>") == "a&b c"
    assert plain_text("  ") is None


def test_opml_nested_outlines():
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
    <outline text="News"><outline type="rss" xmlUrl="https://a.example/rss"/>
    <outline type="rss" xmlUrl="https://b.example/atom"/></outline>
    <outline type="rss" xmlUrl="https://a.example/rss"/><outline text="no url"/>
    <outline xmlUrl="javascript:alert(1)"/></body></opml>"""
    assert parse_opml(opml) == ["https://a.example/rss", "https://b.example/atom"]
    with pytest.raises(ValueError):
        parse_opml(b"<html><body/></html>")
