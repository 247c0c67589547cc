"""The query the run summary prints runs as printed with what the package installs (no DuckDB
command-line tool): on the Hive layout, and on an Iceberg output after a rerun, where it reads
the current snapshot only (the replaced snapshot's files stay on disk)."""

import subprocess

import pyarrow.parquet as pq

from tests.support.cli import DAY1, newsbeam
from tests.support.paths import ROOT, SEEDS


def _run(out, day: str, config=None) -> tuple:
    args = ["run", "--input", f"{SEEDS}/*", "--output", str(out), "--run-date", day]
    done = newsbeam(*args, *(["--config", str(config)] if config else []))
    return done.returncode, done.stdout, done.stderr


def _printed_query(stdout: str) -> subprocess.CompletedProcess:
    lines = [x.strip() for x in stdout.splitlines() if x.strip().startswith("query ")]
    assert len(lines) == 1, stdout  # one hint, runnable
    command = lines[0].split(None, 1)[1]
    assert "duckdb -c" not in command and " query " in f" {command} "
    return subprocess.run(
        command, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def _titles(out) -> list:
    files = sorted((out / "articles").rglob("*.parquet"))
    return sorted(
        t for f in files for t in pq.read_table(f, columns=["title"]).column(0).to_pylist()
    )


def test_the_hive_summary_query_runs_as_printed(tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr = _run(out, DAY1)
    assert code == 0, stderr
    ran = _printed_query(stdout)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[-1] == "(5 rows)"
    for title in _titles(out):
        assert title[:40] in ran.stdout


def test_the_iceberg_summary_query_reads_the_current_snapshot(tmp_path):
    config = tmp_path / "iceberg.yaml"
    config.write_text("write:\n  format: iceberg\n")
    out = tmp_path / "out"
    for _ in range(2):  # a rerun replaces the run's rows in a new snapshot
        code, stdout, stderr = _run(out, DAY1, config)
        assert code == 0, stderr
    on_disk = list((out / "articles").rglob("*.parquet"))
    assert len(on_disk) >= 2  # the replaced snapshot's file is still there beside the new one
    ran = _printed_query(stdout)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[-1] == "(5 rows)"  # not 10
    assert "/articles/metadata/" in stdout  # where other Iceberg readers start
