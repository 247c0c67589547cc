"""Python's cyclic garbage collector while a command starts.

Importing Beam and the libraries and building the pipeline make ~250,000 long-lived objects and
no cyclic garbage worth the collections' time. So the collector is off while a process loads,
and what it loaded is frozen (``gc.freeze``: never walked again, and a forked worker does not
copy those pages by writing their GC headers) before collection starts again for the objects of
the run itself. docs/performance.md has the measurements."""

import gc

__all__ = ["pause_gc", "resume_gc"]


def pause_gc() -> None:
    """Start-up: no cyclic collections until ``resume_gc``."""
    gc.disable()


def resume_gc() -> None:
    """Freeze what is alive now and collect from here on; nothing if collection is on already
    (a caller that never paused it: tests, library use)."""
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()
