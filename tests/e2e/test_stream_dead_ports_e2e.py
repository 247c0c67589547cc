"""Many feeds on 127.0.0.1 ports where nothing listens, and one good feed on another port: each
port is a server of its own (not one host whose requests wait 1 s apart behind each other), so
the good feed's story is written in the first window, and each dead feed is one error row with
its reason, once, however many polls see it down (its host's breaker opening is the same
outage, not news). The batch run over the same list ends in bounded time with the same rows."""

import socket
import subprocess
import sys

from tests.support.feed_servers import read_table, route_feed
from tests.support.paths import ROOT

DEAD = 20


def _dead_feeds(n: int) -> list:
    ports = []
    for _ in range(n):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            ports.append(s.getsockname()[1])
    return [f"http://127.0.0.1:{port}/feed.xml" for port in ports]


def _run(out, feeds: list, *extra: str) -> subprocess.CompletedProcess:
    args = [a for url in feeds for a in ("--feeds", url)]
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--output", str(out), "--quiet", "--no-fetch"]
        + args
        + list(extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _assert_rows(out, dead: list, good_title: str) -> None:
    assert [r["title"] for r in read_table(out, "articles")] == [good_title]
    errors = read_table(out, "errors")
    assert sorted(r["source_ref"] for r in errors) == sorted(dead)  # each once
    assert {r["error_type"] for r in errors} == {"connection_error"}, errors[0]["error_message"]


def test_dead_ports_neither_hold_the_good_feed_nor_repeat_their_error(tmp_path, site):
    good = route_feed(site, "/good.xml", "Good", 500, 1)
    dead = _dead_feeds(DEAD)
    out = tmp_path / "stream"
    # Polls every 2 s for 16 s: several polls of each dead feed, one window a poll at most.
    proc = _run(out, dead + [good], "--streaming", "--window", "2", "--poll-interval", "2",
                "--max-duration", "16")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    _assert_rows(out, dead, "Good 0")
    (first, *_) = sorted(read_table(out, "articles") + read_table(out, "errors"),
                         key=lambda r: r["run_id"])  # fmt: skip
    assert first["run_id"].endswith("-w000001")  # written by the first window
    # A poll is one attempt: the next poll is the retry (a batch run retries, having no next poll)
    assert all("attempts" not in r["error_message"] for r in read_table(out, "errors"))

    batch = tmp_path / "batch"
    proc = _run(batch, dead + [good])
    assert proc.returncode == 3, proc.stderr  # most inputs failed: said, and written
    assert f"{DEAD} of {DEAD + 1} inputs failed" in proc.stderr
    _assert_rows(batch, dead, "Good 0")
    assert all("(after 3 attempts)" in r["error_message"] for r in read_table(batch, "errors"))


def test_a_feed_whose_server_comes_back_is_written(tmp_path):
    """Its first polls are refused (the breaker opens for its host:port); once its server
    listens, the next poll writes its story: a stream's breaker is its poll's, not for ever."""
    import signal
    import threading

    from tests.support import cli
    from tests.support.feed_servers import Feed, feed_story, serve_feed, wait_for

    (url,) = _dead_feeds(1)
    port = int(url.split(":")[2].split("/")[0])
    out = tmp_path / "out"
    proc = cli.start("run", "--streaming", "--output", str(out), "--quiet", "--no-fetch",
                     "--feeds", url, "--window", "1", "--poll-interval", "1",
                     "--max-duration", "300")  # fmt: skip
    server = None
    try:
        wait_for(lambda: out.exists() and read_table(out, "errors"), proc, limit=120)
        feed = Feed()
        feed.add("back-0", "Back 0", feed_story(900), port)
        server = serve_feed(feed, port=port)
        wait_for(lambda: read_table(out, "articles"), proc, limit=120)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=240) == 130
    finally:
        proc.kill()
        proc.communicate()
        if server is not None:
            threading.Thread(target=server.shutdown, daemon=True).start()
    assert [r["title"] for r in read_table(out, "articles")] == ["Back 0"]
    assert [r["error_type"] for r in read_table(out, "errors")] == ["connection_error"]
