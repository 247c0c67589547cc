"""The files of a stream's watched patterns: which are complete and new.

A file is read once nothing is writing it: listed with the same size and mtime on two listings
``poll_s`` apart, and not named as a file still being written (hidden, or a temporary suffix a
writer renames away when it is done).

A watched object-store pattern is listed with the bound of the batch listing
(``pipeline.run.remote``): on the stream's first poll a listing that does not answer within
``REMOTE_CHECK_S`` (or fails) is a configuration error (exit 2: a stream that cannot list its
input would wait for ever without a word); later, the stream goes on (committed windows and feeds
do not depend on that store) and says so once per outage, that pattern's files left out of the
poll, and no second listing is started while one still waits on the store.
"""

import os
import posixpath
import sys

from pipeline.config.settings import ConfigError
from pipeline.run import remote
from transforms.read.paths import match_remote

__all__ = ["WatchedFiles", "is_partial_name", "list_files", "stable_new_files"]

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


def _match(pattern: str) -> list:
    if "://" not in pattern and os.path.isdir(pattern):
        pattern = posixpath.join(pattern, "*")
    return match_remote(pattern)


def list_files(patterns, output: str, match=None) -> dict:
    """``{path: (size, mtime)}`` of the files the patterns match (a folder: its files),
    leaving out the output folder and names of files still being written. ``match(pattern)``
    lists one pattern (default: the filesystem's match, unbounded)."""
    out_root = os.path.abspath(output) + os.sep if "://" not in output else output
    found = {}
    for pattern in patterns:
        try:
            metas = (match or _match)(pattern)
        except ConfigError:
            raise
        except Exception:  # noqa: BLE001 - nothing there (yet): a watched folder may be empty
            continue
        for meta in metas:
            path = meta.path
            local = "://" not in path
            if local and (os.path.abspath(path) + os.sep).startswith(out_root):
                continue
            # A FIFO, a device or a symlink to one is listed: its window makes it one error
            # row with its reason (transforms/read/paths.py), as a batch run does, instead of
            # leaving it unread without a word. Only folders are left out.
            if is_partial_name(path) or (local and os.path.isdir(path)):
                continue
            found[path] = (meta.size_in_bytes, meta.last_updated_in_seconds)
    return found


class WatchedFiles:
    """``listing()``: ``list_files`` of the watched patterns, each object-store pattern bounded
    (see the module's docstring)."""

    def __init__(self, patterns, output: str):
        self.patterns, self.output = tuple(patterns), output
        self._calls = remote.OneAtATime()
        self._first = True
        self._failing: set = set()

    def listing(self) -> dict:
        found = list_files(self.patterns, self.output, match=self._match)
        self._first = False
        return found

    def _match(self, pattern: str) -> list:
        if "://" not in pattern:
            return _match(pattern)
        try:
            if self._first:  # said once, then every poll is silent
                metas = remote.call_bounded(
                    lambda: _match(pattern),
                    seconds=remote.REMOTE_CHECK_S,
                    doing=f"listing watched '{pattern}'",
                )
            else:
                metas = self._calls.call(
                    pattern, lambda: _match(pattern), seconds=remote.REMOTE_CHECK_S
                )
        except Exception as exc:  # noqa: BLE001 - the store's own errors say what is wrong
            if self._first:
                raise ConfigError(f"cannot list watched '{pattern}': {exc}") from None
            if pattern not in self._failing:
                self._failing.add(pattern)
                print(
                    f"newsbeam: cannot list watched '{pattern}': {exc}; the stream goes on "
                    "without its new files until it answers",
                    file=sys.stderr,
                    flush=True,
                )
            raise
        if pattern in self._failing:
            self._failing.discard(pattern)
            print(f"newsbeam: watched '{pattern}' answers again", file=sys.stderr, flush=True)
        return metas
