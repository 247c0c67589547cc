"""HTML extraction: main text via trafilatura, metadata from JSON-LD / meta tags / URL."""

import dataclasses
import datetime as dt
import json

import pytest

from transforms.extract.html import ExtractConfig, Extracted, extract_html, parse_html, warm_up
from transforms.extract.metadata import (
    byline_author,
    clean_authors,
    date_from_url,
    local_day,
    normalize_canonical,
    parse_timestamp,
)

PARAGRAPHS = [
    "The city council voted on Tuesday to expand the tram network into the northern suburbs, "
    "a project that has been debated for more than a decade.",
    "Supporters said the new lines would cut commuting times in half for thousands of residents "
    "who currently rely on crowded buses and congested roads every morning.",
    "Opponents warned that the cost, estimated at 400 million euros, could force cuts to other "
    "services, and they asked for an independent review before construction begins.",
    "The mayor said work would start next spring and that the first line should open in 2027.",
]
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
NAV = "<nav><ul>" + "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12))
NAV += "</ul></nav>"


def page(head: str = "", body: str = BODY, *, lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body>{NAV}<main><article><h1>Council backs tram expansion</h1>{body}</article></main>"
        "<footer><p>Copyright 2026 Example Media</p></footer></body></html>"
    )


JSON_LD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Council backs tram expansion",
    "datePublished": "2024-03-05T09:30:00+01:00",
    "dateModified": "2024-03-06T10:00:00Z",
    "author": [{"@type": "Person", "name": "By Jane Smith"}, {"name": "John Doe, Staff Writer"}],
    "publisher": {"@type": "Organization", "name": "Example Times"},
    "keywords": "transport, city council",
    "image": {"url": "https://example.com/tram.jpg"},
    "description": "The council voted to expand the tram network.",
}
RUN_DATE = dt.date(2026, 1, 1)


def test_article_with_json_ld_metadata():
    head = f'<script type="application/ld+json">{json.dumps(JSON_LD)}</script>'
    head += '<link rel="canonical" href="https://example.com/news/tram?utm_source=x">'
    out = extract_html(page(head), url="https://example.com/news/tram", run_date=RUN_DATE)
    assert isinstance(out, Extracted) and out.is_article
    assert out.title == "Council backs tram expansion"
    assert out.authors == ("Jane Smith", "John Doe")
    assert out.published_at == dt.datetime(2024, 3, 5, 8, 30, tzinfo=dt.timezone.utc)
    assert out.modified_at == dt.datetime(2024, 3, 6, 10, 0, tzinfo=dt.timezone.utc)
    assert out.date_source == "json-ld"
    assert out.canonical_url == "https://example.com/news/tram"
    assert out.site_name == "Example Times"
    assert out.tags == ("transport", "city council")
    assert out.image_url == "https://example.com/tram.jpg"
    assert out.description == "The council voted to expand the tram network."
    assert out.language == "en"
    for paragraph in PARAGRAPHS:
        assert paragraph in out.text
    assert "Section 3" not in out.text and "Copyright" not in out.text


def test_page_with_meta_tags_only():
    head = (
        "<title>Council backs tram expansion | Example Times</title>"
        '<meta property="og:title" content="Council backs tram expansion">'
        '<meta property="og:site_name" content="Example Times">'
        '<meta name="author" content="Jane Smith and John Doe">'
        '<meta property="article:published_time" content="2024-03-05">'
        '<meta property="article:tag" content="transport">'
        '<meta property="og:image" content="/img/tram.jpg">'
        '<meta name="description" content="Trams are coming.">'
    )
    out = extract_html(page(head), url="https://example.com/news/tram", run_date=RUN_DATE)
    assert out.title == "Council backs tram expansion"
    assert out.authors == ("Jane Smith", "John Doe")
    assert out.published_at == dt.datetime(2024, 3, 5, tzinfo=dt.timezone.utc)
    assert out.date_source == "meta"
    assert out.site_name == "Example Times"
    assert out.tags == ("transport",)
    assert out.image_url == "https://example.com/img/tram.jpg"
    assert out.description == "Trams are coming."


def test_date_from_url_when_page_states_none():
    out = extract_html(page(), url="https://example.com/2023/07/14/tram/", run_date=RUN_DATE)
    assert out.published_at == dt.datetime(2023, 7, 14, tzinfo=dt.timezone.utc)
    assert out.date_source == "url"


