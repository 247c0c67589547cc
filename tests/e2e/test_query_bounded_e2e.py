"""``newsbeam query`` is bounded: DuckDB gets ``--memory-limit`` (default a quarter of the
machine's memory, not DuckDB's 80 %), spills into a folder of its own in the temp folder that is
gone when the query ends (never ``.tmp`` in the current folder), and a query that needs more
exits 2 saying how to narrow it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli.query import default_memory_limit
from tests.support.cli import DAY1, run_day

# Every article joined with 400,000 numbers, the distinct pairs: more than 64 MB, so it spills.
_SPILLING = (
    "SELECT count(*) AS n FROM (SELECT DISTINCT a.title, r.range FROM articles a, range(400000) r)"
)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("bounded") / "out"
    assert run_day(out, DAY1).returncode == 0
    return out


def _query(out: Path, cwd: Path, sql: str, *flags: str) -> subprocess.CompletedProcess:
    """``newsbeam query`` run from ``cwd``, with ``cwd/tmp`` as its temp folder."""
    (cwd / "tmp").mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "query", str(out), sql, "--format", "csv", *flags],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, TMPDIR=str(cwd / "tmp")),
    )


def test_the_default_memory_limit_is_a_quarter_of_the_machine(out, tmp_path):
    sql = "SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t"
    done = _query(out, tmp_path, sql)
    assert done.returncode == 0, done.stderr
    limit, scratch = done.stdout.splitlines()[1].split(",")
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    assert default_memory_limit() == f"{total // 4 >> 20}MiB"
    assert float(limit.split()[0]) == pytest.approx(total / 4 / (1 << 30), abs=0.1), limit
    assert limit.endswith("GiB")
    assert scratch.startswith(str(tmp_path / "tmp" / "newsbeam-query-")), scratch
    assert list(tmp_path.iterdir()) == [tmp_path / "tmp"]
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_query_over_the_limit_spills_to_a_folder_that_is_removed(out, tmp_path):
    (tmp_path / "tmp").mkdir()
    args = ["query", str(out), _SPILLING, "--format", "csv", "--memory-limit", "64MB"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, TMPDIR=str(tmp_path / "tmp")),
    )
    spilled = set()
    while proc.poll() is None:
        spilled.update(p.name for p in (tmp_path / "tmp").glob("newsbeam-query-*/*.tmp"))
        time.sleep(0.02)
    stdout, stderr = proc.communicate()
    assert proc.returncode == 0, stderr
    assert stdout.split() == ["n", "2000000"]
    assert spilled, "the query did not spill: make it bigger"
    assert list(tmp_path.iterdir()) == [tmp_path / "tmp"]  # no .tmp in the current folder
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_query_that_cannot_fit_exits_2_saying_how_to_narrow_it(out, tmp_path):
    sql = "SELECT length(string_agg(a.text, ' ')) FROM articles a, range(20000) r"
    done = _query(out, tmp_path, sql, "--memory-limit", "32MB")
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith(
        "newsbeam: query failed: it needs more memory than --memory-limit"
    )
    assert "narrow it (WHERE, LIMIT, fewer columns) or give a larger --memory-limit" in done.stderr
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_bad_memory_limit_exits_2_naming_it(out, tmp_path):
    done = _query(out, tmp_path, "SELECT 1", "--memory-limit", "lots")
    assert done.returncode == 2
    assert done.stderr.startswith("newsbeam: --memory-limit 'lots': ")
    assert "give a size such as 2GB or 512MB" in done.stderr
    assert list((tmp_path / "tmp").iterdir()) == []
