"""One folder layout per output: a run whose ``write.partition_by`` or ``write.format`` differs
from what the output's committed runs wrote is refused before it runs.

Two layouts in one table (``articles/ingest_date=.../language=en/`` beside
``articles/ingest_date=.../topic=.../``) made every later ``newsbeam query`` and ``report`` fail
in DuckDB (``Hive partition mismatch``), and warehouses' Hive partitioning reads one layout per
table. A rerun of the same run id replaces its own files, so its own manifest does not count.
"""

import json
import posixpath
from typing import Optional

from apache_beam.io.filesystems import FileSystems

from transforms.sink.committed import manifest_paths
from transforms.sink.schema import TABLES

__all__ = ["layout_conflict"]


def _written(path: str) -> Optional[dict]:
    """The ``write`` settings a committed manifest records (a batch run's, a stream's and its
    windows'), or None (an older version's stream manifest, an unreadable one)."""
    try:
        with FileSystems.open(path) as handle:
            write = (json.loads(handle.read().decode("utf-8")).get("config") or {}).get("write")
    except (OSError, ValueError, AttributeError):
        return None
    return write if isinstance(write, dict) else None


def _keys(value) -> list:
    """A table's partition keys as a list: a manifest records the config as written, where one
    key may be a string (``articles: language``), not a list of its letters."""
    return [value] if isinstance(value, str) else list(value or [])


def layout_conflict(output: str, run_id: str, write: dict) -> Optional[str]:
    """What makes this run's layout differ from a committed run's in ``output`` (with the fix),
    or None when they agree or nothing is committed."""
    fix = "use another --output, or the same settings as the runs already there"
    for path in manifest_paths(output):
        other = posixpath.basename(path).removesuffix(".json")
        written = _written(path) if other != run_id else None
        if written is None:
            continue
        if (written.get("format") or "parquet") != (write.get("format") or "parquet"):
            return (
                f"output '{output}' holds runs written with write.format "
                f"{written.get('format')!r} (run {other}); this run's is {write.get('format')!r}: {fix}"
            )
        if not isinstance(written.get("partition_by"), dict):
            continue  # a manifest that does not say (an older version's)
        before, now = written["partition_by"], write.get("partition_by") or {}
        for table in TABLES:
            if _keys(before.get(table)) != _keys(now.get(table)):
                return (
                    f"output '{output}' holds runs written with write.partition_by.{table} "
                    f"{_keys(before.get(table))} (run {other}); this run's is "
                    f"{_keys(now.get(table))}: one table has one folder layout; {fix}"
                )
    return None
