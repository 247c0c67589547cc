"""``newsbeam query OUT "SQL"``: SQL over an output folder with DuckDB's Python package.

The four tables are views named ``articles``, ``duplicates``, ``rejected`` and ``errors`` over
the Hive-partitioned Parquet files committed runs list in their manifests (partition columns
included), so a query needs no paths and never sees half a run. An output written with
``write.format: iceberg`` gets views over the data files of each table's current snapshot, listed
by pyiceberg: an older snapshot's files, still on disk, are not read. The catalog is the one the
run wrote to: ``write.iceberg`` of ``--config`` when given, else of the last committed run's
manifest, else the default catalog (``<output>/_iceberg``) when it is there.

The query itself reads only those files: DuckDB's external access is turned off (its
``allowed_paths`` are the tables' files) and its configuration locked before the views are made,
so a query cannot write files (``COPY TO``, ``EXPORT``), read others (``read_text``,
``read_csv``, globs), ``ATTACH`` a database or install and load extensions.

A query is bounded: DuckDB's memory is ``--memory-limit`` (default a quarter of the machine's
memory, not DuckDB's 80 %), and what it spills goes to a private folder in the temp folder, at
most ``spill_limit`` bytes, removed when the query ends (DuckDB's default is ``.tmp`` in the current
folder, left behind, up to 90 % of the free disk).
"""

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
from typing import Optional

from pipeline.config.settings import ConfigError
from pipeline.run.manifests import SECRET_MARK
from pipeline.run.stop import on_stop
from transforms.sink.committed import committed_files
from transforms.sink.schema import TABLES

__all__ = [
    "default_memory_limit",
    "format_rows",
    "iceberg_files",
    "run_query",
    "spill_limit",
    "table_files",
    "table_views",
]

_CELL_WIDTH = 60  # a text cell wider than this is cut in the table format (csv/json keep it)
_MIB = 1 << 20
_SPILL_MAX = 16 << 30  # a query that needs more scratch than this is not a query of these tables


def default_memory_limit() -> str:
    """A quarter of the machine's memory (at least 256 MiB), in DuckDB's syntax."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        total = 4 << 30
    return f"{max(256, total // 4 // _MIB)}MiB"


def spill_limit(folder: str) -> str:
    """What a query may spill into ``folder``: half its disk's free space, at most 16 GiB."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = 0
    return f"{max(64, min(_SPILL_MAX, free // 2) // _MIB)}MiB"


def _view(table: str, source: str, hive: bool) -> str:
    options = "hive_partitioning=true, union_by_name=true" if hive else "union_by_name=true"
    return f"CREATE VIEW {table} AS SELECT * FROM read_parquet({source}, {options})"


