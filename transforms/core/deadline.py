"""A time limit on one call, enforced in the calling thread by a watchdog thread.

The limit counts the calling thread's CPU time, not the wall clock: on a machine shared with
other work (a load of 15 on 2 cores) a page that needs 4 CPU-seconds took over 30 s of wall
time and became a timeout on one run and an article on the next, so a rerun did not give the
same rows. A call that waits without using CPU is stopped at ``WALL_FACTOR`` times the limit of
wall time.

Beam's ``with_exception_handling(timeout=...)`` (``_TimeoutDoFn``, a private class) runs every
element in a pool thread and waits on a future; an element that times out is abandoned, not
stopped: it keeps running in its thread, taking the GIL from the elements after it, until it
ends on its own. Here the call runs inline, in the bundle's thread, and a watchdog thread, asleep
until the armed deadline, raises ``Overrun`` in that thread when the call passes it
(``PyThreadState_SetAsyncExc``): the call stops at its next Python instruction and the thread
goes on to the next element.

A single C call that runs long (one regular-expression match, one ``lxml`` parse) is stopped
only when it returns to Python; one that holds the GIL stalled Beam's waiting thread as well.
Inputs are bounded before they get here (``read.max_bytes``, ``fetch.max_bytes``).

``Overrun`` derives from ``BaseException`` so that the ``except Exception`` blocks of the
libraries a call runs through do not swallow it; while the call stays over its deadline the
watchdog raises it again every ``_REPEAT_S`` seconds, in case one does.
"""

import ctypes
import os
import threading
import time
import weakref
from collections.abc import Callable
from typing import Optional, TypeVar

__all__ = ["Deadline", "Overrun"]

T = TypeVar("T")

_REPEAT_S = 1.0  # while a call stays over its deadline, raise again this often
_POLL_S = 5.0  # the longest the watchdog sleeps before looking for a newly armed call
WALL_FACTOR = 10  # a call is also stopped after this many times its limit of wall time

# Private function objects (``pythonapi[name]`` is not the cached attribute others may use), so
# their argument types are ours: one passes the exception class, the other NULL, which clears.
_raise_in = ctypes.pythonapi["PyThreadState_SetAsyncExc"]
_raise_in.argtypes = (ctypes.c_ulong, ctypes.py_object)
_raise_in.restype = ctypes.c_int
_clear_in = ctypes.pythonapi["PyThreadState_SetAsyncExc"]
_clear_in.argtypes = (ctypes.c_ulong, ctypes.c_void_p)
_clear_in.restype = ctypes.c_int


class Overrun(BaseException):
    """Raised inside a call that ran past its deadline; ``Deadline.call`` turns it into a
    ``TimeoutError`` and it never escapes further."""


