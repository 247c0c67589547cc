"""Per-window commit: each window pane is a unit committed like a batch run (``commit_run``).

Files of one pane are written by the batch writer (``write_partition_file``) under
``<output>/_staging/<run_id>/<pane>/`` and moved into
``<output>/<table>/<partitions>/part-<run_id>-<pane>-<shard>.parquet`` by one commit that runs
when the pane fires (after the watermark passes the window's end), so a reader never sees a
partly written window; the pane's manifest ``_runs/<run_id>/<pane>.json`` is its commit point.
The feed validators (ETag, Last-Modified) of the polls whose items the window holds are
committed with it, as ``_state/http/feeds-<run_id>-<pane>.json`` (the batch format), so a
restarted stream asks conditionally for exactly what was committed. A late pane (allowed
lateness) gets its own files (``<window>p<pane>``). A retried commit finds the files an earlier
attempt moved already in place and goes on.
"""

import collections
import datetime as dt
import posixpath
import time
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.dedup import index_entry
from transforms.dedup.state import STATE_DIR, write_index_file
from transforms.read.http_state import state_payload, state_relpath
from transforms.sink.commit import commit_run, staging_dir, unit_file_id, unit_id
from transforms.sink.facts import counting, summarise_facts
from transforms.sink.input_facts import CountInputsFn
from transforms.sink.schema import TABLES, RunInfo, to_row
from transforms.sink.write_parquet import WriterConfig, part_name, table_key, write_partition_file

__all__ = [
    "CommitWindows",
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


def latest_states(stamped) -> list:
    """``[(arrival time, FeedState)]`` -> the newest FeedState per feed, sorted by URL."""
    newest: dict = {}
    for _stamp, state in sorted(stamped, key=lambda s: (s[0], s[1].url)):
        newest[state.url] = state
    return [newest[url] for url in sorted(newest)]


def _stage_http_state(output: str, run_id: str, token: str, day: str, stamped) -> list:
    """The pane's feed validators as one staged state file: its relative paths."""
    states = latest_states(stamped)
    if not states:
        return []
    unit = unit_id(run_id, token)
    rel = state_relpath(unit_file_id(unit))
    with FileSystems.create(posixpath.join(staging_dir(output, unit), rel)) as handle:
        handle.write(state_payload(states, run_id=run_id, run_date=day))
    return [rel]


@beam.typehints.with_output_types(tuple[Any, Any])
class _KeyRowFn(beam.DoFn):
    """A record -> its row keyed by the file it goes to."""

    def __init__(self, table: str, run_id: str, config: WriterConfig):
        self._table, self._run_id, self._config = table, run_id, config

    def process(self, record, win=beam.DoFn.WindowParam):
        row = window_rows(record, self._run_id, float(win.start))
        yield table_key(row, self._table, self._config), row


class _WriteFileFn(beam.DoFn):
    """One (table, partition, shard) of one window pane -> its staged file, written as a batch
    run writes its files (``write_partition_file``), the pane being the unit; then its rows'
    manifest facts, counted while they were written (one element per fact of the file)."""

    def __init__(self, output: str, run_id: str, configs: dict):
        self._output, self._run_id, self._configs = output, run_id, configs
        self._files = Metrics.counter(_NS, "files_staged")

    def process(self, kv, win=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        (table, part, shard), rows = kv
        # Named by this step's pane: two panes of one key never share a name, whichever pane
        # of the commit takes them.
        unit = unit_id(self._run_id, pane_token(float(win.start), pane.index))
        staging = staging_dir(self._output, unit)
        facts = collections.Counter()
        if table == _INDEX:
            rel = posixpath.join(STATE_DIR, part, part_name(unit_file_id(unit), shard))
            write_index_file(posixpath.join(staging, rel), rows)
        else:
            rows = counting(rows, table, facts)
            config = self._configs[table]
            rel = write_partition_file(staging, unit_file_id(unit), kv[0], rows, config).relpath
        self._files.inc()
        yield "file", (rel, posixpath.join(staging, rel))
        for fact_count in facts.items():
            yield "fact", fact_count


class _CommitFn(beam.DoFn):
    """All staged files and counted facts of one window pane -> committed as a unit of its own
    (``commit_run``): moved into place, then its manifest ``_runs/<run_id>/<pane>.json``."""

    def __init__(self, output: str, run_id: str, manifest: dict):
        self._output, self._run_id, self._manifest = output, run_id, manifest
        self._windows = Metrics.counter(_NS, "windows_committed")

    def process(self, kv, win=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        _, items = kv
        token = pane_token(float(win.start), pane.index)
        unit = unit_id(self._run_id, token)
        day = window_run(self._run_id, float(win.start)).run_date.isoformat()
        staging = staging_dir(self._output, unit)
        sources = dict(v for kind, v in items if kind == "file")
        http = [v for kind, v in items if kind == "http"]
        files = [*sources, *_stage_http_state(self._output, self._run_id, token, day, http)]
        facts = collections.Counter()
        for _, (fact, n) in (item for item in items if item[0] == "fact"):
            facts[fact] += n  # a window's facts come per file and per bundle: summed here
        manifest = dict(
            self._manifest,
            **summarise_facts(facts.items()),
            run_date=day,  # as a batch manifest's: the day its rows are filed under
            window=token,
            window_start=dt.datetime.fromtimestamp(float(win.start), dt.timezone.utc).isoformat(),
            window_end=dt.datetime.fromtimestamp(float(win.end), dt.timezone.utc).isoformat(),
            pane=pane.index,
            committed_at=time.time(),
        )
        yield commit_run(
            self._output, staging, unit, files, manifest, sources=sources, retryable=True
        )
        self._windows.inc()


class CommitWindows(beam.PTransform):
    """``{"articles", "duplicates", "rejected", "errors": PCollection, "inputs": PCollection}``
    in fixed windows -> one manifest dict per committed window pane.

    ``inputs`` (a PCollection, or a tuple of them) holds one element per input item (any value):
    the manifest's ``inputs`` count, counted per bundle and window where it is read, so every
    window says whether it is balanced. ``articles`` must be deduplicated (they carry the
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
        inputs = tables["inputs"]
        inputs = inputs if isinstance(inputs, (tuple, list)) else (inputs,)
        parts = [files]
        for i, pcoll in enumerate(inputs):
            parts.append(pcoll | f"InputFacts{i or ''}" >> beam.ParDo(CountInputsFn("fact")))
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
