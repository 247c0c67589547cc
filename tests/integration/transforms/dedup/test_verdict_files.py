"""The disk engine's verdicts reach the partition writers as files (one element per file, not
per clustered document), and a partition's verdicts past ``IN_MEMORY`` are looked up in SQLite:
the same article files, index files and copies as the runner engine's verdicts in memory."""

import os

import apache_beam as beam
from apache_beam.runners.portability.fn_api_runner import FnApiRunner

from tests.integration.transforms.dedup.test_park_articles import (
    RUN,
    _articles,
    _files,
    _park_and_write,
    _read,
)
from transforms.dedup import DedupConfig, verdict_store
from transforms.dedup.park import ParkArticles, WriteParkedArticles, read_parked
from transforms.dedup.spill import VERDICTS_DIR, ClusterNodeFiles, SpillNodes
from transforms.sink.write_parquet import WriterConfig


def _write_through_files(items, staging):
    p = beam.Pipeline(runner=FnApiRunner())
    config = DedupConfig()
    writer = WriterConfig(partition_by=("ingest_date", "language"))
    parked = (
        p
        | beam.Create(items, reshuffle=False)
        | ParkArticles(
            staging=staging, run=RUN, partition_by=writer.partition_by, config=config, max_rows=5
        )
    )
    verdicts = (
        parked.nodes
        | SpillNodes(staging=staging)
        | ClusterNodeFiles(config=config, staging=staging)
    )
    written = {"parked": parked.parked, "verdicts": verdicts} | WriteParkedArticles(
        staging=staging,
        run=RUN,
        config=writer,
        duplicates=WriterConfig(sort_by=("article_id", "doc_id")),
    )
    dups = written.duplicates | beam.FlatMap(
        lambda f: [repr((r["doc_id"], r["duplicate_of"], r["match"])) for r in read_parked(f.path)]
    )
    _ = dups | "SaveDups" >> beam.io.WriteToText(os.path.join(staging, "dups"))
    p.run().wait_until_finish()


def test_verdict_files_and_sqlite_lookup_write_the_same_files(tmp_path, monkeypatch):
    items = _articles()
    reference = str(tmp_path / "runner")
    _park_and_write(items, reference, max_rows=5)
    moved = []
    real = verdict_store.VerdictStore._to_disk

    def to_disk(self):
        moved.append(len(self._memory))
        real(self)

    monkeypatch.setattr(verdict_store, "IN_MEMORY", 2)
    monkeypatch.setattr(verdict_store.VerdictStore, "_to_disk", to_disk)
    staging = str(tmp_path / "files")
    _write_through_files(items, staging)
    assert os.listdir(os.path.join(staging, VERDICTS_DIR))  # verdicts went on in files
    assert moved and all(n == 3 for n in moved)  # both partitions looked up in SQLite
    ours, theirs = _files(staging), _files(reference)
    assert sorted(ours) == sorted(theirs) and len(ours) == 4  # articles + index, de and en
    assert ours == theirs
    assert _read(os.path.join(staging, "dups")) == _read(os.path.join(reference, "dups"))
    assert len(_read(os.path.join(staging, "dups"))) == 10
