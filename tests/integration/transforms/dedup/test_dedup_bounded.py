"""The disk engine's worker in bounded memory: its files go under the run's staging and are
removed, done or failed; past its in-memory budget (records spilled to parts, doc_ids merged
from sorted runs, candidates verified a chunk at a time, clustered nodes assigned a part at a
time) it gives the same verdicts."""

import tempfile
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.util import assert_that, equal_to

from tests.integration.transforms.dedup.test_dedup_on_disk import _corpus
from transforms.core.frames import read_frames
from transforms.dedup import DedupConfig, disk_verify, external, on_disk, verify
from transforms.dedup.index import entry_to_node
from transforms.dedup.on_disk import cluster_verdicts
from transforms.dedup.spill import (
    NODES_DIR,
    SCRATCH_DIR,
    VERDICTS_DIR,
    ClusterNodeFiles,
    SpillNodes,
)


def _nodes(config):
    nodes, prior = _corpus(config)
    return [*nodes, *(entry_to_node(e, num_perm=config.num_perm) for e in prior)]


@pytest.mark.parametrize(
    "config",
    [DedupConfig(), DedupConfig(max_bucket=3), DedupConfig.preset("wire")],
    ids=["default", "small-buckets", "wire"],
)
def test_past_the_budget_the_same_verdicts(config, monkeypatch, tmp_path):
    every = _nodes(config)
    whole = cluster_verdicts(lambda: every, config)
    spills = []
    real_spill = external.Partitioned._spill

    def spill(self):
        spills.append(self._name)
        real_spill(self)

    monkeypatch.setattr(external.Partitioned, "_spill", spill)
    monkeypatch.setattr(on_disk, "_MATRIX_BYTES", 4 * 160 * 6)  # 6 signatures at once
    monkeypatch.setattr(on_disk, "_BLOCK_ROWS", 7)
    monkeypatch.setattr(on_disk, "_NODES_PER_PART", 5)  # the clustered nodes in parts
    monkeypatch.setattr(on_disk, "_LIST_FRAME", 2)  # the larger buckets read back from a file
    monkeypatch.setattr(disk_verify, "_PAIR_BATCH", 3)  # buckets' pairs in many batches
    monkeypatch.setattr(verify, "_PAIR_SLICE", 2)  # each compared on both threads
    parts = []
    real_parts = external.ObjectParts.__init__

    def object_parts(self, scratch, name, count, frame_rows=256):
        real_parts(self, scratch, name, count, frame_rows=2)
        parts.append(self.parts)

    monkeypatch.setattr(external.ObjectParts, "__init__", object_parts)
    small = cluster_verdicts(lambda: every, config, scratch=str(tmp_path), budget=8)
    assert small == whole
    assert sum(v[1][1].match is not None for v in whole) > 20
    assert {"keys", "digests", "band"} <= set(spills) and parts[0] > 5
    assert list(tmp_path.iterdir()) == []


def test_files_under_the_scratch_folder_and_removed(monkeypatch, tmp_path):
    config = DedupConfig()
    every = _nodes(config)
    default_temp = tmp_path / "default-temp"
    default_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(default_temp))
    scratch = tmp_path / "staging" / SCRATCH_DIR
    seen = []

    def nodes():
        files = [p for p in scratch.rglob("*") if p.is_file()]
        seen.append({p.name.split("-", 1)[1]: p.stat().st_size for p in files})
        return every

    verdicts = cluster_verdicts(nodes, config, scratch=str(scratch))
    assert verdicts == cluster_verdicts(lambda: every, config)
    # On the second read the signatures of the 90 documents (160 values each) are there.
    assert seen[1]["signatures"] >= 4 * 160 * 80 and "meta" in seen[1]
    assert list(scratch.iterdir()) == [] and list(default_temp.iterdir()) == []

    def failing():
        if seen:
            seen.clear()
            raise OSError("node file gone")
        seen.append(1)
        return every

    with pytest.raises(OSError, match="node file gone"):
        cluster_verdicts(failing, config, scratch=str(scratch))
    assert list(scratch.iterdir()) == [] and list(default_temp.iterdir()) == []


def test_the_pipeline_puts_them_in_the_staging(monkeypatch, tmp_path):
    config = DedupConfig()
    nodes, _ = _corpus(config)
    expected = cluster_verdicts(lambda: nodes, config)
    made = []
    real_init = external.Scratch.__init__

    def init(self, parent=None):
        real_init(self, parent)
        made.append(Path(self.path))

    monkeypatch.setattr(external.Scratch, "__init__", init)
    staging = tmp_path / "staging"
    p = beam.Pipeline(runner=FnApiRunner())
    files = (
        p
        | beam.Create(nodes)
        | SpillNodes(staging=str(staging))
        | ClusterNodeFiles(config=config, staging=str(staging))
    )
    # the verdicts go on in files of the staging, one element per file, not per verdict
    kinds = files | "Kinds" >> beam.Map(lambda kv: type(kv[1]).__name__) | beam.Distinct()
    assert_that(kinds, equal_to(["VerdictFile"]), label="Kinds")
    read = files | "Read" >> beam.FlatMap(lambda kv: [(kv[0], v) for v in read_frames(kv[1].path)])
    assert_that(read, equal_to(expected))
    p.run().wait_until_finish()
    assert len(made) == 1 and made[0].parent == staging / SCRATCH_DIR
    assert not made[0].exists()
    assert list((staging / VERDICTS_DIR).glob("*.pkl.zst"))


def test_nodes_in_many_small_files_give_the_same_verdicts(tmp_path):
    # a worker's open node file is held in memory until written (spill._NODE_FILE_ROWS): small
    # files keep it small, and the clustering reads any number of them to the same verdicts
    config = DedupConfig()
    nodes, _ = _corpus(config)
    expected = cluster_verdicts(lambda: nodes, config)
    staging = tmp_path / "staging"
    p = beam.Pipeline(runner=FnApiRunner())
    files = (
        p
        | beam.Create(nodes)
        | SpillNodes(staging=str(staging), max_rows=7)
        | ClusterNodeFiles(config=config, staging=str(staging))
    )
    read = files | beam.FlatMap(lambda kv: [(kv[0], v) for v in read_frames(kv[1].path)])
    assert_that(read, equal_to(expected))
    p.run().wait_until_finish()
    assert len(list((staging / NODES_DIR).glob("*.pkl.zst"))) >= len(nodes) // 7
