"""A local stream against feed hosts that misbehave, on 127.0.0.1 (no retries within a fetch, so
each poll is one request): a feed that answers HTML is one error row with its reason (not one per
poll); a feed that answers 429 then 503 is one outage, one row (its first reason, the 429),
then written once it answers, without holding the others; a feed whose 429 says Retry-After: 3600 is not asked again
within the hour; a feed moved with a 301 is asked at its new URL from the next poll on; a feed
whose GUIDs change and whose order flips on every poll writes each story once (its later copies
are duplicates)."""

import html
import signal

from tests.support import cli
from tests.support.feed_servers import feed_story, read_table, wait_for
from tests.support.http_site import Site, serve


def _rss(items) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>http://news.example/{slug}</link><guid>{guid}</guid>"
        f"<content:encoded><![CDATA[<p>{html.escape(text)}</p>]]></content:encoded></item>"
        for guid, title, slug, text in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>'
        f"<link>http://news.example/</link><language>en</language>{body}</channel></rss>"
    ).encode()


def _site() -> tuple:
    site = Site()
    server, base = serve(site)
    moved = _rss([(f"m{i}", f"Moved {i}", f"moved/{i}", feed_story(100 + i)) for i in range(2)])
    busy = _rss([(f"b{i}", f"Busy {i}", f"busy/{i}", feed_story(200 + i)) for i in range(2)])
    site.add("/old", 301, headers={"Location": base + "/new"})
    site.add("/html", 200, b"<html><body><p>Not a feed</p></body></html>", {"Content-Type": "text/html"})  # fmt: skip

    def new(handler, _site):
        if handler.headers.get("If-None-Match") == '"m1"':
            return handler._send(304, {"ETag": '"m1"'}, b"")
        handler._send(200, {"ETag": '"m1"', "Content-Type": "application/rss+xml"}, moved)

    def slow_down(handler, site):
        if site.counts["/busy"] <= 2:  # 429, then 503, each with Retry-After: 2
            status = 429 if site.counts["/busy"] == 1 else 503
            return handler._send(status, {"Retry-After": "2", "Content-Type": "text/plain"}, b"")
        handler._send(200, {"Content-Type": "application/rss+xml"}, busy)

    def flip(handler, site):
        k = site.counts["/flip"]
        items = [(f"f{i}-{k}", f"Flip {i}", f"flip/{i}", feed_story(300 + i)) for i in range(3)]
        body = _rss(items[:: -1 if k % 2 else 1])
        handler._send(200, {"ETag": f'"flip{k}"', "Content-Type": "application/rss+xml"}, body)

    site.add("/pause", 429, b"", {"Retry-After": "3600", "Content-Type": "text/plain"})
    site.routes.update({"/new": new, "/busy": slow_down, "/flip": flip})
    return site, server, base


def test_hostile_feed_hosts_end_as_rows_once_and_every_story_is_written_once(tmp_path):
    site, server, base = _site()
    out, config = tmp_path / "out", tmp_path / "stream.yaml"
    config.write_text("fetch:\n  retries: 0\n")
    args = ["run", "--streaming", "--output", str(out), "--quiet", "--window", "1"]
    args += ["--poll-interval", "1", "--max-duration", "600", "--config", str(config)]
    for path in ("/old", "/html", "/busy", "/flip", "/pause"):
        args += ["--feeds", base + path]
    proc = cli.start(*args)
    try:

        def done() -> bool:
            titles = {r["title"] for r in read_table(out, "articles")} if out.exists() else set()
            # every count asserted below, reached: under load the feeds' polls do not keep pace
            polled = all(site.counts.get(p, 0) >= 3 for p in ("/flip", "/html", "/new"))
            return {"Busy 0", "Busy 1"} <= titles and polled

        wait_for(done, proc, limit=400)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=240) == 130
    finally:
        proc.kill()
        proc.communicate()
        server.shutdown()

    articles = sorted(r["title"] for r in read_table(out, "articles"))
    expected = ["Busy 0", "Busy 1", "Flip 0", "Flip 1", "Flip 2", "Moved 0", "Moved 1"]
    assert articles == expected
    errors = sorted((e["source_ref"], e["error_type"], e["error_message"]) for e in read_table(out, "errors"))  # fmt: skip
    assert [e[:2] for e in errors] == [
        (f"{base}/busy", "http_error"),  # the 503 after its 429: the same outage
        (f"{base}/html", "NonXMLContentType"),
        (f"{base}/pause", "http_error"),
    ], errors
    assert sorted("HTTP 429" in e[2] for e in errors) == [False, True, True], errors
    assert site.counts["/html"] >= 3  # polled again, unchanged: no second error row
    assert site.counts["/pause"] == 1  # Retry-After: 3600
    assert {r["title"] for r in read_table(out, "duplicates")} <= {"Flip 0", "Flip 1", "Flip 2"}
    # The 301 is followed once; then the new URL is asked, conditionally (ETag of the last commit).
    assert site.counts["/old"] == 1 and len(site.seen("/new")) >= 3
    assert all(h.get("if-none-match") == '"m1"' for h in site.seen("/new")[1:])
