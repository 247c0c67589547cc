"""The commit protocol under faults, through the CLI: kill -9 at every file move of the commit,
a next-day run and a rerun straight after; empty tables; two runs on one output; ``clean``."""

import datetime as dt
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.support.cli import DAY1, DAY2, day_manifest, newsbeam, run_day, run_files
from tests.support.paths import ROOT, SEEDS
from transforms.dedup.state import prior_index_files
from transforms.read.http_state import read_known_urls
from transforms.sink.commit import KILL_AT_MOVE_ENV
from transforms.sink.committed import committed_files

TABLES = ("articles", "duplicates", "rejected", "errors")
MOVES = 6  # seeds: the index, one file per table, then the manifest


def _titles(out: Path, files: list) -> list:
    listed = [str(out / f) for f in files if f.startswith("articles/")]
    rows = duckdb.sql(f"SELECT title FROM read_parquet({listed}) ORDER BY title").fetchall()
    return [r[0] for r in rows]


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    """A run of day 1 that nothing disturbed: the reference."""
    out = tmp_path_factory.mktemp("clean") / "out"
    done = run_day(out, DAY1)
    assert done.returncode == 0, done.stderr
    manifest = day_manifest(out, DAY1)
    assert len(manifest["files"]) == MOVES - 1
    return out, manifest


def _assert_nothing_or_everything(out: Path, reference) -> bool:
    """After a kill: the run is committed with every file its manifest lists and the clean
    run's rows, or nothing of it is committed and no protocol reader sees any of its files.
    Returns whether it is committed."""
    ref_out, ref_manifest = reference
    manifest = day_manifest(out, DAY1)
    committed = committed_files(str(out))
    if manifest is not None:
        assert manifest["files"] == ref_manifest["files"]
        for rel in manifest["files"]:
            assert (out / rel).read_bytes() == (ref_out / rel).read_bytes(), rel
        assert _titles(out, manifest["files"]) == _titles(ref_out, ref_manifest["files"])
        return True
    assert not committed
    next_day = dict(run_date=dt.date(2026, 11, 2), lookback_days=7)
    assert prior_index_files(str(out), **next_day) == []
    assert read_known_urls(str(out), run_id="other", run_date=next_day["run_date"]) == set()
    assert not (out / "_runs").exists() or not list((out / "_runs").glob("*.json"))
    return False


@pytest.mark.parametrize("k", range(1, MOVES + 1))
def test_kill_at_each_move_then_next_day_then_rerun(tmp_path, clean_run, k):
    out = tmp_path / "out"
    killed = run_day(out, DAY1, env={KILL_AT_MOVE_ENV: str(k)})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert len(run_files(out, DAY1)) == min(k, MOVES - 1)  # the kill came mid-commit
    committed = _assert_nothing_or_everything(out, clean_run)
    assert committed == (k == MOVES)

    # The next day, straight after the crash: the same five stories again.
    day2 = run_day(out, DAY2)
    assert day2.returncode == 0, day2.stderr
    dups = duckdb.sql(
        f"SELECT match, duplicate_of FROM read_parquet('{out}/duplicates/**/*.parquet', "
        f"hive_partitioning=true) WHERE ingest_date = DATE '{DAY2}'"
    ).fetchall()
    articles = {
        r[0]
        for r in duckdb.sql(
            f"SELECT article_id FROM read_parquet('{out}/articles/**/*.parquet')"
        ).fetchall()
    }
    if committed:  # yesterday's stories are there: five prior_run duplicates pointing at them
        assert sorted(m for m, _ in dups) == ["prior_run"] * 5
        assert all(of in articles for _, of in dups)
    else:  # nothing of day 1 is committed: day 2 keeps the five stories as articles
        assert dups == []
        assert len(day_manifest(out, DAY2)["files"]) == MOVES - 1

    # A rerun of day 1 completes: exactly the clean run's files, and no leftovers.
    rerun = run_day(out, DAY1)
    assert rerun.returncode == 0, rerun.stderr
    manifest = day_manifest(out, DAY1)
    assert run_files(out, DAY1) == sorted(manifest["files"])
    for rel in manifest["files"]:
        assert (out / rel).read_bytes() == (clean_run[0] / rel).read_bytes(), rel
    assert not (out / "_staging").exists()


