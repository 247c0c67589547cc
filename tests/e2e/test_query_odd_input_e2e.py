"""``newsbeam query`` given no statement, or an output whose table holds two folder layouts
(written before runs were refused a second layout): one line with the fix, exit 2, never a
traceback."""

import json
import shutil

import pytest

from tests.support.cli import newsbeam
from tests.support.paths import SEEDS


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("query-odd") / "out"
    done = newsbeam(
        "run", "--input", f"{SEEDS}/*", "--output", str(out), "--run-date", "2026-11-22"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return out


@pytest.mark.parametrize("sql", ["", "   ", "-- only a comment"])
def test_a_query_with_no_statement_says_what_to_give(out, sql):
    done = newsbeam("query", str(out), sql)
    assert done.returncode == 2, done.stderr[-2000:]
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("newsbeam: ") and "no SQL statement" in line and "SELECT" in line


@pytest.mark.parametrize("sql", ["SELECT 1; SELECT count(*) FROM articles", "SELECT 1;;SELECT 2"])
def test_several_statements_are_one_line_saying_to_run_each(out, sql):
    """DuckDB would run both and give the last one's rows only: read as the answer to the first."""
    done = newsbeam("query", str(out), sql)
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    assert "2 SQL statements given" in line and "run each as its own" in line


@pytest.mark.parametrize(
    "sql", ["SELECT count(*) AS n FROM articles;", "SELECT count(*) AS n FROM articles; -- all"]
)
def test_one_statement_with_a_semicolon_or_a_comment_after_it_runs(out, sql):
    done = newsbeam("query", str(out), sql, "--format", "csv")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[0] == "n" and int(done.stdout.splitlines()[1]) > 0


def test_a_table_of_two_layouts_is_one_line_naming_the_files(out, tmp_path):
    mixed = tmp_path / "mixed"
    shutil.copytree(out, mixed)
    [manifest] = (mixed / "_runs").glob("*.json")
    facts = json.loads(manifest.read_text())
    [part] = [f for f in facts["files"] if f.startswith("articles/") and f.endswith(".parquet")]
    moved = "articles/ingest_date=2026-11-22/topic=x/" + part.rsplit("/", 1)[1]
    (mixed / moved).parent.mkdir(parents=True)
    shutil.copy(mixed / part, mixed / moved)
    facts["files"].append(moved)
    manifest.write_text(json.dumps(facts))
    done = newsbeam("query", str(mixed), "SELECT count(*) FROM errors")
    assert done.returncode == 2, done.stderr[-2000:]
    [line] = done.stderr.strip().splitlines()
    assert "two folder layouts" in line and "Hive partition mismatch" in line
