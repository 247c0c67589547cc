"""What a run committed: the files listed by the manifests in ``<output>/_runs/``.

The manifest is a run's one commit point (docs/ARCHITECTURE.md, "Commit protocol"): its data
files, dedup index and HTTP state may be visible in the output before it is, and stay there when
a run is killed during its commit, so readers that must never use half a run (the cross-run dedup
index, the feed validators, the URLs already written) take a file only when a committed manifest
lists it. Temporary manifests (``.<name>.tmp``) never end in ``.json`` and are never read.

``_runs/`` is listed literally, never by a glob of the output's path: an output named
``out[old]`` made the glob match nothing, so every committed file looked uncommitted to clean.
"""

import json
import logging
import os
import posixpath
import re

from apache_beam.io.filesystems import FileSystems

__all__ = [
    "MANIFEST_DIR",
    "committed_files",
    "is_run_id",
    "manifest_path",
    "manifest_paths",
    "manifest_run_ids",
    "read_committed",
    "run_id_of",
]

_LOG = logging.getLogger(__name__)

MANIFEST_DIR = "_runs"
# Batch run ids are <YYYYMMDD>-<hash>, streams s<start>-<hash> (pipeline/run/streaming.py), and a
# micro-batch window commits as its own run <stream id>-w<n> (pipeline/run/microbatch.py):
# part-<run_id>-<shard>.parquet, part-<run_id>-<window>-<shard>.parquet, feeds-<run_id>.json
_RUN_ID = r"(?:\d{8}-[0-9a-f]+|s\d{8}T\d{6}-[0-9a-f]+)(?:-w\d{6})?"
_RUN_FILE = re.compile(rf"^(?:part|feeds)-({_RUN_ID})(?:[-.]|$)")
_RUN_NAME = re.compile(rf"^(?:{_RUN_ID})$")
# Glob characters in a remote output's own path are matched literally ([*] is a literal *).
_GLOB_CHAR = re.compile(r"([*?\[])")


def manifest_path(output: str, run_id: str) -> str:
    return posixpath.join(output, MANIFEST_DIR, f"{run_id}.json")


def run_id_of(path: str):
    """The run id in a data, index or state file's name, or None when it is not one of ours."""
    m = _RUN_FILE.match(posixpath.basename(path))
    return m.group(1) if m else None


def is_run_id(name: str) -> bool:
    """Whether ``name`` is a batch run's or a stream's id (a ``_staging/`` or ``_runs/`` entry)."""
    return _RUN_NAME.match(name) is not None


def _local_manifests(runs: str) -> list:
    found = []
    for name in os.listdir(runs):
        path = os.path.join(runs, name)
        if name.endswith(".json"):
            found.append(path)
        elif os.path.isdir(path) and not os.path.islink(path):
            found += [os.path.join(path, n) for n in os.listdir(path) if n.endswith(".json")]
    return [p for p in found if not os.path.basename(p).startswith(".")]


def _remote_manifests(runs: str) -> list:
    found = []
    for pattern in ("*.json", "*/*.json"):
        try:
            metas = FileSystems.match([posixpath.join(_GLOB_CHAR.sub(r"[\1]", runs), pattern)])[0]
        except Exception:  # noqa: BLE001 - no _runs folder yet: nothing committed
            continue
        found += [m.path for m in metas.metadata_list]
    return found


def manifest_paths(output: str) -> list:
    """Committed manifests: a batch run's ``_runs/<run_id>.json`` and a stream's window manifests
    ``_runs/<run_id>/<window>.json``, sorted."""
    runs = posixpath.join(output, MANIFEST_DIR)
    if "://" in output:
        return sorted(_remote_manifests(runs))
    try:
        return sorted(_local_manifests(runs))
    except OSError:  # no _runs folder yet: nothing committed
        return []


def manifest_run_ids(output: str) -> frozenset:
    """Run ids (local output) with a manifest file at all, readable or not: ``_runs/<id>.json``
    or ``_runs/<id>/``. Clean never removes their files: a truncated manifest lists nothing,
    yet its run may have committed."""
    try:
        names = os.listdir(os.path.join(output, MANIFEST_DIR))
    except OSError:
        return frozenset()
    ids = (n[: -len(".json")] if n.endswith(".json") else n for n in names)
    return frozenset(i for i in ids if is_run_id(i))


def read_committed(output: str) -> tuple:
    """``(files, unreadable)``: the relative paths (``articles/ingest_date=.../part-...``,
    ``_state/...``) listed in committed manifests, and the manifests that could not be read."""
    files: set = set()
    unreadable = []
    for path in manifest_paths(output):
        try:
            with FileSystems.open(path) as handle:
                listed = json.loads(handle.read().decode("utf-8")).get("files") or []
        except (OSError, ValueError, AttributeError) as exc:
            unreadable.append((path, str(exc)))
            continue
        files.update(str(f) for f in listed)
    return frozenset(files), unreadable


def committed_files(output: str) -> frozenset:
    """The files listed in any committed manifest. A manifest that cannot be read commits
    nothing (with a warning)."""
    files, unreadable = read_committed(output)
    for path, why in unreadable:
        _LOG.warning("ignoring unreadable run manifest %s: %s", path, why)
    return files