def test_navigation_only_page_is_not_an_article():
    html = f"<html><head><title>Sections</title></head><body>{NAV}{NAV}</body></html>"
    out = extract_html(html, url="https://example.com/")
    assert not out.is_article


@pytest.mark.parametrize("html", ["", "   ", "<html><head><title>x</title></head></html>"])
def test_page_without_body_is_not_an_article(html):
    out = extract_html(html, url="https://example.com/a")
    assert not out.is_article and out.text == ""


@pytest.mark.parametrize(
    "canonical, expected",
    [
        ("https://example.com/a?utm_source=tw&utm_medium=s&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?fbclid=XYZ", "https://example.com/a"),
        ("https://example.com/a?gclid=abc&page=2#comments", "https://example.com/a?page=2"),
        ("/a?utm_campaign=x", "https://example.com/a"),
        ("https://EXAMPLE.com:443/a", "https://example.com/a"),
        ("https://example.com/", "https://example.com/news/item"),  # home-page canonical: ignored
        (None, "https://example.com/news/item"),
        # a bare query part is often the page's id (courlan alone drops it)
        ("https://example.com/default.asp?4460", "https://example.com/default.asp?4460"),
        ("https://example.com/s.php?123&utm_source=x", "https://example.com/s.php?123"),
        ("https://example.com/s.php?b=2&a=1&777", "https://example.com/s.php?a=1&b=2&777"),
    ],
)
def test_canonical_url_is_normalised_without_tracking(canonical, expected):
    assert normalize_canonical(canonical, "https://example.com/news/item") == expected


def test_tracking_params_stripped_from_page_canonical():
    head = '<link rel="canonical" href="https://example.com/a?utm_source=x&fbclid=1&gclid=2">'
    out = extract_html(page(head), url="https://example.com/a?utm_medium=feed")
    assert out.canonical_url == "https://example.com/a"


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-02T00:00:01Z",  # the day after the run date
        "2031-05-01T10:00:00Z",
        "1989-12-31T23:00:00Z",
    ],
)
def test_dates_after_run_date_or_before_1990_are_dropped(value):
    ld = dict(JSON_LD, datePublished=value, dateModified=value)
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    config = ExtractConfig(metadata=False)  # no htmldate guess from the text either
    out = extract_html(page(head), url="https://example.com/a", run_date=RUN_DATE, config=config)
    assert out.published_at is None and out.modified_at is None and out.date_source == "none"
    assert out.published_date is None


def test_last_moment_of_run_date_is_kept():
    ld = dict(JSON_LD, datePublished="2026-01-01T23:59:59Z")
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    out = extract_html(page(head), url="https://example.com/a", run_date=RUN_DATE)
    assert out.published_at == dt.datetime(2026, 1, 1, 23, 59, 59, tzinfo=dt.timezone.utc)


def test_future_date_in_url_is_dropped():
    assert date_from_url("https://example.com/2031/01/02/x") is not None
    config = ExtractConfig(metadata=False)
    out = extract_html(
        page(), url="https://example.com/2031/01/02/x", run_date=RUN_DATE, config=config
    )
    assert out.published_at is None


def test_xhtml_page():
    html = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en"><head>'
        "<title>Council backs tram expansion</title>"
        '<meta name="author" content="Jane Smith" /></head>'
        f"<body><div><h1>Council backs tram expansion</h1>{BODY}</div></body></html>"
    )
    out = extract_html(html, url="https://example.com/x")
    assert out.is_article
    assert PARAGRAPHS[0] in out.text
    assert out.authors == ("Jane Smith",)


def test_post_cleaning_drops_read_more_lines():
    body = BODY + "<p>Read more: Council approves new budget for 2025</p>"
    out = extract_html(page(body=body), url="https://example.com/a")
    assert "Read more" not in out.text and PARAGRAPHS[-1] in out.text


def test_post_cleaning_can_be_turned_off():
    body = BODY + "<p>Read more: Council approves new budget for 2025</p>"
    out = extract_html(
        page(body=body),
        url="https://example.com/a",
        config=ExtractConfig(clean_rules=(), line_filter=False),
    )
    assert "Read more: Council approves new budget for 2025" in out.text


def test_max_chars_cuts_at_a_paragraph():
    out = extract_html(page(), url="https://example.com/a", config=ExtractConfig(max_chars=300))
    assert 0 < len(out.text) <= 300 and out.text.endswith(".")


