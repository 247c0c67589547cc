"""transforms/extract/author_site.py: the one place that decides whether a byline name is the
site or a person, and the page's choice of author source that follows from it."""

import pytest

from transforms.extract.author_site import Site, people_and_site
from transforms.extract.authors import people_and_agencies
from transforms.extract.html import extract_html

BODY = (
    "<p>The pear tree in the back garden is older than the house, and every November it "
    "needs a careful cut so the spring growth does not break its tired branches.</p>"
    "<p>This year the cut went well: three long shoots came off, and the old wound from "
    "the storm two winters ago has finally closed over with new bark.</p>"
)
URL = "https://janedoe.example/2026/11/pear"


def blog(head: str, byline: str = '<p class="byline">By Jane Doe</p>') -> str:
    return (
        f"<html><head><title>Pruning the old pear tree</title>{head}</head><body><article>"
        f"<h1>Pruning the old pear tree</h1>{byline}{BODY}</article></body></html>"
    )


@pytest.mark.parametrize(
    "host, name, owner",
    [
        ("janedoe.example", "Jane Doe", True),
        ("www.jane-doe.example", "Jane Doe", True),
        ("blog.janedoe.example", "Jane Doe", True),
        ("janedoe.example", "Janedoe", False),  # one word: the site's name, not a person's
        ("janedoe.example", "Jane Doe Team", False),
        ("harbourherald.example", "Jane Doe", False),
    ],
)
def test_a_persons_name_that_is_the_hosts_label_is_its_owner(host, name, owner):
    assert Site.of(host).is_owner(name) is owner


@pytest.mark.parametrize("stated", [True, False])
def test_the_owner_of_a_personal_site_is_a_person_and_its_host_is_the_site(stated):
    found = ("Jane Doe", "janedoe.example", "Janedoe Example", "www janedoe example")
    people, site = people_and_site(found, "Jane Doe", "janedoe.example", stated=stated)
    assert people == ("Jane Doe",)
    assert site == ("janedoe.example", "Janedoe Example", "www janedoe example")


def test_the_owner_is_no_piece_of_the_site_the_page_credits():
    # a page crediting the site as "Janedoe Example" (trafilatura's reading of the host) and the
    # person in its byline: she is its owner, not a piece of that credit
    assert people_and_agencies(
        ["Jane Doe"], host="janedoe.example", known=("Janedoe Example",)
    ) == (
        ("Jane Doe",),
        (),
    )
    # a piece of a named organisation still is one
    known = ("Ministerium Für Hafen",)
    assert people_and_agencies(["Ministerium Für Hafen"], known=known) == ((), ())


@pytest.mark.parametrize(
    "head",
    [
        '<meta name="author" content="janedoe.example">',  # the meta tag signs with the host
        '<script type="application/ld+json">{"@type": "BlogPosting", "author": {"@type": '
        '"Person", "name": "janedoe"}}</script>',  # JSON-LD names the blog's user name
        '<script type="application/ld+json">{"@type": "BlogPosting", "author": {"@type": '
        '"Organization", "name": "janedoe.example"}}</script>',
    ],
)
def test_a_page_signed_with_its_host_keeps_the_person_of_its_byline(head):
    out = extract_html(blog(head), url=URL)
    assert out.authors == ("Jane Doe",) and out.author_source == "byline"
    assert "Jane Doe" not in (out.source_agency or "")


def test_a_page_signed_only_with_its_host_has_no_author_and_the_site_as_agency():
    out = extract_html(blog('<meta name="author" content="janedoe.example">', byline=""), url=URL)
    assert out.authors == () and out.author_source == "none"
    assert out.source_agency == "Janedoe Example"


@pytest.mark.parametrize(
    "byline, authors",
    [
        ('<p class="byline">By Jane Doe</p>', ("Jane Doe",)),
        # a tag cloud in a byline-classed element: no name, so no author
        ('<div class="author-tags">Speicher, Photovoltaik, Wirtschaft</div>', ()),
        ('<p class="byline">Zuletzt geändert</p>', ()),
    ],
)
def test_after_a_page_signed_as_the_site_only_a_full_name_in_the_byline_counts(byline, authors):
    ld = (
        '<meta property="og:site_name" content="Sonnenblatt"><script type="application/ld+json">'
        '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Sonnenblatt"}}</script>'
    )
    out = extract_html(blog(ld, byline), url="https://www.sonnenblatt.example/pear")
    assert out.authors == authors
    assert "Sonnenblatt" in out.source_agency


