"""deploy/warehouse/: the DDL matches transforms/sink/schema.py, and the real output reads back typed.

The pipeline runs once on the seeds plus a few inputs written here (a copy, a too-short text, a
binary file) so every table has rows. DuckDB runs deploy/warehouse/duckdb.sql for real,
pyarrow.dataset reads the Hive partitions, and Spark SQL runs spark.sql when pyspark is available
(NEWSBEAM_SPARK_PYTHON or this venv; `make deploy-check` provides it).
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from pipeline.cli.main import main as cli_main
from tests.support.paths import ROOT, SEEDS
from tests.support.tools import tool
from transforms.sink.schema import SCHEMAS, TABLES

WAREHOUSE = ROOT / "deploy" / "warehouse"
sys.path.insert(0, str(WAREHOUSE))
import generate  # noqa: E402  (deploy/warehouse/generate.py is a script, not a package)

RUN_DATE = "2026-11-22"
PARTITIONS = generate.partitioning()


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    inputs = tmp_path_factory.mktemp("inputs")
    for seed in sorted(SEEDS.iterdir()):
        shutil.copy(seed, inputs / seed.name)
    first = sorted(SEEDS.iterdir())[0]
    shutil.copy(first, inputs / f"copy-of-{first.name}")  # an exact duplicate
    (inputs / "short.txt").write_text("Too short to be an article.\n")  # rejected
    (inputs / "binary.html").write_bytes(bytes(range(256)) * 40)  # an error row
    out = tmp_path_factory.mktemp("warehouse") / "out"
    args = ["run", "--input", f"{inputs}/*", "--output", str(out), "--run-date", RUN_DATE]
    assert cli_main([*args, "--quiet"]) == 0
    return out


def _manifest(out: Path) -> dict:
    [path] = (out / "_runs").glob("*.json")
    return json.loads(path.read_text())


def test_every_table_has_rows(output):
    tables = _manifest(output)["tables"]
    assert all(tables[t] > 0 for t in TABLES), tables


# --- the DDL files ------------------------------------------------------------------------------


def test_sql_files_are_generated_from_the_current_schema():
    assert generate.main(["--check"]) == 0, "run: python deploy/warehouse/generate.py"


TYPE_OF = {
    "bigquery.sql": generate.bigquery_type,
    "snowflake.sql": generate.snowflake_type,
    "athena.sql": generate.hive_type,
    "spark.sql": lambda t: generate.hive_type(t, upper=True),
}


@pytest.mark.parametrize("name", sorted(TYPE_OF))
def test_every_column_of_every_table_is_declared_with_its_type(name):
    text = (WAREHOUSE / name).read_text()
    for table in TABLES:
        block = _create_block(text, table)
        for field in SCHEMAS[table]:
            declared = f"{field.name}` {TYPE_OF[name](field.type)}"
            plain = f"{field.name} {TYPE_OF[name](field.type)}"
            assert declared in block or f"\n  {plain}" in block, f"{name} {table}.{field.name}"


def _create_block(text: str, table: str) -> str:
    """The CREATE ... TABLE statement of ``table`` in a SQL file."""
    code = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    for statement in code.split(";"):
        head = statement.split("(", 1)[0]
        if "CREATE" in head and "TABLE" in head and head.rstrip().rstrip("`").endswith(table):
            return statement
    raise AssertionError(f"no CREATE TABLE for {table}")


def test_external_tables_point_below_the_success_markers():
    bigquery = (WAREHOUSE / "bigquery.sql").read_text()
    for table, parts in PARTITIONS.items():
        assert f"gs://BUCKET/newsbeam/{table}/{parts[0]}=*" in bigquery
        assert f"PARTITION BY ({', '.join(parts)})" in (WAREHOUSE / "snowflake.sql").read_text()


# --- DuckDB, pyarrow, Spark on the real output --------------------------------------------------


@pytest.fixture(scope="module")
def duck(output):
    con = duckdb.connect()
    con.execute(f"SET VARIABLE newsbeam_output = '{output}'")
    con.execute((WAREHOUSE / "duckdb.sql").read_text())
    return con


@pytest.mark.parametrize("table", TABLES)
def test_duckdb_views_have_every_column_typed_and_every_row(duck, output, table):
    described = duck.execute(f"DESCRIBE {table}").fetchall()
    expected = [f for f in SCHEMAS[table] if f.name not in PARTITIONS[table]]
    expected += [SCHEMAS[table].field(p) for p in PARTITIONS[table]]
    assert [(row[0], row[1].replace('"', "")) for row in described] == [
        (f.name, _duckdb_describe(generate.duckdb_type(f.type))) for f in expected
    ]
    [(count,)] = duck.execute(f"SELECT count(*) FROM {table}").fetchall()
    assert count == _manifest(output)["tables"][table]


def _duckdb_describe(sql_type: str) -> str:
    return sql_type.replace("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE")


def test_duckdb_values_are_utc_lists_and_partitions(duck):
    cursor = duck.execute(
        "SELECT ingested_at, authors, tags, topics, ingest_date, language FROM articles LIMIT 1"
    )
    [(ingested_at, authors, tags, topics, ingest_date, language)] = cursor.fetchall()
    assert ingested_at.utcoffset().total_seconds() == 0
    assert ingested_at.isoformat().startswith(f"{RUN_DATE}T00:00:00")
    assert isinstance(authors, list) and isinstance(tags, list)
    assert isinstance(topics, list) and set(topics[0]) == {"code", "label", "score"}
    assert (str(ingest_date), language) == (RUN_DATE, "en")
    [(n,)] = duck.execute(
        f"SELECT count(*) FROM duplicates WHERE ingest_date = DATE '{RUN_DATE}' AND match = 'exact'"
    ).fetchall()
    assert n == 1


@pytest.mark.parametrize("table", TABLES)
def test_pyarrow_dataset_reads_hive_partitions_with_the_schema_types(output, table):
    schema = SCHEMAS[table]
    partitioning = ds.partitioning(
        pa.schema([schema.field(p) for p in PARTITIONS[table]]), flavor="hive"
    )
    dataset = ds.dataset(output / table, format="parquet", partitioning=partitioning)
    for field in schema:
        assert dataset.schema.field(field.name).type == field.type, field.name
    loaded = dataset.to_table()
    assert loaded.num_rows == _manifest(output)["tables"][table]
    assert set(loaded.column("ingest_date").to_pylist()) == {
        pa.scalar(RUN_DATE).cast(pa.date32()).as_py()
    }
    inferred = ds.dataset(output / table, format="parquet", partitioning="hive")
    assert set(PARTITIONS[table]) <= set(inferred.schema.names)


def test_parquet_files_store_utc_micros_lists_and_zstd(output):
    [path] = (output / "articles").glob(f"ingest_date={RUN_DATE}/language=en/*.parquet")
    meta = pq.ParquetFile(path)
    columns = {meta.schema.column(i).path: meta.schema.column(i) for i in range(len(meta.schema))}
    logical = str(columns["published_at"].logical_type)
    assert "isAdjustedToUTC=true" in logical and "timeUnit=microseconds" in logical
    assert columns["published_at"].physical_type == "INT64"  # not INT96
    assert "authors.list.element" in columns and "topics.list.element.code" in columns
    assert meta.metadata.row_group(0).column(0).compression == "ZSTD"
    assert "ingest_date" not in meta.schema_arrow.names  # partition columns live in the path


_SPARK = textwrap.dedent(
    """
    import json, sys
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[1]").appName("newsbeam-ddl")
             .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
             .getOrCreate())
    spark.sql(f"SET newsbeam_output={sys.argv[2]}")
    text = "\\n".join(l for l in open(sys.argv[1]).read().splitlines() if not l.startswith("--"))
    for statement in (s.strip() for s in text.split(";")):
        if statement:
            spark.sql(statement)
    report = {}
    for table in sys.argv[3].split(","):
        columns = spark.sql(f"DESCRIBE newsbeam.{table}").collect()
        types = [(r.col_name, r.data_type) for r in columns]
        types = types[: types.index(("# Partition Information", ""))]
        count = spark.sql(f"SELECT count(*) AS n FROM newsbeam.{table}").collect()[0].n
        report[table] = {"types": types, "count": count}
    row = spark.sql("SELECT ingested_at FROM newsbeam.articles LIMIT 1").collect()[0]
    report["ingested_at"] = row.ingested_at.isoformat()
    print(json.dumps(report))
    """
)


def test_spark_sql_ddl_runs_on_the_output(output, tmp_path):
    python = tool("NEWSBEAM_SPARK_PYTHON", "spark-python")
    if not shutil.which("java"):
        pytest.skip("Spark needs a Java runtime")
    result = subprocess.run(
        [python, "-c", _SPARK, str(WAREHOUSE / "spark.sql"), str(output), ",".join(TABLES)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**os.environ, "PYSPARK_PYTHON": python},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    for table in TABLES:
        fields = [f for f in SCHEMAS[table] if f.name not in PARTITIONS[table]]
        fields += [SCHEMAS[table].field(p) for p in PARTITIONS[table]]
        assert [tuple(t) for t in report[table]["types"]] == [
            (f.name, generate.hive_type(f.type)) for f in fields
        ]
        assert report[table]["count"] == _manifest(output)["tables"][table]
    assert report["ingested_at"] == f"{RUN_DATE}T00:00:00"  # session time zone UTC
