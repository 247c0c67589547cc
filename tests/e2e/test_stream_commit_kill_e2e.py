"""A local stream killed in the middle of a window's commit (SIGKILL after the window's second
file moved into place, as a crash or a store failing mid-commit leaves it): nothing of the
window is visible; the next start of the same job removes its staging folder and the files
its commit had moved, and writes every story once."""

from pathlib import Path

from tests.support import cli
from tests.support.feed_servers import feed_story, read_table
from transforms.sink.commit import KILL_AT_MOVE_ENV


def _stream(out: Path, url: str, env=None):
    args = ["--feeds", url, "--window", "1", "--poll-interval", "1", "--quiet"]
    args += ["--stop-after", "3", "--max-duration", "120"]
    return cli.newsbeam("run", "--streaming", "--output", str(out), *args, env=env)


def _window_files(out: Path) -> list:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*.parquet") if "-w000001-" in p.name)


def test_a_window_killed_mid_commit_is_removed_at_the_next_start(tmp_path, feed_server):
    feed, port = feed_server
    for n in range(3):
        feed.add(f"k{n}", f"Kept {n}", feed_story(700 + n), port)
    url = f"http://127.0.0.1:{port}/feed.xml"
    out = tmp_path / "out"
    killed = _stream(out, url, {KILL_AT_MOVE_ENV: "2"})
    assert killed.returncode == -9, killed.stderr
    first = sorted(p.name for p in (out / "_staging").iterdir())
    assert len(first) == 1 and first[0].endswith("-w000001")
    moved = [f for f in _window_files(out) if not f.startswith("_staging/")]
    assert moved  # its commit had begun
    assert not (out / "_runs").exists() or not list((out / "_runs").glob("*-w000001.json"))

    done = _stream(out, url)
    assert done.returncode == 0, done.stderr
    assert not (out / "_staging").exists() or not any((out / "_staging").iterdir())
    left = [f for f in _window_files(out) if first[0] in f]
    assert left == []  # the killed window's moved files are gone too
    titles = sorted(r["title"] for r in read_table(out, "articles"))
    assert titles == ["Kept 0", "Kept 1", "Kept 2"]
    assert read_table(out, "duplicates") == []
