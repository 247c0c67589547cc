"""A user reads an entry's title as plain text in the articles table: an RSS title holding HTML
escaped twice (a link, quotes) or once (bold), as feeds in the wild write them."""

import html

from tests.support.feed_pages import run_feed_file, story
from tests.support.tables import query

TITLES = {
    "Moving &amp;quot;private&amp;quot; posts to &amp;lt;a href=&amp;quot;"
    "https://blog.example/&amp;quot;&amp;gt;blog.example&amp;lt;/a&amp;gt;": (
        'Moving "private" posts to blog.example'
    ),
    "&lt;b&gt;Ferry&lt;/b&gt; timetable: fish &amp;amp; chips  on board": (
        "Ferry timetable: fish & chips on board"
    ),
}


def test_titles_with_escaped_html_are_plain_text_in_the_rows(tmp_path):
    items = "".join(
        f"<item><title>{title}</title><guid isPermaLink='false'>g{n}</guid>"
        f"<description>{html.escape(f'<p>{story(n)}</p>')}</description></item>"
        for n, title in enumerate(TITLES)
    )
    out = run_feed_file(tmp_path, items)
    titles = sorted(t for (t,) in query(out, "SELECT title FROM articles"))
    assert titles == sorted(TITLES.values())
