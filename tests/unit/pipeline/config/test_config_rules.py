"""Configuration values checked for type and range before anything runs: the table of rules
(pipeline/config/rules.py), the strict YAML reader, and the command's exit 2 with the fix."""

import datetime as dt
import re

import pytest
import yaml

from pipeline.config.rules import RULES, Rule, check_value, max_workers, parse_run_date
from pipeline.config.settings import DEFAULT_CONFIG, ConfigError, load_settings
from tests.conftest import SEEDS, run_command


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


@pytest.mark.parametrize(
    "text, message",
    [
        ("write:\n  shards: 2\n  shards: 3\n", "duplicate key 'shards' (first given on line 2)"),
        ("filter: {min_words: 3, min_words: 4}\n", "duplicate key 'min_words'"),
        ("output: a\ninput: [x]\noutput: b\n", "line 3"),
        ("run_date: 2026-02-30\n", "'2026-02-30' is not a real date"),
    ],
)
def test_the_yaml_reader_refuses_duplicate_keys_and_impossible_dates(tmp_path, text, message):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(str(cfg))


def test_a_yaml_date_still_loads_as_a_date(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("run_date: 2026-11-21\n")
    assert load_settings(str(cfg)).run_date == dt.date(2026, 11, 21)


# --- through the command: exit 2 before anything runs --------------------------------------------


@pytest.mark.parametrize(
    "yaml_text, flags, message",
    [
        ('extract:\n  timeout_s: "30"\n', [], "'extract.timeout_s' must be a number (seconds)"),
        ("filter:\n  min_words: true\n", [], "'filter.min_words' must be a whole number"),
        ("run_date: 2026-02-30\n", [], "'2026-02-30' is not a real date"),
        ("", ["--run-date", "2026-02-30"], "--run-date 2026-02-30 is not a real date"),
        ("", ["--run-date", "0001-01-01"], "--run-date 0001-01-01 is out of range"),
        ("topics:\n  min_score: 1.5\n", [], "'topics.min_score' must be a number from 0 to 1"),
        ("write:\n  compression: lzma\n", [], "'write.compression' must be one of zstd"),
        ("write:\n  shards: 100000\n", [], "'write.shards' must be a whole number (files) from 1"),
        ("dedup:\n  num_perm: 1e8\n", [], "'dedup.num_perm' must be a whole number from 1"),
        ("", ["--workers", "64"], f"--workers must be from 1 to {max_workers()}"),
        ("write:\n  shards: 2\nwrite:\n  shards: 3\n", [], "duplicate key 'write'"),
    ],
)
def test_the_command_exits_2_with_the_fix_before_running(tmp_path, yaml_text, flags, message):
    cfg = tmp_path / "my.yaml"
    cfg.write_text(yaml_text)
    out = tmp_path / "out"
    proc = run_command(
        "--input", f"{SEEDS}/*", "--output", str(out), "--config", str(cfg), *flags, timeout=120
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    [line] = proc.stderr.strip().splitlines()  # one line, no traceback
    assert line.startswith("newsbeam: configuration error: ") and message in line
    assert not out.exists()  # nothing ran
