"""A local worker process of ``--workers 2`` killed with SIGKILL, through the CLI: the run ends
with exit 1 and one line on stderr (no gRPC traceback), nothing of it is visible, and the rerun
writes every row. A worker that dies before it connected to the runner (its loader killed while
it loads) ends the run the same way instead of a runner that waits for it for ever."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.support.cli import DAY1, newsbeam
from tests.support.feed_pages import page
from tests.support.paths import ROOT
from tests.support.tables import query

# Enough that the run is still extracting 2 s after its workers claimed their bundles: at ~4 ms
# CPU a page, 300 pages were all done by then on a quiet machine (CI failed with no worker left).
PAGES = 1500
LOST = "newsbeam: run failed: a worker process ended while writing run "


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    for n in range(PAGES):
        (folder / f"p{n:04d}.html").write_bytes(page(n))
    return folder


@pytest.fixture
def tmp():
    """The run's TMPDIR, where its warm workers' socket folder is made: a short path (a longer
    one makes them fall back to /tmp, see pipeline/runtime/warm_workers.py)."""
    folder = Path(tempfile.mkdtemp(prefix="lw-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _start(pages: Path, out: Path, tmp: Path) -> subprocess.Popen:
    args = ["run", "--input", str(pages), "--output", str(out), "--run-date", DAY1]
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args, "--workers", "2", "--no-progress"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, TMPDIR=str(tmp)),
    )


def _warm_processes(tmp: Path) -> list:
    """Pids of the warm loader or the workers it forked (the waiter it becomes left out)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue
        if b"--warm" in argv and os.fsencode(tmp) in b" ".join(argv) and b"-S" not in argv:
            found.append(int(entry))
    return sorted(found)


def _wait(check, proc: subprocess.Popen, limit: float = 120.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    proc.terminate()
    raise AssertionError(f"not within {limit} s: {proc.communicate()}")


def _claimed(tmp: Path, count: int) -> bool:
    return len(list(tmp.glob("newsbeam-workers-*/*.claimed"))) >= count


def _assert_failed_alone_and_invisible(proc: subprocess.Popen, out: Path, tmp: Path) -> None:
    try:
        stdout, stderr = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.terminate()  # the command stops its worker processes on SIGTERM
        raise AssertionError(f"the run did not end: {proc.communicate(timeout=60)}") from None
    assert proc.returncode == 1, stderr
    assert stderr.startswith(LOST) and stderr.count("\n") == 1, stderr
    assert "nothing of the run is visible" in stderr
    assert "Traceback" not in stderr and stdout == ""
    assert not list(out.rglob("*.parquet")), list(out.rglob("*"))
    assert not (out / "_runs").exists() or not list((out / "_runs").iterdir())
    assert not (out / "_staging").exists() or not list((out / "_staging").iterdir())
    assert list(tmp.iterdir()) == []  # socket folder and Beam's temporary folder removed


def _assert_rerun_writes_every_row(pages: Path, out: Path) -> None:
    done = newsbeam("run", "--input", str(pages), "--output", str(out), "--run-date", DAY1)
    assert done.returncode == 0, done.stderr
    assert query(out, "SELECT count(*), count(DISTINCT title) FROM articles") == [(PAGES, PAGES)]
    shown = newsbeam("query", str(out), "SELECT count(*) AS n FROM articles", "--format", "csv")
    assert shown.stdout.split() == ["n", str(PAGES)], shown.stderr


def test_a_killed_worker_ends_the_run_in_one_line_and_the_rerun_writes_every_row(
    pages, tmp_path, tmp
):
    out = tmp_path / "out"
    proc = _start(pages, out, tmp)
    _wait(lambda: _claimed(tmp, 2) and len(_warm_processes(tmp)) == 2, proc)  # forked, claimed
    time.sleep(2)  # both workers are running bundles
    workers = _warm_processes(tmp)
    assert len(workers) == 2 and proc.poll() is None, workers
    os.kill(workers[-1], signal.SIGKILL)
    _assert_failed_alone_and_invisible(proc, out, tmp)
    _assert_rerun_writes_every_row(pages, out)


def test_a_worker_that_dies_before_it_connects_ends_the_run_instead_of_a_hang(pages, tmp_path, tmp):
    out = tmp_path / "out"
    proc = _start(pages, out, tmp)
    loader = _wait(lambda: _warm_processes(tmp), proc)
    _wait(lambda: len(list(tmp.glob("newsbeam-workers-*/*.sock"))) == 2, proc)
    assert len(loader) == 1, loader
    # It listens, loading: stopped, it cannot fork the workers the runner's claims wait for.
    os.kill(loader[0], signal.SIGSTOP)
    _wait(lambda: _claimed(tmp, 1), proc)
    time.sleep(1)
    os.kill(loader[0], signal.SIGKILL)
    killed = time.monotonic()
    _assert_failed_alone_and_invisible(proc, out, tmp)
    assert time.monotonic() - killed < 60
    _assert_rerun_writes_every_row(pages, out)
