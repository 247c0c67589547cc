"""The ``streaming:`` config section, per-feed poll intervals and the streaming flags, validated
into one dataclass."""

import dataclasses
import datetime as dt
import math
from typing import Optional

from pipeline.config.feed_entries import feed_poll_intervals
from pipeline.config.rules import check_flag_seconds
from pipeline.config.settings import ConfigError, Settings
from transforms.core.record import stable_id

__all__ = [
    "StreamingConfig",
    "feed_poll_intervals",
    "format_stream_summary",
    "streaming_config",
    "streaming_run_id",
]


@dataclasses.dataclass(frozen=True)
class StreamingConfig:
    """The ``streaming:`` config section (and the CLI flags that override it)."""

    window_s: float = 600.0  # event-time fixed windows (10 minutes)
    poll_s: float = 300.0  # feeds polled and the input folder listed this often (the default)
    allowed_lateness_s: float = 0.0  # late panes get their own files
    dedup_ttl_s: float = 7 * 86400.0  # dedup state and seen items kept this long
    max_duration_s: Optional[float] = None  # None: run until stopped
    stop_after_items: Optional[int] = None  # stop once this many new items were read
    max_bytes_per_poll: int = 256_000_000  # of watched files, per local window (micro-batch)
    last_line_quiet_s: float = 600.0  # a watched .jsonl's last line without newline waits this
    feed_poll_s: tuple = ()  # ((feed url, seconds), ...): feeds with their own interval

    def __post_init__(self):
        # The flags were checked in seconds under their own names (streaming_config): what is
        # left came from the file, said in the key's unit.
        for key in ("window_minutes", "poll_minutes", "dedup_ttl_days"):
            field, scale = _KEYS[key]
            value = getattr(self, field) / scale
            if not 0 < value < math.inf:  # an endless window or poll would never commit
                unit = key.rsplit("_", 1)[1]
                raise ConfigError(
                    f"'streaming.{key}' must be a positive number of {unit}, got {value:g}"
                )
        if self.allowed_lateness_s < 0:
            raise ConfigError("'streaming.allowed_lateness_minutes' must be >= 0")
        if self.max_duration_s is not None and not self.max_duration_s > 0:
            raise ConfigError(
                f"--max-duration / 'streaming.max_duration_seconds' must be positive, "
                f"got {self.max_duration_s:g}"
            )
        n = self.stop_after_items
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
            raise ConfigError(
                f"--stop-after / 'streaming.stop_after_items' must be a whole number >= 1, "
                f"got {n!r}"
            )
        budget = self.max_bytes_per_poll
        if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
            raise ConfigError(
                f"'streaming.max_bytes_per_poll' must be a whole number >= 1, got {budget!r}"
            )
        if not 0 <= self.last_line_quiet_s < math.inf:
            raise ConfigError(
                "'streaming.last_line_quiet_seconds' must be a number >= 0, "
                f"got {self.last_line_quiet_s:g}"
            )
        for url, seconds in self.feed_poll_s:
            if not seconds > 0:
                raise ConfigError(f"the poll interval of feed '{url}' must be positive")

    def poll_every(self, url: str) -> float:
        """Seconds between two polls of ``url``: its own interval, else ``poll_s``."""
        return dict(self.feed_poll_s).get(url, self.poll_s)


_KEYS = {
    "window_minutes": ("window_s", 60.0),
    "poll_minutes": ("poll_s", 60.0),
    "allowed_lateness_minutes": ("allowed_lateness_s", 60.0),
    "dedup_ttl_days": ("dedup_ttl_s", 86400.0),
    "max_duration_seconds": ("max_duration_s", 1.0),
    "stop_after_items": ("stop_after_items", None),
    "max_bytes_per_poll": ("max_bytes_per_poll", None),
    "last_line_quiet_seconds": ("last_line_quiet_s", 1.0),
}


# The flags in seconds that override a key, checked against that key's bounds with their own name.
_FLAGS = {"window_s": "--window", "poll_s": "--poll-interval"}
_KEYS_OF = {
    field: (f"streaming.{key}", scale) for key, (field, scale) in _KEYS.items() if field in _FLAGS
}


def streaming_config(section: Optional[dict], *, feeds=None, resolve=None, **overrides):
    """The ``streaming:`` YAML section (minutes/days) plus flag overrides in seconds
    (``window_s=...``, ``stop_after_items=...``; None = unset) and the per-feed intervals of the
    ``feeds:`` entries (see :func:`feed_poll_intervals`). Unknown keys or non-numbers are a
    ConfigError."""
    values: dict = {}
    for key, value in (section or {}).items():
        if key not in _KEYS:
            raise ConfigError(f"unknown setting 'streaming.{key}'; allowed: {', '.join(_KEYS)}")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"'streaming.{key}' must be a number, got {value!r}")
        field, scale = _KEYS[key]
        values[field] = value if scale is None else float(value) * scale
    for key, value in overrides.items():
        if value is not None:
            if key in _FLAGS:
                check_flag_seconds(_FLAGS[key], value, *_KEYS_OF[key])
            values[key] = value if key == "stop_after_items" else float(value)
    values["feed_poll_s"] = feed_poll_intervals(feeds, resolve=resolve)
    return StreamingConfig(**values)


def streaming_run_id(settings: Settings, started: dt.datetime) -> str:
    """``s<start UTC>-<job hash>``: a new id per stream start, never one a batch run uses."""
    job = stable_id(
        "\x1e".join(sorted(settings.input)), "\x1e".join(sorted(settings.feeds)), length=8
    )
    return f"s{started:%Y%m%dT%H%M%S}-{job}"


def format_stream_summary(
    run_id: str, output: str, total: dict, wall: float, *, windows: str = ""
) -> str:
    """The summary a stream prints; ``windows``: where its window manifests are."""
    t = total["tables"]
    balance = "balanced" if total["balanced"] else "NOT BALANCED"
    return "\n".join(
        [
            f"newsbeam stream {run_id}: {total['windows']} windows committed in {wall:.1f} s, "
            f"stopped by {total['stopped_by']}",
            f"  inputs      {total['inputs']} = articles {t['articles']} + duplicates "
            f"{t['duplicates']} + rejected {t['rejected']} + errors {t['errors']} ({balance})",
            f"  output      {output}/{{articles,duplicates,rejected,errors}}/, "
            f"windows in {windows or f'{output}/_runs/{run_id}/'}",
        ]
    )
