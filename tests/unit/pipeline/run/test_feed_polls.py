"""A local stream's feed polls (pipeline/run/feed_polls.py): a window close waits for the polls it
started, never for a hanging poll of an earlier close, whose answer is taken once it is in."""

import threading

from pipeline.run.feed_polls import FeedPolls


def test_a_close_does_not_wait_for_a_poll_still_hanging_from_an_earlier_close():
    polls, release = FeedPolls(), threading.Event()

    def hanging():
        release.wait()
        return "old answer"

    polls.start("https://slow.example/feed", hanging)
    assert polls.take(0.0, ["https://slow.example/feed"]) == {}  # the earlier close: not in yet
    # Only a safety net so that a close waiting for the hanging poll fails instead of hanging.
    watchdog = threading.Timer(20.0, release.set)
    watchdog.start()
    try:
        polls.start("https://fast.example/feed", lambda: "new answer")
        answers = polls.take(600.0, ["https://fast.example/feed"])
    finally:
        release.set()
        watchdog.cancel()
    assert answers == {"https://fast.example/feed": "new answer"}
    later = polls.take(600.0, ["https://slow.example/feed"])
    assert later == {"https://slow.example/feed": "old answer"}


def test_a_close_that_started_no_poll_takes_what_came_in_without_waiting():
    polls, release, ended = FeedPolls(), threading.Event(), threading.Event()

    def hanging():
        release.wait()
        return "hung"

    def quick():
        ended.set()
        return "quick"

    watchdog = threading.Timer(20.0, release.set)
    watchdog.start()
    try:
        polls.start("https://slow.example/feed", hanging)
        polls.start("https://fast.example/feed", quick)
        ended.wait()
        while polls.fetching("https://fast.example/feed"):
            ended.wait(0.01)
        assert polls.running("https://fast.example/feed")  # its answer not taken: not asked again
        answers = polls.take(600.0, [])
    finally:
        release.set()
        watchdog.cancel()
    assert answers == {"https://fast.example/feed": "quick"}
    assert not polls.running("https://fast.example/feed")


class _Unloadable(Exception):
    def __init__(self, host, why):
        super().__init__(f"{host}: {why}")


def _raises(exc):
    def fetch():
        raise exc

    return fetch


def test_a_poll_that_raised_answers_its_exception_for_the_window_error_row():
    polls = FeedPolls()
    polls.start("https://bug.example/feed", _raises(ValueError("bad chunk size")))
    polls.start("https://odd.example/feed", _raises(_Unloadable("odd.example", "broken")))
    answers = polls.take(600.0, ["https://bug.example/feed", "https://odd.example/feed"])
    bug, odd = answers["https://bug.example/feed"], answers["https://odd.example/feed"]
    assert isinstance(bug, ValueError) and str(bug) == "bad chunk size"
    # An exception that cannot be loaded back from a pickle would fail the window's pipeline.
    assert isinstance(odd, RuntimeError) and str(odd) == "_Unloadable: odd.example: broken"
