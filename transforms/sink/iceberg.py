"""Commit a run into Apache Iceberg tables (``write.format: iceberg``), with pyiceberg.

The workers write the same Parquet files as for the Hive layout, with the partition columns kept
inside the files (Iceberg reads partition values from the data, not from folder names). The
commit moves them under each table's ``data/`` folder with a name of this commit
(``part-<run_id>-<commit>-<shard>.parquet``: a table's old snapshots keep their own files), then
per table one transaction: delete the rows of this ``run_id`` (a rerun replaces them) and add
the new files. That transaction is the table's atomic commit point; pyiceberg's catalogs commit
one table at a time, so the four tables are committed in turn (``articles`` last) and the run's
manifest (the newsbeam commit point, which the dedup index and HTTP state follow) comes after.
A run killed between two tables' commits is repaired by its rerun, which replaces its rows in
every table.
"""

import logging
import posixpath
import warnings
from typing import Optional

from apache_beam.io.filesystems import FileSystems

from transforms.sink.schema import SCHEMAS, TABLES

__all__ = [
    "DEFAULT_NAMESPACE",
    "catalog_problem",
    "commit_tables",
    "default_catalog",
    "iceberg_relpath",
    "load_iceberg_catalog",
    "open_table",
    "rows_in",
]

_LOG = logging.getLogger(__name__)

DEFAULT_NAMESPACE = "newsbeam"
CATALOG_DIR = "_iceberg"
# Articles last: a reader of articles never sees a run whose side tables are not there yet.
_ORDER = ("duplicates", "rejected", "errors", "articles")


def default_catalog(output: str) -> dict:
    """The zero-set-up catalog: SQLite under the output, tables at ``<output>/<table>``."""
    return {
        "type": "sql",
        "uri": f"sqlite:///{posixpath.join(output, CATALOG_DIR, 'catalog.db')}",
        "warehouse": output if "://" in output else f"file://{output}",
    }


# pyiceberg's catalog types (its CatalogType), and those that cannot work without a ``uri``.
_TYPES = ("rest", "hive", "glue", "dynamodb", "sql", "in-memory", "bigquery")
_NEED_URI = ("rest", "hive", "sql")
_URI_TYPES = (("http", "rest"), ("thrift", "hive"), ("sqlite", "sql"), ("postgresql", "sql"))


def catalog_problem(catalog: dict, env: Optional[dict] = None) -> Optional[str]:
    """What pyiceberg's ``load_catalog`` would refuse in ``write.iceberg.catalog`` (with ``env``,
    the properties its ~/.pyiceberg.yaml or PYICEBERG_CATALOG__* give the same catalog name),
    said with the fix; None when its shape is right. No network: checked with the config
    (pipeline/run/catalog_reach.py reaches the catalog before the run)."""
    key = "'write.iceberg.catalog"
    nested = sorted(k for k, v in catalog.items() if isinstance(v, (dict, list)))
    if nested:
        return f"{key}.{nested[0]}' must be a plain value (catalog properties are flat strings)"
    conf = {**(env or {}), **catalog}
    kind = conf.get("type")
    if conf.get("py-catalog-impl"):
        return f"{key}' sets both type and py-catalog-impl: keep one" if kind else None
    uri = conf.get("uri")
    if kind is not None:
        if str(kind).lower() not in _TYPES:
            return f"{key}.type' must be one of {', '.join(_TYPES)}, got {kind!r}"
        if str(kind).lower() in _NEED_URI and not uri:
            return f"{key}' of type {kind} needs a uri (e.g. uri: https://catalog.example/api)"
        return None
    if not uri:
        return (
            f"{key}' needs a type or a uri (e.g. {{type: rest, uri: https://...}}; "
            f"null for the SQLite catalog under the output), got keys {sorted(catalog)}"
        )
    if not any(str(uri).startswith(scheme) for scheme, _ in _URI_TYPES):
        return (
            f"{key}.uri' {str(uri)!r} does not say the catalog's kind: give a type "
            f"({', '.join(_TYPES)}) or a uri starting with http, thrift, sqlite or postgresql"
        )
    return None


