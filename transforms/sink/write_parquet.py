"""Write tables as Hive-partitioned Parquet files with deterministic names, into a staging area."""

import collections
import dataclasses
import datetime as dt
import pickle
import posixpath
import uuid
import zlib
from typing import NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.transforms.window import GlobalWindows

from transforms.core.frames import FRAME_ROWS, FramedFiles, read_frames, write_bytes
from transforms.core.parts import parts_of
from transforms.core.record import stable_id, valid_text
from transforms.sink.facts import counting
from transforms.sink.schema import RunInfo, file_schema, to_row
from transforms.sink.sorted_write import SortedRuns, sort_scratch, write_sorted_file

__all__ = [
    "RowFile",
    "TablesOutputs",
    "WriteTables",
    "WriterConfig",
    "WrittenFile",
    "part_name",
    "partition_path",
    "shard_of",
    "table_key",
    "write_bytes",
    "write_partition_file",
]

HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
SIDE_DIR = posixpath.join("_parked", "side")  # under the staging: rows parked per bundle and key
SIDE_FILE_ROWS = 20_000  # rows per parked file (compressed in memory until written)
_MAX_PARTITION_VALUE = 100  # bytes; a file name may hold 255
_UNSAFE = str.maketrans({c: "_" for c in '/\\=:*?"<>|#%\n\r\t'})


@dataclasses.dataclass(frozen=True)
class WriterConfig:
    partition_by: tuple = ("ingest_date",)
    shards: int = 1  # files per partition; rows go to a shard by a hash of their sort key
    sort_by: tuple = ("doc_id",)
    compression: str = "zstd"
    row_group_size: int = 50_000
    # Iceberg tables (write.format: iceberg) read partition values from the data: the files keep
    # the partition columns, which the Hive layout keeps in folder names only.
    embed_partitions: bool = False

    @property
    def file_columns_left_out(self) -> tuple:
        """The columns the files leave out (in folder names instead)."""
        return () if self.embed_partitions else tuple(self.partition_by)


class RowFile(NamedTuple):
    """Rows of one ``WriteTables`` key parked in a frames file (``transforms/core/frames.py``) by the
    step that made them, instead of shuffled one by one: ``key`` is ``(table, partition,
    shard)``, the file holds ``rows`` row dicts."""

    key: tuple
    path: str
    rows: int


def partition_value(value) -> str:
    """A Hive partition value as it appears in a directory name."""
    if value is None or value == "":
        return HIVE_NULL
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = valid_text(str(value)).translate(_UNSAFE).replace("\x00", "_")
    if text in (".", "..") or len(text.encode("utf-8")) > _MAX_PARTITION_VALUE:
        # A value no folder name can hold as it is (too long, or a path step of its own) is
        # never written as one: a readable prefix and a hash of the whole value.
        return f"{text[:40].replace('.', '_')}~{stable_id(str(value), length=12)}"
    return text


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


class _WriteTablesFn(beam.DoFn):
    """``((table, partition, shard), pickled rows and RowFiles)`` -> the staged relative path
    of the file written; ``((kind, value), n)``, its rows' facts counted, on ``facts``."""

    def __init__(self, staging: str, run_id: str, configs: dict, facts):
        self._staging = staging
        self._run_id = run_id
        self._configs = dict(configs)
        self._facts = facts
        self._files = {t: Metrics.counter("write", f"{t}_files") for t in self._configs}
        self._rows = {t: Metrics.counter("write", f"{t}_rows") for t in self._configs}
        self._bytes = {t: Metrics.distribution("write", f"{t}_file_bytes") for t in self._configs}
        self._spilled = {t: Metrics.counter("write", f"{t}_sort_runs") for t in self._configs}

    def process(self, element):
        (table, partition, shard), packed = element
        facts = collections.Counter()
        rows = (row for value in packed if value is not None for row in _rows_of(value))
        if self._facts is not None:
            rows = counting(rows, table, facts, self._facts)
        written = write_partition_file(
            self._staging, self._run_id, (table, partition, shard), rows, self._configs[table]
        )
        self._files[table].inc()
        self._rows[table].inc(written.rows)
        self._bytes[table].update(written.size)
        self._spilled[table].inc(written.spilled)
        for fact_count in facts.items():
            yield beam.pvalue.TaggedOutput("facts", fact_count)
        yield written.relpath


class WrittenFile(NamedTuple):
    relpath: str  # relative to the staging folder
    rows: int
    size: int
    spilled: int  # sort runs spilled to scratch files


def write_partition_file(
    staging: str, file_id: str, key: tuple, rows, config: WriterConfig
) -> WrittenFile:
    """The rows of one ``(table, partition, shard)`` key, in any order -> its sorted Parquet
    file ``<table>/<partition>/part-<file id>-<shard>.parquet`` under ``staging``. Rows are
    sorted in bounded runs and written a row group at a time, so a partition of any size (a big
    batch's duplicates) is never in memory as row dicts and an Arrow table at once."""
    table, partition, shard = key
    relpath = posixpath.join(table, partition, part_name(file_id, shard))
    schema = file_schema(table, config.file_columns_left_out)
    with sort_scratch(staging) as scratch:
        ordered = SortedRuns(scratch, config.sort_by)
        for row in rows:
            ordered.add(row)
        path = posixpath.join(staging, relpath)
        size = write_sorted_file(path, ordered.merged(), schema, config, scratch)
    return WrittenFile(relpath, len(ordered), size, ordered.spilled)


