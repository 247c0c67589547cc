"""A personal site signed with its host keeps its person, through the CLI: Jane Doe's blog on
janedoe.example signs as "janedoe.example" (or its user name "janedoe") in its meta tags or
JSON-LD and as "Jane Doe" in its byline; a feed and a JSON record from it name her. The site
is the site (``source_agency``), the person the author. Pages written for the test."""

import html
import json

from tests.support.cli import article_rows
from tests.support.feed_pages import story

BLOG = "https://janedoe.example/2026/11/"


def _page(n: int, title: str, head: str, byline: str = '<p class="byline">By Jane Doe</p>'):
    return (
        f"<html><head><title>{title} | janedoe.example</title>{head}</head><body><article>"
        f"<h1>{title}</h1>{byline}<p>{story(n)}</p><p>{story(n + 100)}</p></article></body></html>"
    )


def _ld(author: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": "BlogPosting", "author": author})}</script>'


RECORDS = [
    # the meta tag signs with the host, the byline element names the person
    {"title": "Tomatoes in November", "html": _page(1, "Tomatoes in November",
     '<meta name="author" content="janedoe.example">')},
    # JSON-LD names the blog's user name as the author, the byline the person
    {"title": "Pruning the old pear tree", "html": _page(2, "Pruning the old pear tree",
     _ld({"@type": "Person", "name": "janedoe"}))},
    # the record names her and the site
    {"title": "Seed swap at the library", "html": _page(3, "Seed swap at the library", "", ""),
     "authors": ["Jane Doe", "janedoe.example"]},
]  # fmt: skip


def test_a_personal_site_signed_with_its_host_keeps_its_person(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    lines = [dict(r, url=BLOG + str(n)) for n, r in enumerate(RECORDS)]
    (src / "blog.jsonl").write_text("\n".join(json.dumps(r) for r in lines), encoding="utf-8")
    item = (
        "<item><title>Winter mulch</title><link>{0}feed</link><guid>{0}feed</guid>"
        "<dc:creator>Jane Doe</dc:creator><description>{1}</description></item>"
    ).format(BLOG, html.escape(f"<p>{story(4)}</p><p>{story(104)}</p>"))
    (src / "blog.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Jane Doe</title>'
        f"<link>https://janedoe.example/</link>{item}</channel></rss>",
        encoding="utf-8",
    )
    rows = article_rows(src, tmp_path / "out", "title, authors, author_source, source_agency")
    assert rows == [
        ("Pruning the old pear tree", ["Jane Doe"], "byline", None),  # "janedoe" is she
        ("Seed swap at the library", ["Jane Doe"], "input", "janedoe.example"),
        ("Tomatoes in November", ["Jane Doe"], "byline", "Janedoe Example"),
        ("Winter mulch", ["Jane Doe"], "feed", None),
    ]
