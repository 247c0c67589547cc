"""--max-duration plans the last window with the longest window so far (pipeline/run/stream_clock.py)."""

from pipeline.run.stream_clock import is_last_window, last_start, no_window_fits


def test_without_a_deadline_every_window_is_planned():
    assert last_start(None, 50.0) is None
    assert not is_last_window(1e9, None, 50.0)
    assert not no_window_fits(1e9, None, 50.0)


def test_the_last_window_starts_when_a_later_one_would_end_after_the_deadline():
    # started at 0, --max-duration 100, windows take 40 s: one started at 60 ends at 100
    assert last_start(100.0, 40.0) == 60.0
    assert not is_last_window(30.0, 100.0, 40.0)  # another could still follow this one
    assert is_last_window(60.0, 100.0, 40.0)
    assert not no_window_fits(60.2, 100.0, 40.0)  # woken at the last start: it runs


def test_a_window_that_ends_too_late_for_another_stops_the_stream():
    # the window started at 50 took 40 s: at 90 a 40 s window would end at 130
    assert no_window_fits(90.0, 100.0, 40.0)


def test_before_any_window_ran_the_deadline_itself_is_the_last_start():
    assert not no_window_fits(100.0, 100.0, 0.0)
    assert is_last_window(100.0, 100.0, 0.0)
    assert not is_last_window(50.0, 100.0, 0.0)
