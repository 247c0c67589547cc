"""A worker process of a ``--workers 2`` run SIGKILLed from outside (as the OOM killer does): the
run fails with one line and exit 1 instead of waiting on it, nothing of it is visible, and the
rerun completes."""

import os
import signal
import subprocess
import sys
import time

from tests.support.articles import story
from tests.support.hostile_files import page
from tests.support.paths import ROOT
from tests.support.tables import query

PAGES = 150
ARGS = ("--run-date", "2026-03-02", "--workers", "2", "--progress-interval", "1")


def _warm_workers(parent: int) -> list:
    """The pids of the warm worker processes under ``parent`` (forked from the loader, they keep
    its command line), busiest first."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                argv = handle.read().split(b"\0")
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, ValueError):
            continue
        if b"pipeline.runtime.worker_main" in argv and b"--warm" in argv:
            found.append((int(fields[11]) + int(fields[12]), int(entry)))
    return [pid for _, pid in sorted(found, reverse=True)]


def _items_done(log) -> int:
    lines = [line for line in log.read_text().splitlines() if "| items " in line]
    return int(lines[-1].split("| items ")[1].split()[0]) if lines else 0


def test_a_killed_worker_fails_the_run_and_the_rerun_completes(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(PAGES):
        (inputs / f"p{i:03}.html").write_bytes(page(f"Story number {i}", story(i, words=300)))
    out, log = tmp_path / "out", tmp_path / "stderr.log"
    command = [sys.executable, "-m", "pipeline", "run", "--input", f"{inputs}/*"]
    command += ["--output", str(out), *ARGS]
    with open(log, "w") as err:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True)
    while proc.poll() is None and _items_done(log) < 5:
        time.sleep(0.2)
    assert proc.poll() is None, log.read_text()[-2000:]  # still running: the kill lands mid-run
    os.kill(_warm_workers(proc.pid)[0], signal.SIGKILL)
    proc.communicate(timeout=120)  # before: the run went on without it, or waited on it
    stderr = log.read_text()
    assert proc.returncode == 1, stderr[-2000:]
    assert "a worker process ended during the run" in stderr
    assert "nothing of the run is visible" in stderr and "Traceback" not in stderr
    assert _items_done(log) < PAGES
    assert not list(out.rglob("*.parquet")) and not list((out / "_runs").glob("*.json"))
    assert not (out / "_staging").exists() or not any((out / "_staging").iterdir())

    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    titles = query(out, "SELECT count(*), count(DISTINCT title) FROM articles")
    assert titles == [(PAGES, PAGES)]
