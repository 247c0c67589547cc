"""`run --feeds` against feed servers that misbehave at the HTTP level (tests.support.hostile_http,
each on its own port of 127.0.0.1 so that no host breaker joins them): each hostile feed ends as
one error row naming what went wrong, and the well-behaved feed listed with them is written."""

import html

from tests.support.cli import run_command
from tests.support.feed_servers import feed_story
from tests.support.hostile_http import HOSTILE_ROUTES, bomb_body
from tests.support.http_site import Site, serve
from tests.support.tables import query

EXPECTED = {  # the feed's path -> the error row's (stage, error_type)
    "/bomb": ("fetch", "too_large"),
    "/endless": ("fetch", "too_large"),
    "/trickle": ("fetch", "timeout"),
    "/headers": ("fetch", "connection_error"),
    "/header-line": ("fetch", "connection_error"),
    "/length-too-long": ("fetch", "connection_error"),
    "/length-too-short": ("read", "SAXParseException"),  # the 30 bytes it said
    "/loop-a": ("fetch", "redirect_loop"),
    "/image": ("fetch", "bad_content_type"),
}


def _good_feed() -> bytes:
    items = "".join(
        f"<item><title>Harbour story {n}</title><link>http://news.example/{n}</link>"
        f"<guid>h{n}</guid><content:encoded><![CDATA[<p>{html.escape(feed_story(n))}</p>]]>"
        "</content:encoded></item>"
        for n in range(2)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Good</title>'
        f"<link>http://news.example/</link><language>en</language>{items}</channel></rss>"
    ).encode()


def test_each_hostile_feed_is_one_error_row_and_the_good_feed_is_written(tmp_path):
    bomb_body()  # built before the servers answer: its build time is not the server's answer
    site = Site()
    site.routes.update(HOSTILE_ROUTES)
    site.add("/good", 200, _good_feed(), {"Content-Type": "application/rss+xml"})
    servers, urls = [], {}
    for path in [*EXPECTED, "/good"]:
        server, base = serve(site)
        servers.append(server)
        urls[path] = base + path
    config = tmp_path / "fetch.yaml"
    config.write_text(
        "fetch:\n  retries: 0\n  connect_timeout_s: 3\n  read_timeout_s: 3\n  deadline_s: 6\n  per_host_delay_s: 0\n"
        "  max_bytes: 2000000\n"
    )
    args = ["--output", str(tmp_path / "out"), "--config", str(config), "--no-fetch", "--quiet"]
    for url in urls.values():
        args += ["--feeds", url]
    try:
        done = run_command(*args)
    finally:
        site.stop.set()
        for server in servers:
            server.shutdown()
    assert done.returncode == 0, done.stderr[-3000:]
    out = tmp_path / "out"
    errors = query(out, "SELECT source_ref, stage, error_type, error_message FROM errors")
    by_path = {ref.split("/", 3)[3]: (stage, kind) for ref, stage, kind, _ in errors}
    assert len(errors) == len(EXPECTED), errors
    assert by_path == {path.lstrip("/"): row for path, row in EXPECTED.items()}, errors
    articles = query(out, "SELECT title, feed_url FROM articles ORDER BY title")
    assert articles == [(f"Harbour story {n}", urls["/good"]) for n in range(2)]
    assert query(out, "SELECT count(*) FROM rejected") == [(0,)]
