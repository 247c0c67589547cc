"""The files of a stream's watched patterns: which are complete and new.

A file is read once nothing is writing it: listed with the same size and mtime on two listings
``poll_s`` apart, and not named as a file still being written (hidden, or a temporary suffix a
writer renames away when it is done).
"""

import os
import posixpath

from apache_beam.io.filesystems import FileSystems

__all__ = ["is_partial_name", "list_files", "stable_new_files"]

# Names a writer uses before renaming a file into place: never read.
_PARTIAL_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download")


def is_partial_name(path: str) -> bool:
    """A hidden file or a temporary name: a file still being written, by convention."""
    name = posixpath.basename(path.rstrip("/"))
    return name.startswith(".") or name.lower().endswith(_PARTIAL_SUFFIXES)


def stable_new_files(previous: dict, current: dict, done: dict) -> list:
    """Files of ``current`` (``{path: (size, mtime)}``) listed with the same size and mtime on the
    ``previous`` listing (so nothing is writing them) and not read before in that version
    (``done``); sorted. A file rewritten since it was read is new again."""
    return sorted(
        path
        for path, version in current.items()
        if previous.get(path) == version and done.get(path) != version
    )


def list_files(patterns, output: str) -> dict:
    """``{path: (size, mtime)}`` of the regular files the patterns match (a folder: its files),
    leaving out the output folder and names of files still being written."""
    out_root = os.path.abspath(output) + os.sep if "://" not in output else output
    found = {}
    for pattern in patterns:
        if "://" not in pattern and os.path.isdir(pattern):
            pattern = posixpath.join(pattern, "*")
        try:
            metas = FileSystems.match([pattern])[0].metadata_list
        except Exception:  # noqa: BLE001 - nothing there (yet): a watched folder may be empty
            continue
        for meta in metas:
            path = meta.path
            local = "://" not in path
            if local and (os.path.abspath(path) + os.sep).startswith(out_root):
                continue
            if is_partial_name(path) or (local and not os.path.isfile(path)):
                continue
            found[path] = (meta.size_in_bytes, meta.last_updated_in_seconds)
    return found
