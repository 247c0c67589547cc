"""Feeds over HTTP: ReadFeeds/FetchArticles pipelines, HTTP state, and `newsbeam run --feeds`."""

import datetime as dt
import json
import os

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.testing.util import assert_that, equal_to

from pipeline.cli.main import main
from tests.support.cli import commit_manifest
from tests.support.feed_pages import (
    feeds_manifest,
    full_item,
    link_item,
    news_site,
    page,
    rss,
    run_feeds,
)
from tests.support.http_site import etag_route
from tests.support.pipelines import counters
from tests.support.tables import rows
from transforms.core.record import Article, ErrorRow
from transforms.read.feed_entries import feed_items, fetched_article
from transforms.read.feeds import FetchArticles, ReadFeeds
from transforms.read.http_fetch import FetchConfig, FetchResult
from transforms.read.http_state import (
    FeedState,
    load_http_state,
    read_known_urls,
    state_payload,
    state_relpath,
)

CONFIG = FetchConfig(
    connect_timeout_s=1.0,
    read_timeout_s=1.0,
    deadline_s=3.0,
    retries=1,
    backoff_s=0.01,
    per_host_delay_s=0.0,
    allow_private=True,
)


# ---- pure functions -----------------------------------------------------------------------------


def test_feed_items_304_and_failure_keep_validators():
    prev = FeedState("http://f/x", '"e1"', "Mon, 01 Jan 2024 00:00:00 GMT", 200, "r0", "2026-11-21")
    r304 = FetchResult(url="http://f/x", final_url="http://f/x", status=304)
    items, state = feed_items("http://f/x", r304, prev, run_id="r1", run_date="2026-11-22")
    assert items == [] and state.etag == '"e1"' and state.status == 304 and state.run_id == "r1"
    failed = FetchResult(url="http://f/x", final_url="http://f/x", error="timeout", detail="slow")
    [row], state = feed_items("http://f/x", failed, prev, run_id="r1", run_date="2026-11-22")
    assert isinstance(row, ErrorRow) and row.error_type == "timeout" and row.stage == "fetch"
    assert row.url == "http://f/x" and "reason=timeout" in row.error_message
    assert state.last_modified == prev.last_modified


def test_fetched_article_sets_raw_or_error():
    a = Article(
        doc_id="d", source_path="f", source_ref="f#1", source_format="feed", url="http://p/1"
    )
    ok = FetchResult(
        url="http://p/1",
        final_url="http://p/1",
        status=200,
        body=b"<p>x</p>",
        headers=(("content-type", "text/html; charset=latin-1"),),
    )
    got = fetched_article(a, ok)
    assert got.raw == b"<p>x</p>" and got.encoding == "text/html; charset=latin-1"
    assert got.content_type == "html"
    bad = FetchResult(url="http://p/1", final_url="http://p/1", status=404, error="http_error")
    row = fetched_article(a, bad)
    assert isinstance(row, ErrorRow) and row.doc_id == "d" and "status=404" in row.error_message


def test_state_files_newest_wins_and_own_run_ignored(tmp_path):
    out = tmp_path / "out"
    folder = out / "_state" / "http"
    folder.mkdir(parents=True)
    for run_id, date, etag in (
        ("r1", "2026-11-20", "a"),
        ("r2", "2026-11-21", "b"),
        ("r3", "2026-11-23", "c"),
    ):
        state = FeedState("http://f/feed", etag, None, 200, run_id, date)
        (out / state_relpath(run_id)).write_bytes(
            state_payload([state], run_id=run_id, run_date=date)
        )
        commit_manifest(out, run_id, [state_relpath(run_id)])
    (folder / "feeds-crashed.json").write_bytes(  # no committed manifest lists it: never read
        state_payload(
            [FeedState("http://f/feed", "x", None, 200, "crashed", "2026-11-21")],
            run_id="crashed",
            run_date="2026-11-21",
        )
    )
    loaded = load_http_state(str(out), run_id="r9", run_date=dt.date(2026, 11, 22))
    assert loaded["http://f/feed"].etag == "b"  # r3 is a later date: a backfill ignores it
    assert (
        load_http_state(str(out), run_id="r2", run_date=dt.date(2026, 11, 21))["http://f/feed"].etag
        == "a"
    )
    assert load_http_state(str(tmp_path / "none"), run_id="x", run_date=dt.date(2026, 1, 1)) == {}