def test_the_byline_elements_spelling_of_an_agency_already_named_adds_none():
    head = '<meta name="author" content="Support Team">'
    out = extract_html(blog(head, '<p class="byline">Vom Support Team</p>'), url=URL)
    assert out.authors == () and out.source_agency == "Support Team"


@pytest.mark.parametrize(
    "host, name",
    [
        ("abc.net.au", "Kenneth Au"),  # the label is "abc" of abc.net.au, not "net"
        ("www.abc.net.au", "Janet Au"),
        ("www.smh.com.au", "Tom Comber Au"),
        ("news.bbc.co.uk", "Nicola Cooper Uk"),
    ],
)
def test_a_name_ending_in_a_two_part_suffixs_last_part_is_a_person(host, name):
    assert Site.of(host).label in ("abc", "smh", "bbc")
    assert not Site.of(host).is_site(name, stated=False)
    assert people_and_site((name,), None, host, stated=False) == ((name,), ())


def test_a_host_written_out_on_a_two_part_suffix_is_the_site():
    people, site = people_and_site(("Abc Net Au",), None, "abc.net.au", stated=False)
    assert people == () and site == ("Abc Net Au",)


@pytest.mark.parametrize(
    "host, site_name, name, is_site",
    [
        ("spiegel.de", "DER SPIEGEL", "Jan Spiegel", False),  # a surname that is the label
        ("zeit.de", "ZEIT ONLINE", "Anna Zeit", False),
        ("zeit.de", "ZEIT ONLINE", "Anna Maria Zeit", False),
        ("cbsnews.com", None, "CBS News February", True),  # a dateline after the label
        ("teufelaudio.de", "Teufel", "Teufel Editorial Team", True),  # the site name and more
        ("spiegel.de", "DER SPIEGEL", "Spiegel Online", True),
        ("spiegel.de", "DER SPIEGEL", "Jan Spiegel Redakteur", True),
        ("spiegel.de", "DER SPIEGEL", "Spiegel 12", True),
        ("spiegel.de", "SPIEGEL ONLINE", "DER SPIEGEL", True),  # capitals: a masthead
        ("france.attac.org", None, "Attac France", True),  # a country: an organisation
        ("bettycrocker.com", None, "Betty Crocker Kitchens", True),  # the label is two words
    ],
)
def test_a_name_holding_only_the_label_is_the_site_when_more_than_a_full_name(
    host, site_name, name, is_site
):
    assert Site.of(host, site_name).is_site(name, stated=False) is is_site


@pytest.mark.parametrize(
    "host, site_name, name",
    [
        ("computerbild.de", "COMPUTER BILD", "Computer Bild"),
        ("www.autobild.de", None, "Auto Bild"),
        ("spiegel.de", "DER SPIEGEL", "DER SPIEGEL"),  # an all-caps masthead
        ("harbourherald.example", "Harbour Herald", "Harbour Herald"),
        ("hafenzeitung.example", None, "Hafen Zeitung"),
    ],
)
def test_a_site_name_of_two_words_is_the_site_not_its_owner(host, site_name, name):
    site = Site.of(host, site_name)
    assert not site.is_owner(name)
    for stated in (True, False):
        assert people_and_site((name,), site_name, host, stated=stated) == ((), (name,))


def test_a_name_the_page_types_as_organisation_is_no_owner():
    # JSON-LD types "Jane Doe" an Organization: her byline is the organisation's, on her host too
    known = ("Jane Doe",)
    assert people_and_agencies(["Jane Doe"], host="janedoe.example", known=known) == ((), ())
    assert people_and_agencies(["Jane Doe"], host="janedoe.example") == (("Jane Doe",), ())


def test_a_masthead_signed_byline_goes_to_source_agency():
    head = (
        '<meta property="og:site_name" content="COMPUTER BILD">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '{"@type": "Organization", "name": "Computer Bild"}}</script>'
    )
    out = extract_html(
        blog(head, '<p class="byline">Computer Bild</p>'), url="https://www.computerbild.de/a"
    )
    assert out.authors == () and out.source_agency == "Computer Bild"


def test_a_person_named_as_the_label_keeps_her_byline():
    head = '<meta property="og:site_name" content="DER SPIEGEL">'
    out = extract_html(
        blog(head, '<p class="byline">Von Jan Spiegel</p>'), url="https://www.spiegel.de/a"
    )
    assert out.authors == ("Jan Spiegel",)
