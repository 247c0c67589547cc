"""A feed moved with a 301 is asked at its new URL by a restarted stream too (127.0.0.1): the
stream's committed feed state keeps where it moved, so the old URL is asked once in all."""

from tests.support.feed_servers import feed_story, read_table, stream_until
from tests.support.http_site import Site, serve


def _rss() -> bytes:
    items = "".join(
        f"<item><title>Moved {i}</title><link>http://news.example/moved/{i}</link>"
        f"<guid isPermaLink='false'>m{i}</guid><description>{feed_story(100 + i)}</description>"
        "</item>"
        for i in range(2)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<link>http://news.example/</link><language>en</language>{items}</channel></rss>"
    ).encode()


def _stream(out, url, until, config) -> None:
    args = ["run", "--streaming", "--output", str(out), "--quiet", "--window", "1"]
    args += ["--poll-interval", "1", "--max-duration", "600", "--feeds", url]
    stream_until([*args, "--config", str(config)], until, limit=300)


def test_a_restarted_stream_asks_a_moved_feed_at_its_new_url(tmp_path):
    site = Site()
    server, base = serve(site)
    site.add("/old", 301, headers={"Location": base + "/new"})
    site.add("/new", 200, _rss(), {"Content-Type": "application/rss+xml"})
    out, config = tmp_path / "out", tmp_path / "stream.yaml"
    config.write_text("fetch:\n  retries: 0\n  pages: false\n")
    try:

        def written() -> bool:
            return out.exists() and len(read_table(out, "articles")) == 2

        _stream(out, base + "/old", written, config)
        asked = len(site.seen("/new"))
        _stream(out, base + "/old", lambda: len(site.seen("/new")) >= asked + 2, config)
    finally:
        server.shutdown()
    assert site.counts["/old"] == 1
    assert sorted(r["title"] for r in read_table(out, "articles")) == ["Moved 0", "Moved 1"]
