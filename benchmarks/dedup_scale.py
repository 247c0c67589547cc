"""Dedup at scale: the two engines of a batch run on synthetic documents, time and peak memory.

Synthetic docs (``dedup.synthetic_shard``: 250-400 words in sentences with names, figures and
quotes, every 10th a light or heavy edit of the one before) are generated inside the pipeline on FnApiRunner with 2 worker processes
(multi_processing, as ``newsbeam run --workers 2``), fingerprinted into dedup nodes, and:

- ``runner`` (``dedup.engine: runner``): ``ClusterNodes``, every node, band entry and signature
  shuffled through the in-process runner, which holds each shuffle in memory;
- ``disk`` (``dedup.engine: disk``): ``SpillNodes`` writes each bundle's nodes to a file (fused
  with the generation, as the run fuses it with parking) and ``ClusterNodeFiles`` clusters the
  files on one worker;
- ``base``: generation and fingerprints only, the same counts (the cost both share).

Printed per size and engine: wall seconds, seconds per 100k documents (the dedup part alone:
wall minus base), peak memory of the whole process tree as PSS (``/proc/<pid>/smaps_rollup``,
summed over the process and its descendants, sampled every 0.25 s), the runner's own peak PSS
and the largest worker's (each run in a fresh interpreter), the duplicates found, and whether the verdicts of the two engines
are the same (a digest of all verdicts, when both ran at that size).

    python benchmarks/dedup_scale.py --sizes 100000 300000 1000000 --runner-up-to 300000

``--cluster-alone N [N ...]``: ``on_disk.cluster_verdicts`` alone on N synthetic nodes (read
twice from a generator, as from the node files), now and at ``--baseline-rev``, each in a fresh
interpreter: wall and CPU seconds (CPU: comparable on a shared machine), peak RSS above the
interpreter's after its imports, and the verdicts digest of both.

``--fingerprint N``: time of ``verdicts.fingerprint`` per document on N synthetic documents
beside the same steps at ``--baseline-rev`` (its ``minhash.py`` and ``verify.py`` read from git),
one process, and whether every signature, lead and marks value is the same.
"""

import argparse
import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import apache_beam as beam  # noqa: E402
import numpy as np  # noqa: E402
from apache_beam.options.pipeline_options import PipelineOptions  # noqa: E402
from apache_beam.runners.portability.fn_api_runner import FnApiRunner  # noqa: E402

from benchmarks.dedup import PeakTree, synthetic_shard  # noqa: E402
from pipeline.runtime.local import MEMORY_ENV  # noqa: E402
from transforms.core.frames import read_frames  # noqa: E402
from transforms.dedup import PRESETS, ClusterNodes, fingerprint, to_node  # noqa: E402
from transforms.dedup.clusters import Node  # noqa: E402
from transforms.dedup.spill import ClusterNodeFiles, SpillNodes, VerdictFile  # noqa: E402


def _node(article, config):
    return to_node(fingerprint(article, config), group="g")


