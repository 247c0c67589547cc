"""Park articles on disk while dedup decides, then write each partition from the parked files.

Dedup needs every document of the run before it can say which copy is kept, so the articles must
wait somewhere. Joining them with the verdicts (a shuffle of every article's text) made the
in-process runner hold all texts in memory twice (the dedup join and the writers' GroupByKey) and
pickle them through its own process. Here they wait on disk instead:

```
articles ─ ParkArticles ─┬─ nodes (ids, hashes, signature: ~0.7 KB) ─ ClusterNodes ─ verdicts ─┐
 (fused with extract)    └─ parked files, one per bundle and partition ─────────────────────────┤
                                                  WriteParkedArticles (per partition and shard) ┘
```

``ParkArticles`` fingerprints each article, appends it to a file of its bundle and partition
(``<staging>/_parked/``: frames of ``FRAME_ROWS`` pickled articles, each zstd-compressed on its
own) and outputs its dedup node. Only the open frame is held as articles; the closed frames of a
file wait compressed, and the file is read back one frame at a time, so neither side holds a
whole file's articles. Over all partitions, a bundle holds at most ``MAX_HELD_BYTES`` of
compressed articles and a few open frames (``FramedFiles``): an archive partitioned into a
thousand partitions writes its largest partitions' files early instead of holding a thousand. ``WriteParkedArticles`` groups, per article partition and shard, the parked
files' names and the verdicts of their clustered articles (a few bytes each), reads the files back,
applies the verdicts and writes the partition's Parquet file and its dedup index entries itself;
the rows of the copies that lost are parked the same way (``<staging>/_parked/rows/``, files of
up to ``ROW_FILE_ROWS`` rows per article partition and shard and duplicates partition and shard)
and go on to ``WriteTables`` as ``RowFile``s: a story syndicated a thousand times is a file name
in the shuffle, not a thousand rows. File names and contents do not depend on how the runner cut
the bundles: rows are sorted by the table's sort key, one file per (partition, shard) as before.
"""

import collections
import dataclasses
import os
import posixpath
import uuid
from typing import NamedTuple

import apache_beam as beam
from apache_beam.transforms.window import GlobalWindows

from transforms.core.frames import FRAME_ROWS, MAX_HELD_BYTES, FramedFiles, Written
from transforms.core.frames import read_frames as read_parked
from transforms.core.frames import write_frames as write_parked
from transforms.core.parts import parts_of
from transforms.core.record import Article, DuplicateRow, stable_id
from transforms.core.stage_fn import StageFn
from transforms.dedup.config import DedupConfig
from transforms.dedup.find_duplicates import apply_verdict, fingerprint, to_node
from transforms.dedup.index import INDEX_SCHEMA, index_entry, index_row
from transforms.dedup.spill import VerdictFile
from transforms.dedup.state import STATE_DIR
from transforms.dedup.verdict_store import VerdictStore
from transforms.sink.facts import row_facts
from transforms.sink.schema import RunInfo, file_schema, to_row
from transforms.sink.sorted_write import RUN_ROWS, SortedRuns, sort_scratch, write_sorted_file
from transforms.sink.write_parquet import (
    RowFile,
    WriterConfig,
    part_name,
    partition_path,
    shard_of,
    table_key,
)

__all__ = [
    "FRAME_ROWS",
    "PARKED_DIR",
    "ParkArticles",
    "ParkedFile",
    "WriteParkedArticles",
    "index_relpath",
    "read_parked",
    "write_parked",
]

PARKED_DIR = "_parked"
ROW_FILE_ROWS = 20_000  # the copies' rows per parked file (compressed in memory until written)
_INDEX_ORDER = ("run_date", "article_id")  # the rows of an index file (``index_entries_table``)


class ParkedFile(NamedTuple):
    path: str
    rows: int


_ARTICLE_FIELDS = frozenset(f.name for f in dataclasses.fields(Article))


def partition_values(article: Article, run: RunInfo, keys: tuple) -> dict:
    """The partition columns of an article's row. When they are ``ingest_date`` or the
    article's own scalar fields (the usual case) the whole row is not built."""
    values = {}
    for key in keys:
        if key == "ingest_date":
            values[key] = run.run_date
        elif key in _ARTICLE_FIELDS and not isinstance(getattr(article, key), tuple):
            values[key] = getattr(article, key)
        else:
            return to_row(article, run)
    return values


