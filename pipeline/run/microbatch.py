"""Local streaming as micro-batches: one bounded batch run per window over the new items.

The in-process runner fires event-time windows only when a stream drains, so a local stream
built as a Beam streaming graph commits nothing while it runs. This driver is what runs
``newsbeam run --streaming`` on the local runner instead (the model of Spark Structured
Streaming's micro-batches); the Beam graph in ``pipeline.run.streaming`` stays the path for
Dataflow and Flink.

Every ``window_s`` the driver runs the batch pipeline (``pipeline.graph.batch.build_pipeline``, its
commit included) over what is new: the feeds that changed since the last poll (a conditional GET
per feed whose interval has passed) and the files of the watched patterns that are stable (same
size and mtime on two listings ``poll_s`` apart) and not read before. Each window is one batch
run with its own run id (``<stream id>-w<n>``), so it commits, or not, as a whole, exactly like a
batch run. Exactly once comes from the batch pipeline's own cross-run identity: entries whose
URL an earlier run wrote are ``already_ingested``; exact and near copies of articles committed
earlier (today's windows included) are ``prior_run`` duplicates; the feed validators committed
with each window make the next conditional GET a 304.
"""

import dataclasses
import datetime as dt
import functools
import json
import logging
import posixpath
import signal
import sys
import threading
import time
from typing import Optional

from apache_beam.io.filesystems import FileSystems

from pipeline.config.settings import Settings
from pipeline.config.streaming import StreamingConfig, format_stream_summary, streaming_run_id
from pipeline.run.feed_polls import FeedPolls, hold_for_retry_after
from pipeline.run.lock import check_writable, output_lock
from pipeline.run.manifests import run_facts, stream_facts, window_totals
from pipeline.run.read_budget import load_files_state, poll_takes, save_files_state
from pipeline.run.stale_windows import discard_stale_windows
from pipeline.run.stream_clock import is_last_window, last_start, no_window_fits
from pipeline.run.stream_memory import StreamMemory
from pipeline.run.stream_signals import EXIT_INTERRUPTED, EXIT_TERMINATED, stream_signals
from pipeline.run.watched_files import (
    WatchedFiles,
    is_partial_name,
    list_files,
    stable_new_files,
)
from transforms.core.record import valid_text
from transforms.read.feed_entries import as_listed
from transforms.read.http_fetch import FEED_TYPES, HttpClient, origin, redact_url
from transforms.sink.commit import remove_staging, write_json
from transforms.sink.schema import RunInfo
from transforms.streaming.feed_outages import poll_seen

__all__ = [
    "batch_run_id",
    "is_partial_name",
    "list_files",
    "run_micro_batches",
    "stable_new_files",
]

_LOG = logging.getLogger("newsbeam.stream")
POLL_WAIT_S = 5.0  # a feed answering later joins a later window (pipeline/run/feed_polls.py)


# ---- pure logic ---------------------------------------------------------------------------------


def batch_run_id(stream_id: str, window: int) -> str:
    """The run id of one window (fixed width, so no id is a prefix of another's file names)."""
    return f"{stream_id}-w{window:06d}"


def feeds_due(urls, last_polled: dict, now: float, stream: StreamingConfig) -> list:
    """Feeds whose own interval (else ``poll_s``) has passed since their last poll."""
    return [u for u in urls if now >= last_polled.get(u, -1e18) + stream.poll_every(u)]


# ---- I/O ----------------------------------------------------------------------------------------


def run_batch(
    settings: Settings,
    run: RunInfo,
    manifest: dict,
    beam_args,
    earlier=None,
    spans=None,
    polled=None,
) -> dict:
    """One window: the batch pipeline over ``settings`` (its own commit step included), with
    today's earlier windows in the dedup index and ``earlier`` (a StreamMemory), ``spans`` the
    JSON lines files read in part, ``polled`` the feed answers of the poll; the manifest."""
    import apache_beam as beam

    from pipeline.graph.batch import build_pipeline
    from pipeline.runtime.runner import build_or_discard, make_options, make_runner

    options = make_options(list(beam_args))
    pipeline = beam.Pipeline(runner=make_runner(options), options=options)
    through = run.run_date + dt.timedelta(days=1)
    build_or_discard(
        pipeline,
        build_pipeline,
        settings,
        run,
        manifest=manifest,
        prior_through=through,
        earlier=earlier,
        spans=spans,
        polled=polled,
    )
    pipeline.run().wait_until_finish()
    with FileSystems.open(posixpath.join(settings.output, "_runs", f"{run.run_id}.json")) as fh:
        return json.loads(fh.read().decode("utf-8"))


