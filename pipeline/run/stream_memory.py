"""What each window of a local stream takes from the windows before it, kept by the driver.

A window is a batch run. Left to itself it reads the feed validators from every committed
``_state/http`` file and the URLs of every committed ``articles`` and ``duplicates`` file (the
entries written before, ``already_ingested``), and a long stream adds files to both with every
window, so each window would read more than the one before. The micro-batch driver
(``pipeline.run.microbatch``) reads them once when the stream starts, with the batch readers
(only files a committed manifest lists), and then adds each window's own files as that window's
committed manifest lists them: a window's reading stays the size of its own output.
"""

import datetime as dt
import json
import posixpath
from typing import Optional

from apache_beam.io.filesystems import FileSystems

from transforms.read.http_state import (
    STATE_DIR,
    load_http_state,
    merge_url_dates,
    read_url_dates,
    stored_state,
    url_dates,
)

__all__ = ["StreamMemory"]


class StreamMemory:
    """The feed validators and written URLs of a stream's committed windows and earlier runs.

    ``load`` once, ``add(manifest)`` after each committed window; ``feed_state()`` and
    ``known_urls(run_date)`` are what ``build_pipeline(earlier=...)`` would otherwise read."""

    def __init__(self, output: str, *, lookback_days: Optional[int], state_days: int):
        self.output = output
        self.lookback_days = lookback_days or None
        self.state_days = state_days
        self.urls: dict = {}  # url -> newest ingest date (ISO; "" any date)
        self.states: dict = {}  # feed url -> FeedState, the newest committed answer
        self.files_read = 0  # data and state files read after ``load`` (``add``)

    def load(self, *, run_id: str, run_date: dt.date) -> "StreamMemory":
        """What committed runs left in the output (``run_id``: the stream's, never on disk)."""
        self.states = load_http_state(
            self.output, run_id=run_id, run_date=run_date, prune_days=self.state_days
        )
        merge_url_dates(self.urls, read_url_dates(self.output, run_id=run_id, run_date=run_date))
        return self

    def add(self, manifest: dict) -> None:
        """A committed window: its HTTP state and article/duplicate files, from its manifest."""
        files = [str(f) for f in manifest.get("files") or []]
        data = [f for f in files if f.endswith(".parquet")]
        merge_url_dates(self.urls, url_dates(self.output, data))
        self.files_read += sum(1 for f in data if f.split("/", 1)[0] in ("articles", "duplicates"))
        for rel in files:
            if rel.startswith(STATE_DIR + "/") and rel.endswith(".json"):
                self._add_state(rel, manifest)

    def _add_state(self, rel: str, manifest: dict) -> None:
        with FileSystems.open(posixpath.join(self.output, rel)) as handle:
            doc = json.loads(handle.read().decode("utf-8"))
        self.files_read += 1
        run_id = doc.get("run_id", manifest.get("run_id"))
        run_date = doc.get("run_date", manifest.get("run_date"))
        for url, entry in (doc.get("feeds") or {}).items():
            self.states[url] = stored_state(url, entry, run_id, run_date)

    def feed_state(self) -> dict:
        return dict(self.states)

    def known_urls(self, run_date: dt.date) -> frozenset:
        """The URLs a batch run of ``run_date`` would find written (``fetch.known_urls_days``)."""
        last = run_date.isoformat()
        first = ""
        if self.lookback_days:
            first = (run_date - dt.timedelta(days=self.lookback_days)).isoformat()
        return frozenset(u for u, d in self.urls.items() if not d or first <= d <= last)
