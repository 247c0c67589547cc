"""A whole `newsbeam run` on N synthetic JSON-lines texts: wall time per 100k and peak PSS.

The texts are ``dedup.synthetic_shard``'s (250-400 words in sentences, with names, figures and
in 3 of 5 a quote; every 10th a light or heavy edit of the one before; before 2026-12-07 Zipf
words without sentences, names or figures), written as ``.jsonl`` files of 2,500 lines
(``url``, ``title``, ``text``, ``published``, ``language: en``) under a temporary folder; the
run reads, filters, detects, fingerprints, dedups (``--engine``), writes and commits them like any run. Printed: wall
seconds, seconds per 100k inputs, CPU seconds of the run's processes (each one's user + system
time at its last sample: the figure to compare on a shared machine, where wall time is the
load's), peak PSS of the run's process tree (the CLI and its workers,
not this process, which wrote the inputs; sampled every 0.25 s), and the rows of ``articles`` and ``duplicates`` read back;
then each process's own peak PSS (the CLI's main process holds the runner and its shuffles, the
others are SDK workers) and when the tree's peak came (seconds from the start), to tell which
part grows with N. ``digest`` is a hash of the sorted ``article_id``s and of the sorted
``duplicates`` verdicts (url, duplicate_of, match, similarity): equal digests, equal output.

With ``--baseline-rev REV`` each size also runs the code of git revision REV (exported to a
temporary folder, run with the same interpreter) on the same inputs, before the current code,
so both rows come from one machine state. ``--sizes`` runs several sizes in turn.

    python benchmarks/dedup_cli_scale.py --docs 200000 --workers 2 --engine disk
    nice python benchmarks/dedup_cli_scale.py --sizes 5000 20000 --baseline-rev main

``--partitions P`` spreads the texts over P sites and P publication days (text ``i`` at
``https://site<i % P>.example/``, published ``i % P`` days after 2023-01-01) and partitions
``articles`` by ``[ingest_date, source_domain]`` (``published_date`` is not a partition key
``write.partition_by`` allows; ``source_domain`` is, and makes as many partitions): an
archive of many partitions, what parking holds per partition is then held P times.

    nice python benchmarks/dedup_cli_scale.py --sizes 20000 --workers 1 --engine auto \
        --partitions 1000 --baseline-rev main
"""

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyarrow.dataset as ds  # noqa: E402

from benchmarks.dedup import PeakTree, _tree_pss_mb, synthetic_shard  # noqa: E402

# Documents per input file: files are what the runner spreads over the workers, so with at least
# two files per worker every size keeps them all extracting (with one file, one worker extracts
# and the other stays small, and a larger run looked as if it grew by the second worker's heap).
_LINES = 2_500


