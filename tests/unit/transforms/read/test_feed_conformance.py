"""What feeds in the wild do that a reader must still get right: entry links relative to the
feed's site in a feed file, dates with month names in the publisher's language, and feeds in a
legacy encoding that declare none."""

import pytest

from transforms.read.feed_dates import localized_date
from transforms.read.feed_parse import explode_feed


def test_relative_entry_links_of_a_feed_file_resolve_against_its_own_links():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Releases of ferry-timetable</title>
<id>tag:code.example,2008:/harbour/ferry/releases</id>
<link rel="alternate" type="text/html" href="https://code.example/harbour/ferry/releases"/>
<updated>2025-06-01T10:00:00Z</updated>
<entry><id>tag:code.example,2008:v2.1.0</id><updated>2025-06-01T10:00:00Z</updated>
<link rel="alternate" type="text/html" href="/harbour/ferry/releases/tag/v2.1.0"/>
<title>v2.1.0</title><content type="html">&lt;p&gt;Night crossings.&lt;/p&gt;</content></entry>
<entry><id>tag:code.example,2008:v2.0.0</id><updated>2025-05-01T10:00:00Z</updated>
<link rel="alternate" href="https://mirror.example/v2.0.0"/>
<title>v2.0.0</title><content type="html">&lt;p&gt;Winter timetable.&lt;/p&gt;</content></entry>
</feed>"""
    first, second = explode_feed(atom, source_path="/data/releases.atom")
    assert first.url == "https://code.example/harbour/ferry/releases/tag/v2.1.0"
    assert second.url == "https://mirror.example/v2.0.0"  # absolute links as they are


def test_dates_with_month_names_in_the_feeds_language_are_read():
    rss = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Not\u00edcias do Porto</title><link>https://porto.example/</link><language>pt-br</language>
<item><title>Balsa nova no cais</title><link>https://porto.example/balsa</link>
<pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate></item>
<item><title>Feira de ver\u00e3o</title><link>https://porto.example/feira</link>
<pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate></item>
<item><title>Sem data leg\u00edvel</title><link>https://porto.example/x</link>
<pubDate>amanh\u00e3 de manh\u00e3</pubDate></item>
</channel></rss>""".encode()
    ferry, fair, unread = explode_feed(rss, source_path="/data/porto.xml")
    assert ferry.hint_published == "2018-09-24T22:42:40+00:00"  # -03:00 to UTC
    assert fair.hint_published == "2025-06-10T04:00:00+00:00"
    assert unread.hint_published == "amanh\u00e3 de manh\u00e3"  # kept as written: never invented


@pytest.mark.parametrize(
    "value, expected",
    [
        ("3 févr. 2025 08:00 +0100", "2025-02-03T07:00:00+00:00"),
        ("Mo, 3 Mär 2025 10:00:00 +0100", "2025-03-03T09:00:00+00:00"),
        ("5 de marzo de 2024 14:30 GMT", "2024-03-05T14:30:00+00:00"),
        ("di, 1 okt 2024 23:30:00 -0130", "2024-10-02T01:00:00+00:00"),
        ("12 dicembre 2023", "2023-12-12T00:00:00+00:00"),
        ("31 Feb 2024 10:00", None),
        ("Story 3 of 2024", None),
        ("", None),
    ],
)
def test_localized_date(value, expected):
    assert localized_date(value) == expected


@pytest.mark.parametrize(
    "codec, title, text",
    [
        ("koi8-r", "Паром пойдёт ночью", "Городской совет утвердил новое расписание парома."),
        ("euc-kr", "야간 여객선 운항", "시의회는 새 여객선 시간표를 승인했다고 밝혔다."),
        ("shift_jis", "夜のフェリーが運航へ", "市議会は新しいフェリーの時刻表を承認した。"),
    ],
)
def test_a_feed_in_a_legacy_encoding_that_declares_none_is_read_in_it(codec, title, text):
    rss = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour</title>"
        f"<link>https://harbour.example/</link><item><title>{title}</title>"
        f"<description>{text} {text}</description></item></channel></rss>"
    ).encode(codec)
    [entry] = explode_feed(rss, source_path="/data/harbour.xml")
    assert entry.hint_title == title
    assert entry.hint_description == f"{text} {text}"
    declared = rss.replace(b"<?xml version='1.0'?>", b"<?xml version='1.0' encoding='utf-8'?>")
    utf8 = declared.decode(codec).encode("utf-8")
    assert explode_feed(utf8, source_path="/data/h.xml")[0].hint_title == title


def test_a_date_before_year_one_in_utc_loses_its_entry_date_only():
    # 0001-01-01 00:00 +01:00 is in year 0 in UTC: datetime cannot hold it (OverflowError)
    rss = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Harbour news</title><link>https://harbour.example/</link>
<item><title>Dawn of time</title><link>https://harbour.example/dawn</link>
<pubDate>Mon, 01 Jan 0001 00:00:00 +01:00</pubDate></item>
<item><title>Ferry timetable</title><link>https://harbour.example/ferry</link>
<pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate></item>
</channel></rss>"""
    dawn, ferry = explode_feed(rss, source_path="/data/harbour.xml")
    assert dawn.hint_title == "Dawn of time"
    assert ferry.hint_title == "Ferry timetable"
    assert ferry.hint_published == "2025-06-10T04:00:00+00:00"
    assert localized_date("1 Jan 0001 00:00:00 +0100") is None