class _Driver:
    def __init__(self, settings: Settings, stream: StreamingConfig, beam_args, versions, on_window):
        from pipeline.graph.feeds import fetch_config, resolve_feed_urls

        self.settings, self.stream, self.beam_args = settings, stream, list(beam_args)
        self.started = time.time()
        start = dt.datetime.fromtimestamp(self.started, dt.timezone.utc)
        self.stream_id = streaming_run_id(settings, start)
        self.job = self.stream_id.rsplit("-", 1)[-1]
        self.urls = resolve_feed_urls(settings.feeds) if settings.feeds else []
        self.fetch = fetch_config(settings.fetch, budget=False)
        self.versions = versions or {}
        self.done, self.progress = load_files_state(settings.output, self.job)
        self.validators: dict = {}  # feed url -> (etag, last_modified) of the last commit
        self.last_polled: dict = {}
        self.bodies: dict = {}  # feed url -> hash of the body of its last 200
        self.moved: dict = {}  # feed url -> where a permanent redirect moved it (kept in state)
        self.listing: dict = {}
        self.windows: list = []  # committed window manifests
        self.current: Optional[str] = None  # the run id of the window being written
        self.stop = threading.Event()
        self.signum: Optional[int] = None
        self.on_window = on_window  # told what each window's poll found and wrote: progress
        self.polled = 0  # feeds fetched at this window's poll
        self.polls = FeedPolls()
        self.cost_s = 0.0  # the longest window so far: plans the last one (stream_clock)
        days = settings.fetch["known_urls_days"]
        self.memory = StreamMemory(
            settings.output, lookback_days=days, state_days=settings.fetch["state_days"]
        )

    def load_memory(self) -> None:
        today = dt.datetime.now(dt.timezone.utc).date()
        self.memory.load(run_id=self.stream_id, run_date=today)
        self.remember()
        for url in self.urls:  # a feed an earlier stream saw moved for good: its new URL
            state = self.memory.states.get(redact_url(url))
            if state is not None and state.moved_to:
                self.moved[url] = state.moved_to

    def remember(self) -> None:
        for url, state in self.memory.states.items():
            self.validators[url] = (state.etag, state.last_modified)

    def changed_feeds(self, client, now: float) -> dict:
        """``{url: answer}`` of the polled feeds that did not answer 304 to a conditional GET
        (an error is a change: the window records it), each due feed asked in a thread of its
        own (``FeedPolls``: a hanging host joins a later window, never holds this one)."""
        started = []
        # The breaker guards one poll (many feeds of a host that is down); open for the rest of
        # the stream, a feed whose server was down for one poll was never asked again.
        client.breaker.forget()
        for url in feeds_due(self.urls, self.last_polled, now, self.stream):
            if self.polls.running(url):
                continue
            self.last_polled[url] = now
            self.polled += 1
            started.append(url)
            etag, modified = self.validators.get(redact_url(url), (None, None))
            self.polls.start(url, functools.partial(
                client.fetch, self.moved.get(url, url), etag=etag, last_modified=modified, accept=FEED_TYPES,
                trusted_origin=origin(url), poll_s=self.stream.poll_every(url),
            ))  # fmt: skip
        changed = {}
        for url, result in sorted(self.polls.take(POLL_WAIT_S, started).items()):
            raised = isinstance(result, Exception)
            result = as_listed(url, result)
            if not raised and result.retry_after:
                every = self.stream.poll_every(url)
                hold_for_retry_after(self.last_polled, url, result.retry_after, every, time.time())
            if not raised and (result.moved_to or not result.ok):  # a 301 is asked no more
                self.moved[url] = result.moved_to or url
            if not raised and result.not_modified:  # up: a failure after it is a new outage
                self.bodies[url] = poll_seen(self.bodies.get(url), result)
                continue
            seen = poll_seen(self.bodies.get(url), None if raised else result)
            if seen != self.bodies.get(url):
                self.bodies[url] = seen
                changed[url] = result
        return changed

    def window(self, feeds: dict, takes: list) -> None:
        files = [t.path for t in takes]
        n = len(self.windows) + 1
        today = dt.datetime.now(dt.timezone.utc).date()
        run = RunInfo(batch_run_id(self.stream_id, n), today)
        settings = dataclasses.replace(
            self.settings, input=tuple(files), feeds=tuple(feeds), run_date=today
        )
        manifest = run_facts(settings, run, self.versions)
        manifest["stream"] = {
            "run_id": self.stream_id,
            "window": n,
            "feeds": [redact_url(u) for u in feeds],
            # as text (a name that is not UTF-8 shown with U+FFFD): the manifest is also the
            # commit step's output, which Beam's coders carry only as valid UTF-8
            "files": [valid_text(f) for f in files],
        }
        self.current = run.run_id
        spans = {t.path: t.span for t in takes if t.span is not None}
        committed = run_batch(settings, run, manifest, self.beam_args, self.memory, spans, feeds)
        self.current = None
        self.windows.append(committed)
        self.memory.add(committed)
        self.remember()
        if takes:
            self.record(takes)
        _LOG.info("window %d committed: %s", n, committed.get("tables"))

    def record(self, takes: list) -> None:
        """The files a committed window read (or found nothing new in), kept for restarts."""
        changed = False
        for take in takes:
            version = self.listing.get(take.path)
            if take.complete and (take.path not in self.done or self.done[take.path] != version):
                self.done[take.path], changed = version, True
            if take.progress is not None and self.progress.get(take.path) != take.progress:
                self.progress[take.path], changed = take.progress, True
        if changed:  # a last line waiting: nothing to save
            save_files_state(self.settings.output, self.job, self.done, self.progress)

    def try_window(self, feeds: list, files: list) -> None:
        """A window that fails (a full disk, a bug) is not committed and its items stay new: the
        next window tries them again, and the stream goes on."""
        try:
            self.window(feeds, files)
        except Exception as exc:  # noqa: BLE001 - a service must outlive one failed window
            if self.current:
                remove_staging(self.settings.output, self.current)
            self.current = None
            for url in feeds:
                self.bodies.pop(url, None)
            print(
                f"newsbeam: window {len(self.windows) + 1} failed and was not committed "
                f"({type(exc).__name__}: {exc}); its items are tried again",
                file=sys.stderr,
                flush=True,
            )

    def tell(self, feeds: list, files: list, before: int) -> None:
        """``on_window`` with the facts of the poll just done (keywords of ``WindowTick``)."""
        new = self.windows[before:]
        ran = bool(feeds or files)
        self.on_window(
            elapsed_s=time.time() - self.started,
            feeds_polled=self.polled,
            feeds_changed=len(feeds),
            files_new=len(files),
            window=before + 1 if ran else 0,
            manifest=new[-1] if new else None,
            failed=ran and not new,
            windows_committed=len(self.windows),
            articles_total=sum(w["tables"].get("articles", 0) for w in self.windows),
        )

    def items_read(self) -> int:
        """Items the committed windows read, entries written by an earlier window left out."""
        return sum(w.get("inputs", 0) - _already(w) for w in self.windows)

    def run(self) -> None:
        client = HttpClient(self.fetch)
        stream, patterns = self.stream, self.settings.input
        watched = WatchedFiles(patterns, self.settings.output)
        stop_at = self.started + stream.max_duration_s if stream.max_duration_s else None
        next_window = self.started
        previous = {}
        try:
            while not self.stop.is_set():
                now = time.time()
                if no_window_fits(now, stop_at, self.cost_s):
                    return
                last = is_last_window(now, stop_at, self.cost_s)
                listing = watched.listing() if patterns else {}
                self.listing = listing
                if now >= next_window or last:
                    files = poll_takes(previous, listing, self.done, self.progress, now=now,
                                       budget=stream.max_bytes_per_poll,
                                       quiet_s=stream.last_line_quiet_s)  # fmt: skip
                    if any(t.empty for t in files):  # touched, nothing appended: nothing to read
                        self.record([t for t in files if t.empty])
                        files = [t for t in files if not t.empty]
                    self.polled, before = 0, len(self.windows)
                    feeds = self.changed_feeds(client, now) if self.urls else {}
                    if files or feeds:
                        began = time.time()
                        self.try_window(feeds, files)
                        self.cost_s = max(self.cost_s, time.time() - began)
                    if self.on_window:
                        self.tell(feeds, files, before)
                    next_window = max(next_window + stream.window_s, time.time())
                previous = listing
                n = stream.stop_after_items
                if last or self.stop.is_set() or (n is not None and self.items_read() >= n):
                    return
                wake = min(next_window, time.time() + stream.poll_s)
                if stop_at is not None:
                    wake = min(wake, last_start(stop_at, self.cost_s))
                self.stop.wait(max(0.0, wake - time.time()))
                if self.stop.is_set():
                    return
        finally:
            client.close()


