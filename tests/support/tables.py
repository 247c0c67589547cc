"""Read an output folder back as a user does: SQL over its tables with DuckDB."""

from pathlib import Path

import duckdb

TABLES = ("articles", "duplicates", "rejected", "errors")


def _connect(out, *, files: bool = False) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    options = "hive_partitioning=true, filename=true" if files else "hive_partitioning=true"
    for table in TABLES:
        if any((Path(out) / table).rglob("*.parquet")):
            con.execute(
                f"CREATE VIEW {table} AS SELECT * FROM "
                f"read_parquet('{out}/{table}/**/*.parquet', {options})"
            )
    return con


def query(out, sql: str) -> list:
    """Rows of ``sql`` run over the output's tables, each a view of its Parquet files by name
    (``SELECT title FROM articles``), Hive partition columns included."""
    return _connect(out).execute(sql).fetchall()


def rows(
    out, table: str, *, columns: str = "*", where: str = "", order: str = "", files: bool = False
) -> list:
    """The rows of one table as dicts by column name (Hive partition columns included, and with
    ``files`` the ``filename`` each row was read from); [] when the table has no file yet."""
    if not any((Path(out) / table).rglob("*.parquet")):
        return []
    sql = f"SELECT {columns} FROM {table}"
    sql += f" WHERE {where}" if where else ""
    sql += f" ORDER BY {order}" if order else ""
    cursor = _connect(out, files=files).execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
