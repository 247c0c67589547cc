"""What a run committed: the files listed by the manifests in ``<output>/_runs/``.

The manifest is a run's one commit point (docs/ARCHITECTURE.md, "Commit protocol"): its data
files, dedup index and HTTP state may be visible in the output before it is, and stay there when
a run is killed during its commit, so readers that must never use half a run (the cross-run dedup
index, the feed validators, the URLs already written) take a file only when a committed manifest
lists it. Temporary manifests (``.<name>.tmp``) never end in ``.json`` and are never read.
"""

import json
import logging
import posixpath
import re

from apache_beam.io.filesystems import FileSystems

__all__ = [
    "MANIFEST_DIR",
    "committed_files",
    "manifest_path",
    "manifest_paths",
    "run_id_of",
]

_LOG = logging.getLogger(__name__)

MANIFEST_DIR = "_runs"
# Batch run ids are <YYYYMMDD>-<hash>, streams s<start>-<hash> (pipeline/run/streaming.py):
# part-<run_id>-<shard>.parquet, part-<run_id>-<window>-<shard>.parquet, feeds-<run_id>.json
_RUN_FILE = re.compile(r"^(?:part|feeds)-(\d{8}-[0-9a-f]+|s\d{8}T\d{6}-[0-9a-f]+)(?:[-.]|$)")


def manifest_path(output: str, run_id: str) -> str:
    return posixpath.join(output, MANIFEST_DIR, f"{run_id}.json")


def run_id_of(path: str):
    """The run id in a data, index or state file's name, or None when it is not one of ours."""
    m = _RUN_FILE.match(posixpath.basename(path))
    return m.group(1) if m else None


def manifest_paths(output: str) -> list:
    """Committed manifests: a batch run's ``_runs/<run_id>.json`` and a stream's window manifests
    ``_runs/<run_id>/<window>.json``, sorted."""
    found = []
    for pattern in ("*.json", "*/*.json"):
        try:
            metas = FileSystems.match([posixpath.join(output, MANIFEST_DIR, pattern)])[0]
        except Exception:  # noqa: BLE001 - no _runs folder yet: nothing committed
            continue
        found += [m.path for m in metas.metadata_list]
    return sorted(found)


def committed_files(output: str) -> frozenset:
    """Relative paths (``articles/ingest_date=.../part-....parquet``, ``_state/...``) listed in
    any committed manifest. A manifest that cannot be read commits nothing (with a warning)."""
    files: set = set()
    for path in manifest_paths(output):
        try:
            with FileSystems.open(path) as handle:
                listed = json.loads(handle.read().decode("utf-8")).get("files") or []
        except (OSError, ValueError, AttributeError) as exc:
            _LOG.warning("ignoring unreadable run manifest %s: %s", path, exc)
            continue
        files.update(str(f) for f in listed)
    return frozenset(files)
