"""Pure logic of the streaming sources: which sources are due at a tick, the tick interval, and
the newest feed validators of a window."""

import pytest

from transforms.read.http_state import FeedState
from transforms.sink.window_commit import latest_states
from transforms.streaming.sources import FOLDER, PollPlan, due_sources


def _schedule(every: dict, tick_s: float, ticks: int) -> dict:
    """{source: [tick times it is polled at]} over ``ticks`` ticks from 0."""
    last: dict = {}
    polled: dict = {key: [] for key in every}
    for k in range(ticks):
        now = k * tick_s
        for key in due_sources(now, last, every):
            last[key] = now
            polled[key].append(now)
    return polled


def test_each_source_is_due_when_its_own_interval_has_elapsed():
    got = _schedule({"fast": 60.0, "slow": 300.0, FOLDER: 120.0}, 60.0, 11)
    assert got == {
        "fast": [0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600],
        "slow": [0, 300, 600],
        FOLDER: [0, 120, 240, 360, 480, 600],
    }


def test_an_interval_that_is_not_a_multiple_of_the_tick_waits_for_the_next_tick():
    # Never polled before its interval has elapsed: 90 s on a 60 s tick -> every 120 s.
    assert _schedule({"odd": 90.0}, 60.0, 7)["odd"] == [0, 120, 240, 360]


@pytest.mark.parametrize("tick", [0.1, 1 / 3, 0.7])
def test_float_tick_times_do_not_skip_a_due_poll(tick):
    every = {"a": tick * 3}
    assert len(_schedule(every, tick, 30)["a"]) == 10


def test_plan_ticks_at_the_shortest_interval_and_lists_the_folder_only_when_watched():
    plan = PollPlan(start_s=0, feeds=(("u", 120.0), ("v", 30.0)), folder_every_s=60.0)
    assert plan.tick_s == 30.0 and FOLDER not in plan.every
    watched = PollPlan(start_s=0, feeds=(("u", 120.0),), patterns=("in/*",), folder_every_s=45.0)
    assert watched.tick_s == 45.0 and watched.every == {"u": 120.0, FOLDER: 45.0}


def _state(url: str, etag: str) -> FeedState:
    return FeedState(url, etag, None, 200, "s1", "2026-11-25")


def test_a_window_keeps_the_newest_validators_per_feed():
    stamped = [
        (12.0, _state("https://b/", "b2")),
        (10.0, _state("https://a/", "a1")),
        (11.0, _state("https://b/", "b1")),
        (13.0, _state("https://a/", "a2")),
    ]
    assert [(s.url, s.etag) for s in latest_states(stamped)] == [
        ("https://a/", "a2"),
        ("https://b/", "b2"),
    ]
    assert latest_states([]) == []
