"""Memory ``WriteTables``' keying step (``_KeyRowsFn``) holds over one bundle of many keys.

    python benchmarks/key_rows_memory.py [--keys 1024] [--rows 60] [--baseline-rev REV]

Feeds one bundle of ``--keys`` (table, partition, shard) keys x ``--rows`` rejected rows
(``write.shards: 1024``, a feed's title-only entries) through the DoFn, consuming what it emits
as a runner would, and prints the memory it still holds when the bundle's last row is in
(tracemalloc, before ``finish_bundle``) and the peak. With ``--baseline-rev REV`` the same runs
on the code of git revision REV too (``git archive`` into a temporary folder), in its own
process, in the same run.
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import tracemalloc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(keys: int, rows: int, folder: str) -> tuple:
    """(MB held after the last row, MB peak) of one bundle through ``_KeyRowsFn``."""
    from transforms.core.record import RejectedRow
    from transforms.sink.schema import RunInfo
    from transforms.sink.write_parquet import WriterConfig, _KeyRowsFn

    run = RunInfo("bench", dt.date(2026, 12, 7))
    config = WriterConfig(partition_by=("ingest_date", "source_path"), shards=1)
    fn = _KeyRowsFn("rejected", run, config, folder, 64)
    records = [
        RejectedRow(
            f"feed-{i:07d}", "filter", "too_short", f"3 words, fewer than 50 (entry {i})",
            f"https://news.example.org/2026/12/07/harbour-council-{i}",
            f"Harbour council approves the 2027 budget after a long night ({i})", "en", 3,
            f"/data/feeds/site-{i % keys:04d}.xml", f"/data/feeds/site-{i % keys:04d}.xml#{i}",
        )
        for i in range(keys * rows)
    ]  # fmt: skip
    fn.start_bundle()
    tracemalloc.start()
    for record in records:
        for _ in fn.process(record):
            pass  # the runner takes each value on
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    for _ in fn.finish_bundle():
        pass
    return held / 2**20, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=1024)
    parser.add_argument("--rows", type=int, default=60)
    parser.add_argument("--baseline-rev", help="git revision whose code runs beside this one")
    parser.add_argument("--root", default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.root != ROOT:  # a child on another revision's code: print its figures only
        sys.path.insert(0, args.root)
        with tempfile.TemporaryDirectory() as folder:
            print(*measure(args.keys, args.rows, folder))
        return
    sys.path.insert(0, ROOT)
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.baseline_rev:
            archive = subprocess.run(
                ["git", "-C", ROOT, "archive", args.baseline_rev], check=True, capture_output=True
            )
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
            child = [sys.executable, __file__, "--root", tmp]
            out = subprocess.run(
                [*child, "--keys", str(args.keys), "--rows", str(args.rows)],
                check=True, capture_output=True, text=True, cwd=tmp,
            ).stdout  # fmt: skip
            figures[args.baseline_rev] = tuple(float(x) for x in out.split())
        figures["this tree"] = measure(args.keys, args.rows, os.path.join(tmp, "side"))
    print(f"{args.keys} keys x {args.rows} rows in one bundle")
    print(f"{'code':<12} {'MB held after last row':>22} {'MB peak':>8}")
    for name, (held, peak) in figures.items():
        print(f"{name:<12} {held:>22.1f} {peak:>8.1f}")


if __name__ == "__main__":
    main()
