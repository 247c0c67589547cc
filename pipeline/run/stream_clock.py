"""When a micro-batch stream bounded by ``--max-duration`` runs its windows.

A window is a whole batch run (seconds to minutes on a loaded machine), so "stop at start + S" is
kept by planning with the longest window so far: the last window starts when one more would end
after the deadline, and once a window ends too late for another to fit, the stream stops at once.
What is left unread waits for the next start (files stay in their folder, feeds are polled again
with the committed validators).
"""

from typing import Optional

__all__ = ["LATE_S", "is_last_window", "last_start", "no_window_fits"]

LATE_S = 0.5  # a wake-up this close to the last start still counts as on time


def last_start(stop_at: Optional[float], cost_s: float) -> Optional[float]:
    """The latest moment a window can start and still end by ``stop_at``."""
    return None if stop_at is None else stop_at - cost_s


def is_last_window(now: float, stop_at: Optional[float], cost_s: float) -> bool:
    """Whether the window run at ``now`` is the stream's last (no later one would end in time)."""
    start = last_start(stop_at, cost_s)
    return start is not None and now >= start - LATE_S


def no_window_fits(now: float, stop_at: Optional[float], cost_s: float) -> bool:
    """Whether it is already too late to start one more window of ``cost_s`` seconds."""
    start = last_start(stop_at, cost_s)
    return start is not None and cost_s > 0 and now > start + LATE_S