def table_key(row: dict, table: str, config: WriterConfig) -> tuple:
    """The ``(table, partition, shard)`` whose file a row goes to."""
    return table, partition_path(row, config.partition_by), shard_of(row, config)


class _KeyRowsFn(beam.DoFn):
    """A table's records -> ``((table, partition, shard), value)`` for the writers' shuffle: a
    key's first ``inline_rows`` rows of a bundle go on at once, pickled, one value each; from
    the next on, the bundle's rows of the key are parked in frames files (``FramedFiles``, under
    ``<staging>/_parked/side``) and go on as ``RowFile``s. The local runner holds a shuffle's
    values decoded, then encoded for the writer, which lists them whole: ~3 KB a row, so a feed
    of 100,000 title-only entries (all rejected) peaked 276 MB above one of 10,000
    (benchmarks/feed_memory.py, docs/performance.md). A few rows (the usual case) make no file.
    A ``RowFile`` (rows its step parked) goes on as it is.

    Only a count per key waits between elements (the parked rows wait in ``FramedFiles``, whose
    memory is bounded over all keys): holding each key's first rows as dicts until the bundle
    ended was bounded per key only, ~160 MB for 1,024 shards of 60,000 rejected rows."""

    def __init__(self, table: str, run: RunInfo, config: WriterConfig, folder: str, inline_rows):
        self._table = table
        self._run = run
        self._config = config
        self._folder = folder
        self._inline_rows = inline_rows

    def start_bundle(self):
        self._inline = collections.Counter()  # key -> rows of this bundle gone on pickled
        self._bundle = uuid.uuid4().hex  # bundles park rows of the same key: a random name
        self._files = FramedFiles(
            lambda key, n: posixpath.join(
                self._folder, f"{stable_id(repr(key))}-{self._bundle}-{n:05d}.pkl.zst"
            ),
            frame_rows=FRAME_ROWS,
            max_rows=SIDE_FILE_ROWS,
        )

    def process(self, record):
        if isinstance(record, RowFile):
            yield record.key, record
            return
        row = to_row(record, self._run)
        key = table_key(row, self._table, self._config)
        if self._inline[key] < self._inline_rows:
            self._inline[key] += 1
            yield key, _pickled(row)
        else:
            yield from _row_files(self._files.add(key, row))

    def finish_bundle(self):
        for value in _row_files(self._files.close()):
            yield GlobalWindows.windowed_value(value)


def _pickled(row: dict) -> bytes:
    """A row dict takes ~2.7 KB as objects, its pickle ~0.7 KB: shuffled rows go pickled."""
    return pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL)


def _row_files(written: list) -> list:
    return [(w.key, RowFile(w.key, w.path, w.rows)) for w in written]


def _rows_of(value):
    """A shuffled value of ``WriteTables`` -> its rows: a pickled row, or a RowFile's rows."""
    if isinstance(value, RowFile):
        return read_frames(value.path)
    return (pickle.loads(value),)


class TablesOutputs(NamedTuple):
    paths: beam.PCollection  # staged relative paths of the files written
    facts: beam.PCollection  # ((kind, value), n): the ``facts`` function's, counted per file


class WriteTables(beam.PTransform):
    """``{table: PCollection or tuple of PCollections of records}`` -> ``TablesOutputs``.
    A record may also be a ``RowFile``: rows already keyed and parked by the step that made
    them (the copies that lost), read back by the writer; a bundle's rows of one key past
    ``inline_rows`` are parked the same way where they are keyed (``_KeyRowsFn``), so what is
    shuffled stays small however many rows a source rejects.

    One writer per (table, partition, shard), so file names are deterministic and a rerun
    overwrites; ``CommitRun`` moves the staged files into place. A table with no rows and no
    partition key but ``ingest_date`` still gets one empty file, so readers find its schema.
    Every table's rows go through one Flatten and one GroupByKey: on the local runner each
    Flatten and GroupByKey is a stage of its own, so three tables written together cost the
    stages of one (and the parts of a table are not flattened first).
    """

    def __init__(
        self, *, staging: str, run: RunInfo, configs: dict, facts=None, inline_rows=FRAME_ROWS
    ):
        super().__init__()
        self._inline_rows = inline_rows
        self._staging = staging
        self._run = run
        self._configs = dict(configs)
        self._facts = facts

    def expand(self, inputs):
        run = self._run
        keyed = []
        for table, parts in inputs.items():
            config = self._configs[table]
            folder = posixpath.join(self._staging, SIDE_DIR, table)
            fn = _KeyRowsFn(table, run, config, folder, self._inline_rows)
            for i, part in enumerate(parts_of(parts)):
                label = f"Key{table.capitalize()}" + (f"{i}" if i else "")
                keyed.append(part | label >> beam.ParDo(fn))
        seeds = [
            ((table, f"ingest_date={run.run_date.isoformat()}", 0), None)
            for table, config in self._configs.items()
            if table in inputs and tuple(config.partition_by) == ("ingest_date",)
        ]
        if seeds:
            keyed.append(keyed[0].pipeline | "EmptyPartitions" >> beam.Create(seeds))
        out = (
            keyed
            | "AllRows" >> beam.Flatten()
            | "GroupByPartition" >> beam.GroupByKey()
            | "WriteFiles"
            >> beam.ParDo(
                _WriteTablesFn(self._staging, run.run_id, self._configs, self._facts)
            ).with_outputs("facts", main="paths")
        )
        return TablesOutputs(out.paths, out.facts)
