"""Write one table as Hive-partitioned Parquet files with deterministic names, into a staging area."""

import dataclasses
import datetime as dt
import posixpath
import zlib

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.schema import RunInfo, file_schema, to_row

__all__ = [
    "WritePartitionedParquet",
    "WriterConfig",
    "part_name",
    "partition_path",
    "shard_of",
    "write_bytes",
    "write_table_file",
]

HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
_UNSAFE = str.maketrans({c: "_" for c in '/\\=:*?"<>|#%\n\r\t'})


@dataclasses.dataclass(frozen=True)
class WriterConfig:
    partition_by: tuple = ("ingest_date",)
    shards: int = 1  # files per partition; rows go to a shard by a hash of their sort key
    sort_by: tuple = ("doc_id",)
    compression: str = "zstd"
    row_group_size: int = 50_000


def partition_value(value) -> str:
    """A Hive partition value as it appears in a directory name."""
    if value is None or value == "":
        return HIVE_NULL
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).translate(_UNSAFE)


def partition_path(row: dict, partition_by: tuple) -> str:
    """``key=value/key=value`` for a row."""
    return "/".join(f"{key}={partition_value(row.get(key))}" for key in partition_by)


def part_name(run_id: str, shard: int) -> str:
    return f"part-{run_id}-{shard:05d}.parquet"


def shard_of(row: dict, config: WriterConfig) -> int:
    if config.shards <= 1:
        return 0
    key = "\x1f".join(str(row.get(k)) for k in config.sort_by)
    return zlib.crc32(key.encode("utf-8")) % config.shards


def _sort_key(row: dict, sort_by: tuple):
    return tuple("" if row.get(k) is None else str(row.get(k)) for k in sort_by)


def write_table_file(path: str, rows: list, schema: pa.Schema, config: WriterConfig) -> int:
    """Write ``rows`` (sorted, so the same rows give the same bytes) to ``path``; return bytes."""
    rows = sorted(rows, key=lambda r: _sort_key(r, config.sort_by))
    table = pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema)
    sink = pa.BufferOutputStream()
    pq.write_table(
        table,
        sink,
        compression=config.compression,
        row_group_size=config.row_group_size,
        coerce_timestamps="us",
        allow_truncated_timestamps=False,
    )
    return write_bytes(path, sink.getvalue().to_pybytes())


def write_bytes(path: str, data: bytes) -> int:
    """Create (or replace) ``path`` on any Beam filesystem with ``data``; return its size."""
    with FileSystems.create(
        path, mime_type="application/octet-stream", compression_type=CompressionTypes.UNCOMPRESSED
    ) as handle:
        handle.write(data)
    return len(data)


class _WritePartitionFn(beam.DoFn):
    def __init__(self, table: str, staging: str, run_id: str, config: WriterConfig):
        self._table = table
        self._staging = staging
        self._run_id = run_id
        self._config = config
        self._files = Metrics.counter("write", f"{table}_files")
        self._rows = Metrics.counter("write", f"{table}_rows")
        self._bytes = Metrics.distribution("write", f"{table}_file_bytes")

    def process(self, element):
        (partition, shard), rows = element
        rows = list(rows)
        relpath = posixpath.join(self._table, partition, part_name(self._run_id, shard))
        schema = file_schema(self._table, self._config.partition_by)
        size = write_table_file(posixpath.join(self._staging, relpath), rows, schema, self._config)
        self._files.inc()
        self._rows.inc(len(rows))
        self._bytes.update(size)
        yield relpath


class WritePartitionedParquet(beam.PTransform):
    """Records to Parquet files under ``staging/<table>/<k=v>/part-<run_id>-<shard>.parquet``.

    One writer per (partition, shard), so file names are deterministic and a rerun overwrites.
    Outputs the relative paths written; ``CommitRun`` moves them into place. A table with no rows
    and no partition key but ``ingest_date`` still gets one empty file, so readers find its schema.
    """

    def __init__(self, *, table: str, staging: str, run: RunInfo, config: WriterConfig):
        super().__init__()
        self._table = table
        self._staging = staging
        self._run = run
        self._config = config

    def expand(self, records):
        run, config = self._run, self._config
        keyed = (
            records
            | "ToRow" >> beam.Map(to_row, run)
            | "Key"
            >> beam.Map(
                lambda r: ((partition_path(r, config.partition_by), shard_of(r, config)), r)
            )
        )
        if tuple(config.partition_by) == ("ingest_date",):
            empty_key = ((f"ingest_date={run.run_date.isoformat()}", 0), None)
            seed = keyed.pipeline | "EmptyPartition" >> beam.Create([empty_key])
            keyed = (keyed, seed) | "WithEmpty" >> beam.Flatten()
        return (
            keyed
            | "GroupByPartition" >> beam.GroupByKey()
            | "DropSeed" >> beam.MapTuple(lambda k, rows: (k, [r for r in rows if r is not None]))
            | "WriteFiles"
            >> beam.ParDo(_WritePartitionFn(self._table, self._staging, run.run_id, config))
        )