def _quoted(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


def _written_with(output: str, config: Optional[str]) -> dict:
    """The ``write`` settings of ``--config``, else of the last committed run (its manifest), else
    {}."""
    if config:
        from pipeline.config.settings import load_settings

        return dict(load_settings(config).write)
    from pipeline.report.data import latest_run_id

    try:
        run_id = latest_run_id(output)
        with open(os.path.join(output, "_runs", f"{run_id}.json"), encoding="utf-8") as handle:
            return dict((json.load(handle).get("config") or {}).get("write") or {})
    except (ConfigError, OSError, ValueError, AttributeError):
        return {}


def iceberg_files(output: str, config: Optional[str] = None):
    """``{table: [data files of its current snapshot]}`` of an output written as Iceberg tables
    (the catalog of ``write.iceberg``, see the module's docstring); None for a Parquet output."""
    from transforms.sink.iceberg import CATALOG_DIR, DEFAULT_NAMESPACE, load_iceberg_catalog

    write = _written_with(output, config)
    iceberg = write.get("iceberg") or {}
    default_there = os.path.isfile(os.path.join(output, CATALOG_DIR, "catalog.db"))
    if write.get("format") != "iceberg" and not (default_there and not config):
        return None
    if not config and SECRET_MARK in json.dumps(iceberg.get("catalog") or {}):
        raise ConfigError(
            "the run's Iceberg catalog needs credentials, which run manifests do not store: "
            f"give the run's config: newsbeam query {output} SQL --config FILE"
        )
    catalog = load_iceberg_catalog(output, iceberg.get("catalog"))
    namespace = iceberg.get("namespace") or DEFAULT_NAMESPACE
    files = {}
    for table in TABLES:
        try:
            handle = catalog.load_table(f"{namespace}.{table}")
        except Exception:  # noqa: BLE001 - pyiceberg's NoSuchTableError: not committed yet
            continue
        paths = [task.file.file_path for task in handle.scan().plan_files()]
        files[table] = [p.removeprefix("file://") for p in paths]
    return files


def table_files(output: str, config: Optional[str] = None) -> dict:
    """``{table: (paths, hive)}`` for the tables with at least one committed file: ``hive``
    when the partition columns are in the folder names (Parquet), not in the files (Iceberg).

    Only files a committed manifest lists are read: a run killed during its commit may have moved
    some files into the partitions before its manifest was written, and a query must show either
    all of a run or none of it."""
    iceberg = iceberg_files(output, config)
    if iceberg is not None:
        return {
            table: ([os.path.abspath(p) for p in paths], False)
            for table, paths in iceberg.items()
            if paths
        }
    listed = committed_files(output)
    files = {}
    for table in TABLES:
        paths = sorted(
            os.path.join(os.path.abspath(output), rel)
            for rel in listed
            if rel.startswith(table + "/") and rel.endswith(".parquet")
        )
        paths = [p for p in paths if os.path.isfile(p)]
        if paths:
            files[table] = (paths, True)
    return files


def table_views(files: dict) -> dict:
    """``{table: CREATE VIEW statement}`` over ``table_files``."""
    return {
        table: _view(table, _listed(paths), hive=hive) for table, (paths, hive) in files.items()
    }


def _listed(paths) -> str:
    return "[" + ", ".join(map(_quoted, paths)) + "]"


def _read_only(con, files: dict) -> None:
    """Let ``con`` read the tables' files and nothing else, for good (see the module's
    docstring)."""
    allowed = [path for paths, _ in files.values() for path in paths]
    con.execute(f"SET allowed_paths = {_listed(allowed)}")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


_REFUSED = (
    "query refused: a query may only read the tables {tables} of '{output}'; writing or "
    "reading other files, ATTACH, extensions and settings are turned off ({error}). To export "
    "rows, use --format csv|json and redirect the output"
)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def format_rows(columns: list, rows: list, fmt: str = "table") -> str:
    """Rows as an aligned text table, CSV or JSON lines."""
    if fmt == "json":
        return "\n".join(
            json.dumps(dict(zip(columns, row)), default=_cell, ensure_ascii=False) for row in rows
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        return out.getvalue().rstrip("\n")

    def short(value) -> str:
        text = " ".join(_cell(value).split())
        return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"

    cells = [[short(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def run_query(
    output: str,
    sql: str,
    *,
    fmt: str = "table",
    config: Optional[str] = None,
    memory_limit: Optional[str] = None,
) -> str:
    """Run ``sql`` over the output folder's tables (an Iceberg output through the catalog of
    ``config``'s ``write.iceberg``, or of the run that wrote it); the result formatted. DuckDB
    uses at most ``memory_limit`` (default ``default_memory_limit()``) and spills into a
    temporary folder removed at the end (also on SIGTERM)."""
    if not os.path.isdir(output):
        raise ConfigError(f"no output folder '{output}': give the --output of a run")
    files = table_files(output, config)
    if not files:
        raise ConfigError(f"'{output}' holds no table yet: run newsbeam run --output {output}")
    scratch = tempfile.mkdtemp(prefix="newsbeam-query-")

    def remove_scratch() -> None:
        shutil.rmtree(scratch, ignore_errors=True)

    try:
        with on_stop(remove_scratch):
            return _query(files, sql, fmt, output, scratch, memory_limit or default_memory_limit())
    finally:
        remove_scratch()


def _connect(scratch: str, memory_limit: str):
    import duckdb

    settings = {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "memory_limit": memory_limit,
        "temp_directory": scratch,
        "max_temp_directory_size": spill_limit(scratch),
    }
    try:
        return duckdb.connect(":memory:", config=settings)
    except duckdb.Error as exc:
        raise ConfigError(
            f"--memory-limit {memory_limit!r}: {str(exc).splitlines()[0]} (give a size such as "
            "2GB or 512MB)"
        ) from None


def _query(files: dict, sql: str, fmt: str, output: str, scratch: str, memory_limit: str) -> str:
    import duckdb

    tables = ", ".join(files)
    con = _connect(scratch, memory_limit)
    try:
        _read_only(con, files)
        _make_views(con, files, output)
        try:
            _one_statement(con, sql, output, tables)
            cursor = con.execute(sql)
            if cursor is None:  # DuckDB returns no cursor for blanks and comments
                raise ConfigError(_NO_STATEMENT.format(output=output, tables=tables))
            if cursor.description is None:
                return ""
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
        except duckdb.Error as exc:
            raise ConfigError(_failed(exc, _kinds(con, sql), output, tables)) from None
        return format_rows(columns, rows, fmt)
    finally:
        con.close()


_NO_STATEMENT = (
    "no SQL statement given: give one, e.g. newsbeam query {output} "
    "'SELECT language, count(*) FROM articles GROUP BY 1' (tables: {tables})"
)


def _one_statement(con, sql: str, output: str, tables: str) -> None:
    """ConfigError for several statements: DuckDB runs them all and returns the last one's rows
    only, so ``SELECT ...; SELECT ...`` printed the second's as if it were the answer. A text
    that does not parse is left to ``execute``, which says where."""
    import duckdb

    try:
        count = len(con.extract_statements(sql))
    except duckdb.Error:
        return
    if count > 1:
        raise ConfigError(
            f"{count} SQL statements given: newsbeam query runs one and prints its rows; run "
            f"each as its own newsbeam query {output} '...' (tables: {tables})"
        )


def _make_views(con, files: dict, output: str) -> None:
    """The tables' views; a table whose files sit in two folder layouts (runs with different
    ``write.partition_by``, before such a run was refused) cannot be one view: said in a line."""
    import duckdb

    for table, statement in table_views(files).items():
        try:
            con.execute(statement)
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            if "partition mismatch" not in first.lower():
                raise ConfigError(f"cannot read '{output}/{table}': {first}") from None
            raise ConfigError(
                f"'{output}/{table}' holds files in two folder layouts (runs with different "
                f"write.partition_by), which DuckDB cannot read as one table: {first}; move "
                "one layout's runs to another output"
            ) from None


def _kinds(con, sql: str) -> set:
    """The names of the kinds of ``sql``'s statements (``SET``, ``PRAGMA``, ``SELECT``...);
    empty when it does not parse."""
    import duckdb

    try:
        return {statement.type.name for statement in con.extract_statements(sql)}
    except duckdb.Error:
        return set()


def _failed(exc, kinds: set, output: str, tables: str) -> str:
    """What to say of a failed query. Refused, by the exception's type and the statement's kind
    rather than DuckDB's wording: files and extensions raise PermissionException; a settings
    change (SET, RESET, PRAGMA name=value parse as SET; PRAGMA enable_profiling as PRAGMA) raises
    InvalidInputException once the configuration is locked (DuckDB 1.2 to 2.0)."""
    import duckdb

    text = str(exc)
    if isinstance(exc, duckdb.PermissionException) or (
        isinstance(exc, duckdb.InvalidInputException) and kinds & {"SET", "PRAGMA"}
    ):
        return _REFUSED.format(tables=tables, output=output, error=text.splitlines()[0])
    if isinstance(exc, duckdb.OutOfMemoryException):
        return (
            f"query failed: it needs more memory than --memory-limit and its spill space allow "
            f"({text.splitlines()[0]}); narrow it (WHERE, LIMIT, fewer columns) or give a larger "
            "--memory-limit"
        )
    if isinstance(exc, duckdb.CatalogException):
        # DuckDB's hint names its own system views ("Did you mean pg_sequences?") and a pointer
        # line under the SQL: one line naming the tables there is says the fix.
        missing = re.search(r"Table with name (\S+) does not exist", text)
        if missing:
            return f"query failed: no table {missing.group(1)} in {output}; its tables: {tables}"
        return f"query failed: {text.splitlines()[0]} (tables: {tables})"
    return f"query failed: {exc} (tables: {tables})"