def test_config_is_frozen_and_validated():
    with pytest.raises(dataclasses.FrozenInstanceError):
        ExtractConfig().favor = "recall"
    with pytest.raises(ValueError):
        ExtractConfig(favor="greedy")


def test_same_page_twice_gives_same_text():
    # trafilatura's deduplication cache must stay off: the second call sees the same text.
    first = extract_html(page(), url="https://example.com/a")
    second = extract_html(page(), url="https://example.com/b")
    assert first.text == second.text and first.text


@pytest.mark.parametrize(
    "values, expected",
    [
        (["By Jane Smith"], ("Jane Smith",)),
        (["Jane Smith and John Doe"], ("Jane Smith", "John Doe")),
        (["Jane Smith; John Doe, Staff Writer"], ("Jane Smith", "John Doe")),
        (["Geschrieben von Anna Müller"], ("Anna Müller",)),
        (["https://example.com/jane", "jane@example.com", "oe24.at"], ()),
        (["Jane Smith", "jane smith"], ("Jane Smith", "jane smith")),
    ],
)
def test_clean_authors(values, expected):
    assert clean_authors(values) == expected


# --- dates: day-first dotted stamps, meta before JSON-LD, the publisher's calendar day ---


def _head(meta: dict = None, ld: dict = None) -> str:
    tags = "".join(f'<meta property="{k}" content="{v}">' for k, v in (meta or {}).items())
    if ld:
        tags += f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    return tags


@pytest.mark.parametrize(
    "value, expected",
    [
        ("10.12.2022, 07:00:03", dt.datetime(2022, 12, 10, 7, 0, 3, tzinfo=dt.timezone.utc)),
        ("3.4.2021", dt.datetime(2021, 4, 3, tzinfo=dt.timezone.utc)),
        ("2022-12-10T07:00:03+01:00", dt.datetime(2022, 12, 10, 6, 0, 3, tzinfo=dt.timezone.utc)),
        ("12/10/2022", dt.datetime(2022, 12, 10, tzinfo=dt.timezone.utc)),  # slashes: month first
    ],
)
def test_dotted_numeric_dates_are_day_first(value, expected):
    assert parse_timestamp(value) == expected


def test_meta_published_time_wins_over_json_ld():
    head = _head({"article:published_time": "2023-11-06T14:25:00+00:00"}, JSON_LD)
    out = extract_html(page(head), url="https://example.com/a", run_date=RUN_DATE)
    assert out.published_date == dt.date(2023, 11, 6) and out.date_source == "meta"


@pytest.mark.parametrize(
    "stamp, lang, url, day",
    [
        ("2022-05-04T00:44:52Z", "pt-BR", "https://example.com/a", dt.date(2022, 5, 3)),
        ("2022-05-04T00:44:52Z", "es_AR", "https://example.com/a", dt.date(2022, 5, 3)),
        ("2022-05-03T23:30:00Z", "de", "https://example.de/a", dt.date(2022, 5, 4)),  # ccTLD
        ("2022-05-04T00:44:52Z", "en", "https://example.com/a", dt.date(2022, 5, 4)),  # unknown
        ("2022-05-04T00:44:52Z", "en", "https://example.io/a", dt.date(2022, 5, 4)),  # generic
        ("2022-05-04T00:44:52-03:00", "de-DE", "https://example.de/a", dt.date(2022, 5, 4)),
    ],
)
def test_published_date_is_the_publishers_day(stamp, lang, url, day):
    head = _head({"article:published_time": stamp})
    out = extract_html(page(head, lang=lang), url=url, run_date=RUN_DATE)
    assert out.published_date == day
    assert out.published_at == parse_timestamp(stamp)  # the instant stays exact, in UTC
    assert out.published_at.tzinfo == dt.timezone.utc


@pytest.mark.parametrize(
    "stamp, url_day, day",
    [
        ("2020-02-25T02:25:54Z", "2020/02/24", dt.date(2020, 2, 24)),  # URL: the local day
        ("2020-02-25T02:25:54Z", "2020/02/20", dt.date(2020, 2, 25)),  # too far: the stamp
    ],
)
def test_url_day_next_to_the_stamp_names_the_local_day(stamp, url_day, day):
    head = _head({"article:published_time": stamp})
    out = extract_html(page(head), url=f"https://example.com/{url_day}/a", run_date=RUN_DATE)
    assert out.published_date == day and out.date_source == "meta"
    assert out.published_at == dt.datetime(2020, 2, 25, 2, 25, 54, tzinfo=dt.timezone.utc)


