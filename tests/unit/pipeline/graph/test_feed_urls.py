"""resolve_feed_urls: feed URLs in the order listed, OPML lists expanded, each URL once."""

from pipeline.graph.feeds import resolve_feed_urls


def test_each_feed_once_in_the_order_first_listed(tmp_path):
    opml = tmp_path / "feeds.opml"
    outlines = "".join(
        f'<outline xmlUrl="https://{host}.example/rss"/>' for host in ("a", "b", "a", "c", "b")
    )
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    listed = ["https://b.example/rss", str(opml), "https://d.example/rss", "https://c.example/rss"]
    expected = [f"https://{host}.example/rss" for host in ("b", "a", "c", "d")]
    assert resolve_feed_urls(listed) == expected
    assert resolve_feed_urls(expected) == expected  # the URLs the command line hands the graph
