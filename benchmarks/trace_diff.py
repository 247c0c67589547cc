"""What a worker allocated and still held: the largest ``--trace`` snapshot of each process
against its first, grouped by traceback (``dedup_cli_scale.py --trace DIR``).

    python benchmarks/trace_diff.py DIR/now-25000 --top 12
"""

import argparse
import collections
import tracemalloc
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--frames", type=int, default=8, help="frames shown per traceback")
    args = parser.parse_args(argv)
    by_pid = collections.defaultdict(list)
    for path in sorted(Path(args.folder).glob("*.snap")):
        by_pid[path.name.split("-")[0]].append(path)
    for pid, paths in sorted(by_pid.items()):
        start = [p for p in paths if p.name.endswith("-start.snap")]
        dumps = [p for p in paths if not p.name.endswith("-start.snap")]
        if not start or not dumps:
            continue
        first = tracemalloc.Snapshot.load(str(start[0]))
        last = tracemalloc.Snapshot.load(str(dumps[-1]))
        diff = last.compare_to(first, "traceback")
        grown = sum(d.size_diff for d in diff)
        total = sum(t.size for t in last.traces)
        print(
            f"## pid {pid}: {dumps[-1].name}, traced {total / 2**20:.1f} MB, "
            f"+{grown / 2**20:.1f} MB since clustering started"
        )
        for stat in diff[: args.top]:
            print(f"+{stat.size_diff / 2**20:.2f} MB in {stat.count_diff:+,} blocks")
            for line in stat.traceback.format(limit=args.frames, most_recent_first=True):
                print("    " + line)


if __name__ == "__main__":
    main()
