"""A bad --window / --poll-interval / --max-duration value is named as the user typed it, with the
value, and a window or poll interval that never ends (inf) is refused."""

import pytest

from pipeline.config.settings import ConfigError
from pipeline.config.streaming import streaming_config


@pytest.mark.parametrize(
    "overrides,message",
    [
        # the flag is in seconds, the key it overrides in minutes: one message said both
        ({"window_s": -5}, "--window must be a number (seconds) greater than 0 and at most 604800"),
        ({"window_s": 0}, "--window must be a number (seconds) greater than 0"),
        ({"window_s": float("inf")}, "--window must be a number (seconds) greater than 0"),
        ({"window_s": 1e9}, "at most 604800, got 1e+09"),  # was a 31-year window, run
        ({"poll_s": -1}, "--poll-interval must be a number (seconds) greater than 0"),
        ({"window_s": float("nan")}, "got nan"),
        ({"max_duration_s": 0}, "--max-duration / 'streaming.max_duration_seconds' must be"),
    ],
)
def test_bad_values_name_the_flag_and_the_value(overrides, message):
    with pytest.raises(ConfigError) as caught:
        streaming_config(None, **overrides)
    assert message in str(caught.value)


def test_an_endless_max_duration_is_no_bound():
    assert streaming_config(None, max_duration_s=float("inf")).max_duration_s == float("inf")


def test_a_bad_config_value_is_said_in_the_keys_unit():
    with pytest.raises(ConfigError) as caught:
        streaming_config({"window_minutes": -5})
    assert "'streaming.window_minutes' must be a positive number of minutes, got -5" in str(
        caught.value
    )
    assert "seconds" not in str(caught.value)
