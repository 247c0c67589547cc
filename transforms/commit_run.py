"""Commit a run: move staged files into their partitions, then the manifest, then ``_SUCCESS``."""

import json
import logging
import os
import posixpath
from collections.abc import Iterable

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from transforms.dedup_state import STATE_DIR
from transforms.schema import TABLES

__all__ = ["CommitRun", "commit_files", "summarise_facts", "write_json"]

_LOG = logging.getLogger(__name__)


def _ensure_dir(path: str) -> None:
    try:
        FileSystems.mkdirs(path)
    except OSError:
        pass  # exists already (object stores have no directories at all)


def _existing_parts(output: str, table: str, run_id: str) -> list[str]:
    pattern = posixpath.join(output, table, "**", f"part-{run_id}-*.parquet")
    try:
        result = FileSystems.match([pattern])[0]
    except OSError:
        return []
    return [m.path for m in result.metadata_list]


def commit_files(output: str, staging: str, run_id: str, relpaths: Iterable[str]) -> list[str]:
    """Replace whatever this run_id wrote before with the staged files; return the final paths.

    Files of other runs are never touched, so daily runs accumulate and a rerun of one day
    replaces exactly that day's files.
    """
    relpaths = sorted(set(relpaths))
    for table in (*TABLES, STATE_DIR):
        old = _existing_parts(output, table, run_id)
        if old:
            FileSystems.delete(old)
    final = []
    for rel in relpaths:
        dst = posixpath.join(output, rel)
        _ensure_dir(posixpath.dirname(dst))
        FileSystems.rename([posixpath.join(staging, rel)], [dst])
        final.append(dst)
    try:
        FileSystems.delete([staging])
        parent = posixpath.dirname(staging.rstrip("/"))
        if "://" not in parent and os.path.isdir(parent) and not os.listdir(parent):
            os.rmdir(parent)  # the local _staging folder, once no run uses it
    except OSError:
        _LOG.warning("could not remove staging folder %s", staging)
    return final


def write_json(path: str, payload: dict) -> None:
    _ensure_dir(posixpath.dirname(path))
    with FileSystems.create(path, mime_type="application/json") as handle:
        handle.write(json.dumps(payload, indent=2, sort_keys=True, default=str).encode("utf-8"))


def summarise_facts(fact_counts: Iterable[tuple]) -> dict:
    """Counted facts ``((kind, value), n)`` as the manifest's nested counts."""
    summary: dict = {"tables": {t: 0 for t in TABLES}, "inputs": 0}
    for (kind, value), n in sorted(fact_counts, key=lambda kv: (kv[0][0], str(kv[0][1]))):
        if kind == "inputs":
            summary["inputs"] += n
        elif kind == "table":
            summary["tables"][value] = summary["tables"].get(value, 0) + n
        else:
            summary.setdefault(kind, {})[str(value)] = n
    outputs = sum(summary["tables"].values())
    summary["outputs"] = outputs
    summary["balanced"] = outputs == summary["inputs"]
    return summary


class _CommitFn(beam.DoFn):
    def __init__(self, output: str, staging: str, run_id: str, manifest: dict):
        self._output = output
        self._staging = staging
        self._run_id = run_id
        self._manifest = manifest

    def process(self, relpaths, facts):
        summary = summarise_facts(facts)
        final = commit_files(self._output, self._staging, self._run_id, relpaths)
        manifest = dict(self._manifest, **summary)
        manifest["files"] = [posixpath.relpath(p, self._output) for p in final]
        write_json(posixpath.join(self._output, "_runs", f"{self._run_id}.json"), manifest)
        for table in TABLES:
            with FileSystems.create(posixpath.join(self._output, table, "_SUCCESS")) as handle:
                handle.write(self._run_id.encode("utf-8"))
        yield manifest


class CommitRun(beam.PTransform):
    """Barrier + commit: runs once, after every file is staged and every fact counted.

    Input: a dict with ``paths`` (relative paths staged by the writers) and ``facts``
    (``(kind, value)`` tuples, one per fact, counted here). Output: the manifest dict.
    """

    def __init__(self, *, output: str, staging: str, run_id: str, manifest: dict):
        super().__init__()
        self._args = (output, staging, run_id, manifest)

    def expand(self, inputs):
        paths = inputs["paths"] | "AllPaths" >> beam.combiners.ToList()
        facts = inputs["facts"] | "CountFacts" >> beam.combiners.Count.PerElement()
        return paths | "Commit" >> beam.ParDo(
            _CommitFn(*self._args), facts=beam.pvalue.AsList(facts)
        )
