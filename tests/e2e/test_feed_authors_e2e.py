"""A feed's authors read back as people, with agencies apart, by the rules a page's byline
gets: RSS writes an e-mail with the name in brackets, podcasts name two hosts in one
``dc:creator``, wire stories name the agency."""

import html

from tests.support.feed_pages import run_feed_file, story
from tests.support.tables import query

CREATORS = [
    ("author", "harbourmaster@harbour.example (Jane Doe)", ["Jane Doe"], None),
    ("dc:creator", "Josh Owens and Adam Stacoviak", ["Josh Owens", "Adam Stacoviak"], None),
    ("dc:creator", "Reuters", [], "Reuters"),
]


def test_feed_authors_are_people_and_agencies_apart(tmp_path):
    items = "".join(
        f"<item><title>Harbour story {n}</title><guid isPermaLink='false'>g{n}</guid>"
        f"<{tag}>{value}</{tag}>"
        f"<description>{html.escape(f'<p>{story(n)}</p>')}</description></item>"
        for n, (tag, value, _, _) in enumerate(CREATORS)
    )
    out = run_feed_file(tmp_path, items, ' xmlns:dc="http://purl.org/dc/elements/1.1/"')
    rows = query(out, "SELECT title, authors, source_agency FROM articles ORDER BY title")
    assert [(list(a), s) for _, a, s in rows] == [(p, s) for _, _, p, s in CREATORS]
    assert not any("@" in name for _, authors, _ in rows for name in authors)
