"""One URL, several stories (issue 26), through the CLI: a job feed whose ads all link to one
page keeps every ad (and a rerun the same rows), a site whose pages all claim one section page as
canonical keeps every page, and a stream keeps an edited entry one article while a new entry
sharing its link is an article of its own."""

import html
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.support.cli import DAY1, DAY2, newsbeam
from tests.support.feed_servers import Feed, feed_story, read_table, serve_feed, wait_for
from tests.support.paths import ROOT
from tests.support.tables import query

APPLY = "https://jobs.example/apply"
SITE = "https://site.example/"
# A template bug gives every page one canonical URL; one that is the home page itself is
# dropped at extraction (``metadata.normalize_canonical``), a section page is not.
SECTION = "https://site.example/news/"


def _rss(items, link_of=lambda guid: APPLY) -> str:
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{link_of(guid)}</link>"
        f'<guid isPermaLink="false">{guid}</guid>'
        f"<pubDate>Thu, {n + 1:02d} Oct 2026 09:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{html.escape(text)}</p>]]></content:encoded></item>"
        for n, (guid, title, text) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Jobs</title><link>https://jobs.example/</link><language>en</language>"
        f"{entries}</channel></rss>"
    )


def _run(inputs: Path, out: Path, day: str) -> None:
    args = ["run", "--input", str(inputs), "--output", str(out), "--run-date", day]
    done = newsbeam(*args, "--no-fetch", "--quiet")
    assert done.returncode == 0, done.stderr


ADS = [(f"ad-{n}", f"Ad {n}: {job}", feed_story(300 + n)) for n, job in enumerate(
    ["welder", "nurse", "baker", "driver", "teacher", "plumber"]
)]  # fmt: skip


def test_a_feed_whose_ads_share_one_link_keeps_every_ad_and_a_rerun_the_same_rows(tmp_path):
    feed = tmp_path / "in" / "jobs.xml"
    feed.parent.mkdir()
    repost = ("ad-0-repost", "Ad 0 again", ADS[0][2])  # the same ad under a second guid
    feed.write_text(_rss([*ADS, repost]), encoding="utf-8")
    out = tmp_path / "out"
    _run(feed.parent, out, DAY1)

    sql = "SELECT title, article_id, id_source, url, cluster_id FROM articles ORDER BY title"
    rows = query(out, sql)
    assert [r[0] for r in rows] == [title for _, title, _ in ADS]
    assert len({r[1] for r in rows}) == len(ADS)  # one id each
    assert {r[3] for r in rows} == {APPLY}
    assert sorted(r[2] for r in rows) == ["canonical_url"] + ["entry_id"] * (len(ADS) - 1)
    assert all(r[1] == r[4] for r in rows)
    ad0 = next(r[1] for r in rows if r[0].startswith("Ad 0"))
    dups = query(out, "SELECT title, match, duplicate_of FROM duplicates")
    assert dups == [("Ad 0 again", "exact", ad0)]  # a real copy is still one

    _run(feed.parent, out, DAY1)  # a rerun of the day: the same rows
    assert query(out, sql) == rows
    assert query(out, "SELECT title, match, duplicate_of FROM duplicates") == dups

    # The next day the feed has one more ad: the known ones are already ingested (link and
    # guid), the new one is an article under an id of its own, not a copy of a prior ad.
    feed.write_text(_rss([*ADS, ("ad-9", "Ad 9: gardener", feed_story(399))]), encoding="utf-8")
    _run(feed.parent, out, DAY2)
    new = query(out, f"SELECT title, id_source FROM articles WHERE ingest_date = '{DAY2}'")
    assert new == [("Ad 9: gardener", "entry_id")]
    reasons = query(
        out, f"SELECT reason, count(*) FROM rejected WHERE ingest_date = '{DAY2}' GROUP BY 1"
    )
    assert reasons == [("already_ingested", len(ADS))]
    assert len(query(out, "SELECT DISTINCT article_id FROM articles")) == len(ADS) + 1