class _PerProcess:
    """``_tree_pss_mb`` that also keeps each process's peak and the time of the tree's peak."""

    def __init__(self, timeline=None):
        self.start = time.perf_counter()
        self.peaks: dict = {}
        self.names: dict = {}
        self.top, self.top_at = 0.0, 0.0
        self.timeline = timeline  # an open file: one line per sample and process, or None
        self.cpu: dict = {}  # pid -> CPU seconds at its last sample

    def __call__(self, root: int) -> dict:
        # Without this process: it wrote the inputs and only waits; the run is its child's tree.
        sizes = {pid: mb for pid, mb in _tree_pss_mb(root).items() if pid != root}
        for pid, mb in sizes.items():
            if mb > self.peaks.get(pid, 0.0):
                self.peaks[pid] = mb
            if pid not in self.names:
                self.names[pid] = _role(pid)
        now = time.perf_counter() - self.start
        if sum(sizes.values()) > self.top:
            self.top, self.top_at = sum(sizes.values()), now
        for pid in sizes:
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_s(pid))
        if self.timeline is not None:
            for pid, mb in sorted(sizes.items()):
                line = f"{now:.2f}\t{pid}\t{self.names[pid]}\t{mb:.1f}\t{self.cpu[pid]:.1f}\n"
                self.timeline.write(line)
        return sizes


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _role(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"
    if "-m pipeline run" in cmd:
        return "newsbeam run (runner)"
    return "worker" if "sdk_worker" in cmd or "worker" in cmd else cmd[:40]


def write_inputs(folder: Path, n: int, partitions: int = 0) -> int:
    """``n`` synthetic documents as .jsonl files in ``folder``; their total bytes. With
    ``partitions``, the documents are spread over that many sites and publication days."""
    folder.mkdir(parents=True)
    shards, size, i = max(1, n // _LINES), 0, 0
    first_day = dt.date(2023, 1, 1)
    for shard in range(shards):
        path = folder / f"part-{shard:05d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for doc in synthetic_shard(shard, n // shards):
                record = {
                    "url": f"https://example.org/{doc.doc_id}",
                    "title": doc.title,
                    "text": doc.text,
                    "published": doc.published_at.isoformat(),
                    "language": "en",
                }
                if partitions:
                    day = first_day + dt.timedelta(days=i % partitions)
                    record["url"] = f"https://site{i % partitions}.example/{doc.doc_id}"
                    record["published"] = f"{day.isoformat()}T08:00:00+00:00"
                i += 1
                out.write(json.dumps(record) + "\n")
        size += path.stat().st_size
    return size


def rows(output: Path, table: str) -> int:
    folder = output / table
    return ds.dataset(folder, format="parquet").count_rows() if folder.exists() else 0


def digest(output: Path) -> str:
    """16 hex digits of the sorted article ids and the sorted duplicates' verdicts."""
    h = hashlib.sha256()
    for table, columns in (
        ("articles", ["article_id"]),
        # url, not doc_id: a doc_id names the input file, which is in a new temporary folder
        # each time this benchmark runs
        ("duplicates", ["url", "duplicate_of", "match", "similarity"]),
    ):
        folder = output / table
        if not folder.exists():
            continue
        data = ds.dataset(folder, format="parquet", partitioning="hive").to_table(columns=columns)
        for row in sorted(zip(*(data.column(c).to_pylist() for c in columns))):
            h.update(repr(row).encode())
        h.update(b"|")
    return h.hexdigest()[:16]


def export_rev(rev: str, folder: Path) -> Path:
    """The tree of git revision ``rev`` in ``folder`` (git archive): the baseline's code."""
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", rev], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def run_once(code: Path, work: Path, out: Path, args, docs: int, size: int, label: str) -> None:
    """``newsbeam run`` of the code in ``code`` over ``work/in`` into ``out``; prints its rows."""
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        "--input",
        str(work / "in" / "*.jsonl"),
        "--output",
        str(out),
        "--config",
        str(work / "config.yaml"),
        "--workers",
        str(args.workers),
    ]
    paths = [str(code), os.environ.get("PYTHONPATH", "")]
    env = dict(os.environ)
    if args.trace:
        trace = Path(args.trace) / f"{label}-{docs}"
        trace.mkdir(parents=True, exist_ok=True)
        paths.insert(0, str(ROOT / "benchmarks" / "trace_hook"))
        env["NEWSBEAM_TRACE_DIR"] = str(trace)
        env["NEWSBEAM_TRACE_WHEN"] = str(out / "_staging" / "*" / "_parked" / "scratch" / "*")
    env["PYTHONPATH"] = os.pathsep.join(paths)
    timeline = None
    if args.timeline:
        Path(args.timeline).mkdir(parents=True, exist_ok=True)
        timeline = (Path(args.timeline) / f"{label}-{docs}.tsv").open("w")
    per = _PerProcess(timeline)
    with PeakTree(per, interval=args.interval) as pss:
        start = time.perf_counter()
        done = subprocess.run(command, cwd=code, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - start
    if timeline is not None:
        timeline.close()
    load = os.getloadavg()
    print(f"## newsbeam run ({label}), {docs:,} synthetic jsonl texts ({size / 2**20:,.0f} MiB)")
    print(f"engine {args.engine}, --workers {args.workers}, exit {done.returncode}")
    print(f"load average after {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    cpu = sum(per.cpu.values())
    print(
        "| code | wall s | s per 100k | CPU s (tree) | texts per CPU s | peak PSS MB (run tree) "
        "| articles | duplicates | digest |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    print(
        f"| {label} | {wall:.1f} | {wall / docs * 1e5:.1f} | {cpu:.1f} | {docs / max(cpu, 1e-9):.1f} "
        f"| {pss.peak:,.0f} "
        f"| {rows(out, 'articles'):,} | {rows(out, 'duplicates'):,} | {digest(out)} |"
    )
    files = len(list((out / "articles").rglob("*.parquet"))) if (out / "articles").exists() else 0
    print(f"articles files {files:,}; tree peak at {per.top_at:.0f} s of {wall:.0f} s; peak PSS:")
    for pid, mb in sorted(per.peaks.items(), key=lambda kv: -kv[1]):
        if mb >= 20:
            print(f"  {per.names.get(pid, '?')} (pid {pid}): {mb:,.0f} MB")
    if done.returncode != 0:
        print(done.stderr[-3000:])
    sys.stdout.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--sizes", type=int, nargs="+", help="several sizes, one after the other")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", default="disk", choices=["disk", "runner", "auto"])
    parser.add_argument("--baseline-rev", help="git revision to run first on the same inputs")
    parser.add_argument(
        "--partitions", type=int, default=0, help="sites and days; articles by source_domain"
    )
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between samples")
    parser.add_argument(
        "--timeline", help="folder: <code>-<docs>.tsv, each sample's PSS MB and CPU s per process"
    )
    parser.add_argument(
        "--trace",
        help="folder: tracemalloc snapshots of the workers from the start of clustering "
        "(benchmarks/trace_hook; read them with benchmarks/trace_diff.py)",
    )
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="dedup-cli-scale-"))
    try:
        before = export_rev(args.baseline_rev, work / "before") if args.baseline_rev else None
        config = f"dedup:\n  engine: {args.engine}\n"
        if args.partitions:
            config += (
                "write:\n  partition_by:\n    articles: [ingest_date, source_domain]\n"
                "    duplicates: [ingest_date]\n    rejected: [ingest_date]\n"
                "    errors: [ingest_date]\n"
            )
        (work / "config.yaml").write_text(config)
        for docs in args.sizes or [args.docs]:
            shutil.rmtree(work / "in", ignore_errors=True)
            size = write_inputs(work / "in", docs, args.partitions)
            if before is not None:
                run_once(before, work, work / "out-before", args, docs, size, args.baseline_rev)
                shutil.rmtree(work / "out-before", ignore_errors=True)
            run_once(ROOT, work, work / "out", args, docs, size, "now")
            shutil.rmtree(work / "out", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
