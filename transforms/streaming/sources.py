"""Streaming sources: feeds and a watched folder polled by one splittable source, and a
seen-items filter.

One splittable DoFn ticks every ``tick_s`` (the shortest poll interval) and, at each tick, polls
what is due: a feed when its own interval has elapsed since its last poll, the folder when the
default interval has. Every element a poll emits is stamped with its arrival time, the event time
the windows use. The due feeds of a tick are asked at once, each in a thread of its own and each
stamped with the time of its own answer: a host that hangs until the fetch deadline delays
neither the other feeds' requests nor their arrival times. The source keeps, per worker, the feed validators (conditional GET; seeded from
``_state/http`` at start-up) and the paths already read, so a poll does not fetch or read again
what it has, and a feed that stays down is one error row when it goes down, as in a local
stream (``feed_outages``; its host's breaker is reset at every tick, so a feed whose server
comes back is asked again; ``OneRowPerOutage`` holds the outages in keyed state, which a
remainder resumed on another worker finds). Exactly-once is the job of ``DropSeen``, keyed state that forgets an item after a TTL.
With ``stop_after_items`` the source counts the new items it emitted (the ones DropSeen lets
through) and stops ticking once there are that many: the stream then drains and ends.
"""

import dataclasses
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple, Optional

import apache_beam as beam
from apache_beam.io.watermark_estimators import ManualWatermarkEstimator
from apache_beam.metrics import Metrics
from apache_beam.transforms import window
from apache_beam.transforms.periodicsequence import ImpulseSeqGenRestrictionProvider
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import MAX_TIMESTAMP, Timestamp

from transforms.core.dead_letters import error_row
from transforms.core.record import Article, ErrorRow, RejectedRow, stable_id
from transforms.read.documents import read_file
from transforms.read.feeds import poll_feed
from transforms.read.http_fetch import FetchConfig, HttpClient, redact_url
from transforms.read.http_state import FeedState
from transforms.read.items import Skipped
from transforms.read.paths import match_remote
from transforms.streaming.feed_outages import is_down, outage_goes_on, poll_seen

__all__ = ["DropSeen", "PollPlan", "PollSources", "due_sources", "seen_key"]

_NS = "stream"
_LOG = logging.getLogger("newsbeam.streaming")
FOLDER = "\x00folder"  # the watched folder's key among the polled sources
_EPS = 1e-6


def seen_key(item) -> Optional[str]:
    """The identity of an input item across polls, or None for items that are new every time
    (a feed's fetch error: one per outage, ``OneRowPerOutage``)."""
    if isinstance(item, ErrorRow) and item.stage == "fetch":
        return None
    return item.doc_id


@dataclasses.dataclass(frozen=True)
class PollPlan:
    """What the source polls, how often, and when it stops."""

    start_s: float
    stop_s: Optional[float] = None  # None: no time limit
    feeds: tuple = ()  # ((url, every_s), ...)
    patterns: tuple = ()  # watched folder patterns, listed every ``folder_every_s``
    folder_every_s: float = 300.0
    stop_after_items: Optional[int] = None
    # The in-process runner resumes a deferred source at once, in a busy loop (~40% of a core
    # while idle): there, wait up to this long for the next tick before deferring. 0 elsewhere.
    idle_wait_s: float = 0.0

    @property
    def every(self) -> dict:
        """``{source key: seconds}``: each feed URL, and FOLDER when patterns are watched."""
        out = dict(self.feeds)
        if self.patterns:
            out[FOLDER] = self.folder_every_s
        return out

    @property
    def tick_s(self) -> float:
        """The source ticks at the shortest interval; longer ones skip ticks."""
        return min(self.every.values())


def due_sources(tick_s: float, last_polled: dict, every: dict) -> list:
    """The sources to poll at tick time ``tick_s``: never polled, or their own interval has
    elapsed since their last poll (``last_polled``: key -> tick time). Pure and deterministic
    given the tick times; keys in ``every``'s order."""
    return [
        key
        for key, seconds in every.items()
        if key not in last_polled or tick_s - last_polled[key] >= seconds - _EPS
    ]


def _stamped(item, stamp: float):
    """The item with its arrival time, on its output (main, rejected or errors)."""
    value = window.TimestampedValue(item, stamp)
    if isinstance(item, Article):
        return value
    tag = "rejected" if isinstance(item, RejectedRow) else "errors"
    return beam.pvalue.TaggedOutput(tag, value)


