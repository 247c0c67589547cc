"""A local micro-batch stream prints one progress line per window on stderr (what was polled, new
items, rows written), none with --quiet or --no-progress; through the CLI against a real feed
server on 127.0.0.1."""

import re
import subprocess
import sys

from pipeline.cli.progress import WindowTick, format_window
from tests.support.cli import ELAPSED
from tests.support.feed_servers import feed_story as _story
from tests.support.paths import ROOT


def test_a_window_line_says_what_was_polled_and_written():
    manifest = {
        "inputs": 6,
        "tables": {"articles": 3, "duplicates": 1, "rejected": 2, "errors": 0},
        "rejected": {"fetch:already_ingested": 2},
    }
    tick = WindowTick(
        elapsed_s=75, feeds_polled=3, feeds_changed=1, files_new=2, window=4, manifest=manifest,
        windows_committed=4, articles_total=11,
    )  # fmt: skip
    assert format_window(tick) == (
        "newsbeam: 1m15s | window 4 | feeds polled 3, changed 1, new files 2 | new items 4 | "
        "articles 3, duplicates 1, rejected 2, errors 0 (2 of them already written) | "
        "stream: 4 windows, 11 articles"
    )
    idle = WindowTick(elapsed_s=9, feeds_polled=2, windows_committed=4, articles_total=11)
    assert format_window(idle) == (
        "newsbeam: 9s | no window | feeds polled 2, changed 0 | stream: 4 windows, 11 articles"
    )
    # The answer of a feed asked at an earlier poll (a slow host) makes this window.
    late = WindowTick(elapsed_s=12, feeds_changed=1, window=6, manifest=manifest)
    assert "| window 6 | feeds polled 0, changed 1 | new items 4 |" in format_window(late)
    failed = WindowTick(elapsed_s=3, files_new=1, window=5, failed=True)
    assert "window 5 | new files 1 | FAILED, not committed" in format_window(failed)


def _stream(out, url, *flags):
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--streaming", "--feeds", url, "--output",
         str(out), "--window", "2", "--poll-interval", "1", "--max-duration", "7", *flags],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_a_stream_prints_a_line_per_window_and_none_when_quiet(
    tmp_path,
    feed_server,
):
    feed, port = feed_server
    url = f"http://127.0.0.1:{port}/feed.xml"
    for n in range(2):
        feed.add(f"p{n}", f"Story {n}", _story(500 + n), port)
    done = _stream(tmp_path / "out", url)
    assert done.returncode == 0, done.stderr
    lines = [x for x in done.stderr.splitlines() if x.startswith("newsbeam: ")]
    assert re.fullmatch(
        rf"newsbeam: {ELAPSED} \| window 1 \| feeds polled 1, changed 1 \| new items 2 \| articles 2, "
        r"duplicates 0, rejected 0, errors 0 \| stream: 1 windows, 2 articles",
        lines[0],
    ), lines
    # later polls answer 304: a line each that says nothing changed, and a tick when no feed was
    # due yet (the last one, at --max-duration) says nothing new (how many fit in the run's
    # duration depends on the machine's speed; the window's line itself is checked above)
    assert all(
        re.search(r"\| no window \| (feeds polled \d+, changed 0|nothing new) \|", x)
        for x in lines[1:]
    ), lines
    assert not [x for x in done.stderr.splitlines() if "INFO" in x or "WARNING" in x]
    assert "duckdb -c" not in done.stdout

    feed.add("p2", "Story 2", _story(502), port)
    for flag in ("--quiet", "--no-progress"):
        done = _stream(tmp_path / "out", url, flag)
        assert done.returncode == 0, done.stderr
        assert not [x for x in done.stderr.splitlines() if x.startswith("newsbeam: ")], flag
