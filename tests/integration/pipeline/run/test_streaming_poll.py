"""Streaming polls end to end, against a real feed server on 127.0.0.1: per-feed intervals,
feed validators committed with the windows (a restart's first poll is a 304), --stop-after."""

import json
from pathlib import Path

from pipeline.config.settings import load_settings
from pipeline.config.streaming import streaming_config
from pipeline.graph.feeds import resolve_feed_urls
from pipeline.run.streaming import StreamingConfig, read_window_manifests, run_streaming
from tests.support.feed_servers import feed_story
from tests.support.tables import rows


def _stream_manifest(out: Path, run_id: str) -> dict:
    return json.loads((out / "_runs" / f"{run_id}.json").read_text())


def _run_ids(out: Path) -> list:
    return sorted(d.name for d in (out / "_runs").iterdir() if d.is_dir())


def test_each_feed_is_polled_at_its_own_interval(tmp_path, site):
    fast, slow = f"{site.base}/fast.xml", f"{site.base}/slow.xml"
    site.add("/fast.xml", "fast-1", feed_story(1))
    site.add("/slow.xml", "slow-1", feed_story(2))
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "a.txt").write_text(feed_story(3), encoding="utf-8")
    settings = load_settings(
        None, {"input": [str(inbox / "*.txt")], "feeds": [fast, slow], "output": str(out)}
    )
    # As in YAML: feeds: [{url: .../fast.xml, poll_minutes: 0.02}, .../slow.xml]
    stream = streaming_config(
        None,
        feeds=[{"url": fast, "poll_minutes": 1 / 60}, slow],
        resolve=resolve_feed_urls,
        window_s=30,
        poll_s=3,
        max_duration_s=6,
    )
    assert stream.feed_poll_s == ((fast, 1.0),)
    assert run_streaming(settings, stream, engine="beam") == 0

    # Ticks every second (the shortest interval) at start + 0..5 s: the fast feed is fetched at
    # every tick, the slow feed and the folder (default 3 s) at ticks 0 and 3 only.
    assert len(site.requests("/fast.xml")) == 6
    assert len(site.requests("/slow.xml")) == 2
    (run_id,) = _run_ids(out)
    metrics = _stream_manifest(out, run_id)["metrics"]["stream"]
    assert (metrics["ticks"], metrics["feed_polls"], metrics["files_read"]) == (6, 8, 1)
    # Conditional GETs after the first: the unchanged feeds answer 304 and add nothing.
    assert [status for _, status, _ in site.requests("/fast.xml")] == [200] + [304] * 5
    print(
        f"\nper-feed intervals: ticks {metrics['ticks']}, /fast.xml (1 s) "
        f"{len(site.requests('/fast.xml'))} requests, /slow.xml (3 s) "
        f"{len(site.requests('/slow.xml'))} requests, "
        f"304s {metrics['feed_not_modified']}"
    )
    urls = sorted(r["url"] or r["source_path"] for r in rows(out, "articles"))
    assert urls == sorted(["http://news.example/fast-1", "http://news.example/slow-1"] + [
        str(inbox / "a.txt")
    ])  # fmt: skip


def test_validators_are_committed_with_the_window_and_a_restart_starts_with_a_304(tmp_path, site):
    url = f"{site.base}/feed.xml"
    site.add("/feed.xml", "g1", feed_story(11))
    site.add("/feed.xml", "g2", feed_story(12))
    out = tmp_path / "out"
    settings = load_settings(None, {"feeds": [url], "input": [], "output": str(out)})
    assert (
        run_streaming(
            settings, StreamingConfig(window_s=60, poll_s=1, max_duration_s=3), engine="beam"
        )
        == 0
    )
    (first_run,) = _run_ids(out)
    first_requests = len(site.log)
    assert [s for _, s, _ in site.log] == [200] + [304] * (first_requests - 1)

    # The validators of the poll that read g1 and g2 were committed with their window, in the
    # batch format (what load_http_state reads).
    (window,) = [m["window"] for m in read_window_manifests(str(out), first_run)]
    state_file = out / "_state" / "http" / f"feeds-{first_run}-{window}.json"
    state = json.loads(state_file.read_text())
    assert state["run_id"] == first_run and list(state["feeds"]) == [url]
    etag = state["feeds"][url]["etag"]
    assert etag == site.etag_served  # the server's ETag, kept for the next run
    assert (
        f"_state/http/feeds-{first_run}-{window}.json"
        in read_window_manifests(str(out), first_run)[0]["files"]
    )

    # A restarted stream (new run id) sends If-None-Match on its very first poll: 304.
    assert (
        run_streaming(
            settings, StreamingConfig(window_s=60, poll_s=1, max_duration_s=2), engine="beam"
        )
        == 0
    )
    restart = site.log[first_requests:]
    assert restart and restart[0] == ("/feed.xml", 304, etag)
    assert all(status == 304 for _, status, _ in restart)
    print(
        f"\nvalidators: first run {first_requests} requests "
        f"({[st for _, st, _ in site.log[:first_requests]]}), state file {state_file.name}; "
        f"restart {len(restart)} requests ({[st for _, st, _ in restart]})"
    )
    assert sorted(r["url"] for r in rows(out, "articles")) == [
        "http://news.example/g1",
        "http://news.example/g2",
    ]
    # Nothing changed, so the restart commits no validators of its own.
    assert sorted(p.name for p in (out / "_state" / "http").iterdir()) == [state_file.name]


def test_stop_after_counts_new_items_only_then_commits_every_window(tmp_path, site, capsys):
    site.etags = False  # every poll is a full 200 with the entries already read
    url = f"{site.base}/feed.xml"
    site.add("/feed.xml", "s1", feed_story(21))
    site.add("/feed.xml", "s2", feed_story(22))

    def later(number: int) -> None:
        if number == 5:  # read 4 times with the same 2 entries; the 5th answer adds a third
            site.add("/feed.xml", "s3", feed_story(23))

    site.on_request = later
    out = tmp_path / "out"
    settings = load_settings(None, {"input": [], "feeds": [url], "output": str(out)})
    stream = StreamingConfig(window_s=2, poll_s=1, stop_after_items=3, max_duration_s=120)
    code = run_streaming(settings, stream, engine="beam")  # the Beam graph's DropSeen counts
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "stopped by stop_after_items (3 new items read)" in printed
    (run_id,) = _run_ids(out)
    manifest = _stream_manifest(out, run_id)
    stream = manifest["metrics"]["stream"]
    # Re-served entries are not new: the source read s1, s2 four times before s3 appeared.
    assert stream["stopped_after_items"] == 1
    assert stream["feed_polls"] == stream["ticks"] == len(site.log) == 5  # not 120 ticks
    assert stream["dropped_seen"] == 2 * 4
    # Every window was committed: the three stories are in the tables and balanced.
    assert sorted(r["url"] for r in rows(out, "articles")) == [
        f"http://news.example/s{i}" for i in (1, 2, 3)
    ]
    windows = read_window_manifests(str(out), run_id)
    assert sum(m["inputs"] for m in windows) == 3 and manifest["balanced"]
    assert manifest["windows"] == len(windows) >= 1
    assert not (out / "_staging").exists() or not list((out / "_staging").rglob("*.parquet"))
    print(
        f"\nstop-after 3: feed requests {len(site.log)}, ticks {stream['ticks']}, "
        f"dropped_seen {stream['dropped_seen']}, windows {len(windows)}, "
        f"wall {manifest['wall_seconds']} s"
    )
