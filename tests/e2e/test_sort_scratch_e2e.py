"""The rows writers' sort scratch is made under the run's staging, not in the machine's temp folder:
a worker killed while sorting leaves it where the rerun and ``newsbeam clean`` remove it.
Every folder the run creates is seen with strace (mkdir and mkdirat of the run and its workers).
The temp folder's path is too long for a Unix socket under it: the warm workers' sockets go to
/tmp instead (before, every worker failed to bind or connect and the run waited for ever)."""

import re
import shutil
import subprocess
import sys

import pytest

from tests.support.cli import DAY1, run_files
from tests.support.paths import ROOT, SEEDS

_MADE = re.compile(r'mkdir(?:at)?\((?:AT_FDCWD, )?"([^"]*newsbeam-sort-[^"]*)"')


def test_sort_scratch_is_under_the_staging_and_gone_after_the_run(tmp_path):
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed")
    out, temp, log = tmp_path / "out", tmp_path / "temp", tmp_path / "mkdir.log"
    temp.mkdir()
    assert len(f"{temp}/newsbeam-workers-12345678/worker-2.sock") > 107  # sun_path's limit
    cmd = [strace, "-f", "-qq", "-s", "4096", "-o", str(log), "-e", "trace=mkdir,mkdirat"]
    cmd += [sys.executable, "-m", "pipeline", "run", "--input", f"{SEEDS}/*"]
    cmd += ["--output", str(out), "--run-date", DAY1, "--workers", "2"]
    done = subprocess.run(
        cmd,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"TMPDIR": str(temp), "PATH": ""},
        timeout=600,
    )
    if "ptrace" in done.stderr and "Operation not permitted" in done.stderr:
        pytest.skip("ptrace is not permitted here")
    assert done.returncode == 0, done.stderr
    made = _MADE.findall(log.read_text())
    staging = f"{out}/_staging/"
    assert made, "no sort scratch was made"
    assert [p for p in made if not p.startswith(staging)] == []
    assert not (out / "_staging").exists()
    assert not list(temp.rglob("newsbeam-sort-*"))
    assert len(run_files(out, DAY1)) == 5  # the four tables and the dedup index
