"""Feed validators kept between runs (``<output>/_state/http/``) and the URLs earlier runs wrote.

Each run (and each streaming window whose feeds changed) commits one small JSON file of the
validators (ETag, Last-Modified) its feeds answered with; the next run asks every feed "changed
since?" with the newest ones. ``prune_http_state`` deletes files that can no longer matter:
older than ``fetch.state_days`` and with every feed answered again in a newer file, so the folder
stays as large as the feed list, not the number of runs.
"""

import dataclasses
import datetime as dt
import json
import logging
import posixpath
import re
from collections.abc import Iterable
from typing import NamedTuple, Optional

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from transforms.core.record import normalize_for_hash
from transforms.read.feed_text import GUID_REF
from transforms.sink.committed import committed_files

__all__ = [
    "STATE_DIR",
    "FeedState",
    "WriteHttpState",
    "known_key",
    "story_key",
    "text_key",
    "load_http_state",
    "prune_http_state",
    "read_known_urls",
    "merge_url_dates",
    "read_url_dates",
    "ref_entry_id",
    "url_dates",
    "state_payload",
    "state_relpath",
    "stored_state",
]

_LOG = logging.getLogger(__name__)

STATE_DIR = "_state/http"
_STATE_NAME = re.compile(r"feeds-(.+)\.json$")
_PARTITION_DATE = re.compile(r"/ingest_date=(\d{4}-\d{2}-\d{2})/")


@dataclasses.dataclass(frozen=True)
class FeedState:
    """What the next run needs to ask a feed "has it changed?"."""

    url: str
    etag: Optional[str]
    last_modified: Optional[str]
    status: Optional[int]  # last HTTP status seen (None: the request failed before one)
    run_id: str
    run_date: str  # YYYY-MM-DD
    moved_to: Optional[str] = None  # where a permanent redirect moved the feed (301/308)


# ---- I/O through Beam filesystems ------------------------------------------------------------


def state_relpath(run_id: str) -> str:
    return f"{STATE_DIR}/feeds-{run_id}.json"


def state_payload(states: Iterable[FeedState], *, run_id: str, run_date: str) -> bytes:
    """The state file's bytes: deterministic (sorted), so a rerun writes the same file."""
    feeds = {
        s.url: {"etag": s.etag, "last_modified": s.last_modified, "status": s.status}
        | ({"moved_to": s.moved_to} if s.moved_to else {})
        for s in sorted(states, key=lambda s: s.url)
    }
    doc = {"version": 1, "run_id": run_id, "run_date": run_date, "feeds": feeds}
    return json.dumps(doc, indent=1, sort_keys=True).encode("utf-8")


class _StateFile(NamedTuple):
    run_date: str  # YYYY-MM-DD
    mtime: float
    path: str
    name_id: str  # the run id in the file name (a streaming window's has its pane token)
    run_id: Optional[str]  # the run id in the file
    feeds: dict  # url -> {"etag", "last_modified", "status"}


def _state_files(output: str) -> list:
    """The committed state files (listed by a committed run manifest), oldest first (by run
    date, then time written). A file that cannot be read or parsed is left out with a warning:
    its feeds are fetched in full."""
    pattern = posixpath.join(output, STATE_DIR, "feeds-*.json")
    try:
        found = FileSystems.match([pattern])[0].metadata_list
    except Exception:  # noqa: BLE001 - no state folder yet
        return []
    committed = committed_files(output) if found else frozenset()
    files = []
    for meta in found:
        m = _STATE_NAME.search(meta.path)
        if not m or posixpath.relpath(meta.path, output) not in committed:
            continue
        try:
            with FileSystems.open(meta.path) as handle:
                doc = json.loads(handle.read().decode("utf-8"))
            feeds = doc.get("feeds") or {}
            if not isinstance(feeds, dict):
                raise ValueError("'feeds' is not an object")
        except (OSError, ValueError, AttributeError) as exc:
            _LOG.warning("ignoring unreadable HTTP state file %s: %s", meta.path, exc)
            continue
        run_date, run = str(doc.get("run_date", "")), doc.get("run_id")
        mtime = meta.last_updated_in_seconds
        files.append(_StateFile(run_date, mtime, meta.path, m.group(1), run, feeds))
    return sorted(files, key=lambda f: (f.run_date, f.mtime, f.path))


def _read_by(files: list, run_id: str, run_date: dt.date) -> list:
    """The state files a run reads, oldest first: not its own (a rerun fetches as its first run
    did) and none of a later run date (a backfill)."""
    today = run_date.isoformat()
    return [f for f in files if f.name_id != run_id and f.run_date <= today]


