"""The report of one run: read (``data``), model (``models``), render (``page``), write."""

import collections
import os
import stat
from typing import Optional

from pipeline.config.settings import ConfigError
from pipeline.report.data import latest_run_id, list_manifests, read_manifest, read_rows
from pipeline.report.models import (
    balance_model,
    clusters_model,
    counts_model,
    coverage_model,
    history_model,
    problems_model,
    stage_times_model,
)
from pipeline.report.page import render_page

__all__ = ["build_report", "report_path", "write_report"]


def _topics(counts: dict) -> dict:
    return {("unclassified" if k in (None, "None") else k): v for k, v in counts.items()}


def _counted(manifest: dict, key: str, articles: list, column: str) -> dict:
    """The manifest's counts (batch runs), else counted from the run's rows (a stream's
    manifest holds only the table totals)."""
    if manifest.get(key):
        return manifest[key]
    return dict(collections.Counter(str(row.get(column)) for row in articles))


def build_report(output: str, run_id: Optional[str] = None) -> dict:
    """The report model of ``run_id`` (default: the last committed run) in ``output``."""
    run_id = run_id or latest_run_id(output)
    manifest = read_manifest(output, run_id)
    articles = read_rows(output, "articles", manifest)
    duplicates = read_rows(output, "duplicates", manifest)
    rejected = read_rows(output, "rejected", manifest)
    errors = read_rows(output, "errors", manifest)
    return {
        "manifest": manifest,
        "balance": balance_model(manifest),
        "languages": counts_model(_counted(manifest, "language", articles, "language")),
        "topics": counts_model(_topics(_counted(manifest, "topic", articles, "topic_label"))),
        "clusters": clusters_model(articles, duplicates),
        "rejected": problems_model(rejected, reason_key="reason", message_key="detail"),
        "errors": problems_model(errors, reason_key="error_type", message_key="error_message"),
        "stages": stage_times_model(manifest.get("stage_msecs", {})),
        "coverage": coverage_model(articles),
        "history": history_model(list_manifests(output)),
    }


def report_path(output: str, run_id: str) -> str:
    return os.path.join(output, "_reports", f"{run_id}.html")


def _special(path: str) -> bool:
    """Whether ``path`` is there and, links followed, no regular file or folder: a device or a
    pipe. The report's rename onto it replaced ``/dev/stdout`` or ``/dev/full`` (as root) or
    a named pipe with a regular file, and the reader at the other end got nothing."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def write_report(output: str, run_id: Optional[str] = None, *, to: Optional[str] = None) -> str:
    """Write the run's report (default ``OUTPUT/_reports/<run_id>.html``); returns the path."""
    report = build_report(output, run_id)
    path = to or report_path(output, report["manifest"]["run_id"])
    partial = path + ".partial"
    try:  # missing folders are made, as for a run's --output; any other fault is the user's path
        if _special(path):  # /dev/stdout, a pipe: written into, never replaced by a file
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(render_page(report))
            return path
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(partial, "w", encoding="utf-8") as handle:
            handle.write(render_page(report))
        os.replace(partial, path)  # a reader never sees half a page
    except OSError as exc:
        if os.path.isfile(partial):
            os.remove(partial)
        raise ConfigError(
            f"report '{path}' cannot be written: {exc}; "
            "give --to a file path whose folder can be made or written"
        ) from None
    return path
