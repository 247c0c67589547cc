"""Flags of ``newsbeam run`` that mean something in one mode only (batch or ``--streaming``).

A flag the chosen mode would ignore is a command-line error (exit 2, nothing run): a stream's run
date is the day each window runs, its windows run on the in-process runner's own workers, it
writes no run report and waits for its job; a batch run has no windows to time or stop.
"""

from typing import Optional

__all__ = ["BATCH_ONLY", "STREAM_ONLY", "mode_conflict"]

# args attribute -> how it is given on the command line; None is "not given" (parser defaults)
BATCH_ONLY = ("run_date", "workers", "report", "detach")
STREAM_ONLY = ("window", "poll_interval", "max_duration", "stop_after")


def _given(args, names: tuple) -> list:
    # ``is``, not ``in (None, False)``: 0 == False, and ``--window 0`` is a flag given
    return [
        "--" + n.replace("_", "-")
        for n in names
        if (value := getattr(args, n, None)) is not None and value is not False
    ]


def mode_conflict(args) -> Optional[str]:
    """The error message for flags that do nothing in the mode ``args`` runs in, or None."""
    if args.streaming:
        flags, where = _given(args, BATCH_ONLY), "to batch runs (without --streaming)"
    else:
        flags, where = _given(args, STREAM_ONLY), "with --streaming"
    if not flags:
        return None
    verb = "applies" if len(flags) == 1 else "apply"
    return f"{', '.join(flags)} only {verb} {where}"
