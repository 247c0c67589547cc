"""What the report reads from an output folder: run manifests and the run's rows (pyarrow)."""

import json
import os
import posixpath
from typing import Optional

from pipeline.config.settings import ConfigError

__all__ = ["COLUMNS", "latest_run_id", "list_manifests", "read_manifest", "read_rows"]

# The columns each part of the report needs, per table (a missing column reads as None).
COLUMNS = {
    "articles": (
        "article_id", "title", "url", "authors", "published_at", "date_source",
        "description", "site_name", "language", "topic_label", "source_path", "run_id",
    ),
    "duplicates": (
        "article_id", "duplicate_of", "match", "similarity", "title", "url", "source_path",
        "run_id",
    ),
    "rejected": (
        "stage", "reason", "detail", "url", "title", "source_path", "source_ref", "run_id",
    ),
    "errors": (
        "stage", "error_type", "error_message", "url", "source_path", "source_ref", "run_id",
    ),
}  # fmt: skip


def _runs_dir(output: str) -> str:
    return os.path.join(output, "_runs")


def read_manifest(output: str, run_id: str) -> dict:
    """The run's manifest (``_runs/<run_id>.json``): the one place the report reads it, so a
    change of the manifest's layout changes only this function."""
    path = os.path.join(_runs_dir(output), f"{run_id}.json")
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        known = ", ".join(m["run_id"] for m in list_manifests(output)[-5:]) or "none"
        raise ConfigError(f"no run '{run_id}' in {output}/_runs (runs there: {known})") from None


def list_manifests(output: str) -> list:
    """Every run's manifest in the folder, oldest run date first (unreadable ones skipped)."""
    folder = _runs_dir(output)
    out = []
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                manifest = json.load(handle)
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict) and "run_id" in manifest:
            out.append(manifest)
    return sorted(out, key=lambda m: (str(m.get("run_date")), str(m.get("run_id"))))


def latest_run_id(output: str) -> str:
    """The run id in ``articles/_SUCCESS`` (the last committed run), else the newest manifest."""
    if not os.path.isdir(output):
        raise ConfigError(f"no output folder '{output}': give the --output of a run")
    try:
        with open(os.path.join(output, "articles", "_SUCCESS"), encoding="utf-8") as handle:
            run_id = handle.read().strip().split("/")[0]
        if run_id and os.path.exists(os.path.join(_runs_dir(output), f"{run_id}.json")):
            return run_id
    except OSError:
        pass
    manifests = list_manifests(output)
    if not manifests:
        raise ConfigError(f"'{output}' holds no run yet (no {output}/_runs/*.json)")
    return manifests[-1]["run_id"]


def _partition_values(relpath: str) -> dict:
    return dict(part.split("=", 1) for part in relpath.split("/")[:-1] if "=" in part)


def _table_files(output: str, table: str, manifest: dict) -> list:
    listed = [f for f in manifest.get("files", []) if f.startswith(table + "/")]
    if listed:
        return listed
    out = []
    for root, _, names in os.walk(os.path.join(output, table)):
        for name in sorted(names):
            if name.endswith(".parquet"):
                out.append(os.path.relpath(os.path.join(root, name), output).replace(os.sep, "/"))
    return sorted(out)


def read_rows(output: str, table: str, manifest: dict, *, limit: Optional[int] = None) -> list:
    """The run's rows of ``table`` as dicts of ``COLUMNS[table]`` (partition values included)."""
    import pyarrow.parquet as pq

    wanted = COLUMNS[table]
    rows: list = []
    for relpath in _table_files(output, table, manifest):
        path = os.path.join(output, *relpath.split("/"))
        if not os.path.exists(path):
            continue
        names = set(pq.read_schema(path).names)
        data = pq.read_table(path, columns=[c for c in wanted if c in names]).to_pylist()
        extra = _partition_values(posixpath.normpath(relpath))
        for row in data:
            if row.get("run_id", manifest["run_id"]) != manifest["run_id"]:
                continue
            for column in wanted:
                row.setdefault(column, extra.get(column))
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                return rows
    return rows
