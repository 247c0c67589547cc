"""A bad --window / --poll-interval / --max-duration value is named as the user typed it, with the
value, and a window or poll interval that never ends (inf) is refused."""

import pytest

from pipeline.config.settings import ConfigError
from pipeline.config.streaming import streaming_config


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"window_s": 0}, "--window / 'streaming.window_minutes' must be a positive number"),
        ({"window_s": float("inf")}, "--window / 'streaming.window_minutes' must be a positive"),
        ({"poll_s": -1}, "--poll-interval / 'streaming.poll_minutes' must be a positive number"),
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
