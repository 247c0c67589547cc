"""Page metadata a warehouse can trust: unescaped titles, people apart from agencies, one split
of tags, explicit offsets and named zones, and where each field came from."""

import datetime as dt
import json

import duckdb
import pytest

from tests.support.cli import run_command
from transforms.extract.html import extract_html

BODY = "".join(
    f"<p>{s}</p>"
    for s in (
        "The city council voted on Tuesday to extend the tram network into the northern "
        "suburbs, a project that has been debated for more than a decade.",
        "Supporters said the new lines would cut commuting times in half for thousands of "
        "residents who currently rely on crowded buses every morning.",
        "Opponents warned that the cost, estimated at 400 million euros, could force cuts to "
        "other services, and asked for an independent review first.",
    )
)
UTC = dt.timezone.utc
OTHER = (
    "The regional water board published its annual report on Monday, showing that leaks in the "
    "old pipe network still waste almost a fifth of the drinking water it treats. Engineers "
    "plan to replace forty kilometres of cast-iron mains over the next three years, starting "
    "with the districts where bursts have been most frequent since the cold winter."
)


def page(*, ld=None, head="", lang="en", title="Tram line approved"):
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return (
        f'<html lang="{lang}"><head><title>{title}</title>{head}{script}</head>'
        f"<body><article>{BODY}</article></body></html>"
    )


def test_json_ld_title_entities_are_unescaped():
    ld = {"@type": "NewsArticle", "headline": "Tram line approved &#8211; &#8220;at last&#8221;"}
    out = extract_html(page(ld=ld), url="https://news.example.org/tram")
    assert out.title == "Tram line approved – “at last”"
    assert out.title_source == "json-ld"


def test_a_title_that_is_the_site_name_gives_way_to_the_page_headline():
    head = '<meta property="og:site_name" content="한겨레">'
    ld = {"@type": "NewsArticle", "headline": "한겨레"}
    html = page(ld=ld, head=head, lang="ko", title="시의회, 북부 노면전차 연장 계획 가결 : 한겨레")
    out = extract_html(html, url="https://www.hani.co.kr/arti/society/1234.html")
    assert out.title == "시의회, 북부 노면전차 연장 계획 가결"
    assert out.title_source == "title"


def test_authors_are_people_and_agencies_are_kept_apart():
    ld = {
        "@type": "NewsArticle",
        "headline": "Tram line approved",
        "author": [
            {"name": "Jane Doe, MS, RD"},
            {"name": "jane.doe@news.example.org"},
            {"name": "AP Sports Writer"},
            {"name": "Mark Lee (Reuters)"},
        ],
    }
    out = extract_html(page(ld=ld), url="https://news.example.org/tram")
    assert out.authors == ("Jane Doe", "Mark Lee")
    assert out.author_source == "json-ld"
    assert out.source_agency == "AP; Reuters"


def test_an_author_typed_organization_is_no_person():
    ld = {
        "@type": "NewsArticle",
        "headline": "Tram line approved",
        "author": [
            {"@type": "NewsMediaOrganization", "name": "Example  News"},
            {"@type": "Person", "name": "Jane Doe"},
        ],
    }
    out = extract_html(page(ld=ld), url="https://news.example.org/tram")
    assert out.authors == ("Jane Doe",)
    assert out.source_agency == "Example News"
    only_org = {**ld, "author": {"@type": "Organization", "name": "Example News"}}
    out = extract_html(page(ld=only_org), url="https://news.example.org/tram")
    assert out.authors == ()
    assert out.source_agency == "Example News"


def test_tags_are_split_once():
    head = (
        '<meta property="article:tag" content="Tram">'
        '<meta property="article:tag" content="City Council">'
    )
    ld = {"@type": "NewsArticle", "headline": "Tram", "keywords": ["Tram, City council", "Budget"]}
    out = extract_html(page(ld=ld, head=head), url="https://news.example.org/tram")
    assert out.tags == ("Tram", "City Council", "Budget")


def test_an_explicit_offset_wins_over_a_naive_stamp():
    head = '<meta property="article:published_time" content="2026-03-01T10:00:00">'
    ld = {"@type": "NewsArticle", "headline": "Tram", "datePublished": "2026-03-01T10:00:00+08:00"}
    out = extract_html(page(ld=ld, head=head), url="https://news.example.org/tram")
    assert out.published_at == dt.datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    assert out.published_date == dt.date(2026, 3, 1)
    assert out.date_source == "json-ld"


