"""Fetch feeds over HTTP (conditional GET with the validators of ``http_state.py``) and the pages
they link."""

import dataclasses
import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple, Optional
from urllib.parse import urlsplit

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.core.bounded_map import bounded_map
from transforms.core.dead_letters import StageOutputs, error_row, format_exception
from transforms.core.record import Article, RejectedRow
from transforms.core.stage_fn import StageFn
from transforms.extract.filter import FilterConfig
from transforms.read.feed_entries import (
    already_ingested,
    entry_text_hash,
    exception_row,
    feed_items,
    feed_text_article,
    fetched_article,
    not_fetched,
)
from transforms.read.http_fetch import (
    FEED_TYPES,
    PAGE_TYPES,
    FetchConfig,
    FetchResult,
    HttpClient,
    origin,
    redact_url,
)
from transforms.read.http_state import FeedState, known_key, story_key, text_key

__all__ = [
    "FeedOutputs",
    "FetchArticles",
    "FetchPages",
    "ReadFeeds",
    "RouteArticles",
    "poll_feed",
]


class FeedOutputs(NamedTuple):
    """ReadFeeds' outputs: entries, expected drops, failures, and one FeedState per feed."""

    main: beam.PCollection
    rejected: beam.PCollection
    errors: beam.PCollection
    state: beam.PCollection


_MIN_WORDS = FilterConfig().min_words

# ---- Beam ---------------------------------------------------------------------------------------


# Failed fetches (feeds and pages) per host, for the progress line's "hosts failing".
HOSTS_FAILED_NS = "fetch_hosts_failed"
_ORIGINS_AT_ONCE = 32  # ports of one host fetched side by side (each with its own politeness)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class _ReadFeedsFn(StageFn):
    namespace = "feeds"

    def __init__(self, config: FetchConfig, state: dict, run_id: str, run_date: str, polled: dict):
        self._config, self._state, self._polled = config, state, polled
        self._run_id, self._run_date = run_id, run_date

    def setup(self):
        self._client = HttpClient(self._config)

    def teardown(self):
        self._client.close()

    def process(self, host_urls):
        _, urls = host_urls
        # The ports of one host are servers of their own (HttpClient's limiter and breaker):
        # fetched side by side, so 200 dead ports of 127.0.0.1 (3 refused attempts each, 1 s
        # and 2 s apart) cost seconds, not ten minutes, and do not spend the fetch budget of the
        # feeds behind them. One port's feeds stay one after another.
        by_origin: dict = {}
        for url in sorted(urls):
            by_origin.setdefault(origin(url), []).append(url)
        workers = min(_ORIGINS_AT_ONCE, len(by_origin))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for polls in pool.map(self._poll_all, by_origin.values()):
                for url, result, items, state in polls:
                    self._count(result, url)
                    yield beam.pvalue.TaggedOutput("state", state)
                    yield from self._emit(items)

    def _poll_all(self, urls: list) -> list:
        return [self._poll(url) for url in urls]

    def _poll(self, url: str) -> tuple:
        previous = self._state.get(redact_url(url))
        try:
            if url in self._polled:  # the caller's own poll: what it saw, not a new GET
                result = self._polled[url]
                if isinstance(result, Exception):  # the poll raised: its row, not a new GET
                    raise result
                items, state = feed_items(
                    redact_url(url), result, previous, run_id=self._run_id, run_date=self._run_date
                )
            else:
                result, items, state = poll_feed(
                    self._client, url, previous, run_id=self._run_id, run_date=self._run_date
                )
        except Exception as exc:  # noqa: BLE001 - one feed's bug must not lose the others
            url = redact_url(url)
            items = [exception_row(url, exc)]
            state = previous or FeedState(url, None, None, None, self._run_id, self._run_date)
            state = dataclasses.replace(state, run_id=self._run_id, run_date=self._run_date)
            result = None
        return url, result, items, state

    def _emit(self, items: list):
        for item in items:
            if isinstance(item, Article):
                self.count("entries")
                yield item
            else:  # a feed's drops are counted by their kind above, not per reason
                tag = "rejected" if isinstance(item, RejectedRow) else "errors"
                yield beam.pvalue.TaggedOutput(tag, item)

    def _count(self, result: Optional[FetchResult], url: str) -> None:
        if result is None or not result.ok:
            self.count("failed")
            Metrics.counter(HOSTS_FAILED_NS, _host(url) or "-").inc()
        else:
            self.count("not_modified" if result.not_modified else "fetched")


