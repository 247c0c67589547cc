"""Settings as load_settings gives them: defaults, a user file merged over them, CLI overrides,
and a bad file refused with the fix."""

import datetime as dt
import re

import pytest

from pipeline.config.settings import ConfigError, load_settings


def test_defaults_load():
    s = load_settings(overrides={"run_date": "2026-11-22"})
    assert s.input == ("seeds/*",) and s.output == "out" and s.run_date == dt.date(2026, 11, 22)
    assert s.write["partition_by"]["articles"] == ("ingest_date", "language")


def test_user_file_merges_over_defaults(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "filter:\n  min_words: 10\nlanguage:\n  allowed: [en, de]\ndedup:\n  threshold: 0.7\n"
    )
    s = load_settings(str(cfg))
    assert s.filter == {"min_words": 10, "min_chars": 200}
    assert s.language["allowed"] == ("en", "de")
    assert s.dedup == {"preset": "default", "lookback_days": 30, "threshold": 0.7}


@pytest.mark.parametrize(
    "yaml_text, message",
    [
        ("fliter: {}\n", "unknown setting 'fliter'"),
        ("filter:\n  min_wrds: 3\n", "unknown setting 'filter.min_wrds'"),
        ("filter: 3\n", "'filter' must be a mapping"),
        ("run_date: 22-11-2026\n", "'run_date' must be a date YYYY-MM-DD"),
        ("write:\n  shards: 0\n", "'write.shards' must be a whole number (files) from 1 to"),
        ("extract:\n  favor: fast\n", "'extract.favor' must be"),
        ("extract:\n  fast: 'yes'\n", "'extract.fast' must be true or false"),
        ("extract:\n  date_search: quick\n", "'extract.date_search' must be one of"),
        ("fetch:\n  state_days: -1\n", "'fetch.state_days' must be a whole number (days) from 0"),
        ("max_error_rate: 2\n", "max_error_rate"),
        ("write:\n  partition_by:\n    errors: [language]\n", "partition_by.errors"),
        ("- a list\n", "mapping at the top level"),
        ("input: [1, 2]\n", "'input' must be a list of non-empty strings"),
        ("output: ''\n", "'output' must be set to a folder or bucket path"),
        ("filter: {min_words: [\n", "not valid YAML"),
        ("dedup:\n  bogus: 1\n", "unknown 'dedup' settings ['bogus']"),
        ("dedup:\n  preset: loose\n", "'dedup.preset' must be one of strict, default, wire"),
        ("dedup:\n  bands: 1000\n", "not valid: bands"),
        ("dedup:\n  threshold: 'x'\n", "'dedup.threshold' must be a number greater than 0"),
        ("dedup:\n  lookback_days: -1\n", "'dedup.lookback_days' must be a whole number"),
        # keys without a rule of their own were accepted: true passed the range check as 1.0
        ("dedup:\n  contain_threshold: true\n", "'dedup.contain_threshold' must be a number"),
        ("dedup:\n  marks_min: 2.5\n", "'dedup.marks_min' must be a whole number, got 2.5"),
        ("dedup:\n  template_guard: 1\n", "'dedup.template_guard' must be true or false"),
        # ... nor keys off by default (preset None): true was taken as a threshold of 1.0
        *[
            (f"dedup:\n  {key}: true\n", f"'dedup.{key}' must be a number between 0 and 1")
            for key in ("contain_words", "words_quoted", "contain_marked")
        ],
        ("dedup:\n  contain_words: '0.5'\n", "e.g. 0.5, or null (off), got '0.5'"),
        ("dedup:\n  marks_min: null\n", "'dedup.marks_min' must be a whole number, got None"),
        # the strict YAML reader: duplicate keys, impossible dates
        ("write:\n  shards: 2\n  shards: 3\n", "duplicate key 'shards' (first given on line 2)"),
        ("filter: {min_words: 3, min_words: 4}\n", "duplicate key 'min_words'"),
        ("output: a\ninput: [x]\noutput: b\n", "line 3"),
        ("run_date: 2026-02-30\n", "'2026-02-30' is not a real date"),
    ],
)
def test_bad_config_says_what_to_fix(tmp_path, yaml_text, message):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text(yaml_text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(str(cfg))


def test_extract_settings_reach_the_extractor(tmp_path):
    from pipeline.graph.batch import extract_config
    from transforms.extract.html import ExtractConfig

    assert extract_config(load_settings().extract) == ExtractConfig()
    cfg = tmp_path / "fast.yaml"
    cfg.write_text("extract:\n  fast: true\n  date_search: fast\n  favor: precision\n")
    config = extract_config(load_settings(str(cfg)).extract)
    assert (config.fast, config.date_search, config.favor) == (True, "fast", "precision")
    assert config.fallback_below == ExtractConfig().fallback_below


def test_a_yaml_date_still_loads_as_a_date(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("run_date: 2026-11-21\n")
    assert load_settings(str(cfg)).run_date == dt.date(2026, 11, 21)


def test_missing_config_file():
    with pytest.raises(ConfigError, match="not found"):
        load_settings("/nonexistent/newsbeam.yaml")


def test_cli_overrides_win():
    s = load_settings(
        overrides={"input": ["a/*", "b/*"], "output": "gs://bucket/news", "run_date": None}
    )
    assert s.input == ("a/*", "b/*") and s.output == "gs://bucket/news"


def test_a_bad_value_in_the_file_fails_even_where_a_flag_overrides_it(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("input: 5\n")
    with pytest.raises(ConfigError, match=re.escape("'input' must be a list of non-empty strings")):
        load_settings(str(cfg), overrides={"input": ["seeds/*"], "run_date": "2026-11-22"})


FEEDS_WITH_MERGE_KEYS = """\
feeds:
  - &hourly {url: https://example.org/world.xml, poll_minutes: 60}
  - {<<: *hourly, url: https://example.org/sport.xml}
  - <<: *hourly
    url: https://example.org/arts.xml
    poll_minutes: 15
"""


def test_yaml_merge_keys_load_and_a_key_written_out_wins(tmp_path):
    """Was exit 2: "could not determine a constructor for tag:yaml.org,2002:merge"."""
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(FEEDS_WITH_MERGE_KEYS)
    s = load_settings(str(cfg))
    assert s.feeds == tuple(
        f"https://example.org/{name}.xml" for name in ("world", "sport", "arts")
    )
    assert s.source["feeds"][1:] == [
        {"url": "https://example.org/sport.xml", "poll_minutes": 60},
        {"url": "https://example.org/arts.xml", "poll_minutes": 15},
    ]


@pytest.mark.parametrize(
    "yaml_text, message",
    [
        # a key written twice beside a merge, in the merged mapping, or after it was merged
        (FEEDS_WITH_MERGE_KEYS + "    url: https://example.org/b.xml\n", "duplicate key 'url'"),
        (
            "feeds:\n  - &h {url: https://example.org/a.xml, url: https://example.org/b.xml}\n"
            "  - {<<: *h}\n",
            "duplicate key 'url' (first given on line 2)",
        ),
        ("a: &d {x: 1}\nb: {<<: *d, y: 2}\nc: {<<: *d, y: 2, y: 3}\n", "duplicate key 'y'"),
        ("filter: {<<: [1]}\n", "expected a mapping for merging"),
        # merges that double a mapping nine times over: refused before anything is flattened
        (
            "a0: &a0 {k: 1}\n"
            + "".join(
                f"a{i}: &a{i} {{<<: [{', '.join([f'*a{i - 1}'] * 9)}]}}\n" for i in range(1, 9)
            )
            + "filter: {<<: *a8}\n",
            "(an alias bomb?): write the values out",
        ),
    ],
)
def test_merge_keys_keep_the_strict_reader_strict(tmp_path, yaml_text, message):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(yaml_text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(str(cfg))