def synthetic_nodes(shard: int, per_shard: int, num_perm: int = 128):
    """Dedup nodes without texts: random signatures, every 10th a copy of the one before with a
    quarter of its positions redrawn (estimated Jaccard 0.75: a ``near`` copy). What the dedup
    engines do with a run's nodes, without the cost of generating and fingerprinting texts."""
    rng = np.random.default_rng(shard)
    prev = None
    for i in range(per_shard):
        if i % 10 == 9 and prev is not None:
            sig = prev.copy()
            redraw = rng.choice(num_perm, num_perm // 4, replace=False)
            sig[redraw] = rng.integers(0, 2**32, len(redraw), dtype=np.uint32)
        else:
            sig = rng.integers(0, 2**32, num_perm, dtype=np.uint32)
        prev = sig
        packed = sig.astype("<u4").tobytes()
        yield Node(
            doc_id=f"s{shard}-{i}",
            article_id=f"a{shard}-{i}",
            published_at=None,
            word_count=int(250 + i % 150),
            canonical_url=None,
            content_hash=hashlib.sha1(packed).hexdigest(),
            signature=packed,
            group="g",
        )


def _verdicts(items):
    """``(group, (doc_id, Assignment))`` verdicts, those of ``spill.ClusterNodeFiles`` read from
    its ``VerdictFile``s (a file of one group's verdicts)."""
    for group, value in items:
        if isinstance(value, VerdictFile):
            yield from ((group, verdict) for verdict in read_frames(value.path))
        else:
            yield group, value


def _digest_to_file(verdicts, folder: Path):
    """The count of verdicts, of copies, and a digest of all verdicts, written to ``folder``."""

    def write(items):
        items = sorted(repr(v) for v in _verdicts(items))
        copies = sum(1 for v in items if "match=None" not in v)
        digest = hashlib.sha256("\n".join(items).encode()).hexdigest()[:16]
        (folder / "verdicts").write_text(f"{len(items)} {copies} {digest}")

    return verdicts | "AllVerdicts" >> beam.combiners.ToList() | "Write" >> beam.Map(write)


def run_once(
    n: int, engine: str, preset: str = "default", workers: int = 2, nodes_only=False, sentences=True
):
    """One pipeline over ``n`` synthetic docs with ``engine`` (runner, disk or base);
    ``nodes_only``: synthetic nodes instead of fingerprinted texts; ``sentences=False``: the
    preset with ``contain_sentences: null`` (its nodes carry no sentence hashes)."""
    for name, value in MEMORY_ENV.items():  # as `newsbeam run --workers N` does
        os.environ.setdefault(name, value)
    config = PRESETS[preset]
    if not sentences:
        config = dataclasses.replace(config, contain_sentences=None)
    shards = max(2, n // 5000)
    opts = PipelineOptions([], direct_running_mode="multi_processing", direct_num_workers=workers)
    p = beam.Pipeline(runner=FnApiRunner(), options=opts)
    folder = Path(tempfile.mkdtemp(prefix=f"dedup-scale-{engine}-"))
    shard_ids = p | beam.Create(range(shards))
    if nodes_only:
        nodes = shard_ids | beam.FlatMap(synthetic_nodes, per_shard=n // shards)
    else:
        docs = shard_ids | beam.FlatMap(synthetic_shard, per_shard=n // shards)
        nodes = docs | "Fingerprint" >> beam.Map(_node, config)
    if engine == "runner":
        verdicts = nodes | ClusterNodes(config=config)
    elif engine == "disk":
        verdicts = (
            nodes
            | SpillNodes(staging=str(folder / "staging"))
            | ClusterNodeFiles(config=config, staging=str(folder / "staging"))
        )
    else:
        verdicts = nodes | beam.Filter(lambda _: False)
    _digest_to_file(verdicts, folder)
    (
        nodes
        | "CountNodes" >> beam.combiners.Count.Globally()
        | beam.Map(lambda c: (folder / "nodes").write_text(str(c)))
    )
    with PeakTree() as pss:
        start = time.perf_counter()
        p.run().wait_until_finish()
        wall = time.perf_counter() - start
    count, copies, digest = (folder / "verdicts").read_text().split()
    out = {
        "wall": wall,
        "peak": pss.peak,
        "runner": pss.runner,
        "worker": pss.worker,
        "nodes": int((folder / "nodes").read_text()),
        "verdicts": int(count),
        "copies": int(copies),
        "digest": digest,
    }
    shutil.rmtree(folder, ignore_errors=True)
    return out


def run_isolated(
    n: int, engine: str, preset: str, nodes_only: bool, sentences=True, code: Path = ROOT
) -> dict:
    """``run_once`` in a fresh interpreter: a run's heap never counts in the next one's PSS.
    ``code``: the tree whose code runs (another revision's, exported), workers included."""
    script = str(code / "benchmarks" / "dedup_scale.py")
    # tree_time: the CPU seconds of every process of the run, the workers included
    tree_time = str(ROOT / "benchmarks" / "tree_time.py")
    args = [sys.executable, tree_time, sys.executable, script, "--one", str(n), engine]
    args += ["--preset", preset]
    args += ["--nodes-only"] if nodes_only else []
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(code), os.environ.get("PYTHONPATH", "")])
    )
    done = subprocess.run(
        args + ([] if sentences else ["--no-sentences"]),
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    times = done.stderr.strip().splitlines()[-1]
    out["cpu"] = float(re.search(r"cpu ([0-9.]+) s", times)[1])
    out["sys"] = float(re.search(r"sys ([0-9.]+)", times)[1])
    return out


def _module_at(rev: str, path: str):
    """The module at ``path`` as it was at git revision ``rev`` (its imports are today's)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType(f"baseline_{Path(path).stem}")
    exec(compile(source, f"{rev}:{path}", "exec"), module.__dict__)
    return module


def fingerprint_speed(n: int, rev: str, preset: str = "default"):
    """ms per document of ``fingerprint`` now and of the same steps at ``rev``, same run."""
    from transforms.core.record import normalized_words
    from transforms.dedup.verdicts import fingerprint

    config = PRESETS[preset]
    old_mh, old_verify = (
        _module_at(rev, "transforms/dedup/minhash.py"),
        _module_at(rev, "transforms/dedup/verify.py"),
    )

    with_lead = hasattr(old_mh, "lead_signature")  # False: a revision before the lead
    lead_args = {"k": config.shingle_size, "lead_words": config.lead_words}
    lead_args.update(lead_perm=config.lead_perm, seed=config.seed)

    def before(doc):
        words = normalized_words(doc.text)
        grams = old_mh.word_shingles(words, config.shingle_size)
        hashes = old_mh.hash_shingles(grams)
        sig = old_mh.minhash(hashes, num_perm=config.num_perm, seed=config.seed)
        marks = old_verify.marks_of(doc.text)
        if not grams:
            return b"", b"", marks
        lead = old_mh.lead_signature(words, sig, **lead_args) if with_lead else None
        packed = old_mh.pack_signature
        return packed(sig), b"" if lead is None else packed(lead), marks

    def now(doc):
        done = fingerprint(doc, config)
        return done.signature, done.lead if with_lead else b"", done.marks

    docs = [d for shard in range(2) for d in synthetic_shard(shard, n // 2)]
    out = {}
    for name, fn in (("baseline " + rev, before), ("now", now), ("baseline again", before)):
        start = time.perf_counter()
        out[name] = [fn(d) for d in docs]
        print(f"| {name} | {(time.perf_counter() - start) / len(docs) * 1e3:.3f} |", flush=True)
    same = out["now"] == out["baseline " + rev]
    print(f"| same signatures, leads and marks ({len(docs):,} docs) | {'yes' if same else 'NO'} |")


def cluster_alone(n: int, rev: str, preset: str) -> dict:
    """One ``cluster_verdicts`` over ``n`` synthetic nodes in this process (``rev``: that
    revision's on_disk.py): wall s, peak RSS MB above the start, copies and digest."""
    import resource

    from transforms.dedup import on_disk

    module = _module_at(rev, "transforms/dedup/on_disk.py") if rev else on_disk
    shards = max(2, n // 5000)

    def nodes():
        for shard in range(shards):
            yield from synthetic_nodes(shard, n // shards)

    usage = resource.getrusage(resource.RUSAGE_SELF)
    before, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    # The code now yields the verdicts; kept here only as their reprs, for the digest.
    stream = getattr(module, "stream_verdicts", module.cluster_verdicts)
    items, copies = [], 0
    for v in stream(nodes, PRESETS[preset]):
        items.append(repr(v))
        copies += v[1][1].match is not None
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime - cpu
    return {
        "wall": wall,
        "cpu": cpu,
        "peak": peak - before,
        "copies": copies,
        "digest": hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest()[:16],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument(
        "--runner-up-to",
        type=int,
        default=300_000,
        help="largest size the runner engine is run at (it holds ~10 KB per document)",
    )
    parser.add_argument("--preset", default="default")
    parser.add_argument("--engines", nargs="+", default=["disk", "runner"])
    parser.add_argument(
        "--nodes-only",
        action="store_true",
        help="synthetic nodes (random signatures, 10%% near copies) instead of texts",
    )
    parser.add_argument(
        "--no-base",
        action="store_true",
        help="skip the generation-only run: time per 100k is then of the whole pipeline",
    )
    parser.add_argument("--cluster-alone", type=int, nargs="+", metavar="N")
    parser.add_argument("--cluster-one", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--fingerprint", type=int, metavar="N", help="fingerprint speed only")
    parser.add_argument("--baseline-rev", default="f99ea97", help="git revision to compare with")
    parser.add_argument("--one", nargs=2, metavar=("N", "ENGINE"), help=argparse.SUPPRESS)
    parser.add_argument("--no-sentences", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cluster_one:
        n, rev = int(args.cluster_one[0]), args.cluster_one[1]
        print(json.dumps(cluster_alone(n, None if rev == "now" else rev, args.preset)))
        return
    if args.one:
        n, engine = int(args.one[0]), args.one[1]
        out = run_once(
            n, engine, args.preset, nodes_only=args.nodes_only, sentences=not args.no_sentences
        )
        print(json.dumps(out))
        return
    load = os.getloadavg()
    if args.cluster_alone:
        print(f"## cluster_verdicts alone, synthetic nodes (load average {load[0]:.2f})")
        print(
            "| nodes | code | wall s | CPU s | peak RSS MB above start | bytes per node "
            "| copies | digest |"
        )
        print("|---:|---|---:|---:|---:|---:|---:|---|")
        for n in args.cluster_alone:
            for rev in (args.baseline_rev, "now"):
                done = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--cluster-one",
                        str(n),
                        rev,
                        "--preset",
                        args.preset,
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                r = json.loads(done.stdout.strip().splitlines()[-1])
                print(
                    f"| {n:,} | {rev} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['peak']:,.0f} "
                    f"| {r['peak'] * 2**20 / n:,.0f} | {r['copies']:,} | {r['digest']} |",
                    flush=True,
                )
        return
    if args.fingerprint:
        print(f"## fingerprint ms per document (load average {load[0]:.2f} {load[1]:.2f})")
        print("| code | ms per doc |\n|---|---:|")
        fingerprint_speed(args.fingerprint, args.baseline_rev, args.preset)
        return
    print(
        f"## Dedup engines on synthetic {'nodes' if args.nodes_only else 'documents'}, "
        f"FnApiRunner multi_processing, 2 workers, preset {args.preset} "
        f"(load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores)"
    )
    print(
        "| docs | engine | wall s | dedup s per 100k | peak PSS MB (tree) | runner MB "
        "| largest worker MB | copies | verdicts digest | load after |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for n in args.sizes:
        engines = args.engines if args.no_base else ["base", *args.engines]
        if n > args.runner_up_to and "runner" in engines:
            engines.remove("runner")
        results = {}
        for engine in engines:
            r = results[engine] = run_isolated(n, engine, args.preset, args.nodes_only)
            base = results.get("base") if engine != "base" else None
            alone = r["wall"] - base["wall"] if base else r["wall"]
            if r["nodes"] != n:
                print(f"  NOT CONSERVED: {n} docs, {r['nodes']} nodes", flush=True)
            print(
                f"| {n:,} | {engine} | {r['wall']:.1f} | {alone / n * 1e5:.1f} "
                f"| {r['peak']:,.0f} | {r['runner']:,.0f} | {r['worker']:,.0f} "
                f"| {r['copies']:,} | {r['digest']} | {os.getloadavg()[0]:.2f} |",
                flush=True,
            )
        if "runner" in results and "disk" in results:
            same = results["runner"]["digest"] == results["disk"]["digest"]
            print(f"|  | same verdicts (runner vs disk) | {'yes' if same else 'NO'} |", flush=True)


if __name__ == "__main__":
    main()
