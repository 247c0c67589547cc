"""transforms.core.deadline: a time limit enforced in the calling thread."""

import gc
import os
import pickle
import sys
import threading
import time

import pytest

from transforms.core.deadline import WALL_FACTOR, Deadline, Overrun


def _spin(seconds: float) -> int:
    """Pure-Python work for ``seconds``: interruptible at every loop turn."""
    end, turns = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        turns += 1
    return turns


def _watchdogs() -> set:
    return {t for t in threading.enumerate() if t.name == "newsbeam-deadline"}


def test_a_call_within_the_limit_returns_its_value_and_its_own_errors_pass_through():
    limit = Deadline(5)
    assert limit.call(sum, [1, 2, 3]) == 6
    assert limit.call(lambda a, b=0: a + b, 2, b=3) == 5
    with pytest.raises(KeyError):
        limit.call({}.__getitem__, "missing")
    with pytest.raises(TimeoutError):  # a TimeoutError of the call's own is not confused
        limit.call(_raise, TimeoutError("socket"))


def _raise(exc):
    raise exc


def test_a_call_over_the_limit_is_stopped_in_its_own_thread_and_the_next_call_runs():
    limit = Deadline(0.2)
    start = time.monotonic()
    with pytest.raises(TimeoutError, match=r"took longer than 0.2 s"):
        limit.call(_spin, 30)
    # Stopped by the CPU limit or, for a thread starved of CPU, by the wall-time backstop (at
    # exactly 2 s here): not after 30 s.
    assert time.monotonic() - start < 0.2 * WALL_FACTOR + 2
    assert limit.call(_spin, 0.01) > 0  # nothing left pending for the thread
    _spin(0.4)  # nor raised later, outside a call


def test_libraries_catching_exception_do_not_swallow_it_and_a_bare_catch_gets_it_again():
    limit = Deadline(0.1)
    caught = []

    def careless():
        while True:
            try:
                _spin(0.05)
            except Exception as exc:  # noqa: BLE001 - what libraries do
                caught.append(exc)

    with pytest.raises(TimeoutError):
        limit.call(careless)
    assert caught == []

    def swallows_once():
        try:
            _spin(30)
        except BaseException:  # noqa: BLE001 - the worst case: it swallows the first one
            caught.append("swallowed")
        _spin(30)

    start = time.monotonic()
    with pytest.raises(TimeoutError):
        limit.call(swallows_once)
    assert caught == ["swallowed"]
    assert time.monotonic() - start < 0.1 * WALL_FACTOR + 1 + 2  # the backstop, one repeat (1 s)


def test_calls_ending_at_the_deadline_never_leak_the_interrupt_outside_the_call():
    # The race the hand-shake is for: calls that end just as the watchdog raises. A 50 us
    # limit and calls of 0-100 us, with the GIL handed over between almost any two
    # instructions, put raises everywhere in and around ``call``; one landing outside would
    # escape this loop and fail the test. The race runs until both outcomes passed 1,000 (how
    # often the watchdog wins depends on the machine's scheduling: 250-1,000 times in 1.5 s on
    # a slow day, ~3,000 on a quiet one), at most RACE_S seconds; 200 of each is enough to
    # show the race was run (a CI run beside other work reached 881 timeouts in 30 s).
    limit = Deadline(0.00005)
    outcomes = {"ok": 0, "timeout": 0}
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        end = time.monotonic() + float(os.environ.get("RACE_S", "30"))
        _race(limit, outcomes, end, enough=1001)
    finally:
        sys.setswitchinterval(switch)
    assert outcomes["ok"] > 200 and outcomes["timeout"] > 200, outcomes


def _count(n: int) -> int:
    for _ in range(n):
        pass
    return n


def _race(limit, outcomes, end, enough=None):
    """Calls of 0-3,000 loop turns under ``limit`` until ``end`` (monotonic), or until both
    outcomes reached ``enough``."""
    turn = 0
    while time.monotonic() < end:
        if enough and min(outcomes.values()) >= enough:
            return
        turn = (turn * 7 + 1) % 3001
        try:
            limit.call(_count, turn)
            outcomes["ok"] += 1
        except TimeoutError:
            outcomes["timeout"] += 1
        for _ in range(50):  # Python code between calls, where a stray Overrun would land
            pass


def test_only_the_calling_thread_is_interrupted():
    limit = Deadline(0.2)
    result = {}

    def in_thread():
        try:
            limit.call(_spin, 30)
        except TimeoutError as exc:
            result["exc"] = exc

    worker = threading.Thread(target=in_thread)
    worker.start()
    _spin(0.6)  # the main thread runs past the limit too, outside any call
    worker.join(5)
    assert isinstance(result.get("exc"), TimeoutError)
    assert limit.call(_spin, 0.01) > 0  # and a call from another thread works after it


def test_it_pickles_as_its_limit_and_the_watchdog_ends_with_it():
    before = _watchdogs()
    limit = pickle.loads(pickle.dumps(Deadline(0.4)))
    assert limit.seconds == 0.4
    limit.call(_spin, 0.001)
    (first,) = _watchdogs() - before
    limit.close()
    first.join(1)  # it wakes every limit / 4 and sees it is no longer wanted
    assert not first.is_alive()
    with pytest.raises(TimeoutError):  # a call after close starts a new one
        limit.call(_spin, 30)
    (second,) = _watchdogs() - before
    del limit
    gc.collect()
    second.join(1)  # and that one ends once the Deadline is garbage
    assert not second.is_alive()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_gets_its_own_watchdog():
    limit = Deadline(0.2)
    limit.call(_spin, 0.001)  # the parent's watchdog runs; the child does not inherit it
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit status
        code = 1
        try:
            limit.call(_spin, 30)
        except TimeoutError:
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_limit_must_be_positive():
    for bad in (0, -1, None):
        with pytest.raises(ValueError, match="positive number of seconds"):
            Deadline(bad)


def test_overrun_is_not_an_exception_subclass():
    assert not issubclass(Overrun, Exception)


def _wait(seconds: float, step: float = 0.01) -> str:
    """Wall time passing while the thread uses almost no CPU: what a page sees on a machine
    whose other processes take the cores."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(step)
    return "done"


def test_the_limit_counts_the_calls_cpu_time_so_a_starved_call_is_not_stopped():
    # 1 s of wall time, a few ms of CPU: under a 0.2 s limit it finishes (it timed out when the
    # limit was wall time, which made a rerun on a loaded machine give other rows)
    assert Deadline(0.2).call(_wait, 1.0) == "done"


def test_a_call_that_waits_far_past_its_limit_is_stopped_all_the_same():
    limit = Deadline(0.05)
    start = time.monotonic()
    with pytest.raises(TimeoutError):
        limit.call(_wait, 30)
    assert time.monotonic() - start < 0.05 * WALL_FACTOR + 2


def test_wall_clock_alone_where_no_thread_cpu_clock(monkeypatch):
    # macOS and Windows have no time.pthread_getcpuclockid: a waiting call is stopped at the
    # limit of wall time (no 10x backstop, which is there only for the CPU clock).
    import time as _time

    from transforms.core import deadline as module

    monkeypatch.delattr(_time, "pthread_getcpuclockid")
    limit = module.Deadline(0.3)
    started = _time.monotonic()

    def wait():  # short sleeps: the async exception lands between them
        for _ in range(500):
            _time.sleep(0.01)

    with pytest.raises(TimeoutError):
        limit.call(wait)
    assert _time.monotonic() - started < 2.5
    assert limit.call(lambda: "done") == "done"
    limit.close()
