"""Per-window commit: each window pane's tables are staged, then moved into the Hive layout at once.

Files of one pane are written under ``<output>/_staging/<run_id>/<window>/`` and moved into
``<output>/<table>/<partitions>/part-<run_id>-<window>-<shard>.parquet`` by one commit step that
runs when the pane fires (after the watermark passes the window's end), so a reader never sees a
partly written window. The feed validators (ETag, Last-Modified) of the polls whose items the
window holds are committed with it, as ``_state/http/feeds-<run_id>-<window>.json`` (the batch
format), so a restarted stream asks conditionally for exactly what was committed. A late pane (allowed lateness) gets its own files (``<window>p<pane>``).
The commit is idempotent: a retried commit finds its files already in place and goes on.
"""

import datetime as dt
import posixpath
import time
import zlib

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.dedup import index_entry
from transforms.dedup.state import STATE_DIR, write_index_file
from transforms.read.http_state import state_payload, state_relpath
from transforms.sink.commit import ensure_dir, summarise_facts, write_json
from transforms.sink.schema import TABLES, RunInfo, file_schema, to_row
from transforms.sink.write_parquet import WriterConfig, partition_path, write_table_file

__all__ = [
    "CommitWindows",
    "commit_pane",
    "latest_states",
    "pane_token",
    "window_rows",
    "window_token",
]

_NS = "window_commit"
_INDEX = "_index"


def window_token(start_s: float) -> str:
    """``20261122T121000``: the window's start in UTC, as it appears in file names."""
    return dt.datetime.fromtimestamp(start_s, dt.timezone.utc).strftime("%Y%m%dT%H%M%S")


def pane_token(start_s: float, pane_index: int) -> str:
    """The window token, plus ``p<n>`` for the n-th late pane of a window."""
    token = window_token(start_s)
    return token if pane_index <= 0 else f"{token}p{pane_index}"


def window_run(run_id: str, start_s: float) -> RunInfo:
    """RunInfo of a window: ``ingest_date`` is the window's start date (UTC)."""
    return RunInfo(run_id, dt.datetime.fromtimestamp(start_s, dt.timezone.utc).date())


def window_rows(record, run_id: str, start_s: float) -> dict:
    """A record as a table row of its window: ``ingested_at`` is the window's start."""
    row = to_row(record, window_run(run_id, start_s))
    row["ingested_at"] = dt.datetime.fromtimestamp(start_s, dt.timezone.utc)
    return row


def commit_pane(output: str, staged: list) -> list:
    """Move ``[(staged path, relative final path)]`` into ``output``; already moved files (a retried
    commit) are skipped. Returns the final paths."""
    final = []
    for src, rel in sorted(staged, key=lambda s: s[1]):
        dst = posixpath.join(output, rel)
        if not FileSystems.exists(src) and FileSystems.exists(dst):
            final.append(dst)
            continue
        ensure_dir(posixpath.dirname(dst))  # a full disk is raised, not swallowed
        if FileSystems.exists(dst):
            FileSystems.delete([dst])
        FileSystems.rename([src], [dst])
        final.append(dst)
    return final


def latest_states(stamped) -> list:
    """``[(arrival time, FeedState)]`` -> the newest FeedState per feed, sorted by URL."""
    newest: dict = {}
    for _stamp, state in sorted(stamped, key=lambda s: (s[0], s[1].url)):
        newest[state.url] = state
    return [newest[url] for url in sorted(newest)]


def _stage_http_state(output: str, run_id: str, token: str, day: str, stamped) -> list:
    """The window's feed validators as one staged state file: ``[(staged path, rel path)]``."""
    states = latest_states(stamped)
    if not states:
        return []
    rel = state_relpath(f"{run_id}-{token}")
    staged = posixpath.join(output, "_staging", run_id, token, rel)
    with FileSystems.create(staged) as handle:
        handle.write(state_payload(states, run_id=run_id, run_date=day))
    return [(staged, rel)]


