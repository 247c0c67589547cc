"""A long local stream does not re-read its own growing output: each micro-batch window takes the
feed validators and the URLs written before from the driver's StreamMemory (read from the output
once, at the start, then added to from each committed window's manifest), and still writes every
story once. Real batch windows against a real feed server on 127.0.0.1."""

import datetime as dt

import pipeline.graph.feeds as graph_feeds
from pipeline.config.settings import load_settings
from pipeline.config.streaming import streaming_config
from pipeline.run.microbatch import _Driver
from pipeline.run.stream_memory import StreamMemory
from tests.support.feed_servers import feed_story as _story
from tests.support.feed_servers import read_table as _table
from transforms.read.http_fetch import HttpClient
from transforms.read.http_state import load_http_state, merge_url_dates, read_known_urls

WINDOWS = 6  # enough to show growth: a window that re-read the output would read more each time


def _today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()  # a window's run date


def _driver(out, url):
    settings = load_settings(None, {"output": str(out), "feeds": [url], "input": []})
    stream = streaming_config(settings.streaming, window_s=1, poll_s=1)
    return _Driver(settings, stream, [], {}, None)


def test_many_windows_read_only_their_own_files_and_write_each_story_once(
    tmp_path,
    feed_server,
    monkeypatch,
):
    feed, port = feed_server
    url = f"http://127.0.0.1:{port}/feed.xml"
    out = tmp_path / "out"
    feed.add("g0", "Story 0", _story(300), port)
    first = _driver(out, url)  # an earlier stream of the same output: one committed window
    first.load_memory()
    client = HttpClient(first.fetch)
    first.window(first.changed_feeds(client, 0.0), [])
    client.close()

    driver = _driver(out, url)
    driver.load_memory()  # the one read of the output's state and written URLs
    # The entry's link with its guid (``http_state.known_key``): another guid may share a link.
    known = driver.memory.known_urls(_today())
    assert any(k.startswith(f"http://127.0.0.1:{port}/a/g0\x1f") for k in known)

    def no_reread(*_args, **_kwargs):
        raise AssertionError("a window read the whole output again")

    monkeypatch.setattr(graph_feeds, "read_known_urls", no_reread)
    monkeypatch.setattr(graph_feeds, "load_http_state", no_reread)
    client = HttpClient(driver.fetch)
    reads = []
    try:
        for n in range(1, WINDOWS + 1):
            feed.add(f"g{n}", f"Story {n}", _story(300 + n), port)  # the feed keeps the old ones
            before = driver.memory.files_read
            driver.window(driver.changed_feeds(client, 1000.0 * n), [])
            reads.append(driver.memory.files_read - before)
    finally:
        client.close()
    windows = driver.windows
    assert len(windows) == WINDOWS
    for n, window in enumerate(windows, 1):
        assert window["tables"]["articles"] == 1, window  # the one new story
        assert window["rejected"].get("fetch:already_ingested") == n, window  # all the others
    # What a window reads stays the size of its own output: its articles and duplicates files
    # (every table always has one) and its HTTP state file, the last window as the first.
    assert reads == [3] * WINDOWS, reads
    links = sorted(r["url"].rsplit("/", 1)[-1] for r in _table(out, "articles"))
    assert links == sorted(f"g{n}" for n in range(WINDOWS + 1))  # every story once
    assert {r["text"] for r in _table(out, "articles")} == {
        _story(300 + n) for n in range(WINDOWS + 1)
    }
    assert _table(out, "duplicates") == []
    # The memory holds what a fresh read of the committed output finds.
    monkeypatch.undo()
    today = _today()
    fresh = StreamMemory(str(out), lookback_days=30, state_days=30).load(run_id="x", run_date=today)
    assert driver.memory.known_urls(today) == read_known_urls(
        str(out), run_id="x", run_date=today, lookback_days=30
    )
    assert driver.memory.feed_state() == fresh.feed_state()
    disk = load_http_state(str(out), run_id="x", run_date=today)
    assert {u: s.etag for u, s in driver.memory.feed_state().items()} == {
        u: s.etag for u, s in disk.items()
    }


def test_known_urls_keep_the_newest_date_and_the_lookback():
    urls: dict = {}
    merge_url_dates(urls, {"a": "2026-01-01", "b": "2026-01-05", "c": ""})
    merge_url_dates(urls, {"a": "2026-01-03", "b": "2026-01-02", "c": "2026-01-01"})
    assert urls == {"a": "2026-01-03", "b": "2026-01-05", "c": ""}
    memory = StreamMemory("unused", lookback_days=2, state_days=0)
    memory.urls = dict(urls, old="2025-12-01", later="2026-02-01")
    assert memory.known_urls(dt.date(2026, 1, 5)) == {"a", "b", "c"}
    assert memory.known_urls(dt.date(2026, 1, 4)) == {"a", "c"}
    memory.lookback_days = None  # fetch.known_urls_days 0: every earlier date
    assert memory.known_urls(dt.date(2026, 1, 5)) == {"a", "b", "c", "old"}
