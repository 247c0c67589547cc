"""Sink helpers for tests: the reference writers the production writer is compared with."""

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq

from transforms.core.frames import write_bytes
from transforms.sink.schema import RunInfo
from transforms.sink.sorted_write import row_key
from transforms.sink.write_parquet import WriterConfig, WriteTables


def write_table_file(path: str, rows: list, schema: pa.Schema, config: WriterConfig) -> int:
    """Write ``rows`` (sorted, so the same rows give the same bytes) to ``path`` in one
    ``pq.write_table``; return bytes. The reference ``write_sorted_file`` must equal."""
    rows = sorted(rows, key=lambda r: row_key(r, config.sort_by))
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


class WritePartitionedParquet(beam.PTransform):
    """One table's records -> the staged relative paths written (``WriteTables`` of one table)."""

    def __init__(self, *, table: str, staging: str, run: RunInfo, config: WriterConfig):
        super().__init__()
        self._write = WriteTables(staging=staging, run=run, configs={table: config})
        self._table = table

    def expand(self, records):
        return ({self._table: records} | self._write).paths
