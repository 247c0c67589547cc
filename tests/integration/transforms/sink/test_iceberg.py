"""``write.format: iceberg`` through the CLI: the four tables in the SQLite catalog under the
output, the same rows as the Hive layout, reruns idempotent, cross-run dedup, DuckDB reading."""

import contextlib
import io

import duckdb
import pytest

from pipeline.cli.main import main
from tests.support.paths import SEEDS

pytest.importorskip("pyiceberg")

DAY1, DAY2 = "2026-11-01", "2026-11-02"


def _run(out, day: str, config=None) -> tuple:
    args = ["run", "--input", f"{SEEDS}/*", "--output", str(out), "--run-date", day]
    if config is not None:
        args += ["--config", str(config)]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(args)
    return code, stdout.getvalue(), stderr.getvalue()


def _catalog(out):
    """What a user does: the SQLite catalog the README names, under the output."""
    from pyiceberg.catalog.sql import SqlCatalog

    db = out / "_iceberg" / "catalog.db"
    assert db.exists()
    return SqlCatalog("newsbeam", uri=f"sqlite:///{db}", warehouse=f"file://{out}")


def _rows(table) -> list:
    rows = table.scan().to_arrow().to_pylist()
    return sorted(rows, key=lambda r: (str(r["ingest_date"]), r["doc_id"]))


@pytest.fixture(scope="module")
def iceberg(tmp_path_factory):
    root = tmp_path_factory.mktemp("iceberg")
    config = root / "iceberg.yaml"
    config.write_text("write:\n  format: iceberg\n")
    out = root / "out"
    code, stdout, stderr = _run(out, DAY1, config)
    assert code == 0, stderr
    return root, config, out, stdout


def test_a_run_creates_the_four_tables_with_the_hive_rows(iceberg):
    root, _config, out, stdout = iceberg
    cat = _catalog(out)
    assert sorted(t[1] for t in cat.list_tables("newsbeam")) == sorted(
        ["articles", "duplicates", "rejected", "errors"]
    )
    articles = cat.load_table("newsbeam.articles")
    assert [f.name for f in articles.spec().fields] == ["ingest_date", "language"]
    assert [f.name for f in cat.load_table("newsbeam.duplicates").spec().fields] == ["ingest_date"]
    rows = _rows(articles)
    assert len(rows) == 5 and _rows(cat.load_table("newsbeam.duplicates")) == []
    # The same rows as the Hive layout of the same run, column for column.
    hive = root / "hive"
    assert _run(hive, DAY1)[0] == 0
    expected = duckdb.sql(
        f"SELECT * FROM read_parquet('{hive}/articles/**/*.parquet', hive_partitioning=true) "
        "ORDER BY doc_id"
    ).arrow()
    for got, want in zip(rows, expected.read_all().to_pylist()):
        assert got["title"] and got["text"] == want["text"]
        assert {k: got[k] for k in want if k != "ingested_at"} == {
            k: want[k] for k in want if k != "ingested_at"
        }
    assert "newsbeam.{articles" in stdout and "/articles/metadata/" in stdout


def test_duckdb_reads_the_snapshot_data_files(iceberg):
    out = iceberg[2]
    articles = _catalog(out).load_table("newsbeam.articles")
    files = [task.file.file_path for task in articles.scan().plan_files()]
    titles = duckdb.sql(f"SELECT title FROM read_parquet({files}) ORDER BY title").fetchall()
    assert sorted(r["title"] for r in _rows(articles)) == [t[0] for t in titles]


def test_rerun_replaces_the_run_and_next_day_finds_prior_run_duplicates(iceberg):
    _root, config, out, _ = iceberg
    before = _rows(_catalog(out).load_table("newsbeam.articles"))
    snapshots = len(_catalog(out).load_table("newsbeam.articles").snapshots())
    code, _, stderr = _run(out, DAY1, config)
    assert code == 0, stderr
    articles = _catalog(out).load_table("newsbeam.articles")
    after = _rows(articles)
    assert len(after) == 5 and len(articles.snapshots()) > snapshots
    strip = ("ingested_at",)
    assert [{k: v for k, v in r.items() if k not in strip} for r in after] == [
        {k: v for k, v in r.items() if k not in strip} for r in before
    ]

    duplicates = _catalog(out).load_table("newsbeam.duplicates")
    dup_snapshots = len(duplicates.snapshots())
    code, _, stderr = _run(out, DAY2, config)
    assert code == 0, stderr
    duplicates = _catalog(out).load_table("newsbeam.duplicates")
    assert len(duplicates.snapshots()) == dup_snapshots + 1
    dups = _rows(duplicates)
    assert [d["match"] for d in dups] == ["prior_run"] * 5
    kept = {r["article_id"] for r in after}
    assert {d["duplicate_of"] for d in dups} <= kept
    assert len(_rows(_catalog(out).load_table("newsbeam.articles"))) == 5


def test_an_unknown_format_is_a_configuration_error(tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text("write:\n  format: delta\n")
    code, _, stderr = _run(tmp_path / "out", DAY1, config)
    assert (
        code == 2
        and "'write.format' must be one of parquet, iceberg, got the text 'delta'" in stderr
    )