def poll_feed(
    client: HttpClient,
    url: str,
    previous: Optional[FeedState],
    *,
    run_id,
    run_date,
    poll_s: Optional[float] = None,
):
    """One conditional GET of a feed (its last ETag/Last-Modified) and what came of it:
    ``(FetchResult, [Article | RejectedRow | ErrorRow], FeedState)``. Batch and streaming both
    poll through here; the URL was given by the user, so its origin is trusted (private addresses
    allowed). Credentials in ``url`` are sent as Basic auth and stored nowhere: the items, the
    state and the errors name the URL without them. ``poll_s``: a stream's poll interval of the
    feed (``HttpClient.fetch``: its next poll is the retry of a dead host)."""
    result = client.fetch(
        url,
        etag=previous.etag if previous else None,
        last_modified=previous.last_modified if previous else None,
        accept=FEED_TYPES,
        trusted_origin=origin(url),
        poll_s=poll_s,
    )
    public = redact_url(url)
    items, state = feed_items(public, result, previous, run_id=run_id, run_date=run_date)
    return result, items, state


class ReadFeeds(beam.PTransform):
    """Feed URLs to FeedOutputs(main=Article per entry, rejected, errors, state=FeedState).

    Feeds of one host are fetched by one worker; those of one port one at a time,
    ``per_host_delay_s`` apart (other ports of the host side by side).
    ``state`` (``{url: FeedState}`` of earlier runs) makes the requests conditional; a feed that
    answers 304 yields no entries and no error. ``polled``: ``{url: FetchResult}`` of feeds the
    caller already fetched (a stream's poll), read from that answer instead of fetched again
    (an exception the poll raised: that feed's error row).
    """

    def __init__(
        self,
        *,
        urls: list,
        config: FetchConfig,
        state: dict,
        run_id: str,
        run_date: dt.date,
        polled: Optional[dict] = None,
    ):
        super().__init__()
        self._urls = sorted(set(urls))
        self._config, self._state = config, dict(state)
        self._run_id, self._run_date = run_id, run_date.isoformat()
        self._polled = dict(polled or {})

    def expand(self, pbegin):
        fn = _ReadFeedsFn(self._config, self._state, self._run_id, self._run_date, self._polled)
        result = (
            pbegin
            | "FeedUrls" >> beam.Create(self._urls)
            | "ByHost" >> beam.Map(lambda u: (_host(u), u))
            | "GroupByHost" >> beam.GroupByKey()
            | "FetchFeeds"
            >> beam.ParDo(fn).with_outputs("rejected", "errors", "state", main="main")
        )
        return FeedOutputs(result.main, result.rejected, result.errors, result.state)


class _RouteFn(StageFn):
    """Already-ingested feed entries are rejected; pages to fetch go to ``fetch`` by host."""

    namespace = "fetch"

    def __init__(self, known_urls: frozenset):
        self._known = known_urls

    def process(self, article: Article):
        self.seen()
        if article.source_format == "feed" and self._written(article):
            yield self.rejected(already_ingested(article))
        elif article.raw is None and article.content is None and article.url:
            yield beam.pvalue.TaggedOutput("fetch", (_host(article.url), article))
        else:
            yield article

    def _written(self, article: Article) -> bool:
        """Its link was written by a row of no feed entry, with its own entry id (an edited
        entry), or with its title (a feed that changes its entry ids on every request); an entry
        with no link, when an article of its text was written."""
        if not article.url:
            return text_key(entry_text_hash(article)) in self._known
        if article.url in self._known or story_key(article.url, article.hint_title) in self._known:
            return True
        return bool(article.entry_id) and known_key(article.url, article.entry_id) in self._known


