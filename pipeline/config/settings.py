"""Configuration: configs/default.yaml, merged with the user's YAML and CLI flags, validated once."""

import copy
import dataclasses
import datetime as dt
import typing
from pathlib import Path
from typing import Any, Optional

from pipeline.config.feed_entries import feed_poll_intervals
from pipeline.config.rules import ConfigError, check_rules, parse_run_date
from pipeline.config.yaml_loader import read_yaml

__all__ = [
    "CONFIG_DIR",
    "ConfigError",
    "Settings",
    "dedup_config",
    "dedup_lookback",
    "load_settings",
    "merge",
]

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"
DEFAULT_CONFIG = CONFIG_DIR / "default.yaml"
_TABLES = ("articles", "duplicates", "rejected", "errors")
_ARTICLE_PARTITION_KEYS = ("ingest_date", "language", "source_domain", "topic", "date_source")


@dataclasses.dataclass(frozen=True)
class Settings:
    """The validated configuration of one run."""

    input: tuple
    feeds: tuple
    output: str
    run_date: dt.date
    read: dict
    extract: dict
    filter: dict
    language: dict
    dedup: dict
    topics: dict
    write: dict
    fetch: dict
    streaming: dict
    max_error_rate: float
    min_inputs_for_error_rate: int
    source: dict  # the merged raw config, for the manifest


def merge(base: dict, override: dict, *, where: str = "") -> dict:
    """Deep-merge ``override`` into a copy of ``base``; unknown keys are an error."""
    out = copy.deepcopy(base)
    for key, value in (override or {}).items():
        path = f"{where}.{key}" if where else key
        if key not in base:
            allowed = ", ".join(sorted(base))
            raise ConfigError(f"unknown setting '{path}'; allowed here: {allowed}")
        if key == "dedup" and isinstance(value, dict):
            out[key] = {**base[key], **value}  # preset parameters; checked when the stage is built
        elif isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"'{path}' must be a mapping, got {type(value).__name__}")
            out[key] = merge(base[key], value, where=path)
        else:
            out[key] = value
    return out


def _require(cond: bool, message: str) -> None:
    if not cond:
        raise ConfigError(message)


def _as_list(value, name: str) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    _require(isinstance(value, list | tuple), f"'{name}' must be a list of strings")
    _require(all(isinstance(v, str) and v for v in value), f"'{name}' must hold non-empty strings")
    return tuple(value)


def _run_date(value) -> dt.date:
    if value in (None, ""):
        return dt.datetime.now(dt.timezone.utc).date()
    return parse_run_date(value)


def _feed_url(entry, index: int):
    """A ``feeds:`` entry's URL or OPML path: the string itself, or a mapping's ``url`` (its
    ``poll_minutes`` is streaming's per-feed interval, read by pipeline.config.streaming)."""
    if not isinstance(entry, dict):
        return entry
    url = entry.get("url")
    _require(
        isinstance(url, str) and bool(url.strip()),
        f"'feeds[{index}]' needs 'url': the feed URL or OPML file, e.g. "
        "{url: https://example.org/rss.xml, poll_minutes: 1}",
    )
    return url


def _output(value) -> str:
    """The output path, refused when it holds a glob character: Beam's filesystems read ``*``,
    ``?`` and ``[`` in a path as a pattern, so ``out[1]`` could not be written ("not
    writable") and ``out*`` was written but its staging could not be removed."""
    output = str(value).rstrip("/") or "/"
    odd = [c for c in "*?[" if c in output]
    _require(
        not odd,
        f"'output' {output!r} has {' '.join(odd)}, which Beam's filesystems read as a pattern: "
        "use a folder whose path has none of * ? [",
    )
    return output


def _validate_feeds(raw: dict) -> tuple:
    """Feed URLs (http/https) or OPML file paths (strings, or ``{url, poll_minutes}``
    mappings); the fetch deadline against its connect timeout."""
    entries = raw["feeds"]
    if isinstance(entries, list | tuple):
        feed_poll_intervals(entries)  # a bad poll_minutes fails in batch runs too
        entries = [_feed_url(entry, i) for i, entry in enumerate(entries)]
    feeds = _as_list(entries, "feeds")
    for feed in feeds:
        scheme = feed.split("://", 1)[0].lower() if "://" in feed else ""
        _require(
            scheme in ("http", "https") or feed.lower().endswith((".opml", ".xml")),
            f"'feeds' entry '{feed}' must be an http(s) URL or an OPML file (.opml, .xml)",
        )
    fetch = raw["fetch"]  # each value's type and range: config_rules.RULES
    _require(
        fetch["deadline_s"] >= fetch["connect_timeout_s"],
        "'fetch.deadline_s' must be at least 'fetch.connect_timeout_s'",
    )
    return feeds


def dedup_lookback(section: dict) -> int:
    """Days of earlier runs a new run is deduplicated against (``dedup.lookback_days``)."""
    from transforms.dedup.index import DEFAULT_LOOKBACK_DAYS

    value = (section or {}).get("lookback_days", DEFAULT_LOOKBACK_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"'dedup.lookback_days' must be a whole number >= 0, got {value!r}")
    return value


