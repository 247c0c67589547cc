"""The streaming: config section and flag overrides."""

import pytest

from pipeline.config.settings import ConfigError
from pipeline.config.streaming import StreamingConfig, streaming_config


def test_defaults_and_units():
    assert streaming_config(None) == StreamingConfig(
        window_s=600.0, poll_s=300.0, allowed_lateness_s=0.0, dedup_ttl_s=604800.0
    )
    got = streaming_config(
        {"window_minutes": 1, "poll_minutes": 0.5, "dedup_ttl_days": 2}, max_duration_s=30
    )
    assert (got.window_s, got.poll_s, got.dedup_ttl_s, got.max_duration_s) == (60, 30, 172800, 30)
    assert streaming_config({"window_minutes": 1}, window_s=10, poll_s=None).window_s == 10


@pytest.mark.parametrize(
    "section,message",
    [
        ({"windows": 1}, "unknown setting 'streaming.windows'"),
        ({"window_minutes": "ten"}, "'streaming.window_minutes' must be a number"),
        ({"poll_minutes": 0}, "'streaming.poll_minutes' must be a positive number"),
        ({"allowed_lateness_minutes": -1}, "allowed_lateness_minutes' must be >= 0"),
        ({"dedup_ttl_days": True}, "must be a number"),
    ],
)
def test_bad_values_name_the_key(section, message):
    with pytest.raises(ConfigError, match=message):
        streaming_config(section)


def test_stop_after_items_from_config_and_flag():
    assert streaming_config({"stop_after_items": 5}).stop_after_items == 5
    assert streaming_config({"stop_after_items": 5}, stop_after_items=2).stop_after_items == 2
    assert streaming_config(None).stop_after_items is None


@pytest.mark.parametrize(
    "section,flag,message",
    [
        ({"stop_after_items": 0}, None, "whole number >= 1, got 0"),
        ({"stop_after_items": 2.5}, None, "whole number >= 1, got 2.5"),
        ({"stop_after_items": True}, None, "'streaming.stop_after_items' must be a number"),
        (None, -3, "--stop-after / 'streaming.stop_after_items' must be a whole number"),
    ],
)
def test_stop_after_items_must_be_a_whole_number(section, flag, message):
    with pytest.raises(ConfigError, match=message):
        streaming_config(section, stop_after_items=flag)


def test_feed_entries_carry_their_own_poll_interval(tmp_path):
    from pipeline.graph.feeds import resolve_feed_urls

    opml = tmp_path / "list.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="a" xmlUrl="https://a.example/rss"/>'
        '<outline text="b" xmlUrl="https://b.example/rss"/></body></opml>',
        encoding="utf-8",
    )
    feeds = [
        "https://plain.example/rss",
        {"url": "https://fast.example/rss", "poll_minutes": 1},
        {"url": "https://default.example/rss"},
        {"url": str(opml), "poll_minutes": 30},
        {"url": "https://fast.example/rss", "poll_minutes": 99},  # listed twice: first wins
    ]
    got = streaming_config({"poll_minutes": 5}, feeds=feeds, resolve=resolve_feed_urls)
    assert got.feed_poll_s == (
        ("https://fast.example/rss", 60.0),
        ("https://a.example/rss", 1800.0),
        ("https://b.example/rss", 1800.0),
    )
    assert got.poll_every("https://fast.example/rss") == 60.0
    assert got.poll_every("https://plain.example/rss") == 300.0  # the default interval
    assert streaming_config(None, feeds=["https://plain.example/rss"]).feed_poll_s == ()


@pytest.mark.parametrize(
    "entry,message",
    [
        ({"url": "https://a.example/rss", "poll_minutes": 0}, r"'feeds\[0\].poll_minutes'"),
        ({"url": "https://a.example/rss", "poll_minutes": "1m"}, "positive number of minutes"),
        ({"url": "https://a.example/rss", "poll_minutes": True}, "leave it out to use"),
        ({"poll_minutes": 1}, r"'feeds\[0\]' needs 'url'"),
        ({"url": "https://a.example/rss", "interval": 1}, "unknown key 'interval'"),
        (["https://a.example/rss"], "must be a URL string or"),
    ],
)
def test_bad_feed_entries_name_the_key_and_the_fix(entry, message):
    with pytest.raises(ConfigError, match=message):
        streaming_config(None, feeds=[entry])


@pytest.mark.parametrize(
    "args,message",
    [
        (["--streaming", "--stop-after", "0"], "--stop-after / 'streaming.stop_after_items'"),
        (["--stop-after", "5"], "--stop-after only applies with --streaming"),
    ],
)
def test_stop_after_flag_errors_exit_2_before_anything_runs(tmp_path, capsys, args, message):
    from pipeline.cli.main import main

    out = tmp_path / "out"
    code = main(["run", "--feeds", "https://example.org/rss.xml", "--output", str(out), *args])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