def test_read_known_urls_skips_own_run_and_later_dates(tmp_path):
    schema = pa.schema(
        [("url", pa.string()), ("canonical_url", pa.string()), ("source_ref", pa.string())]
    )
    for table, date, run_id, url in (
        ("articles", "2026-11-20", "old", "http://a/1"),
        ("duplicates", "2026-11-21", "old2", "http://a/2"),
        ("articles", "2026-11-22", "me", "http://a/3"),
        ("articles", "2026-11-25", "later", "http://a/4"),
    ):
        folder = tmp_path / table / f"ingest_date={date}"
        folder.mkdir(parents=True, exist_ok=True)
        rows = pa.table(
            {"url": [url], "canonical_url": [url + "?c"], "source_ref": ["f.xml#entry=0"]},
            schema=schema,
        )
        pq.write_table(rows, folder / f"part-{run_id}-00000.parquet")
        rel = f"{table}/ingest_date={date}/part-{run_id}-00000.parquet"
        commit_manifest(tmp_path, run_id, [rel])
    crashed = tmp_path / "articles" / "ingest_date=2026-11-21"  # killed during its commit
    crashed.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        pa.table(
            {"url": ["http://a/9"], "canonical_url": [None], "source_ref": ["x"]}, schema=schema
        ),
        crashed / "part-crashed-00000.parquet",
    )
    known = read_known_urls(str(tmp_path), run_id="me", run_date=dt.date(2026, 11, 22))
    assert known == {"http://a/1", "http://a/1?c", "http://a/2", "http://a/2?c"}
    recent = read_known_urls(
        str(tmp_path), run_id="me", run_date=dt.date(2026, 11, 22), lookback_days=1
    )
    assert recent == {"http://a/2", "http://a/2?c"}


# ---- pipelines ----------------------------------------------------------------------------------


def _run_feeds(runner, urls, config, state=None, known=frozenset()):
    p = beam.Pipeline(runner=runner)
    feeds = p | ReadFeeds(
        urls=urls, config=config, state=state or {}, run_id="r1", run_date=dt.date(2026, 11, 22)
    )
    fetched = feeds.main | FetchArticles(config=config, known_urls=known)
    return p, feeds, fetched


def test_read_feeds_and_fetch_pages_every_entry_accounted(runner, site):
    feed_url = news_site(site)
    site.add("/broken.xml", 200, b"<html><body>moved</body></html>", {"Content-Type": "text/html"})
    known = frozenset({"http://127.0.0.1/full/2"})
    urls = [feed_url, site.base + "/broken.xml", site.base + "/nofeed.xml"]
    p, feeds, fetched = _run_feeds(runner, urls, CONFIG, known=known)
    assert_that(
        fetched.main
        | beam.Map(lambda a: (a.hint_title, a.url.rsplit("/", 2)[-2:], a.raw is not None)),
        equal_to(
            [
                ("Full story 1", ["full", "1"], True),
                ("Linked one", ["page", "1"], True),
                ("Linked two", ["page", "2"], True),
            ]
        ),
        label="Articles",
    )
    assert_that(
        fetched.rejected | beam.Map(lambda r: (r.reason, r.url)),
        equal_to([("already_ingested", "http://127.0.0.1/full/2")]),
        label="Known",
    )
    assert_that(
        fetched.errors
        | beam.Map(lambda e: (e.stage, e.error_type, e.url, "status=404" in e.error_message)),
        equal_to([("fetch", "http_error", site.base + "/gone", True)]),
        label="PageErrors",
    )
    assert_that(
        feeds.errors | beam.Map(lambda e: (e.stage, e.error_type, e.source_path)),
        equal_to(
            [
                ("read", "NonXMLContentType", site.base + "/broken.xml"),
                ("fetch", "http_error", site.base + "/nofeed.xml"),
            ]
        ),
        label="FeedErrors",
    )
    assert_that(
        feeds.state | beam.Map(lambda s: (s.url.rsplit("/", 1)[-1], s.etag, s.status)),
        equal_to([("feed.xml", '"v1"', 200), ("broken.xml", None, 200), ("nofeed.xml", None, 404)]),
        label="State",
    )
    result = p.run()
    result.wait_until_finish()
    assert counters(result, "feeds") == {"fetched": 2, "failed": 1, "entries": 5}
    assert counters(result, "fetch")["dropped_already_ingested"] == 1
    page_paths = [path for path, _ in site.requests if path.startswith(("/page", "/gone"))]
    assert sorted(page_paths) == ["/gone", "/page/1", "/page/2"]


def test_304_feed_gives_nothing_and_private_pages_are_refused(runner, site):
    feed_url = news_site(site)
    state = {feed_url: FeedState(feed_url, '"v1"', None, 200, "r0", "2026-11-21")}
    p, feeds, fetched = _run_feeds(runner, [feed_url], CONFIG, state=state)
    assert_that(fetched.main, equal_to([]), label="NoArticles")
    assert_that(feeds.errors, equal_to([]), label="NoErrors")
    assert_that(
        feeds.state | beam.Map(lambda s: (s.etag, s.status)), equal_to([('"v1"', 304)]), label="S"
    )
    p.run().wait_until_finish()
    assert site.seen("/feed.xml")[0]["if-none-match"] == '"v1"'

    strict = FetchConfig(**{**CONFIG.__dict__, "allow_private": False})
    p, feeds, fetched = _run_feeds(runner, [feed_url], strict)
    assert_that(
        fetched.errors | beam.Map(lambda e: (e.error_type, e.url.rsplit("/", 1)[-1])),
        equal_to([("blocked_address", "1"), ("blocked_address", "2"), ("blocked_address", "gone")]),
    )
    p.run().wait_until_finish()  # the feed itself (listed by the user) was fetched
    assert not [path for path, _ in site.requests if path.startswith("/page")]


