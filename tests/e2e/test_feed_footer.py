"""A blog feed whose every post ends with the same long footer: the footer is the feed's own
boilerplate, removed from each entry, so short posts are neither "contained" in one another by
dedup nor carry the footer into ``articles``."""

from tests.support.cli import run_command
from tests.support.tables import query

FOOTER = (
    "Thanks for reading the studio notebook. We write about the small things we make and the "
    "people we make them with. If you enjoyed this post, subscribe to the newsletter, follow "
    "us on the usual networks and tell a friend who likes paper, ink and slow craft. All "
    "photographs are our own unless stated otherwise; please ask before you reuse them "
    "anywhere else. See you next week."
)
POSTS = {
    "Bloom": (
        "The spring catalogue is printed at last. Forty pages of pressed flowers, each one "
        "picked on the allotment behind the workshop and dried between old telephone books "
        "for six weeks before it went under the scanner. The proofs came back from the printer "
        "with the greens a little too cold, so we asked for a second run on warmer stock."
    ),
    "Maple": (
        "Our new notebook covers use offcuts of maple veneer from a furniture maker two "
        "streets away. Every cover has its own grain, and the first batch of sixty sold out "
        "on Saturday morning before the market had properly opened. A second batch, bound with "
        "waxed linen thread instead of staples, should be ready by the end of the month."
    ),
    "Creep": (
        "A short note on paper creep: when a booklet has many sheets, the inner pages stick out "
        "further than the outer ones once folded. We now trim each signature by hand, which "
        "takes longer but gives a clean edge on the thicker zines. The guillotine we bought "
        "second hand last year finally earns its place on the bench."
    ),
    "Play": (
        "We spent the holidays building a letterpress game for the children's workshop at the "
        "library. Kids set their own names in wooden type, ink the forme with a brayer and pull "
        "a print on the tabletop press. Twenty-two of them came on the first afternoon and most "
        "of them stayed to print a second sheet for a grandparent, which was exactly the point."
    ),
}


def _feed() -> str:
    items = "".join(
        f"<item><title>{title}</title><link>http://127.0.0.1:9/{title.lower()}</link>"
        f"<guid>{title}</guid><pubDate>Mon, 0{n + 1} Mar 2026 10:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{text}</p><p>{FOOTER}</p>]]></content:encoded></item>"
        for n, (title, text) in enumerate(POSTS.items())
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Studio notebook</title><link>http://127.0.0.1:9/</link>"
        f"<language>en</language>{items}</channel></rss>"
    )


def test_the_feed_footer_is_removed_and_every_post_is_an_article(tmp_path):
    feed = tmp_path / "in" / "studio.xml"
    feed.parent.mkdir()
    feed.write_text(_feed())
    out = tmp_path / "out"
    proc = run_command("--input", str(feed), "--output", str(out), "--no-fetch", "--quiet")
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = query(out, "SELECT title, text FROM articles ORDER BY title")
    dups = query(out, "SELECT count(*) FROM duplicates")[0][0]
    assert [t for t, _ in rows] == sorted(POSTS)
    assert dups == 0
    for title, text in rows:
        assert POSTS[title][:60] in text
        assert "studio notebook" not in text and "subscribe" not in text
