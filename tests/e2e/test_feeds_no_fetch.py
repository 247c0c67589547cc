"""`run --no-fetch` (fetch.pages: false): feed files read offline, no entry link fetched.

A captured feed's entries link to hosts that cannot be reached without a network; the run must
not spend its time on them. Against a real server on 127.0.0.1 that logs every request: with the
flag it sees none, without it the same feed's links are fetched.
"""

import json

from tests.e2e.test_feeds_fallback import _entry
from tests.support.cli import run_command
from tests.support.feed_pages import rss, story
from tests.support.http_site import Site, serve
from tests.support.tables import query

PAGE = b"<html><head><title>Page</title></head><body><article><p>%s</p></article></body></html>"


def _run(tmp_path, name, *flags):
    site = Site()
    server, base = serve(site)
    try:
        for n in range(3):
            site.add(
                f"/story/{n}", 200, PAGE % story(10 + n).encode(), {"Content-Type": "text/html"}
            )
        entries = [_entry(n, f"{base}/story/{n}", summary=f"<p>{story(n)}</p>") for n in range(2)]
        entries.append(_entry(2, f"{base}/story/2", summary="A short teaser. Read more"))
        feed = tmp_path / f"{name}.xml"
        feed.write_bytes(rss(base, entries))
        cfg = tmp_path / "fetch.yaml"
        cfg.write_text("fetch:\n  allow_private: true\n  per_host_delay_s: 0\n")
        out = tmp_path / name
        done = run_command(
            "--input", str(feed), "--output", str(out), "--config", str(cfg),
            "--run-date", "2026-11-18", *flags,
        )  # fmt: skip
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr[-3000:]
    return out, [path for path, _ in site.requests]


def _rows(out, select, table, tail=""):
    return query(out, f"SELECT {select} FROM {table} {tail}")


def test_no_fetch_reads_the_feed_text_and_requests_nothing(tmp_path):
    out, requests = _run(tmp_path, "offline", "--no-fetch")
    assert requests == []
    kept = _rows(out, "title, text_source, text", "articles", "ORDER BY title")
    assert kept == [("Story 0", "feed_summary", story(0)), ("Story 1", "feed_summary", story(1))]
    rejected = _rows(out, "title, stage, reason", "rejected")
    assert rejected == [("Story 2", "fetch", "not_fetched")]
    assert _rows(out, "count(*)", "errors") == [(0,)]
    [manifest] = (out / "_runs").glob("*.json")
    facts = json.loads(manifest.read_text())
    assert facts["balanced"] and facts["inputs"] == 3
    assert facts["config"]["fetch"]["pages"] is False


def test_without_the_flag_the_same_links_are_fetched(tmp_path):
    out, requests = _run(tmp_path, "online")
    assert sorted(requests) == ["/story/0", "/story/1", "/story/2"]
    kept = _rows(out, "title, text_source, text", "articles", "ORDER BY title")
    assert [(t, s) for t, s, _ in kept] == [(f"Story {n}", "page") for n in range(3)]
    assert kept[0][2] == story(10)
