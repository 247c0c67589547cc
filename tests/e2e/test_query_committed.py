"""``newsbeam query`` shows a run whole or not at all: files a run killed during its commit had
already moved into the partitions are not in the views (a plain glob would show them)."""

import duckdb

from tests.support.cli import DAY1, DAY2, newsbeam, run_day
from transforms.sink.commit import KILL_AT_MOVE_ENV

MOVES = 6  # seeds: the index, one file per table, then the manifest


def _query(out, sql: str) -> list:
    done = newsbeam("query", str(out), sql, "--format", "csv")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[1:]


def test_query_leaves_out_the_files_of_a_run_killed_during_its_commit(tmp_path):
    out = tmp_path / "out"
    assert run_day(out, DAY1).returncode == 0
    # Day 2 reads the same five stories: five prior_run duplicates and no article, so no index
    # file: its four tables are moves 1-4, the manifest would be the 5th.
    killed = run_day(out, DAY2, env={KILL_AT_MOVE_ENV: "4"})
    assert killed.returncode != 0
    glob = f"read_parquet('{out}/duplicates/**/*.parquet', hive_partitioning=true)"
    assert duckdb.sql(f"SELECT count(*) FROM {glob}").fetchall() == [(5,)]  # visible to a glob

    assert _query(out, "SELECT count(*) FROM duplicates") == ["0"]
    assert _query(out, "SELECT DISTINCT CAST(ingest_date AS VARCHAR) FROM articles") == [DAY1]
    titles = _query(out, "SELECT title FROM articles ORDER BY title")
    assert len(titles) == 5 and all(titles)

    # Once day 2 is rerun and commits, its rows are there.
    assert run_day(out, DAY2).returncode == 0
    assert _query(out, "SELECT match, count(*) FROM duplicates GROUP BY match") == ["prior_run,5"]


def test_query_on_an_output_with_no_committed_run_says_so(tmp_path):
    out = tmp_path / "out"
    killed = run_day(out, DAY1, env={KILL_AT_MOVE_ENV: str(MOVES - 1)})
    assert killed.returncode != 0
    assert list(out.glob("articles/**/*.parquet"))  # moved, never committed
    done = newsbeam("query", str(out), "SELECT count(*) FROM articles")
    assert done.returncode == 2
    assert "holds no table yet" in done.stderr
