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
import dataclasses
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
from transforms.core.frames import read_frames, write_frames  # noqa: E402
from transforms.dedup import fingerprint, to_node  # noqa: E402
from transforms.dedup.on_disk import cluster_verdicts  # noqa: E402
from transforms.dedup.quotes import split_sentences  # noqa: E402
from transforms.dedup.verify import match_signatures, template_conflict  # noqa: E402
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


def fingerprints(feeds: Path, folder: Path, settings, rule=None) -> dict:
    """``{doc_id: (Node, title)}`` of every article the run's stages make of ``feeds``,
    fingerprinted with the preset and ``rule`` over it (what it carries: the sentences of
    ``contain_sentences``)."""
    config = dataclasses.replace(dedup_config(settings.dedup), **(rule or {}))
    path = str(folder / "fingerprints.pkl.zst")
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
        | beam.Map(lambda a: (to_node(fingerprint(a, config)), a.title or ""))
        | beam.combiners.ToList()
        | beam.Map(lambda items: write_frames(path, items))
    )
    p.run().wait_until_finish()
    return {node.doc_id: (node, title) for node, title in read_frames(path)}


def url_identity(prints: dict, config, cli_duplicates: dict) -> int:
    """Cluster the same nodes with the rule before and the current one; the failed checks."""
    old_config = dataclasses.replace(config, url_min_similarity=0.0)
    old_nodes = [dataclasses.replace(n, entry_id=None) for n, _ in prints.values()]
    new_nodes = [n for n, _ in prints.values()]
    before = dict(v for _, v in cluster_verdicts(lambda: old_nodes, old_config))
    after = dict(v for _, v in cluster_verdicts(lambda: new_nodes, config))
    kinds = {}
    for name, verdicts in (("before", before), ("now", after)):
        counts: dict = {}
        for a in verdicts.values():
            if a.match:
                counts[a.match] = counts.get(a.match, 0) + 1
        kinds[name] = counts
        print(f"  in process, rule {name}: duplicates {sum(counts.values())} {counts}")
    title = {doc: t for doc, (_, t) in prints.items()}
    canon_doc = {}
    for doc, a in before.items():
        if a.match is None:
            canon_doc[a.cluster_id] = doc
    kept, lost = [], []
    for doc, a in sorted(before.items()):
        if a.match is None:
            continue
        now = after.get(doc)
        if now is not None and now.match is not None:
            continue
        was_copy = a.match != "url" or a.similarity >= config.threshold
        (lost if was_copy else kept).append((doc, a))
    print(f"  url duplicates before that are kept now (different stories): {len(kept)}")
    for doc, a in kept:
        other = title.get(canon_doc.get(a.cluster_id), "?")
        print(f"    {a.similarity:.4f} {title[doc][:50]!r} was a copy of {other[:50]!r}")
    print(f"  copies found by text before, not duplicates now (must be 0): {len(lost)}")
    for doc, a in lost:
        print(f"    LOST {a.match} {a.similarity:.4f} {title[doc][:60]!r}")
    canon_now = {a.cluster_id: doc for doc, a in after.items() if a.match is None}
    newly = [(d, a) for d, a in sorted(after.items()) if a.match and not before.get(d, a).match]
    newly += [(d, a) for d, a in sorted(after.items()) if a.match and d not in before]
    print(f"  duplicates now that were kept before: {len(newly)}")
    for doc, a in newly:
        other = title.get(canon_now.get(a.cluster_id), "?")
        print(f"    {a.match} {a.similarity:.4f} {title[doc][:50]!r} -> {other[:50]!r}")
    changed = [(d, before[d].match, a.match) for d, a in sorted(after.items())
               if d in before and before[d].match and a.match and before[d].match != a.match]  # fmt: skip
    print(f"  duplicates whose kind changed: {len(changed)} "
          f"{sorted({(b, n) for _, b, n in changed})}")  # fmt: skip
    now = {doc: a.match for doc, a in after.items() if a.match}
    mismatch = {d for d in set(now) | set(cli_duplicates) if now.get(d) != cli_duplicates.get(d)}
    print(f"  CLI duplicates differing from the current rule in process (must be 0): "
          f"{len(mismatch)}")  # fmt: skip
    return len(lost) + len(mismatch)


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
            (node, _), (cnode, _) = prints[dup], prints[canon]
            sig, marks, lead = node.signature, node.marks, node.lead
            csig, cmarks, clead = cnode.signature, cnode.marks, cnode.lead
            found = match_signatures(sig, csig, config, lead, clead, marks, cmarks)
            if found is None or found.kind != kind or abs(found.similarity - similarity) > 1e-4:
                verdict = f"FAIL: measured {found}"
            elif template_conflict(marks, cmarks, config, (sig, csig)):
                verdict = "FAIL: numbers or names conflict"
        failed += verdict != "ok"
        print(f"  {kind:<9} {similarity:.4f} {verdict:<4} {title[:40]!r} -> {canon_title[:40]!r}")
    return failed