class _ParkFn(StageFn):
    """Fingerprint, add to the partition's open frame (packed every ``frame_rows``), write the
    partition's parked file every ``max_rows`` and at the end of the bundle. Main output: the
    dedup Node; ``parked``: ``(partition, ParkedFile)``."""

    namespace = "park"

    def __init__(
        self,
        staging: str,
        run: RunInfo,
        partition_by: tuple,
        config: DedupConfig,
        max_rows: int,
        frame_rows: int,
        max_bytes: int,
    ):
        self._dir = posixpath.join(staging, PARKED_DIR)
        self._run = run
        self._partition_by = tuple(partition_by)
        self._config = config
        self._max_rows = max_rows
        self._frame_rows = frame_rows
        self._max_bytes = max_bytes

    def start_bundle(self):
        self._out = FramedFiles(
            self._path_of,
            frame_rows=self._frame_rows,
            max_rows=self._max_rows,
            max_bytes=self._max_bytes,
        )

    def _path_of(self, partition: str, _number: int) -> str:
        """A parked file of this bundle: bundles park the same partition, so a random name."""
        return posixpath.join(self._dir, f"{stable_id(partition)}-{uuid.uuid4().hex}.pkl.zst")

    def _parked(self, written: Written):
        self.count("files")
        self.count("rows", written.rows)
        self.count("bytes", written.size)
        return beam.pvalue.TaggedOutput(
            "parked", (written.key, ParkedFile(written.path, written.rows))
        )

    def process(self, article):
        self.count("seen", namespace="dedup")
        article = fingerprint(article, self._config)
        partition = partition_path(
            partition_values(article, self._run, self._partition_by), self._partition_by
        )
        full = self._out.add(partition, article)
        yield to_node(article, group=partition)
        for written in full:
            yield self._parked(written)

    def finish_bundle(self):
        for written in self._out.close():
            out = self._parked(written)
            yield beam.pvalue.TaggedOutput(out.tag, GlobalWindows.windowed_value(out.value))


class ParkOutputs(NamedTuple):
    nodes: beam.PCollection  # dedup Nodes, ``group`` = the article partition
    parked: beam.PCollection  # (partition, ParkedFile)


class ParkArticles(beam.PTransform):
    """Articles -> ``ParkOutputs(nodes, parked)``; the articles themselves stay on disk."""

    def __init__(
        self,
        *,
        staging: str,
        run: RunInfo,
        partition_by: tuple,
        config: DedupConfig,
        max_rows: int = 2000,
        frame_rows: int = FRAME_ROWS,
        max_bytes: int = MAX_HELD_BYTES,
    ):
        super().__init__()
        self._fn = _ParkFn(staging, run, partition_by, config, max_rows, frame_rows, max_bytes)

    def expand(self, articles):
        out = articles | "Park" >> beam.ParDo(self._fn).with_outputs("parked", main="nodes")
        return ParkOutputs(nodes=out.nodes, parked=out.parked)


def index_relpath(run: RunInfo, partition: str, shard: int) -> str:
    """The dedup index file of one article partition and shard of this run."""
    return posixpath.join(
        STATE_DIR,
        run.run_date.isoformat(),
        f"part-{run.run_id}-{stable_id(partition, length=8)}-{shard:05d}.parquet",
    )