def _already(window: dict) -> int:
    return (window.get("rejected") or {}).get("fetch:already_ingested", 0)


def _summary(driver: _Driver, wall: float, stopped_by: str) -> dict:
    facts = stream_facts(driver.stream_id, driver.settings, driver.stream, driver.versions)
    return {
        **facts,
        **window_totals(driver.windows),
        "engine": "micro-batch",
        "window_runs": [w["run_id"] for w in driver.windows],
        "balanced": all(w.get("balanced") for w in driver.windows),
        "stopped_by": stopped_by,
        "wall_seconds": round(wall, 2),
    }


def run_micro_batches(
    settings: Settings,
    stream: StreamingConfig,
    *,
    beam_args=(),
    quiet=False,
    versions=None,
    on_window=None,
) -> int:
    """Run the stream as micro-batches until ``max_duration_s``, ``stop_after_items``, Ctrl-C or
    SIGTERM; print a summary; the exit status. ``on_window(WindowTick)``: after each window's
    poll (the progress line, pipeline/cli/progress.py)."""
    driver = _Driver(settings, stream, beam_args, versions, on_window)
    # The lock is held until the stream ends: a second stream of this job would discard this
    # one's windows as stale (and any other run would replace the dedup index it reads).
    with (
        stream_signals(driver, settings.output),
        output_lock(settings.output, run_id=driver.stream_id, doing="this stream"),
    ):
        check_writable(settings.output, "s-probe", keep=False)  # under the lock: one prober
        discard_stale_windows(settings.output, driver.job, settings.write["format"] == "iceberg")
        if not driver.stop.is_set():
            driver.load_memory()
            driver.run()
        return _finish(driver, settings, stream, quiet)


