"""Authors are people: datelines, addresses, companies, byline words and the site itself are
dropped from ``authors``; agencies stay in ``source_agency``; a title guessed by trafilatura says
whether it came from the <title> tag or a heading."""

import pytest

from transforms.extract.author_site import not_the_site
from transforms.extract.authors import people_and_agencies
from transforms.extract.html import extract_html

BODY = "".join(
    f"<p>{s}</p>"
    for s in (
        "The harbour authority opened a second ferry berth on Friday after two years of work, "
        "which doubles the number of crossings it can handle at the busiest hours of the day.",
        "Local traders said the extra crossings would bring more visitors into the old town, "
        "while residents near the quay asked for limits on night-time sailings and engine noise.",
        "The authority promised a noise study within six months and said that electric ferries "
        "would replace the diesel boats on the short route before the end of the decade.",
    )
)


def people(value: str) -> tuple:
    return people_and_agencies([value])[0]


@pytest.mark.parametrize(
    "value",
    ["CBS News February", "Posted Monday", "Harbour Desk 12 March", "Stand: 3.4.2021"],
)
def test_a_dateline_is_no_author(value):
    assert people(value) == ()


def test_a_month_as_first_word_stays_a_given_name():
    assert people("April Roach") == ("April Roach",)


@pytest.mark.parametrize(
    "value", ["SPIEGEL ONLINE, Hamburg, Germany", "Olympia-Verlag GmbH, Nürnberg, Germany"]
)
def test_an_address_in_the_author_tag_is_no_author(value):
    assert people(value) == ()


@pytest.mark.parametrize(
    "value", ["wegewerk GmbH", "Bund der Energieverbraucher e.V.", "Acme Inc."]
)
def test_a_company_is_no_author(value):
    assert people(value) == ()


@pytest.mark.parametrize("value", ["Article by", "Posted", "Follow", "No Author", "Super User"])
def test_a_byline_word_is_no_author(value):
    assert people(value) == ()


def test_people_beside_a_dateline_part_stay_and_agencies_stay_apart():
    assert people_and_agencies(["Jane Doe, AP", "Stephan Said, On August 3"]) == (
        ("Jane Doe", "Stephan Said"),
        ("AP",),
    )


def test_a_city_part_goes_and_the_people_beside_it_stay():
    assert people("Jane Doe, London, John Roe") == ("Jane Doe", "John Roe")


def test_the_host_written_out_is_no_author():
    found = ("Finanztreff De", "www finanztreff", "David Hutzler")
    assert not_the_site(found, "Finanztreff", "www.finanztreff.de", stated=True) == (
        "David Hutzler",
    )


def test_a_guessed_byline_holding_the_site_name_is_no_author():
    found = ("Eat Smarter Team", "David Hutzler", "Lynn", "Eatsmarter Kitchen")
    kept = not_the_site(found, "EAT SMARTER", "eatsmarter.example", stated=False)
    assert kept == ("David Hutzler", "Lynn")


def test_a_guessed_byline_equal_to_the_site_name_stays():
    # personal sites and organisations whose byline is their own name (the gold keeps them)
    kept = not_the_site(("Wolf Mahler",), "Wolf Mahler", "wolfmahler.example", stated=False)
    assert kept == ("Wolf Mahler",)


def test_a_stated_author_named_like_the_site_stays():
    # a personal site: the page states its owner as author and as site name
    assert not_the_site(("Jane Roe",), "Jane Roe", "janeroe.example", stated=True) == ("Jane Roe",)


def test_a_page_whose_byline_is_its_site_has_no_author():
    html = (
        "<html><head><title>Ferry berth opens</title>"
        '<meta property="og:site_name" content="Harbour Herald"></head>'
        '<body><article><div class="byline">By Harbour Herald Newsroom</div>'
        f"{BODY}</article></body></html>"
    )
    out = extract_html(html, url="https://www.harbourherald.example/ferry")
    assert out.authors == ()
    assert out.author_source == "none"


