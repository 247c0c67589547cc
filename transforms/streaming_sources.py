"""Streaming sources: feeds polled on a schedule, a watched folder, and a seen-items filter.

Both sources run off one ``PeriodicImpulse``: every element they emit is stamped with the poll's
time (its *arrival* time), which is the event time the windows use. Each worker keeps a cheap
in-memory memory (feed validators for conditional GET, file paths already read) so a poll does not
fetch or read again what it already has; exactly-once is the job of ``DropSeen``, keyed state that
forgets an item after a time-to-live.
"""

import dataclasses
import time
from typing import Optional
from urllib.parse import urlsplit

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms import window
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Timestamp

from transforms.dead_letters import StageOutputs, error_row
from transforms.http_fetch import FEED_TYPES, FetchConfig, HttpClient
from transforms.read_documents import explode_file
from transforms.read_feeds import feed_items
from transforms.record import Article, ErrorRow, RejectedRow

__all__ = ["DropSeen", "PollFeeds", "WatchFolder", "seen_key"]

_NS = "stream"


def seen_key(item) -> Optional[str]:
    """The identity of an input item across polls, or None for items that are new every time
    (a feed's fetch error is one input per failed poll)."""
    if isinstance(item, ErrorRow) and item.stage == "fetch":
        return None
    return item.doc_id


def _route(item, tick_ts):
    """The item stamped with its arrival time: now, or the tick's time if the clock is behind
    (never earlier than the tick, so never behind the source's watermark)."""
    stamped = window.TimestampedValue(item, max(float(tick_ts), time.time()))
    if isinstance(item, Article):
        return stamped
    tag = "rejected" if isinstance(item, RejectedRow) else "errors"
    return beam.pvalue.TaggedOutput(tag, stamped)


class _PollFeedsFn(beam.DoFn):
    """A poll tick -> the entries of every feed (conditional GET with the last validators)."""

    def __init__(self, urls: list, config: FetchConfig, state: dict, run_id: str, run_date: str):
        self._urls, self._config, self._initial = list(urls), config, dict(state)
        self._run_id, self._run_date = run_id, run_date
        self._polls = Metrics.counter(_NS, "feed_polls")
        self._not_modified = Metrics.counter(_NS, "feed_not_modified")

    def setup(self):
        self._client = HttpClient(self._config)
        self._state = dict(self._initial)

    def teardown(self):
        self._client.close()

    def process(self, tick, ts=beam.DoFn.TimestampParam):
        for url in self._urls:
            previous = self._state.get(url)
            self._polls.inc()
            try:
                result = self._client.fetch(
                    url,
                    etag=previous.etag if previous else None,
                    last_modified=previous.last_modified if previous else None,
                    accept=FEED_TYPES,
                    trusted_host=(urlsplit(url).hostname or "").lower(),
                )
                items, self._state[url] = feed_items(
                    url, result, previous, run_id=self._run_id, run_date=self._run_date
                )
            except Exception as exc:  # noqa: BLE001 - one feed's bug must not stop the others
                placeholder = Article(
                    doc_id=url, source_path=url, source_ref=url, source_format="feed"
                )
                items = [
                    error_row(
                        placeholder, stage="fetch", error_type=type(exc).__name__, message=str(exc)
                    )
                ]
                result = None
            if result is not None and result.not_modified:
                self._not_modified.inc()
            for item in items:
                yield _route(item, ts)


class PollFeeds(beam.PTransform):
    """Poll ticks -> StageOutputs of feed entries (Articles, some still to fetch), rejects, errors.

    ``state``: ``{url: FeedState}`` from earlier runs (``read_feeds.load_http_state``), so the first
    poll is already conditional.
    """

    def __init__(self, *, urls: list, config: FetchConfig, state: dict, run_id: str, run_date):
        super().__init__()
        self._fn = _PollFeedsFn(urls, config, state, run_id, str(run_date))

    def expand(self, ticks):
        out = ticks | "Poll" >> beam.ParDo(self._fn).with_outputs("rejected", "errors", main="main")
        return StageOutputs(out.main, out.rejected, out.errors)


