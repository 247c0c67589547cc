"""Memory of ``SortedRuns`` while it merges many spilled runs: all at once (before) against at
most ``MERGE_RUNS`` at a time (now), on article-like rows (a ~2.4 KB text each).

The rows held while merging are one frame of each run read at once, so they grow with the
number of runs (a partition's rows / ``RUN_ROWS``: ~450 runs for 900k articles). Runs are made
small here (``--run-rows``) to reach many runs with few rows. Printed per run count: the peak of
tracemalloc while the merged rows are read (the rows themselves are dropped as they come), the
seconds, and whether both orders are equal.

    python benchmarks/sorted_merge.py --runs 32 128 512 --run-rows 100
"""

import argparse
import hashlib
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms.sink.sorted_write import MERGE_RUNS, SortedRuns  # noqa: E402


def _rows(n: int):
    rng = random.Random(n)
    words = [f"w{i}" for i in range(5000)]
    for i in range(n):
        yield {
            "article_id": f"{rng.getrandbits(64):016x}",
            "doc_id": f"doc-{i}",
            "title": f"title {i}",
            "text": " ".join(rng.choices(words, k=400)),
        }


def _merge(n: int, run_rows: int, merge_runs: int) -> tuple:
    with tempfile.TemporaryDirectory(prefix="sorted-merge-") as scratch:
        runs = SortedRuns(
            scratch, ("article_id", "doc_id"), run_rows=run_rows, merge_runs=merge_runs
        )
        for row in _rows(n):
            runs.add(row)
        digest = hashlib.sha256()
        tracemalloc.start()
        start = time.perf_counter()
        for row in runs.merged():
            digest.update(row["doc_id"].encode())
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 2**20, seconds, digest.hexdigest()[:16]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, nargs="+", default=[32, 128, 512])
    parser.add_argument("--run-rows", type=int, default=100)
    args = parser.parse_args(argv)
    print(f"rows of ~2.4 KB, runs of {args.run_rows} rows; peak traced MB while merging")
    print(f"| runs | rows | all at once MB | s | at most {MERGE_RUNS} runs | s | same order |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for count in args.runs:
        n = count * args.run_rows
        before = _merge(n, args.run_rows, 10**9)
        now = _merge(n, args.run_rows, MERGE_RUNS)
        print(
            f"| {count} | {n:,} | {before[0]:.1f} | {before[1]:.1f} | {now[0]:.1f} "
            f"| {now[1]:.1f} | {before[2] == now[2]} |"
        )


if __name__ == "__main__":
    main()
