"""Benchmark-only hook (``dedup_cli_scale.py --trace DIR``): tracemalloc in forked SDK workers.

On the ``PYTHONPATH`` of a run only when that flag is given. Every process forked from one that
imported this (the warm loader's workers) starts a thread that waits until ``NEWSBEAM_TRACE_WHEN``
(a glob: the dedup's scratch folder, which appears when clustering starts) matches, then starts
tracemalloc and every ``NEWSBEAM_TRACE_EVERY`` seconds dumps a snapshot to
``DIR/<pid>-<n>.snap`` when the traced memory is 1 MB above the last dump. Tracing from the start
slowed extraction ~9 times, so only the end of the run (cluster, write, commit) is traced.
"""

import glob
import os
import threading
import time
import tracemalloc

_DIR = os.environ.get("NEWSBEAM_TRACE_DIR")


def _watch():
    when = os.environ.get("NEWSBEAM_TRACE_WHEN", "")
    every = float(os.environ.get("NEWSBEAM_TRACE_EVERY", "2"))
    while not glob.glob(when):
        time.sleep(0.5)
    tracemalloc.start(int(os.environ.get("NEWSBEAM_TRACE_FRAMES", "12")))
    pid, n, top = os.getpid(), 0, 0
    tracemalloc.take_snapshot().dump(os.path.join(_DIR, f"{pid}-start.snap"))
    while True:
        time.sleep(every)
        current, _ = tracemalloc.get_traced_memory()
        if current > top + (1 << 20):  # a dump per MB grown, not per block
            top = current
            n += 1
            path = os.path.join(_DIR, f"{pid}-{n:04d}.snap")
            tracemalloc.take_snapshot().dump(path + ".tmp")
            os.replace(path + ".tmp", path)


def _child():
    threading.Thread(target=_watch, daemon=True).start()


if _DIR:
    os.register_at_fork(after_in_child=_child)