class _ReadNewFilesFn(beam.DoFn):
    """Matched files -> their items, once per path on this worker (DropSeen makes it exact)."""

    def __init__(self, max_bytes: int):
        self._max_bytes = max_bytes
        self._files = Metrics.counter(_NS, "files_read")

    def setup(self):
        self._read: set = set()

    def process(self, metadata, ts=beam.DoFn.TimestampParam):
        path = metadata.path
        if path in self._read:
            return
        self._read.add(path)
        self._files.inc()
        placeholder = Article(doc_id=path, source_path=path, source_ref=path, source_format="txt")
        try:
            if metadata.size_in_bytes > self._max_bytes:
                yield _route(
                    RejectedRow(
                        doc_id=_doc_id(path),
                        stage="read",
                        reason="too_large",
                        detail=f"{metadata.size_in_bytes} bytes > max_bytes {self._max_bytes}",
                        url=None,
                        title=None,
                        language=None,
                        word_count=0,
                        source_path=path,
                        source_ref=path,
                    ),
                    ts,
                )
                return
            with FileSystems.open(path) as handle:
                data = handle.read()
            items = explode_file(path, data, max_bytes=self._max_bytes)
        except Exception as exc:  # noqa: BLE001 - an unreadable file is one error row
            row = error_row(
                placeholder, stage="read", error_type=type(exc).__name__, message=str(exc)
            )
            yield _route(dataclasses.replace(row, doc_id=_doc_id(path)), ts)
            return
        for item in items:
            yield _route(item, ts)


def _doc_id(path: str) -> str:
    from transforms.record import stable_id

    return stable_id(path)


class WatchFolder(beam.PTransform):
    """Poll ticks -> StageOutputs of the items of files matching ``patterns`` (new files only).

    Files should appear atomically (written elsewhere, then moved in): a file is read the first
    time a poll sees it.
    """

    def __init__(self, *, patterns: list, max_bytes: int):
        super().__init__()
        self._patterns, self._max_bytes = list(patterns), max_bytes

    def expand(self, ticks):
        patterns = self._patterns
        out = (
            ticks
            | "Patterns" >> beam.FlatMap(lambda _: patterns)
            | "Match" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW)
            | "ReadNew"
            >> beam.ParDo(_ReadNewFilesFn(self._max_bytes)).with_outputs(
                "rejected", "errors", main="main"
            )
        )
        return StageOutputs(out.main, out.rejected, out.errors)


class _DropSeenFn(beam.DoFn):
    SEEN = ReadModifyWriteStateSpec("seen", beam.coders.BooleanCoder())
    EXPIRY = TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, ttl_s: float):
        self._ttl = ttl_s
        self._dropped = Metrics.counter(_NS, "dropped_seen")

    def process(
        self,
        kv,
        ts=beam.DoFn.TimestampParam,
        seen=beam.DoFn.StateParam(SEEN),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        _, item = kv
        # Sliding TTL: an entry a feed still lists is remembered until ttl after its last sighting.
        expiry.set(Timestamp.of(float(ts) + self._ttl))
        if seen.read():
            self._dropped.inc()
        else:
            seen.write(True)
            yield item

    @on_timer(EXPIRY)
    def expire(self, seen=beam.DoFn.StateParam(SEEN)):
        seen.clear()


class DropSeen(beam.PTransform):
    """Items (global window) -> the items not seen before (by ``seen_key``). An item is forgotten
    ``ttl_s`` after it was last seen, so a feed that keeps an entry for weeks never re-emits it."""

    def __init__(self, *, ttl_s: float):
        super().__init__()
        self._ttl = ttl_s

    def expand(self, items):
        keyed = items | "SeenKey" >> beam.Map(lambda i: (seen_key(i), i))
        fresh = keyed | "Fresh" >> beam.Filter(lambda kv: kv[0] is None) | "Value" >> beam.Values()
        known = (
            keyed
            | "Known" >> beam.Filter(lambda kv: kv[0] is not None)
            | "FirstTime" >> beam.ParDo(_DropSeenFn(self._ttl))
        )
        return (fresh, known) | "Unseen" >> beam.Flatten()
