"""A feed whose descriptions hold HTML escaped twice (Reddit's RSS: "&amp;lt;div
class=&amp;quot;md&amp;quot;&amp;gt;&amp;lt;p&amp;gt;...") gives rows whose text and description
a user reads as prose, not as markup; a tutorial that shows markup as text keeps it."""

import html

from tests.support.feed_pages import run_feed_file, story
from tests.support.tables import query


def item(n: int, description_html: str) -> str:
    return (
        f"<item><title>Post {n}</title><guid isPermaLink='false'>g{n}</guid>"
        f"<description>{html.escape(description_html)}</description></item>"
    )


def test_markup_escaped_twice_is_read_as_markup(tmp_path):
    post = story(1)
    twice = html.escape(f'<!-- SC_OFF --><div class="md"><p>{post}</p></div><!-- SC_ON -->')
    out = run_feed_file(tmp_path, item(1, f"<table><tr><td>{twice}</td></tr></table>"))
    ((text, description),) = query(out, "SELECT text, description FROM articles")
    for value in (text, description):
        assert "<div" not in value and "<p>" not in value and "SC_OFF" not in value
        assert post[:200] in value


def test_markup_a_post_shows_as_text_stays(tmp_path):
    shown = html.escape("<p>Paragraph</p>")  # a tutorial writes the tag to show it
    post = story(2)
    out = run_feed_file(tmp_path, item(2, f"<p>{post}</p><p>Nokogiri parses {shown} fine.</p>"))
    ((text,),) = query(out, "SELECT text FROM articles")
    assert "Nokogiri parses <p>Paragraph</p> fine." in text


def test_a_tag_a_blog_writes_inline_in_its_prose_stays(tmp_path):
    post = story(3)
    shown = (
        "To start a new paragraph in your template simply write &lt;p&gt;your text goes here "
        "inside the two tags and the browser does the rest&lt;/p&gt; and then save."
    )
    out = run_feed_file(tmp_path, item(3, f"<p>{post}</p><p>{shown}</p>"))
    ((text,),) = query(out, "SELECT text FROM articles")
    assert (
        "simply write <p>your text goes here inside the two tags and the browser does the "
        "rest</p> and then save." in text
    )