# ---- the CLI ------------------------------------------------------------------------------------


def test_cli_feeds_end_to_end_conditional_second_run(tmp_path, site):
    feed_url = news_site(site)
    out = tmp_path / "out"
    assert run_feeds(feed_url, out, "2026-11-22", tmp_path) == 0
    articles = rows(out, "articles")
    assert sorted(a["title"] for a in articles) == [
        "Full story 1",
        "Full story 2",
        "Linked one",
        "Linked two",
    ]
    assert {a["feed_url"] for a in articles} == {feed_url}
    assert {a["date_source"] for a in articles} == {"feed"}
    by_title = {a["title"]: a for a in articles}
    assert by_title["Full story 1"]["tags"] == ["Transport"]
    assert by_title["Linked one"]["url"] == site.base + "/page/1"
    assert "harbour authority" in by_title["Linked one"]["text"]
    [error] = rows(out, "errors")
    assert (error["stage"], error["error_type"], error["url"]) == (
        "fetch",
        "http_error",
        site.base + "/gone",
    )
    first = feeds_manifest(out, "2026-11-22")
    assert first["balanced"] and first["inputs"] == 5
    state = json.loads((out / state_relpath(first["run_id"])).read_text())
    assert state["feeds"][feed_url]["etag"] == '"v1"'
    assert state_relpath(first["run_id"]) in first["files"]
    assert "if-none-match" not in site.seen("/feed.xml")[0]

    # The next day: the feed has not changed; the request is conditional and nothing is written.
    assert run_feeds(feed_url, out, "2026-11-23", tmp_path) == 0
    assert site.seen("/feed.xml")[1]["if-none-match"] == '"v1"'
    second = feeds_manifest(out, "2026-11-23")
    assert second["balanced"] and second["inputs"] == 0
    assert len(rows(out, "articles")) == 4 and rows(out, "duplicates") == []

    # The day after: a new entry; the old ones are not fetched or written again.
    site.routes["/feed.xml"] = etag_route(
        rss(
            site.base,
            [
                full_item(1),
                link_item(site.base, "/page/1", "Linked one"),
                link_item(site.base, "/page/3", "Linked three"),
            ],
        ),
        '"v2"',
    )
    site.add("/page/3", 200, page(3), {"Content-Type": "text/html"})
    assert run_feeds(feed_url, out, "2026-11-24", tmp_path) == 0
    third = feeds_manifest(out, "2026-11-24")
    assert third["balanced"] and third["inputs"] == 3
    assert third["rejected"] == {"fetch:already_ingested": 2}
    titles = sorted(a["title"] for a in rows(out, "articles"))
    assert titles == ["Full story 1", "Full story 2", "Linked one", "Linked three", "Linked two"]
    assert len(site.seen("/page/1")) == 1 and rows(out, "duplicates") == []


def test_cli_rejects_bad_feed_settings(tmp_path, capsys):
    out = str(tmp_path / "out")
    assert main(["run", "--feeds", "ftp://x/feed", "--output", out]) == 2
    assert "must be an http(s) URL or an OPML file" in capsys.readouterr().err
    assert main(["run", "--feeds", str(tmp_path / "missing.opml"), "--output", out]) == 2
    assert "cannot read the OPML feed list" in capsys.readouterr().err
    # not XML: was exit 1 ("the run failed: XMLSyntaxError") after building the pipeline
    (tmp_path / "empty.opml").write_bytes(b"\0" * 4096)
    assert main(["run", "--feeds", str(tmp_path / "empty.opml"), "--output", out]) == 2
    assert "cannot read the OPML feed list" in capsys.readouterr().err
    # a device named as the list: was read to the end (16.8 GB, killed by the kernel)
    (tmp_path / "zero.opml").symlink_to("/dev/zero")
    assert main(["run", "--feeds", str(tmp_path / "zero.opml"), "--output", out]) == 2
    assert "more than 64 MB: not a feed list" in capsys.readouterr().err
    assert not os.path.exists(out)
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("fetch:\n  retries: -1\n")
    assert main(["run", "--feeds", "http://x/f", "--output", out, "--config", str(cfg)]) == 2
    assert "'fetch.retries' must be a whole number from 0 to 20" in capsys.readouterr().err


def test_cli_opml_feed_list(tmp_path, site):
    feed_url = news_site(site)
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline type="rss" xmlUrl="{feed_url}"/></body></opml>'
    )
    out = tmp_path / "out"
    assert run_feeds(str(opml), out, "2026-11-22", tmp_path) == 0
    assert len(rows(out, "articles")) == 4
