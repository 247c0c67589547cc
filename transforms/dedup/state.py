"""The cross-run dedup index on disk: ``<output>/_state/dedup/<run_date>/part-<run_id>-<shard>.parquet``.

A run reads the entries of earlier run dates within the lookback (``PriorIndex``), matches its new
articles against them (``ClusterNodes(prior=...)``), and stages the entries of the articles it
writes (``write_index_file``, called by the articles writer of each partition); ``CommitRun`` moves them into place with the tables and lists them in
the run's manifest. Only files a committed manifest lists are read (transforms/sink/committed.py): the
index of a run killed during its commit describes articles that may not be there, and is never used. A rerun of a run date replaces that run's entries and
never sees them as prior (``select_prior`` keeps only earlier dates).
"""

import datetime as dt
import posixpath

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from transforms.dedup import INDEX_SCHEMA, index_entries_table
from transforms.dedup.index import IndexEntry
from transforms.sink.committed import committed_files
from transforms.sink.write_parquet import write_bytes

__all__ = [
    "STATE_DIR",
    "PriorIndex",
    "iter_index_file",
    "prior_index_files",
    "read_index_file",
    "write_index_file",
]

STATE_DIR = posixpath.join("_state", "dedup")


def _date_dir(path: str):
    """The run date of an index file from its folder name, or None if it is not one of ours."""
    try:
        return dt.date.fromisoformat(posixpath.basename(posixpath.dirname(path)))
    except ValueError:
        return None


def prior_index_files(output: str, *, run_date: dt.date, lookback_days: int) -> list[str]:
    """Committed index files of run dates in ``[run_date - lookback_days, run_date)``, sorted."""
    pattern = posixpath.join(output, STATE_DIR, "*", "*.parquet")
    try:
        found = [m.path for m in FileSystems.match([pattern])[0].metadata_list]
    except OSError:
        return []  # no state yet
    first = run_date - dt.timedelta(days=lookback_days)
    committed = committed_files(output) if found else frozenset()
    keep = []
    for path in found:
        if posixpath.relpath(path, output) not in committed:
            continue  # a run killed during its commit (or still committing)
        day = _date_dir(path)
        if day is not None and first <= day < run_date:
            keep.append(path)
    return sorted(keep)


def read_index_file(path: str) -> list:
    """Every IndexEntry of one index file (a file of another schema version is an error)."""
    return list(iter_index_file(path))


def iter_index_file(path: str, batch_rows: int = 8192):
    """The IndexEntries of one index file, ``batch_rows`` at a time as objects: a prior run's
    file holds one entry per article of its partition, ~1.3 KB each as objects."""
    with FileSystems.open(path, mime_type="application/octet-stream") as handle:
        parquet = pq.ParquetFile(handle)
        # An index written before the ``marks`` or ``lead`` column: its entries have none.
        names = set(parquet.schema_arrow.names)
        schema = pa.schema([f for f in INDEX_SCHEMA if f.name in names])
        for batch in parquet.iter_batches(batch_size=batch_rows, columns=schema.names):
            table = pa.Table.from_batches([batch]).cast(schema)
            yield from (IndexEntry(**row) for row in table.to_pylist())


class PriorIndex(beam.PTransform):
    """PBegin -> IndexEntry of the earlier runs within the lookback (the files are read by workers)."""

    def __init__(self, *, output: str, run_date: dt.date, lookback_days: int):
        super().__init__()
        self._files = prior_index_files(output, run_date=run_date, lookback_days=lookback_days)

    @property
    def files(self) -> list[str]:
        return list(self._files)

    def expand(self, pbegin):
        return (
            pbegin
            | "IndexFiles" >> beam.Create(self._files)
            | "ReadIndex" >> beam.FlatMap(read_index_file)
        )


def write_index_file(path: str, entries, *, compression: str = "zstd") -> int:
    """Index entries -> one Parquet file in ``INDEX_SCHEMA`` (rows sorted); returns its size."""
    sink = pa.BufferOutputStream()
    pq.write_table(index_entries_table(entries), sink, compression=compression)
    return write_bytes(path, sink.getvalue().to_pybytes())
