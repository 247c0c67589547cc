"""Configuration values checked for type and range before anything runs: the table of rules
(pipeline/config/rules.py) and the run date. Through the command: tests/e2e/test_config_errors.py."""

import datetime as dt
import re

import pytest
import yaml

from pipeline.config.rules import RULES, Rule, check_value, parse_run_date
from pipeline.config.settings import DEFAULT_CONFIG, ConfigError


def _leaf_keys(node: dict, prefix: str = "") -> set:
    out = set()
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path not in ("write.partition_by",):
            out |= _leaf_keys(value, path + ".")
        else:
            out.add(path)
    return out


def test_every_key_of_the_default_config_has_a_rule_and_its_default_passes():
    defaults = yaml.safe_load(DEFAULT_CONFIG.read_text())
    keys = _leaf_keys(defaults)
    assert keys - set(RULES) == set(), "give each new setting a rule in config_rules.RULES"
    assert {k for k, r in RULES.items() if not r.optional} <= keys
    for key in keys:
        value = defaults
        for part in key.split("."):
            value = value[part]
        check_value(key, value, RULES[key])


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("extract.timeout_s", "30", "write it as a number without quotes: timeout_s: 30"),
        ("filter.min_words", True, "'filter.min_words' must be a whole number (words) from 0"),
        ("filter.min_words", 50.0, "write min_words: 50"),
        ("read.max_bytes", "2e7", "write it as a plain number without quotes: max_bytes: 20000000"),
        ("topics.min_score", 1.5, "'topics.min_score' must be a number from 0 to 1, got 1.5"),
        ("topics.min_score", -0.1, "from 0 to 1"),
        ("write.shards", 100000, "'write.shards' must be a whole number (files) from 1 to 1024"),
        ("dedup.num_perm", "1e8", "'dedup.num_perm' must be a whole number from 1 to 4096"),
        ("dedup.num_perm", 1e8, "write num_perm: 100000000"),
        ("extract.timeout_s", float("nan"), "greater than 0"),
        ("extract.fast", 1, "'extract.fast' must be true or false, got 1"),
        ("write.compression", "lzma", "'write.compression' must be one of zstd, snappy"),
        ("fetch.user_agent", "a\nb", "'fetch.user_agent' must be set to one line of text"),
        ("language.allowed", ["en", "../x"], "language codes such as en, de or zh-cn"),
        ("extract.favor", None, "'extract.favor' must be set"),
    ],
)
def test_a_value_of_the_wrong_type_or_range_names_the_key_and_the_fix(key, value, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        check_value(key, value, RULES[key])


def test_values_inside_the_ranges_pass():
    check_value("topics.min_score", 0, RULES["topics.min_score"])
    check_value("topics.min_score", 1.0, RULES["topics.min_score"])
    check_value("extract.timeout_s", None, RULES["extract.timeout_s"])  # null: no time limit
    check_value("write.compression", "none", RULES["write.compression"])
    check_value("language.allowed", ["en", "zh-cn", "pt-BR"], RULES["language.allowed"])
    check_value("x", 3, Rule("int", 1, 3))
    with pytest.raises(ConfigError, match="greater than 1"):
        check_value("x", 1, Rule("number", 1, 3, above=True))


@pytest.mark.parametrize(
    "value, message",
    [
        ("2026-02-30", "'run_date' 2026-02-30 is not a real date"),
        ("0001-01-01", "'run_date' 0001-01-01 is out of range: give a date from 1970-01-01"),
        ("2100-01-01", "is out of range: give a date from 1970-01-01 to 2099-12-31"),
        ("1969-12-31", "is out of range"),
        ("20261121", "'run_date' must be a date YYYY-MM-DD"),
        (dt.datetime(2026, 11, 21, 10, 0), "without a time"),
    ],
)
def test_impossible_and_absurd_run_dates(value, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_run_date(value)


def test_run_dates_within_the_range():
    assert parse_run_date("2099-12-31") == dt.date(2099, 12, 31)
    assert parse_run_date(dt.date(1970, 1, 1)) == dt.date(1970, 1, 1)
    assert parse_run_date(" 2026-11-21 ") == dt.date(2026, 11, 21)
