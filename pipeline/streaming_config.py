"""The ``streaming:`` config section and the streaming flags, validated into one dataclass."""

import dataclasses
from typing import Optional

from pipeline.config import ConfigError

__all__ = ["StreamingConfig", "streaming_config"]


@dataclasses.dataclass(frozen=True)
class StreamingConfig:
    """The ``streaming:`` config section (and the CLI flags that override it)."""

    window_s: float = 600.0  # event-time fixed windows (10 minutes)
    poll_s: float = 300.0  # feeds polled and the input folder listed this often
    allowed_lateness_s: float = 0.0  # late panes get their own files
    dedup_ttl_s: float = 7 * 86400.0  # dedup state and seen items kept this long
    max_duration_s: Optional[float] = None  # None: run until stopped

    def __post_init__(self):
        names = {"window_s": "window_minutes", "poll_s": "poll_minutes"}
        names["dedup_ttl_s"] = "dedup_ttl_days"
        for field, key in names.items():
            if not getattr(self, field) > 0:
                raise ConfigError(f"'streaming.{key}' must be positive")
        if self.allowed_lateness_s < 0:
            raise ConfigError("'streaming.allowed_lateness_minutes' must be >= 0")
        if self.max_duration_s is not None and not self.max_duration_s > 0:
            raise ConfigError("--max-duration must be positive")


_KEYS = {
    "window_minutes": ("window_s", 60.0),
    "poll_minutes": ("poll_s", 60.0),
    "allowed_lateness_minutes": ("allowed_lateness_s", 60.0),
    "dedup_ttl_days": ("dedup_ttl_s", 86400.0),
    "max_duration_seconds": ("max_duration_s", 1.0),
}


def streaming_config(section: Optional[dict], **overrides) -> StreamingConfig:
    """The ``streaming:`` YAML section (minutes/days) plus flag overrides in seconds
    (``window_s=...``; None = unset). Unknown keys or non-numbers are a ConfigError."""
    values = {}
    for key, value in (section or {}).items():
        if key not in _KEYS:
            raise ConfigError(f"unknown setting 'streaming.{key}'; allowed: {', '.join(_KEYS)}")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"'streaming.{key}' must be a number, got {value!r}")
        field, scale = _KEYS[key]
        values[field] = float(value) * scale
    values.update({k: float(v) for k, v in overrides.items() if v is not None})
    return StreamingConfig(**values)
