"""The ``feeds:`` entries of the configuration: URL strings or ``{url, poll_minutes}``."""

from pipeline.config.rules import ConfigError

__all__ = ["feed_poll_intervals"]

_FEED_KEYS = ("url", "poll_minutes")


def _feed_interval(entry: dict, index: int) -> tuple:
    """One ``{url: ..., poll_minutes: ...}`` feed entry -> (url or OPML path, seconds or None)."""
    where = f"'feeds[{index}]'"
    unknown = sorted(set(entry) - set(_FEED_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown key {unknown[0]!r} in {where}; a feed entry is a URL string or "
            f"{{url: <feed URL or OPML file>, poll_minutes: <number>}}"
        )
    url = entry.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(
            f"{where} needs 'url': the feed URL or OPML file, e.g. "
            f"{{url: https://example.org/rss.xml, poll_minutes: 1}}"
        )
    minutes = entry.get("poll_minutes")
    if minutes is None:
        return url, None
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not minutes > 0:
        raise ConfigError(
            f"'feeds[{index}].poll_minutes' ({url}) must be a positive number of minutes, "
            f"got {minutes!r}; leave it out to use streaming.poll_minutes"
        )
    return url, float(minutes) * 60.0


def feed_poll_intervals(feeds, *, resolve=None) -> tuple:
    """``((feed url, seconds), ...)`` for the ``feeds:`` entries that carry ``poll_minutes``.

    Entries are URL strings (the default interval) or ``{url, poll_minutes}`` mappings, where
    ``url`` may also be an OPML file: every feed it lists gets the interval. ``resolve`` maps a
    list of URLs/OPML paths to feed URLs (``pipeline.graph.feeds.resolve_feed_urls``); a feed listed
    twice keeps its first interval. Bad entries are a ConfigError naming the key and the fix.
    """
    if feeds is None or isinstance(feeds, str):
        return ()
    out: dict = {}
    for index, entry in enumerate(feeds):
        if isinstance(entry, str):
            continue
        if not isinstance(entry, dict):
            raise ConfigError(
                f"'feeds[{index}]' must be a URL string or {{url: ..., poll_minutes: ...}}, "
                f"got {type(entry).__name__}"
            )
        url, seconds = _feed_interval(entry, index)
        if seconds is None:
            continue
        for found in resolve([url]) if resolve else [url]:
            out.setdefault(found, seconds)
    return tuple(out.items())
