"""The streaming: config section and flag overrides."""

import pytest

from pipeline.config import ConfigError
from pipeline.streaming_config import StreamingConfig, streaming_config


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
        ({"poll_minutes": 0}, "'streaming.poll_minutes' must be positive"),
        ({"allowed_lateness_minutes": -1}, "allowed_lateness_minutes' must be >= 0"),
        ({"dedup_ttl_days": True}, "must be a number"),
    ],
)
def test_bad_values_name_the_key(section, message):
    with pytest.raises(ConfigError, match=message):
        streaming_config(section)