def _superseded(files: list, run_date: dt.date, keep_days: int) -> list:
    """Of the files a run reads (oldest first), those dated more than ``keep_days`` before
    ``run_date`` whose every feed is answered again in a newer one: no run of ``run_date`` or
    later, nor a rerun, would take a validator from them."""
    oldest_kept = (run_date - dt.timedelta(days=keep_days)).isoformat()
    newer: set = set()  # feeds answered in a newer file
    doomed = []
    for f in reversed(files):
        if f.run_date < oldest_kept and newer.issuperset(f.feeds):
            doomed.append(f)
        newer.update(f.feeds)
    return doomed


def _delete(doomed: list) -> list:
    paths = sorted(f.path for f in doomed)
    if paths:
        FileSystems.delete(paths)
        _LOG.info("deleted %d superseded HTTP state files under %s", len(paths), STATE_DIR)
    return paths


def load_http_state(output: str, *, run_id: str, run_date: dt.date, prune_days: int = 0) -> dict:
    """``{feed url: FeedState}`` from committed state files of earlier runs, newest per feed.

    This run's own file (a rerun) and files of later run dates (a backfill) are ignored, so a
    rerun fetches in full and reproduces its rows. With ``prune_days``, the files it reads that
    ``prune_http_state`` would delete are deleted first (from the same listing); the result is
    the same.
    """
    files = _read_by(_state_files(output), run_id, run_date)
    if prune_days:
        gone = {f.path for f in _superseded(files, run_date, prune_days)}
        _delete([f for f in files if f.path in gone])
        files = [f for f in files if f.path not in gone]
    state = {}
    for f in files:
        for url, entry in f.feeds.items():
            state[url] = stored_state(url, entry, f.run_id, f.run_date)
    return state


def stored_state(url: str, entry, run_id: Optional[str], run_date: Optional[str]) -> FeedState:
    """A feed's entry of a state file as a FeedState (a malformed entry: no validators)."""
    entry = entry if isinstance(entry, dict) else {}
    moved = entry.get("moved_to")
    return FeedState(
        url,
        entry.get("etag"),
        entry.get("last_modified"),
        entry.get("status"),
        run_id,
        run_date,
        moved if isinstance(moved, str) and moved.startswith(("http://", "https://")) else None,
    )


def prune_http_state(output: str, *, run_id: str, run_date: dt.date, keep_days: int) -> list:
    """Delete the state files no run of ``run_date`` or later would read: run date more than
    ``keep_days`` before ``run_date``, and every feed of the file answered again in a newer file
    of a date up to ``run_date`` and of another run than ``run_id`` (a rerun ignores its own
    file, so that file does not replace older ones). What such runs, and a rerun of ``run_id``,
    load is unchanged; a backfill of a date older than ``keep_days`` may find fewer validators
    and fetch those feeds in full, as a first run does. ``keep_days`` 0 keeps every file.
    Returns the paths deleted."""
    if not keep_days:
        return []
    files = _read_by(_state_files(output), run_id, run_date)
    return _delete(_superseded(files, run_date, keep_days))


def read_known_urls(
    output: str, *, run_id: str, run_date: dt.date, lookback_days: Optional[int] = None
) -> frozenset:
    """URLs (and canonical URLs) already in ``articles`` and ``duplicates``, from earlier
    committed runs.

    Files no committed manifest lists (a run killed during its commit), files of this run (a
    rerun replaces them) and of later ingest dates are left out; with ``lookback_days`` only that
    many days before ``run_date`` are read.
    """
    first = run_date - dt.timedelta(days=lookback_days) if lookback_days else dt.date.min
    return frozenset(read_url_dates(output, run_id=run_id, run_date=run_date, first=first))


def read_url_dates(output: str, *, run_id: str, run_date: dt.date, first=dt.date.min) -> dict:
    """``{url: newest ingest date (ISO)}`` of the files ``read_known_urls`` reads, ingest dates
    from ``first`` to ``run_date``."""
    committed = committed_files(output)
    paths = []
    for table in ("articles", "duplicates"):
        pattern = posixpath.join(output, table, "**", "*.parquet")
        try:
            found = FileSystems.match([pattern])[0].metadata_list
        except Exception:  # noqa: BLE001 - the table does not exist yet
            continue
        for meta in found:
            if f"part-{run_id}-" in posixpath.basename(meta.path):
                continue
            rel = posixpath.relpath(meta.path, output)
            if rel not in committed:
                continue
            m = _PARTITION_DATE.search(meta.path)
            if m and not first <= dt.date.fromisoformat(m.group(1)) <= run_date:
                continue
            paths.append(rel)
    return url_dates(output, paths)


