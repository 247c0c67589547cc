"""At a stream's start: the windows of its job that a killed stream (``kill -9``, a crash, a
store that failed mid-commit) left uncommitted are removed, their staging folders and the files
their commit had already moved into place (no manifest names them, so no reader saw them)."""

import fnmatch
import os
import posixpath

from apache_beam.io.filesystems import FileSystems

from transforms.sink.commit import discard_uncommitted

__all__ = ["discard_stale_windows"]


def discard_stale_windows(output: str, job: str, iceberg: bool) -> None:
    """Windows of this job that a killed stream left uncommitted: their staging folders, and
    the files their commit had already moved into place (no manifest names them)."""
    root = posixpath.join(output, "_staging")
    try:
        if "://" in output:  # object stores list files only
            found = [
                m.path for m in FileSystems.match([posixpath.join(root, "**")])[0].metadata_list
            ]
            names = {p.split("/_staging/", 1)[1].split("/", 1)[0] for p in found}
        else:
            names = set(os.listdir(root))
    except Exception:  # noqa: BLE001 - no staging folder
        return
    for name in sorted(fnmatch.filter(names, f"s*-{job}-w*")):
        discard_uncommitted(output, name, iceberg=iceberg)