def _finish(driver: _Driver, settings: Settings, stream: StreamingConfig, quiet) -> int:
    wall = time.time() - driver.started
    if driver.signum is not None:
        how = "terminated (SIGTERM)" if driver.signum == signal.SIGTERM else "interrupted"
        stopped_by = how
    elif stream.stop_after_items and driver.items_read() >= stream.stop_after_items:
        stopped_by = f"stop_after_items ({stream.stop_after_items} new items read)"
    else:
        stopped_by = f"max_duration ({stream.max_duration_s:g} s)"
    total = _summary(driver, wall, stopped_by)
    write_json(posixpath.join(settings.output, "_runs", f"{driver.stream_id}.json"), total)
    windows = f"{settings.output}/_runs/{driver.stream_id}-w*.json"
    summary = format_stream_summary(driver.stream_id, settings.output, total, wall, windows=windows)
    if driver.signum is not None:
        print(
            f"newsbeam: {stopped_by}; {len(driver.windows)} windows were committed, "
            "nothing partial is visible",
            file=sys.stderr,
            flush=True,
        )
        print(settings.output if quiet else summary)
        return EXIT_TERMINATED if driver.signum == signal.SIGTERM else EXIT_INTERRUPTED
    print(settings.output if quiet else summary)
    return 0 if total["balanced"] else 4
