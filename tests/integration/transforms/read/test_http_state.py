"""Feed validators between runs: pruning superseded state files, unreadable files, the CLI."""

import datetime as dt
import json
import logging
import os
import random
import shutil

from pipeline.cli.main import main
from tests.support.cli import commit_manifest
from tests.support.feed_pages import feeds_manifest, news_site, run_feeds
from transforms.read.http_state import (
    FeedState,
    load_http_state,
    prune_http_state,
    state_payload,
    state_relpath,
)

DAY = dt.date(2026, 11, 22)


def _write(out, run_id: str, date: str, etags: dict, *, mtime: float = None):
    """A committed state file of ``run_id`` with ``{url: etag}``; returns its path."""
    path = out / state_relpath(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    states = [FeedState(url, etag, None, 200, run_id, date) for url, etag in etags.items()]
    path.write_bytes(state_payload(states, run_id=run_id, run_date=date))
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    commit_manifest(out, run_id, [state_relpath(run_id)])
    return path


def _names(out) -> list:
    return sorted(p.name for p in (out / "_state" / "http").glob("feeds-*.json"))


def test_prune_deletes_only_old_files_whose_feeds_all_answered_later(tmp_path):
    out = tmp_path / "out"
    _write(out, "r1", "2026-09-01", {"http://a/f": "a1", "http://b/f": "b1"})
    _write(out, "r2", "2026-09-05", {"http://a/f": "a2", "http://c/f": "c2"})
    _write(out, "r4", "2026-09-10", {})
    _write(out, "r3", "2026-11-20", {"http://a/f": "a3", "http://b/f": "b3"})
    _write(out, "r5", "2026-12-01", {"http://c/f": "c5"})  # a later date than the run's
    before = load_http_state(str(out), run_id="new", run_date=DAY)

    assert prune_http_state(str(out), run_id="new", run_date=DAY, keep_days=0) == []
    deleted = prune_http_state(str(out), run_id="new", run_date=DAY, keep_days=30)

    # r1: a and b answered again in r3. r4: nothing in it. r2 stays: c was answered again only
    # on a later date than the run's (r5), which runs of this date do not read.
    assert sorted(os.path.basename(p) for p in deleted) == ["feeds-r1.json", "feeds-r4.json"]
    assert _names(out) == ["feeds-r2.json", "feeds-r3.json", "feeds-r5.json"]
    assert load_http_state(str(out), run_id="new", run_date=DAY) == before
    assert {u: s.etag for u, s in before.items()} == {
        "http://a/f": "a3",
        "http://b/f": "b3",
        "http://c/f": "c2",
    }
    # Within keep_days nothing goes, however superseded.
    assert (
        prune_http_state(str(out), run_id="new", run_date=dt.date(2026, 9, 20), keep_days=30) == []
    )
    assert prune_http_state(str(tmp_path / "none"), run_id="new", run_date=DAY, keep_days=30) == []


def test_prune_never_changes_what_runs_of_that_date_or_later_load(tmp_path):
    rng = random.Random(7)
    out = tmp_path / "out"
    feeds = [f"http://h{i}/feed" for i in range(6)]
    start = dt.date(2026, 6, 1)
    for i in range(60):
        date = (start + dt.timedelta(days=rng.randrange(200))).isoformat()
        etags = {url: f"e{i}" for url in rng.sample(feeds, rng.randrange(4))}
        _write(out, f"r{i:02d}", date, etags, mtime=1_700_000_000 + i)
    run_date = dt.date(2026, 11, 1)
    dates = [run_date + dt.timedelta(days=d) for d in (0, 1, 10, 40, 100)]
    before = [load_http_state(str(out), run_id="new", run_date=d) for d in dates]
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)  # keeps the times written, which order files of one date
    deleted = prune_http_state(str(out), run_id="new", run_date=run_date, keep_days=20)
    assert len(deleted) > 10  # the case is not trivial
    assert [load_http_state(str(out), run_id="new", run_date=d) for d in dates] == before
    # What a run does: prune and load from one listing; the same files go, the same state comes.
    loaded = load_http_state(str(copy), run_id="new", run_date=run_date, prune_days=20)
    assert loaded == before[0] and _names(copy) == _names(out)


def test_a_rerun_loads_what_its_first_run_loaded_after_pruning(tmp_path):
    out = tmp_path / "out"
    _write(out, "old", "2026-09-01", {"http://a/f": "a0"})
    first = load_http_state(str(out), run_id="r1", run_date=DAY)
    _write(out, "r1", DAY.isoformat(), {"http://a/f": "a1"})  # the first run committed
    # The rerun of r1 ignores r1's own file, so r1's file does not make "old" superseded.
    assert prune_http_state(str(out), run_id="r1", run_date=DAY, keep_days=30) == []
    assert load_http_state(str(out), run_id="r1", run_date=DAY) == first
    # Another run of the same date reads r1's file: "old" can go.
    [gone] = prune_http_state(str(out), run_id="r2", run_date=DAY, keep_days=30)
    assert gone.endswith("feeds-old.json")


def test_unreadable_state_files_are_skipped_with_a_warning(tmp_path, caplog):
    out = tmp_path / "out"
    _write(out, "r1", "2026-11-20", {"http://a/f": "a1"})
    folder = out / "_state" / "http"
    (folder / "feeds-broken.json").write_bytes(b'{"feeds": {"http://a/f": ')
    (folder / "feeds-binary.json").write_bytes(b"\x00\xff\xfe garbage")
    (folder / "feeds-list.json").write_text(
        json.dumps({"run_date": "2026-11-21", "feeds": ["http://a/f"]})
    )
    names = ("feeds-broken.json", "feeds-binary.json", "feeds-list.json")
    commit_manifest(out, "r2", [f"_state/http/{name}" for name in names])
    with caplog.at_level(logging.WARNING, logger="transforms.read.http_state"):
        state = load_http_state(str(out), run_id="new", run_date=DAY)
    assert {u: s.etag for u, s in state.items()} == {"http://a/f": "a1"}
    warned = " ".join(r.getMessage() for r in caplog.records)
    for name in ("feeds-broken.json", "feeds-binary.json", "feeds-list.json"):
        assert name in warned
    # Unreadable files are never deleted by pruning: a person may want to look at them.
    prune_http_state(str(out), run_id="new", run_date=dt.date(2027, 6, 1), keep_days=1)
    assert len(_names(out)) == 4


def test_a_run_prunes_superseded_state_and_asks_with_the_newest(tmp_path, site):
    feed_url = news_site(site)
    out = tmp_path / "out"
    old = _write(out, "old1", "2026-08-01", {feed_url: '"v0"'})
    _write(out, "old2", "2026-08-02", {feed_url: '"v1"'})
    assert run_feeds(feed_url, out, "2026-11-22", tmp_path) == 0
    # old1 was superseded by old2 and is older than fetch.state_days (30): deleted; old2
    # still holds the newest validators, so it stays, and the request was conditional.
    assert not old.exists()
    run = feeds_manifest(out, "2026-11-22")["run_id"]
    assert _names(out) == sorted(["feeds-old2.json", f"feeds-{run}.json"])
    assert site.seen("/feed.xml")[0]["if-none-match"] == '"v1"'


def test_bad_state_days_fails_fast(tmp_path, capsys):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("fetch:\n  state_days: -3\n")
    out = str(tmp_path / "out")
    assert main(["run", "--feeds", "http://x/f", "--output", out, "--config", str(cfg)]) == 2
    assert "'fetch.state_days' must be a whole number (days) from 0 to 36500, got -3" in (
        capsys.readouterr().err
    )
