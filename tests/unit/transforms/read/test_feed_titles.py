"""An entry's title is plain text, one line, whatever markup the feed put in it: RSS titles with
escaped HTML (escaped twice, as OnRails.org's ``&amp;lt;a href=...&amp;gt;``), CDATA markup,
entities; Atom text titles keep their ``<`` as written; JSON Feed titles with entities."""

import json

import pytest

from transforms.read.feed_parse import explode_feed
from transforms.read.feed_text import plain_title

# (as written inside <title> of an RSS 2.0 item, the title a user reads)
RSS_TITLES = [
    # escaped twice: what feedparser leaves is itself markup (a link) and entities
    (
        "Moving &amp;quot;private&amp;quot; entries to &amp;lt;a href=&amp;quot;"
        "https://blog.example/&amp;quot;&amp;gt;blog.example&amp;lt;/a&amp;gt;",
        'Moving "private" entries to blog.example',
    ),
    ("&lt;b&gt;Bold&lt;/b&gt; harbour news", "Bold harbour news"),
    ("<![CDATA[<em>Storm</em> closes the harbour]]>", "Storm closes the harbour"),
    ("Fish &amp;amp; chips at the quay", "Fish & chips at the quay"),
    ("Caf&amp;eacute; opens on the pier", "Caf\u00e9 opens on the pier"),
    ("Ferry&lt;br/&gt;timetable", "Ferry timetable"),
    ("Tom &amp; Jerry at the harbour", "Tom & Jerry at the harbour"),
    ("Why 3 &lt; 5 and vector&lt;int&gt; matter", "Why 3 < 5 and vector<int> matter"),
    ("Council:  budget\n   approved\tagain", "Council: budget approved again"),
]


def _rss(titles: list) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><guid isPermaLink='false'>g{n}</guid>"
        f"<description>Story {n} of the harbour.</description></item>"
        for n, title in enumerate(titles)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harbour</title>'
        f"<link>https://harbour.example/</link>{items}</channel></rss>"
    ).encode()


def test_rss_titles_holding_html_are_read_as_plain_text():
    items = explode_feed(_rss([t for t, _ in RSS_TITLES]), source_path="/data/harbour.xml")
    assert [i.hint_title for i in items] == [expected for _, expected in RSS_TITLES]
    # the page made of the entry carries the same title (what extraction and the row see)
    assert b"<title>Bold harbour news</title>" in items[1].raw


def test_atom_text_titles_keep_their_brackets_html_titles_lose_their_markup():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour</title><id>tag:h.example,2025:f</id>
<entry><id>tag:h.example,2025:1</id><title type="text">History of the &lt;blink&gt; tag</title>
<summary>One.</summary></entry>
<entry><id>tag:h.example,2025:2</id><title type="html">&lt;i&gt;Ode&lt;/i&gt; to the &amp;amp; sign</title>
<summary>Two.</summary></entry>
<entry><id>tag:h.example,2025:3</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
Night <b>ferry</b> returns</div></title><summary>Three.</summary></entry>
</feed>"""
    titles = [i.hint_title for i in explode_feed(atom, source_path="/data/h.atom")]
    assert titles == ["History of the <blink> tag", "Ode to the & sign", "Night ferry returns"]


def test_json_feed_titles_with_entities_are_decoded_and_others_kept():
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Harbour",
        "items": [
            {"id": "1", "title": "Fish &amp; chips &#8211; at the quay", "content_text": "One."},
            {"id": "2", "title": "vector<int> in C++", "content_text": "Two."},
            {"id": "3", "title": "  ", "content_text": "Three."},
        ],
    }
    items = explode_feed(json.dumps(feed).encode(), source_path="/data/h.json")
    assert [i.hint_title for i in items] == [
        "Fish & chips \u2013 at the quay",
        "vector<int> in C++",
        None,
    ]


@pytest.mark.parametrize(
    "value, html_type, expected",
    [
        ("&lt;a href='x'&gt;Harbour&lt;/a&gt; reopens", True, "Harbour reopens"),
        ("&amp;amp;lt;b&amp;amp;gt;x&amp;amp;lt;/b&amp;amp;gt; y", True, "x y"),  # thrice
        ("History of the <blink> tag", True, "History of the tag"),  # declared HTML: a tag
        ("History of the &lt;blink&gt; tag", True, "History of the <blink> tag"),
        ("M&amp;A;  deal", True, "M&A; deal"),
        ("a <b>bold</b> claim", False, "a <b>bold</b> claim"),  # declared text: as written
        ("a <b>bold</b> claim", None, "a bold claim"),  # undeclared: markup when it is
        ("x < y > z", None, "x < y > z"),
        ("\n \t", True, None),
        (None, None, None),
    ],
)
def test_plain_title(value, html_type, expected):
    assert plain_title(value, html_type=html_type) == expected
