"""Rows -> one sorted Parquet file with bounded memory, for partitions of any size.

Rows are sorted in runs of ``RUN_ROWS`` (a parked file's size), spilled to local scratch files in
frames of ``_FRAME_ROWS`` pickled rows, and merged at most ``MERGE_RUNS`` runs at a time (more
runs are first merged into longer ones, so the rows held while merging and the open files do not
grow with the partition); the Parquet writer gets them in Arrow batches
of ``_BATCH_ROWS`` and cuts a row group every ``WriterConfig.row_group_size`` rows or
``ROW_GROUP_BYTES`` of Arrow data, whichever comes first. Every cut depends only on the sorted
rows, so the bytes do too; a file under both limits is byte-identical to one
``pyarrow.parquet.write_table`` of the same sorted rows (tests/support/sink.py).
"""

import heapq
import operator
import os
import pickle
import posixpath
import shutil
import tempfile
from typing import Optional

import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from transforms.read.paths import is_local

__all__ = [
    "MERGE_RUNS",
    "ROW_GROUP_BYTES",
    "RUN_ROWS",
    "SCRATCH_DIR",
    "SortedRuns",
    "row_key",
    "scratch_parent",
    "sort_scratch",
    "write_sorted_file",
]

RUN_ROWS = 2000
MERGE_RUNS = 64  # runs merged at once: one frame of each is held (~64 x 0.2 MB of articles)
ROW_GROUP_BYTES = 32 * 2**20
_FRAME_ROWS = 64
_BATCH_ROWS = 256
SCRATCH_DIR = posixpath.join("_parked", "scratch")  # under a run's staging folder


def scratch_parent(staging: Optional[str]) -> Optional[str]:
    """Where a worker's scratch folders go: ``<staging>/_parked/scratch`` when the staging is
    local, so a killed worker's leftovers go with the staging (the rerun, ``newsbeam clean``)
    instead of piling up in the machine's temp folder; None (the default temp) for an object
    store or no staging."""
    if staging is None or not is_local(staging):
        return None
    return os.path.join(staging, SCRATCH_DIR)


def sort_scratch(staging: str) -> tempfile.TemporaryDirectory:
    """A fresh scratch folder for sort runs and the file being built, under
    ``scratch_parent(staging)``, removed when its ``with`` ends (normally or not)."""
    parent = scratch_parent(staging)
    if parent is not None:
        os.makedirs(parent, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="newsbeam-sort-", dir=parent)


def row_key(row: dict, sort_by: tuple) -> tuple:
    """A row's sort key: the ``sort_by`` values as strings, None first (as WriterConfig sorts)."""
    return tuple("" if row.get(k) is None else str(row.get(k)) for k in sort_by)


def _read_run(path: str):
    """``(key, row)`` pairs of one spilled run, one frame in memory at a time."""
    with open(path, "rb") as handle:
        while True:
            try:
                frame = pickle.load(handle)
            except EOFError:
                return
            yield from frame


def _write_run(path: str, pairs) -> None:
    """``(key, row)`` pairs, already in order, -> a run file of ``_FRAME_ROWS`` frames."""
    with open(path, "wb") as handle:
        frame = []
        for pair in pairs:
            frame.append(pair)
            if len(frame) >= _FRAME_ROWS:
                pickle.dump(frame, handle, protocol=pickle.HIGHEST_PROTOCOL)
                frame = []
        if frame:
            pickle.dump(frame, handle, protocol=pickle.HIGHEST_PROTOCOL)