def known_key(url: str, entry_id: Optional[str]) -> str:
    """What ``url_dates`` keeps of a written row: its URL, with the feed entry's id when it has
    one, because a feed may link all its entries (job ads) to one page: another entry with
    that link is not already ingested."""
    return f"{url}\x1f{entry_id}" if entry_id else url


def story_key(url: str, title: Optional[str]) -> Optional[str]:
    """What ``url_dates`` also keeps of a written row: its URL with its normalised title. A feed
    that gives an entry a new id on every request still links it with the same title, so that
    entry is the story written before; a job ad of a shared page has a title of its own."""
    words = normalize_for_hash(title or "")
    return f"{url}\x1ftitle:{words}" if url and words else None


def text_key(content_hash: Optional[str]) -> Optional[str]:
    """What ``url_dates`` keeps of a written article's text (its ``content_hash``): a feed entry
    with no link is the story written before when its own text hashes the same."""
    return f"\x1ftext:{content_hash}" if content_hash else None


def ref_entry_id(source_ref: Optional[str]) -> Optional[str]:
    """The feed entry id of a row's ``source_ref`` (``<feed>#guid=<id>``, ``GUID_REF``)."""
    _, sep, guid = (source_ref or "").partition(GUID_REF)
    return guid if sep and guid else None


def url_dates(output: str, relpaths: Iterable[str]) -> dict:
    """``{known_key: newest ingest date}`` of the ``url`` and ``canonical_url`` columns (with
    the feed entry id of ``source_ref``) of the ``articles`` and ``duplicates`` files among
    ``relpaths`` (paths under ``output``, as a manifest lists them; other files are skipped). A
    file outside any ingest-date partition gives "" (known whatever the date)."""
    import pyarrow.parquet as pq

    urls: dict = {}
    for rel in relpaths:
        if not rel.endswith(".parquet") or rel.split("/", 1)[0] not in ("articles", "duplicates"):
            continue
        m = _PARTITION_DATE.search("/" + rel)
        day = m.group(1) if m else ""
        with FileSystems.open(posixpath.join(output, rel)) as handle:
            names = set(pq.read_schema(handle).names)
            handle.seek(0)
            wanted = ("url", "canonical_url", "source_ref", "title", "content_hash")
            table = pq.read_table(handle, columns=[c for c in wanted if c in names])
        entries = [ref_entry_id(ref) for ref in table.column("source_ref").to_pylist()]
        titles = _column(table, "title")
        for column in ("url", "canonical_url"):
            values = table.column(column).to_pylist()
            merge_url_dates(urls, {known_key(u, e): day for u, e in zip(values, entries) if u})
            stories = (story_key(u, t) for u, t in zip(values, titles))
            merge_url_dates(urls, {key: day for key in stories if key})
        if rel.startswith("articles/"):  # a duplicate's text is its article's
            merge_url_dates(urls, {text_key(h): day for h in _column(table, "content_hash") if h})
    return urls


def _column(table, name: str) -> list:
    return table.column(name).to_pylist() if name in table.column_names else [None] * len(table)


def merge_url_dates(urls: dict, more: dict) -> None:
    """Add ``more`` (``{url: ingest date ISO, or "" for any date}``) to ``urls``, keeping the
    newest date per URL ("" wins: such a URL is known whatever the date)."""
    for url, day in more.items():
        old = urls.get(url)
        if old is None or (old and (not day or old < day)):
            urls[url] = day


class _WriteStateFn(beam.DoFn):
    def __init__(self, staging: str, run_id: str, run_date: str):
        self._staging, self._run_id, self._run_date = staging, run_id, run_date

    def process(self, states):
        rel = state_relpath(self._run_id)
        payload = state_payload(states, run_id=self._run_id, run_date=self._run_date)
        with FileSystems.create(posixpath.join(self._staging, rel)) as handle:
            handle.write(payload)
        yield rel


class WriteHttpState(beam.PTransform):
    """FeedStates to one staged file ``<staging>/_state/http/feeds-<run_id>.json``; outputs its
    path relative to the staging folder, for CommitRun to move with the run's tables."""

    def __init__(self, *, staging: str, run_id: str, run_date: dt.date):
        super().__init__()
        self._args = (staging, run_id, run_date.isoformat())

    def expand(self, states):
        return (
            states
            | "AllStates" >> beam.combiners.ToList()
            | "WriteState" >> beam.ParDo(_WriteStateFn(*self._args))
        )
