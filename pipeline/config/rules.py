"""The type and range of every configuration value: one table (``RULES``), checked before a run.

Upper bounds are there to catch typos and units mixed up (``write.shards: 100000``,
``dedup.num_perm: 1e8``), not to forbid large jobs: each one is at least ten times what a big
run needs. Pure: no Beam, no I/O.
"""

import dataclasses
import datetime as dt
import math
import os
import re
from collections.abc import Callable
from typing import Any, Optional, Union

__all__ = [
    "EARLIEST_RUN_DATE",
    "LATEST_RUN_DATE",
    "MAX_WORKERS",
    "RULES",
    "ConfigError",
    "Rule",
    "check_flag_seconds",
    "check_rules",
    "check_value",
    "max_workers",
    "parquet_codecs",
    "parse_run_date",
]


class ConfigError(ValueError):
    """The configuration is wrong; the message says what to fix."""


# Run dates outside these are typos (0001-01-01, 20026-...): no web news before the epoch, and
# partition values and timestamps before it surprise every tool that reads them. A fixed upper
# bound (not "today"): tests and replays may use dates ahead, and a check must not age.
EARLIEST_RUN_DATE = dt.date(1970, 1, 1)
LATEST_RUN_DATE = dt.date(2099, 12, 31)
# Local worker processes (--workers): each loads trafilatura and langdetect (~150 MB) and more
# processes than cores only take turns; beyond this, use a distributed runner.
MAX_WORKERS = 32
_PARQUET_CODECS = ("zstd", "snappy", "gzip", "brotli", "lz4", "none")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*")