class SortedRuns:
    """Rows in, rows out sorted by ``sort_by`` (ties keep their order of arrival); at most
    ``run_rows`` rows, or one frame of each of ``merge_runs`` runs while merging, are held in
    memory, and at most ``merge_runs`` scratch files are open at once."""

    def __init__(
        self,
        scratch: str,
        sort_by: tuple,
        *,
        run_rows: int = RUN_ROWS,
        merge_runs: int = MERGE_RUNS,
    ):
        self._scratch = scratch
        self._sort_by = tuple(sort_by)
        self._run_rows = max(1, int(run_rows))
        self._merge_runs = max(2, int(merge_runs))
        self._names = 0
        self._buffer: list = []
        self._runs: list = []
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @property
    def spilled(self) -> int:
        """Runs written to scratch files (0 when every row fitted in one run)."""
        return len(self._runs)

    def add(self, row: dict) -> None:
        self._buffer.append((row_key(row, self._sort_by), row))
        self._count += 1
        if len(self._buffer) >= self._run_rows:
            self._spill()

    def _run_path(self) -> str:
        self._names += 1
        return os.path.join(self._scratch, f"run-{self._names:06d}.pkl")

    def _spill(self) -> None:
        run, self._buffer = sorted(self._buffer, key=operator.itemgetter(0)), []
        path = self._run_path()
        _write_run(path, run)
        self._runs.append(path)

    def _merge(self, paths: list):
        """``(key, row)`` pairs of runs in key order; a tie goes to the earlier run."""
        return heapq.merge(*(_read_run(path) for path in paths), key=operator.itemgetter(0))

    def _fewer_runs(self) -> list:
        """The runs, neighbours merged into one (at most ``merge_runs`` at a time) until at most
        ``merge_runs`` are left: merging neighbours keeps ties in order of arrival, and only as
        many runs are merged as it takes (100 runs: 37 of them, once)."""
        runs, step, at = list(self._runs), self._merge_runs, 0
        while len(runs) > step:
            count = min(step, len(runs) - step + 1)
            if at + count > len(runs):
                at = 0  # another pass, over runs that are now longer
            path = self._run_path()
            _write_run(path, self._merge(runs[at : at + count]))
            for done in runs[at : at + count]:
                os.remove(done)
            runs[at : at + count] = [path]
            at += 1
        return runs

    def merged(self):
        """Every row added, in key order; call once, after the last ``add``."""
        if not self._runs:
            run, self._buffer = sorted(self._buffer, key=operator.itemgetter(0)), []
            for _, row in run:
                yield row
            return
        if self._buffer:
            self._spill()
        for _, row in self._merge(self._fewer_runs()):
            yield row


def _arrow_batches(rows, schema: pa.Schema):
    batch = []
    for row in rows:
        batch.append({f.name: row.get(f.name) for f in schema})
        if len(batch) >= _BATCH_ROWS:
            yield pa.Table.from_pylist(batch, schema)
            batch = []
    if batch:
        yield pa.Table.from_pylist(batch, schema)


def write_sorted_file(
    path: str,
    rows,
    schema: pa.Schema,
    config,  # write_parquet.WriterConfig
    scratch: str,
    *,
    group_bytes: int = ROW_GROUP_BYTES,
) -> int:
    """Rows already in sort order -> one Parquet file at ``path`` (any Beam filesystem), built
    one row group at a time in a local scratch file; returns its size. A file under both
    limits is byte-identical to one ``pq.write_table`` of the same rows."""
    local = os.path.join(scratch, "out.parquet")
    size = config.row_group_size
    with pq.ParquetWriter(
        local,
        schema,
        compression=config.compression,
        coerce_timestamps="us",
        allow_truncated_timestamps=False,
    ) as writer:
        pending, pending_rows, pending_bytes, writer_rows = [], 0, 0, 0
        for batch in _arrow_batches(rows, schema):
            writer_rows += batch.num_rows
            pending.append(batch)
            pending_rows += batch.num_rows
            pending_bytes += batch.nbytes
            if pending_rows < size and pending_bytes < group_bytes:
                continue
            table = pa.concat_tables(pending).combine_chunks()
            cut = table.num_rows if pending_bytes >= group_bytes else size * (pending_rows // size)
            writer.write_table(table.slice(0, cut), row_group_size=size)
            rest = table.slice(cut)
            pending = [rest] if rest.num_rows else []
            pending_rows, pending_bytes = rest.num_rows, rest.nbytes if rest.num_rows else 0
        if pending:
            writer.write_table(pa.concat_tables(pending).combine_chunks(), row_group_size=size)
        elif not writer_rows:  # no rows: one empty row group, as pq.write_table writes
            writer.write_table(schema.empty_table(), row_group_size=size)
    with (
        open(local, "rb") as source,
        FileSystems.create(
            path,
            mime_type="application/octet-stream",
            compression_type=CompressionTypes.UNCOMPRESSED,
        ) as target,
    ):
        shutil.copyfileobj(source, target, 8 * 2**20)
    written = os.path.getsize(local)
    os.remove(local)
    return written
