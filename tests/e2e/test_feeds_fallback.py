"""Feed entries whose page cannot be had keep the feed's own text; a dead host costs seconds.

Through the CLI against real servers on 127.0.0.1: a feed server and a second server that
accepts connections and never answers.
"""

import json

import duckdb

from tests.support.cli import run_command
from tests.support.feed_pages import rss, story
from tests.support.http_site import SilentServer, Site, etag_route, serve


def _entry(n: int, link: str, *, summary: str = "", content: str = "") -> str:
    parts = [f"<item><title>Story {n}</title><link>{link}</link><guid>g-{n}</guid>"]
    parts.append("<pubDate>Tue, 17 Nov 2026 08:00:00 GMT</pubDate>")
    if summary:
        parts.append(f"<description><![CDATA[{summary}]]></description>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return "".join(parts) + "</item>"


LISTING = (
    b"<html><head><title>Section</title></head><body><nav>Home | World | Sport</nav>"
    b"<ul><li><a href='/a'>One</a></li><li><a href='/b'>Two</a></li></ul></body></html>"
)


def test_entries_linking_to_a_dead_host_keep_the_feed_text(tmp_path):
    silent = SilentServer()
    site = Site()
    server, base = serve(site)
    try:
        entries = [
            _entry(n, f"{silent.base}/story/{n}", summary=f"<p>{story(n)}</p>") for n in range(40)
        ]
        # A page that is no article (a section listing): the summary stands in for it.
        entries.append(_entry(40, f"{base}/listing", summary=f"<p>{story(40)}</p>"))
        # The feed carries the whole story: no fetch at all.
        entries.append(_entry(41, f"{silent.base}/full", content=f"<p>{story(41)}</p>"))
        # A one-line teaser on a dead link: nothing to keep, the fetch failure is the row.
        entries.append(_entry(42, f"{silent.base}/teaser", summary="Read more"))
        site.routes["/feed.xml"] = etag_route(rss(base, entries), '"v1"')
        site.add("/listing", 200, LISTING, {"Content-Type": "text/html"})
        cfg = tmp_path / "fetch.yaml"
        cfg.write_text(
            "fetch:\n  allow_private: true\n  per_host_delay_s: 0\n  read_timeout_s: 1\n"
            "  connect_timeout_s: 1\n  deadline_s: 2\n"
        )
        out = tmp_path / "out"
        done = run_command(
            "--feeds", f"{base}/feed.xml", "--output", str(out), "--config", str(cfg),
            "--run-date", "2026-11-18",
        )  # fmt: skip
    finally:
        server.shutdown()
        silent.close()
    assert done.returncode == 0, done.stderr[-3000:]
    db = duckdb.connect()
    rows = db.sql(
        f"SELECT title, text, text_source, url FROM read_parquet('{out}/articles/**/*.parquet', "
        "hive_partitioning=true) ORDER BY title"
    ).fetchall()
    by_title = {title: (text, source, url) for title, text, source, url in rows}
    assert len(rows) == 42
    for n in range(40):
        text, source, url = by_title[f"Story {n}"]
        assert source == "feed_summary" and url == f"{silent.base}/story/{n}"
        assert text == story(n)
    assert by_title["Story 40"][:2] == (story(40), "feed_summary")
    assert by_title["Story 41"][:2] == (story(41), "feed_content")
    [error] = db.sql(
        f"SELECT error_type, url, error_message FROM read_parquet('{out}/errors/**/*.parquet', "
        "hive_partitioning=true)"
    ).fetchall()
    # Its own timeout if it was among the first URLs tried, else the open breaker.
    assert error[0] in ("timeout", "host_unavailable") and error[1] == f"{silent.base}/teaser"
    # A few timeouts opened the breaker; the other URLs failed at once.
    assert silent.accepted <= 4
    [manifest_path] = (out / "_runs").glob("*.json")
    manifest = json.loads(manifest_path.read_text())
    assert manifest["balanced"] and manifest["inputs"] == 43
    assert manifest["metrics"]["fetch"]["feed_text_instead"] == 40
    assert manifest["metrics"]["extract"]["feed_text_instead"] == 1


def test_which_text_an_entry_keeps():
    from transforms.core.record import Article, ErrorRow
    from transforms.extract.html import Extracted
    from transforms.extract.stage import prefer_feed_text
    from transforms.read.feed_entries import fetched_article
    from transforms.read.http_fetch import FetchResult

    def page(text, is_article=True):
        return Extracted(text=text, is_article=is_article)

    summary = page("word " * 60)
    assert prefer_feed_text(page("", is_article=False), summary)  # a listing, a consent wall
    assert prefer_feed_text(page("Subscribe to read."), summary)  # a paywall teaser
    assert not prefer_feed_text(page("word " * 400), summary)  # the page has the article
    assert not prefer_feed_text(page("", is_article=False), page(""))  # nothing better

    entry = Article(
        doc_id="d", source_path="f", source_ref="f#1", source_format="feed",
        url="http://x.org/a", hint_title="T", feed_text="<p>" + "word " * 60 + "</p>",
        text_source="page",
    )  # fmt: skip
    failed = FetchResult(url="http://x.org/a", final_url="http://x.org/a", error="timeout")
    kept = fetched_article(entry, failed, min_words=50)
    assert kept.text_source == "feed_summary" and b"<title>T</title>" in kept.raw
    assert kept.feed_text is None
    assert isinstance(fetched_article(entry, failed, min_words=61), ErrorRow)
    ok = FetchResult(url="http://x.org/a", final_url="http://x.org/a", status=200, body=b"<p>x</p>")
    assert fetched_article(entry, ok).text_source == "page"