def test_an_agency_is_kept_apart_from_a_person():
    html = (
        '<html><head><title>Ferry berth opens</title><meta name="author" content="Jane Doe, AP">'
        f"</head><body><article>{BODY}</article></body></html>"
    )
    out = extract_html(html, url="https://news.example/ferry")
    assert out.authors == ("Jane Doe",)
    assert out.source_agency == "AP"


def test_a_title_from_the_title_tag_says_so():
    html = f"<html><head><title>Second ferry berth opens</title></head><body><article>{BODY}"
    out = extract_html(html + "</article></body></html>", url="https://news.example/ferry")
    assert out.title == "Second ferry berth opens"
    assert out.title_source == "title"


def test_a_title_from_a_heading_says_so():
    html = f"<html><head></head><body><article><h1>Second ferry berth opens</h1>{BODY}"
    out = extract_html(html + "</article></body></html>", url="https://news.example/ferry")
    assert out.title == "Second ferry berth opens"
    assert out.title_source == "heading"


REFERENCES = "".join(
    f'<li itemprop="citation" itemscope itemtype="http://schema.org/ScholarlyArticle">'
    f'<meta itemprop="author" content="{a}, {b}, "><p>{a}, {b}. A cited paper {n}.</p></li>'
    for n, (a, b) in enumerate([("NH. Shear", "SP. Spielberg"), ("H. Peyriere", "P. Muller")])
)


@pytest.mark.parametrize(
    "head, byline, expected",
    [
        ('<meta name="citation_author" content="Marwan H. Adwan">', "", ("Marwan H. Adwan",)),
        ("", '<p class="byline">By Jane Doe</p>', ("Jane Doe",)),
    ],
)
def test_a_reference_list_gives_no_authors_the_paper_or_byline_does(head, byline, expected):
    page = (
        f"<html><head><title>A review</title>{head}</head><body><article><h1>A review</h1>"
        f"{byline}{BODY}<ol>{REFERENCES}</ol></article></body></html>"
    )
    out = extract_html(page, url="https://journal.example/article/1")
    assert out.authors == expected


@pytest.mark.parametrize("value", ["CNN", "Deutsche Welle", "BBC News"])
def test_a_broadcaster_signing_is_a_source_not_a_person(value):
    assert people_and_agencies([value]) == ((), (value,))


@pytest.mark.parametrize("wrapper", ['itemprop="mainEntity"', 'itemprop="blogPost"', ""])
def test_the_article_own_microdata_gives_its_author_and_date(wrapper):
    page = (
        '<html><head><title>Ferry berth</title></head><body itemscope itemtype="https://schema.org/'
        f'WebPage"><article {wrapper} itemscope itemtype="https://schema.org/NewsArticle">'
        '<meta itemprop="author" content="Jane Doe">'
        '<meta itemprop="datePublished" content="2024-03-05T10:00:00Z">'
        f"<h1>Second ferry berth opens</h1>{BODY}</article></body></html>"
    )
    out = extract_html(page, url="https://harbour.example/news/ferry")
    assert out.authors == ("Jane Doe",)
    assert out.published_at.isoformat() == "2024-03-05T10:00:00+00:00"


def test_a_person_whose_name_holds_the_site_name_stays_a_person():
    kept = not_the_site(("Anna Spiegelberg",), "Der Spiegel", "www.spiegel.example", stated=False)
    assert kept == ("Anna Spiegelberg",)
    html = (
        "<html><head><title>Ferry berth opens</title>"
        '<meta property="og:site_name" content="Spiegel"></head>'
        '<body><article><h1>Ferry berth opens</h1><div class="byline">By Anna Spiegelberg</div>'
        f"{BODY}</article></body></html>"
    )
    out = extract_html(html, url="https://www.spiegel.example/ferry")
    assert (out.authors, out.source_agency) == (("Anna Spiegelberg",), None)