class _FetchPagesFn(StageFn):
    namespace = "fetch"

    def __init__(self, config: FetchConfig, min_words: int, trusted: frozenset):
        self._config, self._min_words, self._trusted = config, min_words, trusted

    def setup(self):
        self._client = HttpClient(self._config)

    def teardown(self):
        self._client.close()

    def _trusted_origin(self, article: Article):
        home = origin(article.feed_url)
        return home if home in self._trusted and origin(article.url) == home else None

    def _get(self, key: tuple):
        """The answer to one GET of ``key`` (URL, trusted origin), or the exception it raised."""
        try:
            return self._client.fetch(key[0], accept=PAGE_TYPES, trusted_origin=key[1])
        except Exception as exc:  # noqa: BLE001 - every article must come out as exactly one row
            return exc

    def _row(self, article: Article, answer):
        if not self._config.pages:  # told not to fetch: the feed's text, else a rejected row
            return feed_text_article(article, min_words=self._min_words) or not_fetched(article)
        try:
            if isinstance(answer, Exception):
                raise answer
            return fetched_article(article, answer, min_words=self._min_words)
        except Exception as exc:  # noqa: BLE001 - every article must come out as exactly one row
            trace = format_exception(exc)
            return error_row(
                article, stage="fetch", error_type=type(exc).__name__, message=str(exc), trace=trace
            )

    def process(self, host_articles):
        host, articles = host_articles
        # One GET per page: entries of two feeds (or of a feed and the feed it redirects to)
        # linking to one page asked it once each; each entry's row comes from the one answer.
        by_key: dict = {}
        for a in sorted(articles, key=lambda a: a.doc_id):
            key = (a.url, self._trusted_origin(a)) if self._config.pages else None
            by_key.setdefault(key, []).append(a)
        for article in by_key.pop(None, ()):  # told not to fetch
            yield self._emit(host, self._row(article, None))
        # Each page's rows go out as its answer comes, then the answer is dropped: a host's
        # answers were all held until its last came (30 feeds x 50 entries x 150 KB: ~225 MB).
        workers = self._config.per_host_concurrency
        answers = bounded_map(self._get, list(by_key), workers=workers, ahead=2 * workers)
        for key, answer in answers:
            for article in by_key.pop(key):
                yield self._emit(host, self._row(article, answer))
            del answer  # not kept while the next one is awaited

    def _emit(self, host: str, item):
        if isinstance(item, Article):
            if item.text_source == "feed_summary":  # counted here: metrics are per thread
                self.count("feed_text_instead")
            self.measure("page_bytes", len(item.raw or b""))
            return self.kept(item)
        if isinstance(item, RejectedRow):
            return self.rejected(item)  # dropped_not_fetched
        self.count("failed")
        Metrics.counter(HOSTS_FAILED_NS, host or "-").inc()
        return self.failed(item)


class RouteArticles(beam.PTransform):
    """Articles -> ``.main`` (ready: they have a body), ``.fetch`` ((host, Article) pairs whose
    page must be fetched) and ``.rejected`` (feed entries an earlier run wrote). Apply it to each
    source on its own, so that documents with a body stay in their source's fused stage and raw
    pages never cross a stage boundary."""

    def __init__(self, *, known_urls: frozenset = frozenset()):
        super().__init__()
        self._known = frozenset(known_urls)

    def expand(self, articles):
        return articles | "Route" >> beam.ParDo(_RouteFn(self._known)).with_outputs(
            "rejected", "fetch", main="main"
        )


class FetchPages(beam.PTransform):
    """(host, Article) pairs -> StageOutputs(main=Article with the fetched page, rejected (none),
    errors). Pages of one host are fetched by one worker, at most ``per_host_concurrency`` at
    once and ``per_host_delay_s`` apart."""

    def __init__(self, *, config: FetchConfig, min_words: int = _MIN_WORDS, feed_urls: tuple = ()):
        super().__init__()
        self._config, self._min_words = config, min_words
        # The origins of the feeds the user listed: their own links may be on private addresses.
        self._trusted = frozenset(o for o in map(origin, feed_urls) if o)

    def expand(self, pairs):
        fetched = (
            pairs
            | "GroupByHost" >> beam.GroupByKey()
            | "FetchPages"
            >> beam.ParDo(_FetchPagesFn(self._config, self._min_words, self._trusted)).with_outputs(
                "errors", "rejected", main="main"
            )
        )
        # ``rejected``: declared, never written (a Create([]) would cost the local runner a stage)
        return StageOutputs(fetched.main, fetched.rejected, fetched.errors)


class FetchArticles(beam.PTransform):
    """Articles to StageOutputs: entries without content get their linked page fetched.

    Feed entries whose URL an earlier run wrote (``known_urls``) are rejected as
    ``already_ingested``; a failed fetch is an ErrorRow with the URL, status and reason; every
    other Article passes through unchanged. (RouteArticles + FetchPages + a Flatten; batch runs
    use the two parts separately to keep raw pages inside their source's stage.)
    """

    def __init__(
        self,
        *,
        config: FetchConfig,
        known_urls: frozenset = frozenset(),
        min_words: int = _MIN_WORDS,
        feed_urls: tuple = (),
    ):
        super().__init__()
        self._config = config
        self._known = frozenset(known_urls)
        self._feed_urls = tuple(feed_urls)
        self._min_words = min_words  # a failed page's feed summary stands in from this length

    @property
    def config(self) -> FetchConfig:
        return self._config

    @property
    def min_words(self) -> int:
        return self._min_words

    @property
    def feed_urls(self) -> tuple:
        return self._feed_urls

    @property
    def known_urls(self) -> frozenset:
        return self._known

    def expand(self, articles):
        routed = articles | "RouteArticles" >> RouteArticles(known_urls=self._known)
        fetched = routed.fetch | "FetchPages" >> FetchPages(
            config=self._config, min_words=self._min_words, feed_urls=self._feed_urls
        )
        main = (routed.main, fetched.main) | "Ready" >> beam.Flatten()
        return StageOutputs(main, routed.rejected, fetched.errors)