def _file_items(metadata, max_bytes: int) -> list:
    """The items of one newly seen file (a too large or unreadable file is one row)."""
    path = metadata.path
    if metadata.size_in_bytes > max_bytes:
        detail = f"{metadata.size_in_bytes} bytes > max_bytes {max_bytes}"
        row = RejectedRow(
            doc_id=stable_id(path), stage="read", reason="too_large", detail=detail, url=None,
            title=None, language=None, word_count=0, source_path=path, source_ref=path,
        )  # fmt: skip
        return [row]
    try:  # read_file: bounded reads, special files refused, every decompression capped
        return [i for i in read_file(path, max_bytes=max_bytes) if not isinstance(i, Skipped)]
    except Exception as exc:  # noqa: BLE001 - an unreadable file is one error row
        placeholder = Article(doc_id=path, source_path=path, source_ref=path, source_format="txt")
        row = error_row(placeholder, stage="read", error_type=type(exc).__name__, message=str(exc))
        return [dataclasses.replace(row, doc_id=stable_id(path))]


class _PollSourceFn(beam.DoFn):
    """(start, stop, tick_s) -> every due poll's items, tick by tick, in real time."""

    def __init__(self, plan, fetch, http_state, run_id, run_date, max_bytes):
        self._plan, self._fetch, self._initial = plan, fetch, dict(http_state)
        self._run_id, self._run_date, self._max_bytes = run_id, run_date, max_bytes
        self._ticks = Metrics.counter(_NS, "ticks")
        self._polls = Metrics.counter(_NS, "feed_polls")
        self._not_modified = Metrics.counter(_NS, "feed_not_modified")
        self._files = Metrics.counter(_NS, "files_read")
        self._stopped = Metrics.counter(_NS, "stopped_after_items")

    def setup(self):
        self._client = HttpClient(self._fetch) if self._plan.feeds else None
        workers = min(16, len(self._plan.feeds))
        self._asks = ThreadPoolExecutor(workers, "newsbeam-feed") if workers else None
        self._validators = dict(self._initial)
        self._last_polled: dict = {}
        self._outages: dict = {}  # url -> what its last poll said (poll_seen)
        self._read: set = set()
        self._seen: set = set()

    def teardown(self):
        if self._asks is not None:
            self._asks.shutdown(wait=False, cancel_futures=True)
        if self._client is not None:
            self._client.close()

    @beam.DoFn.unbounded_per_element()
    def process(
        self,
        element,
        tracker=beam.DoFn.RestrictionParam(ImpulseSeqGenRestrictionProvider()),
        watermark=beam.DoFn.WatermarkEstimatorParam(ManualWatermarkEstimator.default_provider()),
    ):
        start, _, tick_s = element
        start = start.micros / 1e6 if isinstance(start, Timestamp) else float(start)
        index = tracker.current_restriction().start
        while True:
            tick = start + tick_s * index
            if index >= tracker.current_restriction().stop:
                tracker.try_claim(index)  # past the last tick: done
                return
            if tick > time.time() and self._plan.idle_wait_s:
                time.sleep(max(0.0, min(tick - time.time(), self._plan.idle_wait_s)))
            if tick > time.time():  # ahead of time: nothing before the next tick
                _advance(watermark, Timestamp.of(tick))
                tracker.defer_remainder(Timestamp.of(tick))
                return
            if not tracker.try_claim(index):
                return
            _advance(watermark, Timestamp.of(tick))
            self._ticks.inc()
            yield from self._poll(tick)
            if self._done():
                self._stopped.inc()
                tracker.try_claim(tracker.current_restriction().stop)  # claim the rest: done
                return
            index += 1

    def _poll(self, tick: float):
        asked = []
        if self._client is not None:
            # The breaker guards one poll (many feeds of a host that is down); open for the
            # rest of the stream, a feed whose server was down once would never be asked again.
            self._client.breaker.forget()
        for key in due_sources(tick, self._last_polled, self._plan.every):
            self._last_polled[key] = tick
            if key == FOLDER:
                yield from self._poll_folder(tick)
            else:
                previous = self._validators.get(redact_url(key))
                self._polls.inc()
                asked.append((key, self._asks.submit(self._ask_feed, key, previous), previous))
        for url, future, previous in asked:  # each ends by its own fetch deadline (HttpClient)
            result, items, state, answered = future.result()
            before = self._outages.get(url)
            self._outages[url] = seen = poll_seen(before, result)
            stamp = max(tick, answered)
            if is_down(seen):  # its rows go to OneRowPerOutage, which also knows what this
                # instance does not (a remainder resumed elsewhere starts with no _outages)
                news = not outage_goes_on(before, seen)  # else written when it went down
                outages = [i for i in items if news and isinstance(i, ErrorRow)]
                items = [i for i in items if not isinstance(i, ErrorRow)]
            else:  # answered: after a failure (or first here) the outage, if any, is over
                outages = [None] if before is None or is_down(before) else []
            for row in outages:
                value = window.TimestampedValue((redact_url(url), row), stamp)
                yield beam.pvalue.TaggedOutput("outages", value)
            yield from self._feed_outputs(stamp, previous, result, items, state)

    def _ask_feed(self, url: str, previous):
        """``(result, items, state, arrival time)`` of one feed's poll, in a pool thread."""
        try:
            result, items, state = poll_feed(self._client, url, previous, run_id=self._run_id,
                                             run_date=self._run_date,
                                             poll_s=self._plan.every[url])  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - one feed's bug must not stop the others
            public = redact_url(url)
            placeholder = Article(
                doc_id=public, source_path=public, source_ref=public, source_format="feed"
            )
            items = [error_row(placeholder, stage="fetch", error_type=type(exc).__name__,
                               message=str(exc))]  # fmt: skip
            result, state = None, previous
        return result, items, state, time.time()

    def _feed_outputs(self, stamp: float, previous, result, items, state):
        # One arrival time per poll: its items and its validators land in the same window, so a
        # window's commit writes the validators of exactly the polls whose items it holds.
        if result is not None and result.not_modified:
            self._not_modified.inc()
        if state is not None and _changed(previous, state):
            self._validators[state.url] = state
            yield beam.pvalue.TaggedOutput(
                "http_state", window.TimestampedValue((stamp, state), stamp)
            )
        for item in items:
            self._count(item)
            yield _stamped(item, stamp)

    def _poll_folder(self, tick: float):
        try:
            found = [m for pattern in self._plan.patterns for m in match_remote(pattern)]
        except Exception as exc:  # noqa: BLE001 - a folder that is not there (yet): next poll
            _LOG.warning("cannot list %s: %s", self._plan.patterns, exc)
            return
        for metadata in sorted(found, key=lambda m: m.path):
            if metadata.path in self._read:
                continue
            self._read.add(metadata.path)
            self._files.inc()
            items = _file_items(metadata, self._max_bytes)
            stamp = max(tick, time.time())
            for item in items:
                self._count(item)
                yield _stamped(item, stamp)

    def _count(self, item) -> None:
        """Count the items DropSeen will let through (only needed for stop_after_items)."""
        if self._plan.stop_after_items is None:
            return
        key = seen_key(item)
        if key is not None and key not in self._seen:
            self._seen.add(key)

    def _done(self) -> bool:
        limit = self._plan.stop_after_items
        return limit is not None and len(self._seen) >= limit


