"""A feed moved with a 301 whose new URL then fails (127.0.0.1): the error row names the feed
as configured, as its articles' feed_url and its committed state do, not the URL it moved to."""

from tests.support.feed_servers import Feed, feed_story, read_table, stream_until
from tests.support.http_site import Site, serve


def test_an_error_at_the_new_url_of_a_moved_feed_names_the_configured_url(tmp_path):
    site = Site()
    server, base = serve(site)
    site.add("/old", 301, headers={"Location": base + "/new"})
    feed = Feed()
    feed.add("once", "Moved once", feed_story(140), server.server_address[1])

    def new(handler, site):  # the feed once, then the new host fails
        if site.counts["/new"] == 1:
            return handler._send(200, {"Content-Type": "application/rss+xml"}, feed.body())
        handler._send(500, {"Content-Type": "text/plain"}, b"down")

    site.routes["/new"] = new
    out, config = tmp_path / "out", tmp_path / "stream.yaml"
    config.write_text("fetch:\n  retries: 0\n  pages: false\n")
    args = ["run", "--streaming", "--output", str(out), "--quiet", "--window", "1"]
    args += ["--poll-interval", "1", "--max-duration", "600", "--feeds", base + "/old"]
    try:
        stream_until(
            [*args, "--config", str(config)],
            lambda: out.exists() and len(read_table(out, "errors")) == 1,
            limit=300,
        )
    finally:
        server.shutdown()
    (article,) = read_table(out, "articles")
    assert (article["title"], article["feed_url"]) == ("Moved once", base + "/old")
    (error,) = read_table(out, "errors")
    assert (error["url"], error["source_path"]) == (base + "/old", base + "/old")
    assert "status=500" in error["error_message"] and base + "/new" in error["error_message"]