def test_a_guessed_byline_that_is_no_person_and_no_site_is_dropped_not_an_agency():
    html = (
        "<html><head><title>Ferry berth opens</title>"
        '<meta property="og:site_name" content="Harbour Herald"></head>'
        '<body><article><h1>Ferry berth opens</h1><div class="byline">By Harbour Herald Kitchen'
        f"</div>{BODY}</article></body></html>"
    )
    out = extract_html(html, url="https://www.harbourherald.example/ferry")
    assert (out.authors, out.source_agency) == ((), None)


def test_a_citation_author_written_surname_first_is_one_person():
    html = (
        "<html><head><title>Attention</title>"
        '<meta name="citation_author" content="Vaswani, Ashish">'
        '<meta name="citation_author" content="Shazeer, Noam">'
        f"</head><body><article><h1>Attention</h1>{BODY}</article></body></html>"
    )
    out = extract_html(html, url="https://papers.example/attention")
    assert out.authors == ("Ashish Vaswani", "Noam Shazeer")


@pytest.mark.parametrize(
    "value",
    ["Bundesministerium für Wirtschaft und Klimaschutz", "Ministerium für Arbeit und Soziales"],
)
def test_an_organisation_with_and_in_its_name_stays_whole(value):
    assert people_and_agencies([value]) == ((), (value,))


def test_a_person_beside_an_organisation_stays_a_person():
    assert people_and_agencies(["Anna Weber und Redaktion"]) == (("Anna Weber",), ("Redaktion",))


def test_a_ministry_named_in_the_author_tag_gives_no_person_from_its_name():
    html = (
        "<html><head><title>Ferry berth opens</title>"
        '<meta name="author" content="Bundesministerium für Hafen und Verkehr"></head>'
        f"<body><article><h1>Ferry berth opens</h1>{BODY}</article></body></html>"
    )
    out = extract_html(html, url="https://www.hafen.example/ferry")
    assert (out.authors, out.source_agency) == ((), "Bundesministerium für Hafen und Verkehr")


def test_the_author_item_of_the_article_lends_it_no_description():
    page = (
        '<html><head><title>Ferry berth</title></head><body itemscope itemtype="https://schema.org/'
        'WebPage"><article itemprop="mainEntity" itemscope itemtype="https://schema.org/NewsArticle">'
        '<div itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<meta itemprop="name" content="Jane Doe">'
        '<meta itemprop="description" content="Jane writes about harbours."></div>'
        '<meta itemprop="description" content="A second ferry berth opens.">'
        f"<h1>Second ferry berth opens</h1>{BODY}</article></body></html>"
    )
    out = extract_html(page, url="https://harbour.example/news/ferry")
    assert out.description == "A second ferry berth opens."


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Text & Interview Harald Meiners", ("Harald Meiners",)),
        ("Interview Julia Brandt", ("Julia Brandt",)),
        ("Text", ()),
        ("Interview Schmidt", ("Interview Schmidt",)),  # two words: a name may start so
        ("Tex Avery", ("Tex Avery",)),
    ],
)
def test_a_role_word_before_a_name_goes(value, expected):
    assert people_and_agencies([value])[0] == expected


@pytest.mark.parametrize(
    "value", ["Theme Pirate Rogue von xwolf", "Catch Themes", "Fuchsy designed"]
)
def test_a_theme_credit_is_no_author(value):
    assert people_and_agencies([value]) == ((), ())


def test_a_saved_page_whose_byline_is_its_host_has_no_author():
    # no URL of its own (a file): its canonical link names the host the byline writes out
    html = (
        '<html><head><title>Ferry berth opens</title><link rel="canonical" '
        'href="https://www.harbourherald.example/2024/ferry"></head>'
        '<body><article><div class="byline">By Harbour Herald</div>'
        f"{BODY}</article></body></html>"
    )
    out = extract_html(html)
    assert (out.authors, out.source_agency) == ((), "Harbour Herald")
    assert out.site_name == "harbourherald.example"