def _page(n: int, text: str) -> str:
    return (
        f'<html><head><title>Post {n}</title><link rel="canonical" href="{SECTION}"></head>'
        f"<body><article><h1>Post {n}</h1><p>{html.escape(text)}</p></article></body></html>"
    )


def test_pages_that_all_claim_one_section_page_as_canonical_are_each_an_article(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    posts = {n: feed_story(500 + n, words=160) for n in range(4)}
    lines = [{"url": f"{SITE}post-{n}.html", "html": _page(n, text)} for n, text in posts.items()]
    # Post 1 fetched again after a correction: the same URL and nearly the same text.
    corrected = posts[1].replace(" today.", " yesterday.", 1)
    lines.append({"url": f"{SITE}post-1.html", "html": _page(1, corrected)})
    (inputs / "site.jsonl").write_text("\n".join(map(json.dumps, lines)) + "\n")
    out = tmp_path / "out"
    _run(inputs, out, DAY1)

    rows = query(out, "SELECT title, canonical_url, id_source, article_id FROM articles ORDER BY 1")
    assert [r[0] for r in rows] == ["Post 0", "Post 1", "Post 2", "Post 3"]
    assert {r[1] for r in rows} == {SECTION}  # what the pages claim, as they claim it
    assert sorted(r[2] for r in rows) == ["canonical_url", "url", "url", "url"]
    assert len({r[3] for r in rows}) == 4
    post1 = next(r[3] for r in rows if r[0] == "Post 1")
    [(title, kind, of, sim)] = query(
        out, "SELECT title, match, duplicate_of, similarity FROM duplicates"
    )
    assert (title, kind, of) == ("Post 1", "url", post1) and sim > 0.5


class _SharedLinkFeed(Feed):
    """The RSS feed of the stream tests, every entry linking to one page."""

    def body(self) -> bytes:
        with self.lock:
            items = [(guid, title, text) for guid, title, text, *_ in self.entries]
        return _rss(items).encode("utf-8")


def test_a_stream_keeps_an_edited_entry_one_article_and_a_new_entry_on_its_link_apart(tmp_path):
    feed = _SharedLinkFeed()
    server = serve_feed(feed)
    port = server.server_address[1]
    out = tmp_path / "out"
    try:
        feed.add("ad-0", "Ad 0: welder", feed_story(700), port)
        feed.add("ad-1", "Ad 1: nurse", feed_story(701), port)
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "run", "--streaming", "--output", str(out),
             "--feeds", f"http://127.0.0.1:{port}/jobs.xml", "--window", "3",
             "--poll-interval", "1"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        wait_for(lambda: len(read_table(out, "articles")) >= 2, proc, limit=180)
        # The employer rewrites ad 0 (same guid, same link) and a new ad links to the same page.
        with feed.lock:
            guid, title, _, p, added = feed.entries[0]
            feed.entries[0] = (guid, "Ad 0: welder (updated)", feed_story(710), p, added)
        feed.add("ad-2", "Ad 2: baker", feed_story(702), port)
        wait_for(lambda: len(read_table(out, "articles")) >= 3, proc, limit=180)
        time.sleep(4)  # one more window: nothing else may be written
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 130, stderr
    finally:
        server.shutdown()
        server.server_close()
    articles = read_table(out, "articles")
    assert sorted(r["title"] for r in articles) == ["Ad 0: welder", "Ad 1: nurse", "Ad 2: baker"]
    assert len({r["article_id"] for r in articles}) == 3
    assert {r["text"] for r in articles if r["title"] == "Ad 0: welder"} == {feed_story(700)}
    rejected = read_table(out, "rejected")
    # The changed feed is read again whole: its known entries (link and guid) are not new.
    assert sorted((r["title"], r["reason"]) for r in rejected) == [
        ("Ad 0: welder (updated)", "already_ingested"),
        ("Ad 1: nurse", "already_ingested"),
    ]
    assert read_table(out, "duplicates") == []
