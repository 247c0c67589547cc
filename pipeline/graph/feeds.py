"""Feed sources of a run: feed URLs (config, --feeds, OPML), HTTP settings and state, wiring."""

import dataclasses
import time

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from pipeline.config.settings import ConfigError, Settings
from transforms.core.dead_letters import StageOutputs
from transforms.read.feed_parse import parse_opml
from transforms.read.feeds import FetchArticles, ReadFeeds
from transforms.read.http_fetch import DEFAULT_USER_AGENT, FetchConfig, redact_url
from transforms.read.http_state import (
    WriteHttpState,
    load_http_state,
    read_known_urls,
)
from transforms.sink.commit import staging_dir
from transforms.sink.schema import RunInfo

__all__ = [
    "feed_sources",
    "fetch_articles",
    "fetch_config",
    "http_state",
    "resolve_feed_urls",
]


def fetch_config(section: dict, *, budget: bool = True) -> FetchConfig:
    """The ``fetch:`` section (already validated by pipeline.config.settings) as a FetchConfig; with
    ``budget``, ``fetch.budget_s`` counts from now (the run is being built), else it is off
    (an unbounded Beam stream has no run to budget)."""
    fields = {f.name for f in dataclasses.fields(FetchConfig)}
    values = {k: v for k, v in section.items() if k in fields}
    values["user_agent"] = section.get("user_agent") or DEFAULT_USER_AGENT
    values["budget_start"] = time.time()
    if not budget:
        values["budget_s"] = 0.0
    return FetchConfig(**values)


_MAX_OPML_BYTES = 64 << 20  # an OPML of 100,000 feeds is ~15 MB


def resolve_feed_urls(feeds) -> list:
    """Feed URLs in order, OPML files expanded; a missing or empty OPML file is a ConfigError.
    A batch run's command line calls it once and hands the graph the URLs (a URL is itself)."""
    urls: dict = {}  # in order, each once (a dict: a list's ``in`` is quadratic)
    for feed in feeds:
        if feed.lower().startswith(("http://", "https://")):
            found = [feed]
        else:
            try:
                with FileSystems.open(feed) as handle:
                    data = handle.read(_MAX_OPML_BYTES + 1)  # /dev/zero: bounded
                if len(data) > _MAX_OPML_BYTES:
                    raise ValueError(f"more than {_MAX_OPML_BYTES >> 20} MB: not a feed list")
                found = parse_opml(data)
            except (OSError, ValueError, SyntaxError) as exc:  # lxml's XMLSyntaxError
                raise ConfigError(f"cannot read the OPML feed list '{feed}': {exc}") from None
            if not found:
                raise ConfigError(f"the OPML file '{feed}' lists no feed (no outline xmlUrl)")
        urls.update(dict.fromkeys(found))
    return list(urls)


def feed_sources(p: beam.Pipeline, settings: Settings, run: RunInfo, *, state=None, polled=None):
    """``(StageOutputs, state_paths)`` for the run's feeds; ``state``: the feeds' validators when
    the caller has them (a stream's window), else read from the output (``http_state``);
    ``polled``: the answers of feeds the caller already fetched (``ReadFeeds``).

    StageOutputs: one Article per feed entry (``main``, some still to be fetched by
    :func:`fetch_articles`), plus feed-level rejects and errors; count all three as inputs.
    ``state_paths``: the staged HTTP-state file (path relative to the staging folder) for
    CommitRun to move into ``<output>/_state/http/`` with the tables.
    """

    urls = resolve_feed_urls(settings.feeds)
    state = http_state(settings, run) if state is None else state
    feeds = p | "ReadFeeds" >> ReadFeeds(
        urls=urls,
        config=fetch_config(settings.fetch),
        state=state,
        run_id=run.run_id,
        run_date=run.run_date,
        polled=polled,
    )
    state_paths = feeds.state | "WriteHttpState" >> WriteHttpState(
        staging=staging_dir(settings.output, run.run_id), run_id=run.run_id, run_date=run.run_date
    )
    return StageOutputs(feeds.main, feeds.rejected, feeds.errors), state_paths


def http_state(settings: Settings, run: RunInfo) -> dict:
    """``{feed url: FeedState}`` for the run's first, conditional requests, after deleting the
    state files that ``fetch.state_days`` no longer keeps (``http_state.prune_http_state``)."""
    keep = settings.fetch["state_days"]
    return load_http_state(
        settings.output, run_id=run.run_id, run_date=run.run_date, prune_days=keep
    )


def fetch_articles(
    settings: Settings, run: RunInfo, *, budget: bool = True, known_urls=None
) -> FetchArticles:
    """FetchArticles for this run: pages of feed entries without content are fetched; entry
    URLs earlier runs wrote (within ``fetch.known_urls_days``) are ``already_ingested``
    (``known_urls`` when the caller has them: a stream's window; else read from the output)."""
    days = settings.fetch["known_urls_days"] or None
    known = known_urls
    if known is None:
        known = read_known_urls(
            settings.output, run_id=run.run_id, run_date=run.run_date, lookback_days=days
        )
    return FetchArticles(
        config=fetch_config(settings.fetch, budget=budget),
        known_urls=known,
        min_words=settings.filter["min_words"],
        feed_urls=tuple(redact_url(u) for u in resolve_feed_urls(settings.feeds)),
    )
