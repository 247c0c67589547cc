"""The streaming entry point end to end: a real RSS server on 127.0.0.1 and a watched folder get
new entries while the stream runs; each appears exactly once, per-window files, a clean stop,
and a restarted stream does not write them again."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.config.settings import load_settings
from pipeline.run.streaming import StreamingConfig, read_window_manifests, run_streaming
from tests.support.feed_servers import feed_story, read_table
from tests.support.paths import ROOT


def _drop(folder: Path, name: str, text: str) -> float:
    """A file appears atomically: written aside, then moved in."""
    tmp = folder.parent / f".{name}"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, folder / name)
    return time.time()


def test_stream_ingests_each_new_entry_once_and_a_restart_does_not_repeat(
    tmp_path, feed_server, capsys
):
    feed, port = feed_server
    url = f"http://127.0.0.1:{port}/feed.xml"
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    added = {"g0": feed.add("g0", "Before the start", feed_story(100), port)}
    added["f0"] = _drop(inbox, "f0.txt", feed_story(200))
    settings = load_settings(
        None, {"input": [str(inbox / "*.txt")], "feeds": [url], "output": str(out)}
    )
    # It ends once the eight items below were read; max_duration only bounds a hung stream.
    stream = StreamingConfig(window_s=10, poll_s=1, max_duration_s=240, stop_after_items=8)

    schedule = [
        (3, "g1", lambda: feed.add("g1", "First new story", feed_story(101), port)),
        (6, "f1", lambda: _drop(inbox, "f1.txt", feed_story(201))),
        (9, "g2", lambda: feed.add("g2", "Second new story", feed_story(102), port)),
        # The first story again under another link: a copy, in a later window.
        (13, "g3", lambda: feed.add("g3", "First story, syndicated", feed_story(101), port)),
        (15, "g4", lambda: feed.add("g4", "Too short", "Only a few words here.", port)),
        (16, "g5", lambda: feed.add("g5", "Third new story", feed_story(103), port)),
    ]

    def producer():
        # The schedule starts at the stream's first poll of the feed, not when the runner is
        # asked to start: a runner that starts late on a loaded machine would otherwise first
        # poll after every entry was added, and see the feed change between no two polls.
        deadline = time.monotonic() + 240
        while feed.requests == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        t0 = time.time()
        for at, name, action in schedule:
            time.sleep(max(0.0, t0 + at - time.time()))
            added[name] = action()

    thread = threading.Thread(target=producer)
    thread.start()
    # The Beam streaming graph (Dataflow/Flink's engine) on the in-process runner; the local
    # default, micro-batches, is tested through the CLI in test_streaming_microbatch.py.
    code = run_streaming(settings, stream, engine="beam")
    thread.join()
    summary = capsys.readouterr().out
    assert code == 0, summary

    articles, dups = read_table(out, "articles"), read_table(out, "duplicates")
    rejected, errors = read_table(out, "rejected"), read_table(out, "errors")
    urls = sorted(r["url"] or r["source_path"] for r in articles)
    expected = sorted(
        [f"http://127.0.0.1:{port}/a/g{i}" for i in (0, 1, 2, 5)]
        + [str(inbox / "f0.txt"), str(inbox / "f1.txt")]
    )
    assert urls == expected  # each new entry exactly once, however often the feed was polled
    (dup,) = dups
    first = next(r for r in articles if _name(r) == "g1")
    assert (_name(dup), dup["duplicate_of"], dup["match"]) == ("g3", first["article_id"], "exact")
    assert [_name(r) for r in rejected] == ["g4"]  # extraction finds no article in it
    assert errors == []
    manifests = read_window_manifests(str(out), _run_id(out))
    assert sum(m["inputs"] for m in manifests) == 8
    assert sum(sum(m["tables"].values()) for m in manifests) == 8
    assert feed.not_modified > 0  # conditional GET: unchanged polls cost a 304
    assert not list((out / "_staging").rglob("*.parquet")) if (out / "_staging").exists() else True
    windows = sorted({m["window"] for m in manifests})
    metrics = json.loads((out / "_runs" / f"{_run_id(out)}.json").read_text())["metrics"]
    assert metrics["stream"]["dropped_seen"] > 0  # entries seen again on later polls
    assert metrics["dedup"]["dropped_exact"] == 1 and metrics["dedup"]["kept"] == 6
    assert metrics["dedup"]["state_expired"] > 0  # TTL timers fire when the stream drains
    assert metrics["window_commit"]["windows_committed"] == len(manifests)
    rows = {_name(r): r for r in articles + dups + rejected}
    print(f"\nwindows committed: {len(windows)} {windows}")
    print("entry  table       window            added->file visible (s)")
    for name, when in sorted(added.items(), key=lambda kv: kv[1]):
        row = rows[name]
        table, token = row["_file"].split("/", 1)[0], row["_file"].rsplit("-", 2)[-2]
        print(f"{name:<6} {table:<11} {token:<17} {row['_mtime'] - when:6.1f}")
    print(summary)
    print(
        f"feed requests {feed.requests}, 304s {feed.not_modified}; metrics:",
        {ns: metrics[ns] for ns in ("stream", "dedup", "window_commit")},
    )

    # A restart (new run id) reads the committed state: nothing is written again, and the feed's
    # validators committed with the windows make every poll of the restart a 304.
    requests, not_modified = feed.requests, feed.not_modified
    again = run_streaming(
        settings, StreamingConfig(window_s=10, poll_s=1, max_duration_s=3), engine="beam"
    )
    assert again == 0
    print(
        f"restart: feed requests {feed.requests - requests}, "
        f"304s {feed.not_modified - not_modified}"
    )
    assert feed.requests - requests == feed.not_modified - not_modified > 0
    assert sorted(r["url"] or r["source_path"] for r in read_table(out, "articles")) == expected
    later = [m for m in _all_manifests(out) if m not in manifests]
    reasons = [_kinds(m) for m in later]
    print("restart:", reasons)
    assert sum(m["tables"]["articles"] for m in later) == 0


def _name(row: dict) -> str:
    """g<n> for a feed entry (its link), f<n> for a dropped file."""
    return (row["url"] or row["source_path"]).rsplit("/", 1)[-1].removesuffix(".txt")


def _run_id(out: Path) -> str:
    (run_dir,) = [d for d in (out / "_runs").iterdir() if d.is_dir()]
    return run_dir.name


def _all_manifests(out: Path) -> list:
    return [json.loads(f.read_text()) for f in sorted((out / "_runs").glob("*/*.json"))]


def _kinds(m: dict) -> dict:
    return {k: v for k, v in m["tables"].items() if v} | {
        k: m[k] for k in ("rejected", "duplicate_match") if k in m
    }


@pytest.mark.parametrize(
    "signum, code, said",
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated (SIGTERM)")],
    ids=["ctrl-c", "sigterm"],
)
def test_ctrl_c_or_sigterm_discards_the_open_windows_and_leaves_nothing_partial(
    tmp_path, signum, code, said
):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    _drop(inbox, "a.txt", feed_story(300))
    script = (
        "import sys\n"
        "from pipeline.config.settings import load_settings\n"
        "from pipeline.run.streaming import StreamingConfig, run_streaming\n"
        f"s = load_settings(None, {{'input': [{str(inbox / '*.txt')!r}], 'output': {str(out)!r}}})\n"
        "print('running', flush=True)\n"
        "sys.exit(run_streaming(s, StreamingConfig(window_s=5, poll_s=1, max_duration_s=120), engine='beam'))\n"
    )
    temp = tmp_path / "tmp"
    temp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=str(ROOT),
        env=dict(os.environ, TMPDIR=str(temp)),
    )
    assert proc.stdout.readline().strip() == b"running"
    # The stream is polling once Beam's temporary folder is there (a fixed 6 s wait was too short
    # for the runner to start on a loaded machine).
    deadline = time.monotonic() + 120
    while not list(temp.iterdir()) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    time.sleep(1)
    assert [p.name[:18] for p in temp.iterdir()] == ["beam-pipeline-temp"]
    proc.send_signal(signum)
    output = proc.communicate(timeout=60)[0].decode()
    assert proc.returncode == code, output
    assert f"newsbeam: {said}; 0 windows were committed, the open windows were discarded" in output
    assert list(temp.iterdir()) == []  # Beam's temporary folder is removed too
    # The local runner commits windows when the stream drains, so none was committed: nothing
    # is visible, and no staged file is left behind.
    assert not out.exists() or not list(out.rglob("*.parquet"))
