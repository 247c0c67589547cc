"""Peak memory of reading one large feed file: ``newsbeam run`` and ``explode_feed`` alone.

    python benchmarks/feed_memory.py [--entries 10000,100000] [--kind summary|empty|content]
                                     [--explode-only | --steps run] [--baseline-rev REV]

Writes an RSS 2.0 file of N entries (``--kind``: ``summary``, each entry a title, a guid, a
date and a two-sentence description, no link, so nothing is fetched and each entry is a short
``feed_summary`` article; ``empty``, each entry a title and a guid only, the smallest entry a
feed can hold; ``content``, each entry a ``content:encoded`` story), then runs, each in its own
process timed from outside, with peak RSS from ``/usr/bin/time``-style ``ru_maxrss`` of the child:

- ``imports``: importing ``read_file`` only (what every read step starts from);
- ``explode``: ``read_file`` over the file, counting what comes out (the read stage alone);
- ``feedparser``: plain ``feedparser.parse`` over the same bytes (the baseline of the first);
- ``run``: ``python -m pipeline run --input FILE`` (every stage, the in-process runner), unless
  ``--explode-only``.

Prints, per size: file MB, seconds, CPU seconds (user + system of the child and what it waited
for) and CPU ms per entry, peak MB of each, and the rows ``run`` wrote by table. ``--steps``
names the steps to run (``--explode-only``: all but ``run``). With ``--baseline-rev REV`` each
step runs on the code of git revision REV too (``git archive``), the two alternating on the same
file, so that both see the same machine state.
"""

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_WORDS = (
    "council harbour budget school river bridge market festival library storm police hospital "
    "farmers election museum railway airport stadium theatre bakery factory orchard mayor "
    "teacher nurse driver student painter engineer judge pilot opened closed raised delayed "
    "approved rejected repaired visited praised questioned yesterday finally north south"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    return "The " + " ".join(rng.choice(_WORDS) for _ in range(words)) + "."


def _item(n: int, kind: str) -> str:
    rng = random.Random(n)
    head = (
        f"<item><title>Story {n} {rng.choice(_WORDS)}</title><guid isPermaLink='false'>s{n}</guid>"
    )
    if kind == "empty":
        return head + "</item>\n"
    date = f"<pubDate>Mon, 0{1 + n % 9} Jun 2026 {n % 24:02d}:{n % 60:02d}:00 GMT</pubDate>"
    if kind == "summary":
        text = _sentence(rng, 9)
        return f"{head}<description>{text}</description></item>\n"
    paragraphs = "".join(f"<p>{_sentence(rng, 16)} {_sentence(rng, 16)}</p>" for _ in range(4))
    return f"{head}{date}<content:encoded><![CDATA[{paragraphs}]]></content:encoded></item>\n"


def write_feed(path: Path, entries: int, kind: str = "summary") -> Path:
    """An RSS 2.0 file of ``entries`` generated entries (deterministic), written in pieces."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>Large feed</title><link>https://large.example/</link><language>en</language>\n"
        )
        for n in range(entries):
            out.write(_item(n, kind))
        out.write("</channel></rss>\n")
    return path


def _explode(path: str) -> None:
    import collections

    from transforms.read.documents import read_file

    counts = collections.Counter(type(i).__name__ for i in read_file(path, max_bytes=20_000_000))
    print(json.dumps(dict(counts)))


def _imports(path: str) -> None:
    from transforms.read.documents import read_file  # noqa: F401 - the imports' own memory


def _feedparser(path: str) -> None:
    import feedparser

    print(len(feedparser.parse(Path(path).read_bytes()).entries))


def _measure(args: list, cwd: Path) -> tuple:
    """Seconds, CPU seconds, peak RSS (MB, the largest of the child's process tree as the kernel
    keeps it) and exit code of ``python args`` run in ``cwd``."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.chdir(cwd)
        os.execv(sys.executable, [sys.executable, *args])
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def _tables(out: Path) -> dict:
    import pyarrow.parquet as pq

    rows = {}
    for table in ("articles", "duplicates", "rejected", "errors"):
        folder = out / table
        files = list(folder.rglob("*.parquet")) if folder.exists() else []
        rows[table] = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    return rows


_STEPS = ("imports", "feedparser", "explode", "run")


def _step_args(name: str, code: Path, feed: Path, out: Path) -> list:
    if name == "run":
        return ["-m", "pipeline", "run", "--input", str(feed), "--output", str(out), "--quiet"]
    return [str(code / "benchmarks" / "feed_memory.py"), "--child", name, str(feed)]


def _sides(rev, work: Path) -> list:
    """``[(label, code tree)]``: the baseline revision's first (when given), then this one."""
    sides = [("this", ROOT)]
    if rev:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from dedup_cli_scale import export_rev

        sides.insert(0, (rev, export_rev(rev, work / "baseline")))
    return sides


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", default="10000,100000")
    parser.add_argument("--kind", default="summary", choices=("summary", "empty", "content"))
    parser.add_argument("--explode-only", action="store_true")
    parser.add_argument(
        "--steps", default=",".join(_STEPS), help="comma-separated, of " + ", ".join(_STEPS)
    )
    parser.add_argument("--baseline-rev", help="git revision whose code runs beside this one")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        {"explode": _explode, "feedparser": _feedparser, "imports": _imports}[args.child[0]](
            args.child[1]
        )
        return 0
    steps = [s for s in args.steps.split(",") if not (args.explode_only and s == "run")]
    if unknown := set(steps) - set(_STEPS):
        parser.error(f"unknown --steps {sorted(unknown)}: use some of {', '.join(_STEPS)}")
    print(
        "| entries | file MB | code | step | seconds | CPU s | CPU ms/entry | peak MB | exit | rows |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        sides = _sides(args.baseline_rev, Path(work))
        for entries in (int(n) for n in args.entries.split(",")):
            feed = write_feed(Path(work) / f"large-{entries}.rss", entries, args.kind)
            mb = feed.stat().st_size / 1e6
            for name in steps:
                for side, (label, code) in enumerate(sides):
                    out = Path(work) / f"out-{entries}-{side}"
                    seconds, cpu, peak, exit_code = _measure(
                        _step_args(name, code, feed, out), code
                    )
                    rows = json.dumps(_tables(out)) if name == "run" and out.exists() else ""
                    print(
                        f"| {entries:,} | {mb:.1f} | {label} | {name} | {seconds:.1f} | {cpu:.1f} "
                        f"| {cpu / entries * 1e3:.2f} | {peak:,.0f} | {exit_code} | {rows} |",
                        flush=True,
                    )
                    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