def catalog_env(name: str) -> dict:
    """The properties pyiceberg's own configuration gives the catalog ``name`` (it merges them
    under ours)."""
    from pyiceberg.utils.config import Config

    try:
        return dict(Config().get_catalog_config(name.lower()) or {})
    except ValueError:  # a malformed ~/.pyiceberg.yaml: pyiceberg says so when loading
        return {}


def load_iceberg_catalog(output: str, catalog: Optional[dict]):
    """``write.iceberg.catalog`` (passed to pyiceberg's ``load_catalog``) or the default."""
    from pyiceberg.catalog import load_catalog

    conf = dict(catalog or default_catalog(output))
    if conf.get("type") == "sql" and str(conf.get("uri", "")).startswith("sqlite:///"):
        folder = posixpath.dirname(str(conf["uri"])[len("sqlite:///") :])
        if folder and "://" not in output:
            import os

            os.makedirs(folder, exist_ok=True)
    name = str(conf.pop("name", "newsbeam"))
    return load_catalog(name, **{k: str(v) for k, v in conf.items()})


def open_table(catalog, namespace: str, table: str, output: str, partition_by: tuple):
    """The table, created (schema and identity partitioning as configured) on first use. A
    committed ``update_schema``/``update_spec`` refreshes the table object's own metadata, so
    it is not loaded again."""
    catalog.create_namespace_if_not_exists(namespace)
    identifier = f"{namespace}.{table}"
    created = catalog.create_table_if_not_exists(
        identifier, schema=SCHEMAS[table], location=posixpath.join(output, table)
    )
    missing = set(SCHEMAS[table].names) - {f.name for f in created.schema().fields}
    if missing:  # a column added since the table was created (columns are only ever added)
        with created.update_schema() as update:
            update.union_by_name(SCHEMAS[table])
    if partition_by and not created.spec().fields:
        with created.update_spec() as spec:
            for column in partition_by:
                spec.add_identity(column)
    return created


def iceberg_relpath(rel: str, run_id: str, token: str) -> str:
    """Where a staged table file goes: ``articles/ingest_date=.../part-<run>-00000.parquet`` ->
    ``articles/data/ingest_date=.../part-<run>-<token>-00000.parquet``."""
    table, rest = rel.split("/", 1)
    folder, name = posixpath.split(rest)
    shard = name[len(f"part-{run_id}-") :]
    return posixpath.join(table, "data", folder, f"part-{run_id}-{token}-{shard}")


def rows_in(path: str) -> int:
    import pyarrow.parquet as pq

    with FileSystems.open(path) as handle:
        return pq.ParquetFile(handle).metadata.num_rows


def commit_tables(
    output: str,
    run_id: str,
    files: dict,
    *,
    catalog: Optional[dict],
    namespace: str,
    partition_by: dict,
    committed: Optional[list] = None,
) -> dict:
    """``files``: ``{table: [absolute paths in place]}`` -> ``{table: {snapshot_id,
    metadata_location}}``. One
    transaction per table: this run's rows out, its files (those with rows) in; each table
    committed is appended to ``committed``."""
    from pyiceberg.expressions import EqualTo

    cat = load_iceberg_catalog(output, catalog)
    props = {"newsbeam.run_id": run_id}
    snapshots = {}
    for table in _ORDER:
        if table not in TABLES:
            continue
        handle = open_table(cat, namespace, table, output, tuple(partition_by.get(table, ())))
        adds = [p for p in files.get(table, []) if rows_in(p)]
        tx = handle.transaction()
        if handle.current_snapshot() is not None:  # a first run of this id matches nothing
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "Delete operation did not match any records")
                tx.delete(EqualTo("run_id", run_id), snapshot_properties=props)
        if adds:
            tx.add_files(adds, snapshot_properties=props)
        tx.commit_transaction()
        if committed is not None:
            committed.append(table)
        loaded = cat.load_table(f"{namespace}.{table}")
        current = loaded.current_snapshot()
        snapshots[table] = {
            "snapshot_id": current.snapshot_id if current is not None else None,
            "metadata_location": loaded.metadata_location,
        }
    return snapshots