def compare(prints: dict, config, rule: dict) -> int:
    """Cluster the nodes in process with ``config`` and with ``rule`` over it: duplicates per
    kind of each, every verdict that differs (with both titles), and every ``near`` /
    ``contained`` duplicate of the rule that does not measure so against its canonical."""
    nodes = [n for n, _ in prints.values()]
    title = {doc: t for doc, (_, t) in prints.items()}
    ruled = dataclasses.replace(config, **rule)
    verdicts = {}
    for name, conf in (("before", config), (f"with {rule}", ruled)):
        verdicts[name] = dict(v for _, v in cluster_verdicts(lambda: nodes, conf))
        counts: dict = {}
        for a in verdicts[name].values():
            if a.match:
                counts[a.match] = counts.get(a.match, 0) + 1
        print(f"  rule {name}: duplicates {sum(counts.values())} {counts}")
    before, after = verdicts.values()
    own = {doc: (None, n.article_id) for doc, (n, _) in prints.items()}  # kept, in no cluster
    canon = {a.cluster_id: doc for doc, a in after.items() if a.match is None}
    canon.update({a.cluster_id: doc for doc, a in before.items() if a.match is None})
    failed = 0
    for doc in sorted(set(before) | set(after)):
        b, a = before.get(doc), after.get(doc)
        was = (b.match, b.cluster_id) if b else own[doc]
        if was == ((a.match, a.cluster_id) if a else own[doc]):
            continue
        print(f"    {doc}: {b and b.match} -> {a and a.match} {a and a.similarity} "
              f"{title[doc][:50]!r} -> {title.get(canon.get(a and a.cluster_id), '-')[:50]!r}")  # fmt: skip
    for doc, a in after.items():
        if a.match in ("near", "contained"):
            node, cnode = prints[doc][0], prints[canon[a.cluster_id]][0]
            found = match_signatures(
                node.signature, cnode.signature, ruled, node.lead, cnode.lead, node.marks,
                cnode.marks,
            )  # fmt: skip
            if found is None or found.kind != a.match:
                failed += 1
                print(f"    FAIL {doc} {a.match} {a.similarity}: measured {found}")
    return failed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", help="output folder (default: a temporary folder)")
    parser.add_argument(
        "--compare",
        metavar="JSON",
        help="no CLI run: cluster the fingerprints in process with the preset and with these "
        "DedupConfig fields over it (e.g. '{\"contain_quoted\": 0.4}'), print what differs",
    )
    parser.add_argument(
        "--prints",
        help="file of the fingerprints to reuse (made if absent, with the --compare rule and "
        "the sentences)",
    )
    args = parser.parse_args(argv)
    feeds = Path(args.data) / "feeds" / "real"
    if not feeds.is_dir():
        print(f"no captured feeds at {feeds}: nothing to check")
        return 0
    if args.compare:
        settings = load_settings(overrides={"fetch": {"pages": False}, "run_date": "2026-12-06"})
        prints_file = Path(args.prints or Path(tempfile.mkdtemp()) / "fingerprints.pkl.zst")
        rule = json.loads(args.compare)
        if not prints_file.exists():
            # Always with the sentences, whatever the rule: a file made for one rule serves
            # another (only ``contain_sentences`` reads them).
            # The skeleton samples too (only ``skeleton_contain`` reads them).
            carry = {
                **rule,
                "contain_sentences": rule.get("contain_sentences") or 0.5,
                "skeleton_contain": rule.get("skeleton_contain") or 0.65,
            }
            fingerprints(feeds, prints_file.parent, settings, carry)
            if prints_file.name != "fingerprints.pkl.zst":
                (prints_file.parent / "fingerprints.pkl.zst").rename(prints_file)
        prints = {node.doc_id: (node, t) for node, t in read_frames(str(prints_file))}
        if rule.get("contain_sentences") is not None and not any(
            len(split_sentences(node.marks)) for node, _ in prints.values()
        ):
            print(f"WARNING: no fingerprint in {prints_file} carries sentences (made before they "
                  "were): contain_sentences changes nothing; delete the file to remake it")  # fmt: skip
        failed = compare(prints, dedup_config(settings.dedup), rule)
        print(f"failed checks (not measured as recorded against the canonical): {failed}")
        return 1 if failed else 0
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
        cli = dict(
            duckdb.connect()
            .execute(f"SELECT doc_id, match FROM read_parquet('{out}/duplicates/**/*.parquet')")
            .fetchall()
        )
        failed += url_identity(prints, config, cli)
    print(f"failed checks (below threshold, mismatched, lost copies, CLI vs in process): {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