class Deadline:
    """Runs calls with a time limit of ``seconds`` each, in the calling thread.

    One watchdog thread per ``Deadline`` and process, started by the first call; it wakes at
    most every ``min(_POLL_S, seconds / 4)`` to look at the armed call, so a call costs the
    caller no lock and no thread switch. Calls come one at a time (a DoFn
    instance's ``process``; Beam never runs one instance in two bundles at once), from any
    thread.

    Like Ctrl-C, an interrupt can in principle land between a library's ``lock.acquire()`` and
    its ``try``; it takes a document over the limit and that instant, and Beam's alternative
    (leaving the document running) holds the same locks for as long as it runs.

    The hand-shake, under the GIL (each step is one Python operation, so they are ordered): the
    watchdog sets ``_busy``, checks that the same call is still armed, raises, clears ``_busy``;
    the caller, when the call ends, disarms, waits while ``_busy``, and clears an exception the
    watchdog raised too late to land. An Overrun delivered before that is caught by ``call``.
    So it never escapes ``call``, where it becomes a ``TimeoutError``.
    """

    def __init__(self, seconds: float):
        if not seconds or seconds <= 0:
            raise ValueError(f"a deadline needs a positive number of seconds, got {seconds!r}")
        self.seconds = float(seconds)
        # (thread id, its CPU clock, CPU-time deadline, monotonic deadline) of the call
        self._armed: Optional[tuple] = None
        self._busy = False
        self._fired = False
        self._pid: Optional[int] = None  # process whose watchdog runs
        self._generation = 0  # the running watchdog's number; others end

    def __getstate__(self):
        return {"seconds": self.seconds}

    def __setstate__(self, state):
        self.__init__(state["seconds"])

    def call(self, fn: Callable[..., T], *args, **kwargs) -> T:
        """``fn(*args, **kwargs)``; ``TimeoutError`` once it has used ``seconds`` of CPU time
        (or ``WALL_FACTOR`` times that of wall time)."""
        if self._pid != os.getpid():
            self._start_watchdog()
        thread = threading.get_ident()
        clock = _cpu_clock(thread)
        try:
            try:
                if clock is None:  # no per-thread CPU clock here: the wall clock alone
                    self._armed = (thread, None, None, time.monotonic() + self.seconds)
                else:
                    self._armed = (
                        thread,
                        clock,
                        time.clock_gettime(clock) + self.seconds,
                        time.monotonic() + self.seconds * WALL_FACTOR,
                    )
                return fn(*args, **kwargs)
            finally:
                # First, inline: the interpreter checks for pending exceptions at calls and
                # loop jumps, not between entering ``finally`` and this store, so no Overrun
                # lands before it, and the watchdog raises none after it.
                self._armed = None
                self._settle()
        except Overrun:  # from fn, or from _settle when it came as fn returned
            self._settle()
            raise TimeoutError(f"took longer than {self.seconds:g} s") from None

    def close(self) -> None:
        """Let the watchdog thread end (it also ends when the Deadline is garbage); a later
        call starts a new one."""
        self._generation += 1
        self._pid = None

    def _settle(self) -> None:
        """After disarming: wait out a raise in progress, then clear one that came too late."""
        while self._busy:
            time.sleep(0)
        if self._fired:
            self._fired = False
            _clear_in(threading.get_ident(), None)

    def _start_watchdog(self) -> None:
        self._pid = os.getpid()  # a forked child has no watchdog thread: start its own
        self._generation += 1
        poll = min(_POLL_S, self.seconds / 4)
        args = (weakref.ref(self), self._generation, poll)
        thread = threading.Thread(target=_watch, args=args, name="newsbeam-deadline", daemon=True)
        thread.start()


def _watch(ref: "weakref.ref[Deadline]", generation: int, poll: float) -> None:
    while True:
        deadline = ref()
        if deadline is None or deadline._generation != generation:
            return
        armed = deadline._armed
        pause = poll if armed is None else min(poll, _remaining(armed))
        if pause <= 0:
            deadline._busy = True
            try:
                if deadline._armed is armed:
                    deadline._fired = True
                    _raise_in(armed[0], Overrun)
            finally:
                deadline._busy = False
            pause = min(_REPEAT_S, poll)
        del deadline, armed  # hold no reference while asleep
        time.sleep(pause)


def _remaining(armed: tuple) -> float:
    """Seconds before the armed call is over its limit: CPU time left (which cannot run out
    sooner in wall time), or wall time left, whichever is less."""
    thread, clock, cpu_deadline, wall_deadline = armed
    if clock is None:
        return wall_deadline - time.monotonic()
    try:
        cpu_left = cpu_deadline - time.clock_gettime(clock)
    except OSError:  # the thread ended after it disarmed: nothing to stop
        return _POLL_S
    return min(cpu_left, wall_deadline - time.monotonic())


def _cpu_clock(thread: int):
    """The thread's CPU-time clock id, or None where the platform has none (macOS and Windows
    have no ``time.pthread_getcpuclockid``)."""
    getter = getattr(time, "pthread_getcpuclockid", None)
    if getter is None:
        return None
    try:
        return getter(thread)
    except OSError:
        return None