def dedup_config(section: dict):
    """The dedup preset (``DedupConfig``) with any explicit parameter overrides; unknown keys
    and values the dataclass refuses are a ConfigError."""
    from transforms.dedup.config import DedupConfig

    section = dict(section or {})
    section.pop("lookback_days", None)
    section.pop("engine", None)
    preset = section.pop("preset", "default")
    try:
        base = DedupConfig.preset(preset)
    except (KeyError, ValueError):
        raise ConfigError(
            f"'dedup.preset' must be strict, default or wire, got '{preset}'"
        ) from None
    fields = {f.name for f in dataclasses.fields(DedupConfig)}
    unknown = sorted(set(section) - fields)
    if unknown:
        raise ConfigError(
            f"unknown 'dedup' settings {unknown}; allowed: preset, lookback_days, engine, "
            f"{', '.join(sorted(fields))}"
        )
    kinds = typing.get_type_hints(DedupConfig)
    for key, value in section.items():
        _dedup_type(key, value, kinds[key])
    try:
        return dataclasses.replace(base, **section)
    except (TypeError, ValueError) as exc:  # e.g. bands * rows > num_perm
        raise ConfigError(f"'dedup' settings {section} are not valid: {exc}") from None


def _dedup_type(key: str, value, annotation) -> None:
    """A dedup override of the kind its field declares, for the keys without a rule in RULES:
    ``contain_threshold: true`` passed the dataclass's range check as 1.0 (True <= 1) and
    ``marks_min: 2.5`` as a count. The kind is the annotation's, not the preset value's: the
    rules off by default (``contain_words: None``) took ``true`` as a threshold of 1.0."""
    kinds = typing.get_args(annotation) or (annotation,)  # Optional[float]: (float, NoneType)
    nullable = type(None) in kinds
    if value is None and nullable:
        return  # null switches the rule off
    off = ", or null (off)" if nullable else ""
    if bool in kinds:
        ok, what = isinstance(value, bool), "true or false"
    elif int in kinds:
        ok, what = isinstance(value, int) and not isinstance(value, bool), "a whole number"
    elif float in kinds:  # every float knob of DedupConfig is a share
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        what = "a number between 0 and 1, e.g. 0.5"
    else:
        return
    _require(ok, f"'dedup.{key}' must be {what}{off}, got {value!r}")


def _validate(raw: dict) -> Settings:
    check_rules(raw)  # every value's type and range, one table
    dedup_config(raw["dedup"])  # the graph builds it again; checked here so it fails first
    dedup_lookback(raw["dedup"])
    rate = raw["max_error_rate"]
    _validate_format(raw["write"])
    margin = raw["topics"].get("margin")  # its type and range: RULES
    _require(
        margin is None or not 0 < margin < 1,
        f"'topics.margin' must be 0 (off) or at least 1 (the leader's evidence over the "
        f"runner-up's), or null for the default, got {margin}",
    )
    # Keys as tuples from here on: one key may be written as a string (``articles: language``),
    # which the writer read letter by letter (folders ``l=.../a=.../n=...``).
    partition_by = dict(raw["write"]["partition_by"])
    for table in _TABLES:
        keys = _as_list(partition_by.get(table), f"write.partition_by.{table}")
        allowed = _ARTICLE_PARTITION_KEYS if table == "articles" else ("ingest_date",)
        bad = [k for k in keys if k not in allowed]
        _require(not bad, f"'write.partition_by.{table}' has {bad}; allowed: {list(allowed)}")
        partition_by[table] = keys
    return Settings(
        input=_as_list(raw["input"], "input"),
        feeds=_validate_feeds(raw),
        output=_output(raw["output"]),
        run_date=_run_date(raw["run_date"]),
        read=raw["read"],
        extract=raw["extract"],
        filter=raw["filter"],
        language=dict(
            raw["language"], allowed=_as_list(raw["language"]["allowed"], "language.allowed")
        ),
        dedup=raw["dedup"] or {},
        topics=raw["topics"],
        write=dict(raw["write"], partition_by=partition_by),
        fetch=raw["fetch"],
        streaming=raw["streaming"] or {},
        max_error_rate=float(rate),
        min_inputs_for_error_rate=int(raw["min_inputs_for_error_rate"]),
        source=raw,
    )


def _validate_format(write: dict) -> None:
    """``write.format`` and ``write.iceberg`` (the catalog's shape; its host and token are
    tried before the run by pipeline/run/catalog_reach.py)."""
    fmt = write.get("format", "parquet")
    _require(
        fmt in ("parquet", "iceberg"), f"'write.format' must be parquet or iceberg, got '{fmt}'"
    )
    iceberg = write.get("iceberg") or {}
    _require(isinstance(iceberg, dict), "'write.iceberg' must be a mapping")
    catalog = iceberg.get("catalog")
    _require(
        catalog is None or isinstance(catalog, dict),
        "'write.iceberg.catalog' must be a mapping of pyiceberg catalog properties "
        "(e.g. {type: rest, uri: https://...}) or null for the SQLite catalog under the output",
    )
    namespace = iceberg.get("namespace", "newsbeam")
    _require(
        isinstance(namespace, str) and namespace.replace("_", "").isalnum(),
        "'write.iceberg.namespace' must be a name of letters, digits and _",
    )
    if fmt == "iceberg":
        try:
            import pyiceberg  # noqa: F401
        except ImportError:
            _require(False, "write.format iceberg needs pyiceberg: pip install 'newsbeam[iceberg]'")
        if catalog:
            from transforms.sink.iceberg import catalog_env, catalog_problem

            problem = catalog_problem(catalog, catalog_env(str(catalog.get("name", "newsbeam"))))
            _require(problem is None, problem or "")


def load_settings(
    path: Optional[str] = None, overrides: Optional[dict[str, Any]] = None
) -> Settings:
    """Defaults, then the file at ``path``, then ``overrides`` (flat top-level keys, None = unset)."""
    raw = read_yaml(DEFAULT_CONFIG)
    if path:
        raw = merge(raw, read_yaml(Path(path)))
        check_rules(raw)  # a bad value in the file fails even where a flag overrides it
    flat = {k: v for k, v in (overrides or {}).items() if v is not None}
    raw = merge(raw, flat)
    return _validate(raw)