def _advance(estimator, ts: Timestamp) -> None:
    current = estimator.current_watermark()
    if current is None or ts > current:
        estimator.set_watermark(ts)


def _changed(previous: Optional[FeedState], state: FeedState) -> bool:
    if previous is None:
        return bool(state.etag or state.last_modified)
    return (previous.etag, previous.last_modified) != (state.etag, state.last_modified)


class PollOutputs(NamedTuple):
    """PollSources' outputs (global window, arrival timestamps)."""

    main: beam.PCollection  # Articles (feed entries, some still to fetch; file items)
    rejected: beam.PCollection
    errors: beam.PCollection
    http_state: beam.PCollection  # (arrival time, FeedState) when a feed's validators changed
    outages: beam.PCollection  # (feed URL, its error row | None: it answered), OneRowPerOutage


class PollSources(beam.PTransform):
    """Pipeline start -> PollOutputs of the feeds and the watched folder, polled per ``plan``.

    ``http_state``: ``{url: FeedState}`` of earlier runs (``http_state.load_http_state``), so the
    first poll of each feed is already conditional.
    """

    def __init__(
        self,
        *,
        plan: PollPlan,
        fetch: Optional[FetchConfig] = None,
        http_state: Optional[dict] = None,
        run_id: str,
        run_date,
        max_bytes: int,
    ):
        super().__init__()
        if plan.feeds and fetch is None:
            raise ValueError("PollSources: feeds need a FetchConfig")
        self._plan = plan
        self._fn = _PollSourceFn(plan, fetch, http_state or {}, run_id, str(run_date), max_bytes)

    def expand(self, pbegin):
        plan = self._plan
        element = (
            Timestamp.of(plan.start_s),
            MAX_TIMESTAMP if plan.stop_s is None else Timestamp.of(plan.stop_s),
            plan.tick_s,
        )
        out = (
            pbegin
            | "Start" >> beam.Impulse()
            | "Schedule" >> beam.Map(lambda _: element)
            | "Poll"
            >> beam.ParDo(self._fn).with_outputs(
                "rejected", "errors", "http_state", "outages", main="main"
            )
        )
        return PollOutputs(out.main, out.rejected, out.errors, out.http_state, out.outages)


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
