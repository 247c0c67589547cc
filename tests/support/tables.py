"""Read an output folder back as a user does: SQL over its tables with DuckDB."""

from pathlib import Path

import duckdb

TABLES = ("articles", "duplicates", "rejected", "errors")


def query(out, sql: str) -> list:
    """Rows of ``sql`` run over the output's tables, each a view of its Parquet files by name
    (``SELECT title FROM articles``), Hive partition columns included."""
    con = duckdb.connect()
    for table in TABLES:
        if any((Path(out) / table).rglob("*.parquet")):
            con.execute(
                f"CREATE VIEW {table} AS SELECT * FROM "
                f"read_parquet('{out}/{table}/**/*.parquet', hive_partitioning=true)"
            )
    return con.execute(sql).fetchall()
