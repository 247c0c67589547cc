"""One commit for batch runs and streaming panes: a pane is a unit (``<run>/<pane>``) with its
own staging, manifest and file names, and a retried pane commit finishes what an earlier
attempt moved."""

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from transforms.sink import commit
from transforms.sink.commit import commit_run, staging_dir, unit_file_id, unit_id
from transforms.sink.commit_errors import CommitError
from transforms.sink.committed import committed_files
from transforms.sink.schema import TABLES
from transforms.sink.write_parquet import WriterConfig, write_partition_file

RUN = "s20270115T080000-abcd1234"
PANE = "20270115T080000"
DAY = "ingest_date=2027-01-15"


def _rejected(doc: str) -> dict:
    return {"doc_id": doc, "stage": "filter", "reason": "too_short", "detail": "3 words"}


def _stage_pane(out: Path, docs: dict) -> list:
    """Stage one file per table of ``docs`` ``{table: [doc ids]}`` for the pane; relpaths."""
    unit = unit_id(RUN, PANE)
    staging = staging_dir(str(out), unit)
    rels = []
    for table, ids in docs.items():
        rows = [_rejected(d) for d in ids]
        key = (table, DAY, 0)
        rels.append(write_partition_file(staging, unit_file_id(unit), key, rows, WriterConfig()))
    return [w.relpath for w in rels]


def _fail_the_second_move(monkeypatch) -> None:
    """The commit's second move fails, as when a worker's disk fails mid-commit."""
    real_rename, calls = commit.FileSystems.rename, []

    def rename(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        return real_rename(src, dst)

    monkeypatch.setattr(commit.FileSystems, "rename", rename)


def test_a_pane_commits_as_a_unit_of_its_own(tmp_path):
    out = tmp_path / "out"
    unit = unit_id(RUN, PANE)
    rels = _stage_pane(out, {"rejected": ["r2", "r1"]})
    assert rels == [f"rejected/{DAY}/part-{RUN}-{PANE}-00000.parquet"]
    manifest = commit_run(str(out), staging_dir(str(out), unit), unit, rels, {"window": PANE})
    assert manifest["files"] == rels
    written = json.loads((out / "_runs" / RUN / f"{PANE}.json").read_text())
    assert written == manifest
    assert pq.read_table(out / rels[0]).column("doc_id").to_pylist() == ["r1", "r2"]
    assert committed_files(str(out)) == frozenset(rels)
    assert {(out / t / "_SUCCESS").read_text() for t in TABLES} == {f"{RUN}/{PANE}"}
    assert not (out / "_staging" / RUN / PANE).exists()


def test_a_retried_pane_commit_finishes_the_move(tmp_path, monkeypatch):
    out = tmp_path / "out"
    unit = unit_id(RUN, PANE)
    rels = _stage_pane(out, {"rejected": ["r1"], "errors": ["e1"]})
    _fail_the_second_move(monkeypatch)
    staging = staging_dir(str(out), unit)
    with pytest.raises(CommitError, match="committing run"):
        commit_run(str(out), staging, unit, rels, {}, retryable=True)
    assert not (out / "_runs" / RUN / f"{PANE}.json").exists()  # not committed
    first = sorted(rels)[0]
    assert (out / first).exists() and not Path(staging, first).exists()  # moved, kept
    monkeypatch.undo()
    manifest = commit_run(str(out), staging, unit, rels, {}, retryable=True)  # the retry
    assert sorted(manifest["files"]) == sorted(rels)
    assert pq.read_table(out / rels[0]).column("doc_id").to_pylist() == ["r1"]
    assert pq.read_table(out / rels[1]).column("doc_id").to_pylist() == ["e1"]


def test_a_failed_batch_commit_is_rolled_back(tmp_path, monkeypatch):
    """The same failure in a batch run (not retryable): nothing of it stays."""
    out = tmp_path / "out"
    rels = _stage_pane(out, {"rejected": ["r1"], "errors": ["e1"]})
    unit = unit_id(RUN, PANE)
    _fail_the_second_move(monkeypatch)
    with pytest.raises(CommitError):
        commit_run(str(out), staging_dir(str(out), unit), unit, rels, {})
    assert not list(out.rglob("*.parquet"))
