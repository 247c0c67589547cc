"""A second writer on the output of a running stream: a second stream of the same job (which at
its start would remove the first one's windows as a dead stream's) and a batch run are refused
at once (exit 2, naming the stream that holds the output and how a lock is recovered); once the
first is killed (kill -9, no clean-up) a new start needs no recovery and writes every story once."""

from pathlib import Path

from tests.support import cli
from tests.support.feed_servers import feed_story, read_table, wait_for


def _args(out: Path, url: str, *more: str) -> list:
    args = ["run", "--streaming", "--output", str(out), "--feeds", url, "--quiet"]
    return args + ["--window", "1", "--poll-interval", "1", *more]


def test_a_second_writer_is_refused_while_a_stream_runs_and_not_after_it_is_killed(
    tmp_path, feed_server
):
    feed, port = feed_server
    feed.add("l0", "Locked 0", feed_story(900), port)
    url = f"http://127.0.0.1:{port}/feed.xml"
    out = tmp_path / "out"
    first = cli.start(*_args(out, url, "--max-duration", "600"))
    try:
        wait_for(lambda: list(out.glob("_runs/s*-w000001.json")), first, limit=240)
        committed = sorted(p.name for p in out.rglob("*.parquet"))

        second = cli.newsbeam(*_args(out, url, "--max-duration", "60"), timeout=120)
        assert second.returncode == 2, second.stderr
        assert f"pid {first.pid}" in second.stderr and "this stream refused" in second.stderr
        assert "kill -9 included" in second.stderr and "fuser" in second.stderr
        batch = cli.newsbeam("run", "--feeds", url, "--output", str(out), timeout=120)
        assert batch.returncode == 2 and f"pid {first.pid}" in batch.stderr, batch.stderr
        assert sorted(p.name for p in out.rglob("*.parquet")) == committed
    finally:
        first.kill()
        first.communicate()

    feed.add("l1", "Locked 1", feed_story(901), port)
    again = cli.newsbeam(*_args(out, url, "--stop-after", "1", "--max-duration", "120"))
    assert again.returncode == 0, again.stderr
    titles = sorted(r["title"] for r in read_table(out, "articles"))
    assert titles == ["Locked 0", "Locked 1"]
