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
