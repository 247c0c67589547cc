"""benchmarks/feed_memory.py as a user runs it, on a small feed: the generated feed is read
back entry by entry and a figure is printed for each step."""

import subprocess
import sys

from tests.support.paths import ROOT


def test_feed_memory_benchmark_reads_every_generated_entry():
    done = subprocess.run(
        [sys.executable, "benchmarks/feed_memory.py", "--entries", "2500", "--kind", "summary",
         "--explode-only"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert '{"Article": 2500}' in done.stdout  # more than one chunk of 2,000: none lost
    steps = [line.split("|")[4].strip() for line in done.stdout.splitlines() if "| 2,500 |" in line]
    assert steps == ["imports", "feedparser", "explode"]
