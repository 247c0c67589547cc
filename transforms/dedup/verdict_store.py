"""The dedup verdicts of one article partition, looked up by doc_id while its file is written.

A partition's clustered documents grow with the run (one verdict per copy and per canonical
copy), and the writer looks each parked article up in them. Up to ``in_memory`` verdicts stay in a
dict; past that they all move to an SQLite table in the writer's scratch folder, where a lookup
is an index search and memory is SQLite's page cache, whatever the partition's size.
"""

import os
import pickle
import sqlite3
from typing import Optional

__all__ = ["IN_MEMORY", "VerdictStore"]

IN_MEMORY = 65_536  # verdicts kept as objects (~0.45 KB each with their doc_id) before SQLite
_BATCH = 8192  # verdicts inserted at once


class VerdictStore:
    """``with VerdictStore(folder) as store``: ``update`` with ``(doc_id, verdict)`` pairs (a
    later pair replaces an earlier one, as ``dict.update``), then ``get(doc_id)``."""

    def __init__(self, folder: str, in_memory: Optional[int] = None):
        self._path = os.path.join(folder, "verdicts.sqlite")
        self._limit = IN_MEMORY if in_memory is None else in_memory
        self._memory: dict = {}
        self._db: Optional[sqlite3.Connection] = None
        self._pending: list = []

    def __enter__(self) -> "VerdictStore":
        return self

    def __exit__(self, *exc) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def on_disk(self) -> bool:
        return self._db is not None

    def update(self, pairs) -> None:
        for doc_id, verdict in pairs:
            if self._db is None:
                self._memory[doc_id] = verdict
                if len(self._memory) > self._limit:
                    self._to_disk()
            else:
                self._pending.append((doc_id, pickle.dumps(verdict, pickle.HIGHEST_PROTOCOL)))
                if len(self._pending) >= _BATCH:
                    self._flush()

    def get(self, doc_id: str):
        if self._db is None:
            return self._memory.get(doc_id)
        self._flush()
        row = self._db.execute("SELECT verdict FROM v WHERE doc_id = ?", (doc_id,)).fetchone()
        return None if row is None else pickle.loads(row[0])

    def _to_disk(self) -> None:
        # A scratch file: nothing to recover after a crash, so no journal and no fsync.
        self._db = sqlite3.connect(self._path)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE v (doc_id TEXT PRIMARY KEY, verdict BLOB) WITHOUT ROWID")
        memory, self._memory = self._memory, {}
        for doc_id, verdict in memory.items():
            self._pending.append((doc_id, pickle.dumps(verdict, pickle.HIGHEST_PROTOCOL)))
            if len(self._pending) >= _BATCH:
                self._flush()
        self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._db.executemany("INSERT OR REPLACE INTO v VALUES (?, ?)", self._pending)
            self._pending = []