def max_workers() -> int:
    """The largest ``--workers``: 4 per CPU this process may use, at most ``MAX_WORKERS``."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, 4 * cpus))


def parquet_codecs() -> tuple:
    """The Parquet compression codecs this pyarrow build writes."""
    import pyarrow as pa

    return tuple(c for c in _PARQUET_CODECS if c == "none" or pa.Codec.is_available(c))


@dataclasses.dataclass(frozen=True)
class Rule:
    """What one setting may hold. ``kind``: int, number, bool, choice, text, line, date,
    strings (one string or a list of them), languages, mapping (checked by its own code)."""

    kind: str
    low: Optional[float] = None
    high: Optional[float] = None
    above: bool = False  # low itself is not allowed (a positive number)
    null: str = ""  # what null means, when null is allowed
    choices: Union[tuple, Callable[[], tuple]] = ()
    unit: str = ""
    optional: bool = False  # may be absent (dedup parameters that override the preset)
    what: str = ""  # text kinds: what the text is, for the message


def _int(low, high, unit="", **kw) -> Rule:
    return Rule("int", low, high, unit=unit, **kw)


def _num(low, high, unit="", **kw) -> Rule:
    return Rule("number", low, high, unit=unit, **kw)


_BOOL = Rule("bool")
_DAYS = _int(0, 36500, "days")

RULES: dict = {
    "input": Rule("strings"),
    "feeds": Rule("mapping"),  # URLs or {url, poll_minutes}: config._validate_feeds
    "fetch.connect_timeout_s": _num(0, 600, "seconds", above=True),
    "fetch.read_timeout_s": _num(0, 3600, "seconds", above=True),
    "fetch.deadline_s": _num(0, 86400, "seconds", above=True),
    "fetch.retries": _int(0, 20),
    "fetch.backoff_s": _num(0, 3600, "seconds"),
    "fetch.max_redirects": _int(0, 50),
    "fetch.max_bytes": _int(1, 2_000_000_000, "bytes"),
    "fetch.user_agent": Rule("line", null="the default newsbeam agent", what="one line of text"),
    "fetch.per_host_delay_s": _num(0, 3600, "seconds"),
    "fetch.host_failures": _int(0, 1000),  # 0: no circuit breaker
    "fetch.budget_s": _num(0, 7 * 86400, "seconds"),  # 0: no budget
    "fetch.per_host_concurrency": _int(1, 64),
    "fetch.allow_private": _BOOL,
    "fetch.pages": _BOOL,
    "fetch.known_urls_days": _DAYS,
    "fetch.state_days": _DAYS,
    "streaming.window_minutes": _num(0, 7 * 1440, "minutes", above=True),
    "streaming.poll_minutes": _num(0, 7 * 1440, "minutes", above=True),
    "streaming.allowed_lateness_minutes": _num(0, 7 * 1440, "minutes"),
    "streaming.dedup_ttl_days": _num(0, 3650, "days", above=True),
    "streaming.max_duration_seconds": _num(
        0, 10 * 366 * 86400, "seconds", above=True, null="no limit"
    ),
    "streaming.stop_after_items": _int(1, 10**12, null="no limit"),
    "streaming.max_bytes_per_poll": _int(1, 10**15, "bytes"),
    "streaming.last_line_quiet_seconds": _num(0, 7 * 86400, "seconds"),
    "output": Rule("text", what="a folder or bucket path"),
    "run_date": Rule("date", null="today in UTC"),
    "read.max_bytes": _int(1, 2_000_000_000, "bytes"),
    "extract.timeout_s": _num(0, 3600, "seconds", above=True, null="no time limit"),
    "extract.favor": Rule("choice", choices=("balanced", "precision", "recall")),
    "extract.include_tables": _BOOL,
    "extract.include_comments": _BOOL,
    "extract.fast": _BOOL,
    "extract.date_search": Rule("choice", choices=lambda: _date_search_modes()),
    "filter.min_words": _int(0, 100_000, "words"),
    "filter.min_chars": _int(0, 10_000_000, "characters"),
    "language.sample_chars": _int(1, 1_000_000, "characters"),
    "language.allowed": Rule("languages"),
    "dedup.preset": Rule("choice", choices=("strict", "default", "wire")),
    "dedup.lookback_days": _int(0, 3650, "days", optional=True),
    "dedup.engine": Rule("choice", choices=("auto", "runner", "disk"), optional=True),
    "dedup.shingle_size": _int(1, 64, "words", optional=True),
    "dedup.num_perm": _int(1, 4096, optional=True),
    "dedup.bands": _int(1, 4096, optional=True),
    "dedup.rows": _int(1, 4096, optional=True),
    "dedup.threshold": _num(0, 1, above=True, optional=True),
    "dedup.seed": _int(0, 2**32 - 1, optional=True),
    "dedup.max_bucket": _int(2, 10_000_000, optional=True),
    "dedup.lead_words": _int(1, 100_000, "words", optional=True),
    "dedup.lead_perm": _int(0, 4096, optional=True),  # 0: no lead signature
    "dedup.lead_min_equal": _int(1, 4096, optional=True),
    "dedup.lead_keys": _int(0, 4096, optional=True),
    "dedup.url_min_similarity": _num(0, 1, optional=True),
    "topics.taxonomy": Rule(
        "text", null="the packaged IPTC Media Topics", what="the path of a taxonomy YAML file"
    ),
    "topics.model": Rule(
        "text", null="the taxonomy's lexicon", what="the path of a model file (train-topics)"
    ),
    "topics.max_topics": _int(1, 50),
    "topics.min_score": _num(0, 1),
    "topics.min_primary": _num(0, 1),
    # 0 or at least 1 (a leader always has at least the runner-up's evidence): config._validate
    "topics.margin": _num(0, 100, null="1.5 while topics.min_primary is at most 0.35, off above"),
    "write.shards": _int(1, 1024, "files"),
    "write.compression": Rule("choice", choices=parquet_codecs),
    "write.partition_by": Rule("mapping"),  # table -> keys: config._validate
    "write.format": Rule("choice", choices=("parquet", "iceberg")),
    "write.iceberg.namespace": Rule("line", what="an Iceberg namespace name"),
    "write.iceberg.catalog": Rule("mapping", null="the SQLite catalog under the output"),
    "max_error_rate": _num(0, 1),
    "min_inputs_for_error_rate": _int(0, 10**9, "inputs"),
}


def _date_search_modes() -> tuple:
    from transforms.extract.html import DATE_SEARCH_MODES

    return tuple(DATE_SEARCH_MODES)


def _show(value) -> str:
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    return repr(value)


def _range(rule: Rule) -> str:
    what = "a whole number" if rule.kind == "int" else "a number"
    unit = f" ({rule.unit})" if rule.unit else ""
    low = f"{rule.low:g}" if rule.low is not None else ""
    high = f"{rule.high:g}" if rule.high is not None else ""
    if rule.above:
        return f"{what}{unit} greater than {low} and at most {high}"
    return f"{what}{unit} from {low} to {high}"


def _number_fix(key: str, value, rule: Rule) -> str:
    """The hint after a value that is not a number of the right kind."""
    name = key.rsplit(".", 1)[-1]
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return ""
        if rule.kind == "int" and number.is_integer() and abs(number) < 1e18:
            return f"; write it as a plain number without quotes: {name}: {int(number)}"
        if rule.kind == "number":
            return f"; write it as a number without quotes: {name}: {value.strip()}"
        return ""
    if isinstance(value, float) and value.is_integer() and rule.kind == "int":
        return f"; write {name}: {int(value)}"
    return ""


def _check_number(key: str, value, rule: Rule) -> None:
    ok_type = isinstance(value, int) if rule.kind == "int" else isinstance(value, int | float)
    ok = (
        ok_type
        and not isinstance(value, bool)
        and not (isinstance(value, float) and not math.isfinite(value))
    )
    if ok:
        ok = (rule.low is None or value > rule.low or (value == rule.low and not rule.above)) and (
            rule.high is None or value <= rule.high
        )
    if not ok:
        null = f", or null for {rule.null}" if rule.null else ""
        fix = "" if ok_type else _number_fix(key, value, rule)
        raise ConfigError(f"'{key}' must be {_range(rule)}{null}, got {_show(value)}{fix}")


def _check_strings(key: str, value) -> None:
    if isinstance(value, str):
        value = [value]
    ok = isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip() for v in value)
    if not ok:
        raise ConfigError(f"'{key}' must be a list of non-empty strings, got {_show(value)}")


def _check_languages(key: str, value) -> None:
    _check_strings(key, value)
    for code in [value] if isinstance(value, str) else value:
        if not _LANGUAGE.fullmatch(code):
            raise ConfigError(
                f"'{key}' must hold language codes such as en, de or zh-cn, got {code!r}"
            )


def parse_run_date(value, *, key: str = "run_date") -> dt.date:
    """A run date from YAML or ``--run-date``: a real date YYYY-MM-DD from
    ``EARLIEST_RUN_DATE`` to ``LATEST_RUN_DATE``."""
    name = key if key.startswith("--") else f"'{key}'"  # a flag, or a config key
    if isinstance(value, dt.datetime):
        raise ConfigError(f"{name} must be a date YYYY-MM-DD without a time, got {value}")
    if not isinstance(value, dt.date):
        text = str(value).strip()
        if not _DATE.fullmatch(text):
            raise ConfigError(f"{name} must be a date YYYY-MM-DD, got {text!r}")
        try:
            value = dt.date.fromisoformat(text)
        except ValueError as exc:  # 2026-02-30
            raise ConfigError(f"{name} {text} is not a real date ({exc})") from None
    if not EARLIEST_RUN_DATE <= value <= LATEST_RUN_DATE:
        raise ConfigError(
            f"{name} {value.isoformat()} is out of range: give a date from "
            f"{EARLIEST_RUN_DATE.isoformat()} to {LATEST_RUN_DATE.isoformat()}"
        )
    return value


def check_value(key: str, value: Any, rule: Rule) -> None:
    """Raise ConfigError when ``value`` breaks ``rule``; the message names the key and the fix."""
    if value is None:
        if rule.null:
            return
        raise ConfigError(f"'{key}' must be set (null is not allowed here)")
    kind = rule.kind
    if kind in ("int", "number"):
        _check_number(key, value, rule)
    elif kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"'{key}' must be true or false, got {_show(value)}")
    elif kind == "choice":
        choices = rule.choices() if callable(rule.choices) else rule.choices
        if not (isinstance(value, str) and value in choices):
            raise ConfigError(f"'{key}' must be one of {', '.join(choices)}, got {_show(value)}")
    elif kind in ("text", "line"):
        ok = isinstance(value, str) and value.strip()
        if not ok or (kind == "line" and ("\n" in value or "\r" in value)):
            null = f", or null for {rule.null}" if rule.null else ""
            what = rule.what or "text"
            raise ConfigError(f"'{key}' must be set to {what}{null}, got {_show(value)}")
    elif kind == "date":
        parse_run_date(value, key=key)
    elif kind == "strings":
        _check_strings(key, value)
    elif kind == "languages":
        _check_languages(key, value)
    elif kind == "mapping":
        pass  # structured values: checked by the code that reads them (config._validate)
    else:  # pragma: no cover - a typo in RULES
        raise AssertionError(f"unknown rule kind {kind!r} for {key}")


def _lookup(raw: dict, key: str):
    node: Any = raw
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def check_rules(raw: dict, rules: Optional[dict] = None) -> None:
    """Check every value of the merged configuration ``raw`` against ``RULES``."""
    for key, rule in (RULES if rules is None else rules).items():
        found, value = _lookup(raw, key)
        if not found:
            if rule.optional:
                continue
            raise ConfigError(f"'{key}' is missing from the configuration")
        check_value(key, value, rule)


def check_flag_seconds(flag: str, seconds: float, key: str, per_unit: float) -> None:
    """A flag given in seconds (``--window 300``) against the rule of the config key it
    overrides (``streaming.window_minutes``, ``per_unit`` seconds in one of its units): the
    message names the flag and seconds only, and its bounds are the key's, so a flag cannot
    pass what the file may not hold (``--window 1e9`` ran a 31-year window)."""
    rule = RULES[key]
    scaled = dataclasses.replace(
        rule,
        low=None if rule.low is None else rule.low * per_unit,
        high=None if rule.high is None else rule.high * per_unit,
        unit="seconds",
        null="",
    )
    try:
        _check_number(flag, seconds, scaled)
    except ConfigError:
        raise ConfigError(f"{flag} must be {_range(scaled)}, got {seconds:g}") from None