def test_strace_kill_at_a_rename_syscall(tmp_path, clean_run):
    """The same, with the kill injected at the 2nd rename(2) by strace, as a crash would come."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed")
    out = tmp_path / "out"
    cmd = [strace, "-f", "-qq", "-o", "/dev/null", "-e", "trace=rename,renameat,renameat2"]
    cmd += ["-e", "inject=rename,renameat,renameat2:signal=KILL:when=2"]
    cmd += [sys.executable, "-m", "pipeline", "run", "--input", f"{SEEDS}/*"]
    killed = subprocess.run(
        [*cmd, "--output", str(out), "--run-date", DAY1], cwd=ROOT, capture_output=True, text=True
    )
    if "ptrace" in killed.stderr and "Operation not permitted" in killed.stderr:
        pytest.skip("ptrace is not permitted here")
    assert killed.returncode != 0
    assert run_files(out, DAY1)  # the commit had begun
    assert not _assert_nothing_or_everything(out, clean_run)
    day2 = run_day(out, DAY2)
    assert day2.returncode == 0 and day_manifest(out, DAY2)["tables"]["duplicates"] == 0


def test_clean_removes_what_a_killed_run_left_and_keeps_committed_runs(tmp_path):
    out = tmp_path / "out"
    assert run_day(out, DAY2).returncode == 0
    kept = {p: p.read_bytes() for p in out.rglob("*.parquet")}
    killed = run_day(out, DAY1, env={KILL_AT_MOVE_ENV: "3"})
    assert killed.returncode == -signal.SIGKILL
    left = run_files(out, DAY1)
    assert len(left) == 3 and (out / "_staging").exists()
    # The warehouse views honour the protocol: the killed run's visible files are not shown.
    con = duckdb.connect()
    con.execute(f"SET VARIABLE newsbeam_output = '{out}'")
    con.execute((ROOT / "deploy" / "warehouse" / "duckdb.sql").read_text())
    shown = con.execute("SELECT DISTINCT ingest_date::VARCHAR FROM articles").fetchall()
    assert shown == [(DAY2,)]
    raw = f"SELECT count(*) FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning=1)"
    assert con.execute(raw).fetchone()[0] == 10  # the killed run's 5 are there, not committed

    dry = newsbeam("clean", str(out), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert all(f"would remove {out / rel}" in dry.stdout for rel in left)
    assert run_files(out, DAY1) == left  # a dry run removes nothing

    done = newsbeam("clean", str(out))
    assert done.returncode == 0, done.stderr
    assert run_files(out, DAY1) == [] and not (out / "_staging").exists()
    assert "freed" in done.stderr
    assert {p: p.read_bytes() for p in out.rglob("*.parquet")} == kept  # day 2 untouched


_HOLD = """
import sys, time
from pipeline.run.lock import output_lock
with output_lock(sys.argv[1], run_id="20261101-holder00"):
    print("held", flush=True)
    time.sleep(120)
"""


def test_a_second_run_on_a_busy_output_is_refused_naming_the_first(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        second = run_day(out, DAY1)
        assert second.returncode == 2
        assert f"pid {holder.pid}" in second.stderr
        assert "run 20261101-holder00" in second.stderr and "another --output" in second.stderr
        assert not (out / "_runs").exists() and not (out / "articles").exists()
        busy_clean = newsbeam("clean", str(out))
        assert busy_clean.returncode == 2 and f"pid {holder.pid}" in busy_clean.stderr
    finally:
        holder.kill()
        holder.wait()
    # The holder died without unlocking (kill -9): the kernel released the lock.
    assert run_day(out, DAY1).returncode == 0
    assert day_manifest(out, DAY1)["tables"]["articles"] == 5


def test_a_run_without_articles_still_writes_every_table(tmp_path):
    """The query the summary prints works on a run whose every input was rejected."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "short.txt").write_text("Too short to be an article.\n", encoding="utf-8")
    (inputs / "menu.txt").write_text("Home\nNews\nSport\nContact\n", encoding="utf-8")
    out = tmp_path / "out"
    done = run_day(out, DAY1, inputs=f"{inputs}/*")
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.strip().startswith("query "))
    query = line.strip().split(None, 1)[1]  # the summary's query, run as printed
    ran = subprocess.run(query, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip().endswith("(0 rows)")  # the articles table exists, empty
    manifest = day_manifest(out, DAY1)
    assert manifest["tables"]["articles"] == 0 and manifest["tables"]["rejected"] == 2
    for table in TABLES:
        files = [f for f in manifest["files"] if f.startswith(table + "/")]
        assert len(files) == 1, table
    rejected = duckdb.sql(
        f"SELECT source_path FROM read_parquet('{out}/rejected/**/*.parquet') ORDER BY 1"
    ).fetchall()
    assert [Path(r[0]).name for r in rejected] == ["menu.txt", "short.txt"]
    columns = duckdb.sql(
        f"SELECT * FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true)"
    ).columns
    assert {"title", "text", "language", "ingest_date"} <= set(columns)


def test_a_failed_run_without_a_committed_manifest_is_discarded(tmp_path):
    """What the command does when a run fails outside the commit's own rollback (a worker
    process killed mid-commit): an uncommitted run's moved files and staging go; a committed
    run's files stay."""
    from transforms.sink.commit import discard_uncommitted

    out = tmp_path / "out"
    assert run_day(out, DAY2).returncode == 0
    day2 = day_manifest(out, DAY2)
    killed = run_day(out, DAY1, env={KILL_AT_MOVE_ENV: "4"})
    assert killed.returncode == -signal.SIGKILL and len(run_files(out, DAY1)) == 4
    run_id = f"{DAY1.replace('-', '')}-{day2['run_id'].split('-')[1]}"
    discard_uncommitted(str(out), run_id)
    assert run_files(out, DAY1) == [] and not (out / "_staging").exists()
    discard_uncommitted(str(out), day2["run_id"])  # committed: nothing removed
    assert run_files(out, DAY2) == sorted(day2["files"])