class _WriteParkedFn(StageFn):
    """``((partition, shard), [("parked", ParkedFile) | ("verdict", (doc_id, Assignment) or
    VerdictFile)])`` ->
    the staged relative paths of the articles file and its index file; on ``duplicates`` a
    ``RowFile`` of the rows of the copies that lost, per duplicates partition and shard; the
    written articles' facts, counted (``((kind, value), n)``), on ``facts``.

    Reads one parked file at a time and sorts its rows through ``SortedRuns``, so memory is
    bounded by ``run_rows`` rows and one row group, not by the size of the partition. The
    copies' rows are parked as well (only their open frame held as rows), so the runner and the
    side tables' writer are handed a file name instead of every copy of a much-syndicated story.
    """

    namespace = "write"

    def __init__(
        self,
        staging: str,
        run: RunInfo,
        config: WriterConfig,
        duplicates: WriterConfig,
        run_rows: int,
        frame_rows: int,
        row_file_rows: int,
    ):
        self._staging = staging
        self._run = run
        self._config = config
        self._duplicates = duplicates
        self._run_rows = run_rows
        self._frame_rows = frame_rows
        self._row_file_rows = row_file_rows

    def process(self, element):
        (partition, shard), tagged = element
        config, run = self._config, self._run
        folder = self._rows_dir(partition, shard)
        copies = FramedFiles(
            lambda key, number: posixpath.join(
                folder, f"{stable_id(repr(key))}-{number:05d}.pkl.zst"
            ),
            frame_rows=self._frame_rows,
            max_rows=self._row_file_rows,
        )
        facts = collections.Counter()
        with sort_scratch(self._staging) as scratch, VerdictStore(scratch) as verdicts:
            parked_files, verdict_files = set(), set()
            for tag, value in tagged:
                if tag == "parked":
                    parked_files.add(value)
                elif isinstance(value, VerdictFile):
                    verdict_files.add(value)
                else:
                    verdicts.update([value])
            for verdict_file in sorted(verdict_files):
                verdicts.update(read_parked(verdict_file.path))
            rows = SortedRuns(scratch, config.sort_by, run_rows=self._run_rows)
            # The index entries (signature, lead, hashes: ~1.3 KB each as objects) are sorted
            # through their own runs too: collected whole, they grew with the partition.
            os.mkdir(os.path.join(scratch, "index"))
            entries = SortedRuns(
                os.path.join(scratch, "index"), _INDEX_ORDER, run_rows=self._run_rows
            )
            for parked in sorted(parked_files):
                for article in read_parked(parked.path):
                    out = apply_verdict(article, verdicts.get(article.doc_id))
                    key = {"article_id": out.article_id, "doc_id": out.doc_id}
                    if shard_of(key, config) != shard:
                        continue
                    if isinstance(out, DuplicateRow):
                        self.count(f"dropped_{out.match}", namespace="dedup")
                        row = to_row(out, run)
                        key = table_key(row, "duplicates", self._duplicates)
                        for written in copies.add(key, row):
                            yield beam.pvalue.TaggedOutput("duplicates", _row_file(written))
                        continue
                    self.count("kept", namespace="dedup")
                    row = to_row(out, run)
                    rows.add(row)
                    entries.add(index_row(index_entry(out, run_date=run.run_date)))
                    facts.update(row_facts("articles", row))
            for written in copies.close():
                yield beam.pvalue.TaggedOutput("duplicates", _row_file(written))
            for fact_count in facts.items():
                yield beam.pvalue.TaggedOutput("facts", fact_count)
            if not len(rows):
                return
            relpath = posixpath.join("articles", partition, part_name(run.run_id, shard))
            schema = file_schema("articles", config.file_columns_left_out)
            size = write_sorted_file(
                posixpath.join(self._staging, relpath), rows.merged(), schema, config, scratch
            )
            self.count("articles_sort_runs", rows.spilled)
            index = index_relpath(run, partition, shard)
            path = posixpath.join(self._staging, index)
            write_sorted_file(path, entries.merged(), INDEX_SCHEMA, config, scratch)
        self.count("articles_files")
        self.count("articles_rows", len(rows))
        self.measure("articles_file_bytes", size)
        yield relpath
        yield index

    def _rows_dir(self, partition: str, shard: int) -> str:
        """Where one article partition and shard parks its copies' rows: a folder of its own
        and files numbered per key in the order the (sorted) parked files give the rows, so a
        retried bundle replaces its files and no other element's."""
        name = f"{stable_id(partition)}-{shard:05d}"
        return posixpath.join(self._staging, PARKED_DIR, "rows", name)


def _row_file(written: Written) -> RowFile:
    return RowFile(written.key, written.path, written.rows)


class WriteParkedOutputs(NamedTuple):
    paths: beam.PCollection  # staged relative paths (articles files and dedup index files)
    duplicates: beam.PCollection  # RowFiles of the copies' duplicates rows, for WriteTables
    facts: beam.PCollection  # ((kind, value), n): the written articles' facts, counted


class WriteParkedArticles(beam.PTransform):
    """``{"parked": (partition, ParkedFile), "verdicts": (partition, (doc_id, Assignment))}`` ->
    ``WriteParkedOutputs`` (``parked`` may be a tuple of PCollections, one per source). Every
    shard of a partition reads all its parked files and keeps its own rows, so a partition's rows
    can be spread over ``shards`` workers. ``duplicates`` is the duplicates table's writer
    config: its rows are parked per its partition and shard, for ``WriteTables``."""

    def __init__(
        self,
        *,
        staging: str,
        run: RunInfo,
        config: WriterConfig,
        duplicates: WriterConfig,
        run_rows: int = RUN_ROWS,
        frame_rows: int = FRAME_ROWS,
        row_file_rows: int = ROW_FILE_ROWS,
    ):
        super().__init__()
        self._fn = _WriteParkedFn(
            staging, run, config, duplicates, run_rows, frame_rows, row_file_rows
        )
        self._shards = max(1, int(config.shards))

    def expand(self, inputs):
        shards = self._shards

        def fan_out(kv, tag):
            partition, value = kv
            return [((partition, s), (tag, value)) for s in range(shards)]

        # Tagged by hand rather than with CoGroupByKey, so the parked files of every source
        # and the verdicts meet in one Flatten (a Flatten of Flattens costs the local runner a
        # stage) and one GroupByKey.
        tagged = [
            part | f"ParkedToShards{i or ''}" >> beam.FlatMap(fan_out, "parked")
            for i, part in enumerate(parts_of(inputs["parked"]))
        ]
        tagged.append(inputs["verdicts"] | "VerdictsToShards" >> beam.FlatMap(fan_out, "verdict"))
        out = (
            tagged
            | "ToShards" >> beam.Flatten()
            | "GroupPartitions" >> beam.GroupByKey()
            | "WritePartitions"
            >> beam.ParDo(self._fn).with_outputs("duplicates", "facts", main="paths")
        )
        return WriteParkedOutputs(paths=out.paths, duplicates=out.duplicates, facts=out.facts)