def test_named_zones_are_read_by_the_page_country():
    head = '<meta name="publish-date" content="March 1, 2026 10:00 IST">'
    india = extract_html(page(head=head, lang="en-IN"), url="https://news.example.org/tram")
    assert india.published_at == dt.datetime(2026, 3, 1, 4, 30, tzinfo=UTC)
    ireland = extract_html(page(head=head, lang="en-IE"), url="https://news.example.org/tram")
    assert ireland.published_at == dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "zone, lang, host, hour",
    [
        ("EST", "en-US", "news.example.org", (1, 15)),
        ("CET", "de-DE", "news.example.de", (1, 9)),
        ("CST", "zh-CN", "news.example.cn", (1, 2)),  # China, not US Central
        ("CST", "en-US", "news.example.org", (1, 16)),
        ("BST", "en-GB", "news.example.co.uk", (1, 9)),
        ("AEDT", "en-AU", "news.example.com.au", (0, 23)),  # the day before in UTC
    ],
)
def test_more_named_zones(zone, lang, host, hour):
    head = f'<meta name="publish-date" content="March 1, 2026 10:00 {zone}">'
    out = extract_html(page(head=head, lang=lang), url=f"https://{host}/tram")
    day, at = hour
    assert out.published_at == dt.datetime(2026, 2, 28, at, tzinfo=UTC) + dt.timedelta(days=day)


def test_a_naive_time_is_read_in_the_page_country_zone():
    head = '<meta property="article:published_time" content="2026-03-01 23:30:00">'
    out = extract_html(page(head=head, lang="de-DE"), url="https://news.example.de/tram")
    assert out.published_at == dt.datetime(2026, 3, 1, 22, 30, tzinfo=UTC)
    assert out.published_date == dt.date(2026, 3, 1)


def test_modified_before_published_is_dropped():
    head = (
        '<meta property="article:published_time" content="2026-03-01T10:00:00+00:00">'
        '<meta property="article:modified_time" content="2026-02-01T10:00:00+00:00">'
    )
    out = extract_html(page(head=head), url="https://news.example.org/tram")
    assert out.published_at == dt.datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert out.modified_at is None


def test_provenance_and_agency_columns_through_the_cli(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    ld = {
        "@type": "NewsArticle",
        "headline": "Council approves tram extension &#8211; work starts in 2027",
        "author": [{"name": "Jane Doe"}, {"name": "Associated Press"}],
        "datePublished": "2026-11-20T09:00:00-05:00",
    }
    (src / "tram.html").write_text(page(ld=ld), encoding="utf-8")
    (src / "tram.jsonl").write_text(
        json.dumps({"url": "https://feed.example.org/t", "title": "Given title", "text": OTHER})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    proc = run_command("--input", f"{src}/*", "--output", str(out), "--run-date", "2026-11-22")
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = duckdb.sql(
        "SELECT source_path, title, title_source, authors, author_source, source_agency "
        f"FROM read_parquet('{out}/articles/**/*.parquet') ORDER BY source_path"
    ).fetchall()
    assert [r[1:] for r in rows] == [
        (
            "Council approves tram extension – work starts in 2027",
            "json-ld",
            ["Jane Doe"],
            "json-ld",
            "Associated Press",
        ),
        ("Given title", "input", [], "none", None),
    ]


def test_json_ld_nested_too_deep_is_ignored_and_the_page_extracted():
    deep = "[" * 100_000 + "]" * 100_000
    html = page(title="Tram line approved").replace(
        "</head>", f'<script type="application/ld+json">{deep}</script></head>'
    )
    out = extract_html(html, url="https://news.example.org/tram")
    assert out.is_article and "tram network" in out.text


def test_a_site_name_guess_that_is_the_headline_gives_way_to_the_host():
    # trafilatura guesses the site name as the <title> part with a dot in it: here the headline.
    title = "Minutes of the board meeting of 10. October 2019 – Kitahama Tennis Club"
    html = page(title=title).replace("<article>", f"<article><h1>{title.split(' – ')[0]}</h1>")
    out = extract_html(html, url="https://www.kitahama-tennis.example.org/?p=5031")
    assert out.title == "Minutes of the board meeting of 10. October 2019"
    assert out.site_name == "kitahama-tennis.example.org"


def test_a_stated_site_name_that_is_the_headline_gives_way_to_the_host():
    head = '<meta property="og:site_name" content="Student halls too full to be safe">'
    html = page(head=head, title="Student halls too full to be safe")
    out = extract_html(html, url="https://www.news.example.org/uk/halls")
    assert out.title == "Student halls too full to be safe"
    assert out.site_name == "news.example.org"