def test_local_day_keeps_stated_offsets():
    stamp = dt.datetime(2022, 5, 4, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert local_day(stamp, "US") == dt.date(2022, 5, 4)
    assert local_day(stamp.astimezone(dt.timezone.utc), "DE") == dt.date(2022, 5, 4)
    assert local_day(stamp.astimezone(dt.timezone.utc), None) == dt.date(2022, 5, 3)


def test_dates_found_in_the_text_respect_the_run_date():
    body = BODY + "<p>Published on 14 March 2031 and updated later.</p>"
    out = extract_html(page(body=body), url="https://example.com/a", run_date=RUN_DATE)
    assert out.published_date != dt.date(2031, 3, 14) and out.published_date <= RUN_DATE
    body = BODY + "<p class='date'>Published on 14 March 2024.</p>"
    out = extract_html(page(body=body), url="https://example.com/a", run_date=RUN_DATE)
    assert out.published_date == dt.date(2024, 3, 14) and out.date_source == "text"


# --- site name ---


@pytest.mark.parametrize(
    "head, url, expected",
    [
        (_head({"og:site_name": "U.S."}, JSON_LD), "https://example.com/a", "Example Times"),
        (_head({"og:site_name": "Example Times Online"}, JSON_LD), "https://x.com/a",
         "Example Times Online"),
        ('<meta name="DC.publisher" content="La Vie des idées">', "https://x.fr/a",
         "La Vie des idées"),
        ('<meta name="twitter:site" content="@Reuters">', "https://x.com/a", "Reuters"),
        ("", "https://www.pluralsight.com/tech-blog/a", "pluralsight.com"),
        ("", "https://w3.example.org/a", "example.org"),
    ],
)  # fmt: skip
def test_site_name(head, url, expected):
    assert extract_html(page(head), url=url).site_name == expected


# --- authors from byline elements: trafilatura's extract_author rules, without its tree copy ---

BYLINES = [
    ('<span class="author">Jane Smith</span>', "Jane Smith"),
    ('<a rel="author" href="/u/j">Jane Smith</a>', "Jane Smith"),
    ('<div class="byline">By Jane Smith <time>2 May 2024</time></div>', "Jane Smith"),
    ('<div class="comments"><span class="author">Troll</span></div>', None),
    ('<p class="post-author">Jane Smith</p><span class="author-name">John Doe</span>', "John Doe"),
    ('<section class="writer-box">Jane Smith</section>', "Jane Smith"),
    ('<aside class="sidebar"><span class="byline">Ad Team</span></aside>', "Ad Team"),
    ('<div class="sidebar"><span class="byline">Ad Team</span></div>', None),
    ('<span class="author">J</span>', None),
]


@pytest.mark.parametrize("markup, expected", BYLINES)
def test_byline_author_matches_trafilatura(markup, expected):
    from trafilatura.metadata import extract_author

    tree = parse_html(page(body=markup + BODY))
    assert byline_author(tree) == expected == extract_author(tree)


def test_byline_author_fills_missing_authors():
    body = '<p class="byline">By Jane Smith and John Doe</p>' + BODY
    out = extract_html(page(body=body), url="https://example.com/a")
    assert out.authors == ("Jane Smith", "John Doe")


# --- trafilatura's fallback extractors run only for short extractions ---


@pytest.mark.parametrize("fallback_below", [None, 0, 300, 100_000])
def test_fallback_threshold_keeps_the_article(fallback_below):
    config = ExtractConfig(fallback_below=fallback_below)
    out = extract_html(page(), url="https://example.com/a", config=config)
    assert all(p in out.text for p in PARAGRAPHS) and "Section 3" not in out.text


def test_fallback_threshold_is_validated():
    with pytest.raises(ValueError):
        ExtractConfig(fallback_below=-1)


def test_warm_up_builds_the_one_time_caches_and_changes_no_result():
    from dateparser.languages.loader import LocaleDataLoader

    html = page(body="<p>Publié le 3 février 2020</p>" + BODY)
    before = extract_html(html, url="https://example.org/a", run_date=RUN_DATE)
    warm_up()
    assert len(LocaleDataLoader._loaded_locales) > 200  # every dateparser locale, once
    assert extract_html(html, url="https://example.org/a", run_date=RUN_DATE) == before
