"""Captured-feeds check: every duplicate the CLI writes is similar to its canonical article.

Runs ``newsbeam run --no-fetch`` on ``<data>/feeds/real`` (captured RSS/Atom/JSON feeds; no
network), then builds the same article texts with the pipeline's own read, route, decode,
extract, filter and language stages (no dedup) and fingerprints them, so the duplicate rows
(which do not hold their text) can be checked against their canonical article: each ``near``
copy must reach the threshold, each ``contained`` copy the containment threshold, and the
similarity the row records must be the one measured against the canonical. Prints the run's
time, the counts and every duplicate; exits 1 when a check fails.

    python benchmarks/dedup_feeds.py [DATA] [--out DIR]
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import apache_beam as beam  # noqa: E402
import duckdb  # noqa: E402
from apache_beam.runners.portability.fn_api_runner import FnApiRunner  # noqa: E402

from pipeline.config.settings import dedup_config, load_settings  # noqa: E402
from pipeline.graph.batch import article_stages  # noqa: E402
from pipeline.graph.feeds import fetch_config  # noqa: E402
from transforms.dedup import fingerprint  # noqa: E402
from transforms.dedup.verify import marks_conflict, match_signatures  # noqa: E402
from transforms.read.documents import ReadDocuments  # noqa: E402
from transforms.read.feeds import FetchPages, RouteArticles  # noqa: E402


def run_cli(feeds: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--input", str(feeds), "--output", str(out),
         "--run-date", "2026-12-06", "--no-fetch", "--quiet"],
        check=True, cwd=ROOT,
    )  # fmt: skip
    return time.perf_counter() - start


def fingerprints(feeds: Path, folder: Path, settings) -> dict:
    """``{doc_id: (signature, marks)}`` of every article the run's stages make of ``feeds``."""
    config = dedup_config(settings.dedup)
    p = beam.Pipeline(runner=FnApiRunner())
    read = p | ReadDocuments(patterns=[str(feeds)], max_bytes=settings.read["max_bytes"])
    routed = read.main | RouteArticles()
    fetched = routed.fetch | FetchPages(
        config=fetch_config(settings.fetch), min_words=settings.filter["min_words"]
    )
    docs = (routed.main, fetched.main) | beam.Flatten()
    articles, _ = article_stages(docs, settings, run_date=settings.run_date)
    _ = (
        articles
        | beam.Map(lambda a: fingerprint(a, config))
        | beam.Map(
            lambda a: json.dumps(
                [a.doc_id, a.signature.hex(), (a.marks or b"").hex(), (a.lead or b"").hex()]
            )
        )
        | beam.io.WriteToText(str(folder / "fingerprints"))
    )
    p.run().wait_until_finish()
    out = {}
    for path in folder.glob("fingerprints*"):
        for line in path.read_text().splitlines():
            doc_id, sig, marks, lead = json.loads(line)
            out[doc_id] = (bytes.fromhex(sig), bytes.fromhex(marks), bytes.fromhex(lead))
    return out


def check(out: Path, prints: dict, config) -> int:
    """Print every duplicate beside its canonical; the number of failed checks."""
    con = duckdb.connect()
    rows = con.execute(
        "SELECT d.doc_id, a.doc_id, d.match, d.similarity, d.title, a.title FROM "
        f"read_parquet('{out}/duplicates/**/*.parquet') d JOIN "
        f"read_parquet('{out}/articles/**/*.parquet') a ON d.duplicate_of = a.article_id "
        "ORDER BY d.match, d.similarity"
    ).fetchall()
    failed = 0
    for dup, canon, kind, similarity, title, canon_title in rows:
        verdict = "ok"
        if kind in ("near", "contained"):
            (sig, marks, lead), (csig, cmarks, clead) = prints[dup], prints[canon]
            found = match_signatures(sig, csig, config, lead, clead)
            if found is None or found.kind != kind or abs(found.similarity - similarity) > 1e-4:
                verdict = f"FAIL: measured {found}"
            elif config.template_guard and marks_conflict(marks, cmarks):
                verdict = "FAIL: numbers or names conflict"
        failed += verdict != "ok"
        print(f"  {kind:<9} {similarity:.4f} {verdict:<4} {title[:40]!r} -> {canon_title[:40]!r}")
    return failed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", help="output folder (default: a temporary folder)")
    args = parser.parse_args(argv)
    feeds = Path(args.data) / "feeds" / "real"
    if not feeds.is_dir():
        print(f"no captured feeds at {feeds}: nothing to check")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out or Path(tmp) / "out")
        wall = run_cli(feeds, out)
        [manifest] = (out / "_runs").glob("*.json")
        facts = json.loads(manifest.read_text())
        print(f"newsbeam run --no-fetch on {feeds}: {wall:.1f} s, inputs {facts['inputs']}, "
              f"balanced {facts['balanced']}, counts {facts.get('counts')}")  # fmt: skip
        settings = load_settings(overrides={"fetch": {"pages": False}, "run_date": "2026-12-06"})
        prints = fingerprints(feeds, Path(tmp), settings)
        config = dedup_config(settings.dedup)
        failed = check(out, prints, config)
    print(f"duplicates below their threshold against the canonical (or mismatched): {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