def _shard(key: str, shards: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % shards if shards > 1 else 0


class _KeyRowFn(beam.DoFn):
    def __init__(self, table: str, run_id: str, config: WriterConfig):
        self._table, self._run_id, self._config = table, run_id, config

    def process(self, record, win=beam.DoFn.WindowParam):
        row = window_rows(record, self._run_id, float(win.start))
        sort_key = "\x1f".join(str(row.get(k)) for k in self._config.sort_by)
        part = partition_path(row, self._config.partition_by)
        yield (self._table, part, _shard(sort_key, self._config.shards)), row


class _WriteFileFn(beam.DoFn):
    """One (table, partition, shard) of one window pane -> a staged Parquet file."""

    def __init__(self, output: str, run_id: str, configs: dict):
        self._output, self._run_id, self._configs = output, run_id, configs
        self._files = Metrics.counter(_NS, "files_staged")

    def process(self, kv, win=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        (table, part, shard), rows = kv
        token = pane_token(float(win.start), pane.index)
        name = f"part-{self._run_id}-{token}-{shard:05d}.parquet"
        staged = posixpath.join(self._output, "_staging", self._run_id, token)
        if table == _INDEX:
            rel = posixpath.join(STATE_DIR, part, name)
            write_index_file(posixpath.join(staged, rel), rows)
        else:
            config = self._configs[table]
            rel = posixpath.join(table, part, name)
            schema = file_schema(table, config.file_columns_left_out)
            write_table_file(posixpath.join(staged, rel), list(rows), schema, config)
        self._files.inc()
        yield "file", (posixpath.join(staged, rel), rel)


class _CommitFn(beam.DoFn):
    """All staged files and counted facts of one window pane -> moved into place + manifest."""

    def __init__(self, output: str, run_id: str, manifest: dict):
        self._output, self._run_id, self._manifest = output, run_id, manifest
        self._windows = Metrics.counter(_NS, "windows_committed")

    def process(self, kv, win=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        _, items = kv
        files = [v for kind, v in items if kind == "file"]
        facts = [v for kind, v in items if kind == "fact"]
        token = pane_token(float(win.start), pane.index)
        day = window_run(self._run_id, float(win.start)).run_date.isoformat()
        http = [v for kind, v in items if kind == "http"]
        files += _stage_http_state(self._output, self._run_id, token, day, http)
        final = commit_pane(self._output, files)
        summary = summarise_facts(facts)
        manifest = dict(
            self._manifest,
            **summary,
            window=token,
            window_start=dt.datetime.fromtimestamp(float(win.start), dt.timezone.utc).isoformat(),
            window_end=dt.datetime.fromtimestamp(float(win.end), dt.timezone.utc).isoformat(),
            pane=pane.index,
            committed_at=time.time(),
            files=[posixpath.relpath(p, self._output) for p in final],
        )
        write_json(posixpath.join(self._output, "_runs", self._run_id, f"{token}.json"), manifest)
        for table in TABLES:
            with FileSystems.create(posixpath.join(self._output, table, "_SUCCESS")) as handle:
                handle.write(f"{self._run_id}/{token}".encode())
        try:
            FileSystems.delete([posixpath.join(self._output, "_staging", self._run_id, token)])
        except OSError:
            pass  # nothing was staged (a pane of facts only) or already removed
        self._windows.inc()
        yield manifest


def _facts(record):
    from transforms.core.record import Article, DuplicateRow, RejectedRow

    if isinstance(record, Article):
        return [("table", "articles"), ("language", record.language), ("topic", record.topic_label)]
    if isinstance(record, DuplicateRow):
        return [("table", "duplicates"), ("duplicate_match", record.match)]
    if isinstance(record, RejectedRow):
        return [("table", "rejected"), ("rejected", f"{record.stage}:{record.reason}")]
    return [("table", "errors"), ("errors", f"{record.stage}:{record.error_type}")]


class CommitWindows(beam.PTransform):
    """``{"articles", "duplicates", "rejected", "errors": PCollection, "inputs": PCollection}``
    in fixed windows -> one manifest dict per committed window pane.

    ``inputs`` holds one element per input item (any value): the manifest's ``inputs`` count, so
    every window says whether it is balanced. ``articles`` must be deduplicated (they carry the
    signature written to the ``_state/dedup`` index). An optional ``"http_state"`` PCollection
    of ``(arrival time, FeedState)`` is committed as the window's ``_state/http`` file.
    """

    def __init__(self, *, output: str, run_id: str, configs: dict, manifest: dict):
        super().__init__()
        self._output, self._run_id = output, run_id
        self._configs = dict(configs)
        self._manifest = dict(manifest)

    def expand(self, tables):
        run_id, output = self._run_id, self._output
        keyed = [
            tables[t] | f"Key{t.capitalize()}" >> beam.ParDo(_KeyRowFn(t, run_id, self._configs[t]))
            for t in TABLES
        ]
        index = tables["articles"] | "IndexEntries" >> beam.ParDo(_IndexKeyFn())
        files = (
            (*keyed, index)
            | "AllRows" >> beam.Flatten()
            | "GroupFiles" >> beam.GroupByKey()
            | "StageFiles" >> beam.ParDo(_WriteFileFn(output, run_id, self._configs))
        )
        facts = [tables[t] | f"Facts{t.capitalize()}" >> beam.FlatMap(_facts) for t in TABLES]
        facts.append(tables["inputs"] | "InputFacts" >> beam.Map(lambda _: ("inputs", None)))
        counted = (
            facts
            | "AllFacts" >> beam.Flatten()
            | "CountFacts" >> beam.combiners.Count.PerElement()
            | "AsFact" >> beam.Map(lambda kv: ("fact", kv))
        )
        parts = [files, counted]
        if "http_state" in tables:
            parts.append(tables["http_state"] | "AsHttp" >> beam.Map(lambda s: ("http", s)))
        return (
            parts
            | "PaneItems" >> beam.Flatten()
            | "OneCommit" >> beam.Map(lambda item: (None, item))
            | "GroupPane" >> beam.GroupByKey()
            | "Commit" >> beam.ParDo(_CommitFn(output, run_id, self._manifest))
        )


class _IndexKeyFn(beam.DoFn):
    def process(self, article, win=beam.DoFn.WindowParam):
        day = dt.datetime.fromtimestamp(float(win.start), dt.timezone.utc).date()
        yield (_INDEX, day.isoformat(), 0), index_entry(article, run_date=day)
