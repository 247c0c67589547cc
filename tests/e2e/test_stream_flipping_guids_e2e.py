"""A local stream polling a feed that gives every entry a new GUID on every request (127.0.0.1):
a story seen before under the same link and title, or without a link with the same text, is
``already_ingested`` whatever its GUID: its page is fetched once and it is written once, as an
article, and later polls add no duplicate rows."""

import html

from tests.support.feed_servers import feed_story, read_table, stream_until
from tests.support.http_site import Site, serve

POLLS = 5


def _page(title: str, text: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{html.escape(text)}</p></article></body></html>"
    ).encode()


def _feed(base: str, k: int) -> bytes:
    linked = "".join(
        f"<item><title>Linked {i}</title><link>{base}/story/{i}</link><guid isPermaLink='false'>l{i}-{k}</guid>"
        f"<description>Teaser {i}</description></item>"
        for i in range(3)
    )
    bare = "".join(
        f"<item><title>Note {i}</title><guid isPermaLink='false'>n{i}-{k}</guid>"
        f"<description>{html.escape(feed_story(400 + i))}</description></item>"
        for i in range(2)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<link>{base}/</link><language>en</language>{linked}{bare}</channel></rss>"
    ).encode()


def test_a_feed_flipping_guids_writes_each_story_once_and_fetches_its_page_once(tmp_path):
    site = Site()
    server, base = serve(site)
    for i in range(3):
        headers = {"Content-Type": "text/html; charset=utf-8"}
        site.add(f"/story/{i}", 200, _page(f"Linked {i}", feed_story(300 + i)), headers)

    def flip(handler, site):
        body = _feed(base, site.counts["/flip"])
        handler._send(200, {"Content-Type": "application/rss+xml"}, body)

    site.routes["/flip"] = flip
    out = tmp_path / "out"
    args = ["run", "--streaming", "--output", str(out), "--quiet", "--window", "1"]
    args += ["--poll-interval", "1", "--max-duration", "600", "--feeds", base + "/flip"]
    try:
        stream_until(args, lambda: site.counts.get("/flip", 0) >= POLLS + 1)
    finally:
        server.shutdown()

    titles = sorted(r["title"] for r in read_table(out, "articles"))
    assert titles == ["Linked 0", "Linked 1", "Linked 2", "Note 0", "Note 1"]
    duplicates = [(r["title"], r["match"]) for r in read_table(out, "duplicates")]
    assert duplicates == [], f"{len(duplicates)} duplicate rows after {POLLS}+ polls"
    assert [site.counts.get(f"/story/{i}", 0) for i in range(3)] == [1, 1, 1]
    rejected = [(r["reason"], r["title"]) for r in read_table(out, "rejected")]
    assert {reason for reason, _ in rejected} <= {"already_ingested"}, rejected
    print(f"\npolls {site.counts['/flip']}: {len(rejected)} already_ingested rows")
