"""Pair-rule variants on the quality set of benchmarks/dedup.py, fast: the documents are
fingerprinted once and each variant's clusters come from the disk engine
(``on_disk.cluster_verdicts``, the verdicts of ``ClusterNodes``: tested equal), not a Beam run.

    python benchmarks/dedup_variants.py [DATA] [--variants default marked ...] [--split quality]

Each variant is a name of ``VARIANTS`` (``DedupConfig`` fields over ``default``). Per variant it
prints the lines of benchmarks/dedup.py (pairwise P/R, recall per edit kind, per case kind R/P,
negatives merged) and the held-out split of ``dedup_heldout`` apart. The connected components
are found once, under the loosest pair rule of the variants, and split by each variant's rule.
"""

import argparse
import dataclasses
import pickle
import sys
import time
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dedup import (  # noqa: E402
    _doc,
    quality_set,
    report_extra,
    report_quality,
)
from benchmarks.dedup_heldout import heldout_cases  # noqa: E402
from benchmarks.dedup_written import written_cases  # noqa: E402
from transforms.dedup import (  # noqa: E402
    PRESETS,
    clusters,
    fingerprint,
    on_disk,
    to_node,
)
from transforms.dedup.clusters import assign_cluster  # noqa: E402
from transforms.dedup.clusters import match as exact_match  # noqa: E402
from transforms.dedup.on_disk import cluster_verdicts  # noqa: E402
from transforms.dedup.verify import pair_rule, rows_match, verify_row  # noqa: E402

BASE = PRESETS["default"]
# The documents carry their sentences and words whatever the variant (only ``contain_sentences``
# and ``contain_words`` read them; ``fingerprint`` adds them when those rules are on).
PRINTS = dataclasses.replace(
    BASE,
    contain_sentences=BASE.contain_sentences or 0.5,
    contain_words=BASE.contain_words or 0.5,
)
VARIANTS = {
    "default": {},
    "off": {"contain_quoted": None},
    "marked": {"contain_marked": 0.6},
    "marked-m20": {"contain_marked": 0.6, "marks_min": 20},
    "marked-m30": {"contain_marked": 0.6, "marks_min": 30},
    "marked-s90": {"contain_marked": 0.6, "marks_inside": 0.9},
    "marked-s95": {"contain_marked": 0.6, "marks_inside": 0.95},
    "marked-m20-s90": {"contain_marked": 0.6, "marks_min": 20, "marks_inside": 0.9},
    "marked-q": {"contain_marked": 0.6, "marks_quotes": True},
    "marked-m20-q": {"contain_marked": 0.6, "marks_min": 20, "marks_quotes": True},
    "marked-s90-q": {"contain_marked": 0.6, "marks_inside": 0.9, "marks_quotes": True},
    "quoted-35": {"contain_quoted": 0.35},
    "quoted-40": {"contain_quoted": 0.4},  # the default
    "quoted-45": {"contain_quoted": 0.45},
    # The quote rule before the narrative condition (quotes and, from 10 of them, marks).
    "quoted-40-any": {"contain_quoted": 0.4, "quotes_narrative": None},
    "quoted-40-n10": {"contain_quoted": 0.4, "quotes_narrative": 0.1},
    "quoted-40-n20": {"contain_quoted": 0.4, "quotes_narrative": 0.2},
    "quoted-35-n20": {"contain_quoted": 0.35, "quotes_narrative": 0.2},
    # Heavy edits by their sentences (``contain_sentences``): estimate floor, share inside;
    # ``guard_sentences``: the share over which the template guard gives way.
    "sent-off": {"contain_sentences": None},  # the default before 2026-12-07 (second pass)
    "sent-guarded": {"guard_sentences": None},
    "sent-guard-90": {"guard_sentences": 0.9},
    "sent-40": {"contain_sentences": 0.4, "sentences_inside": 0.8, "sentences_min": 4},
    "sent-45": {"contain_sentences": 0.45, "sentences_inside": 0.8, "sentences_min": 4},
    "sent-50": {"contain_sentences": 0.5, "sentences_inside": 0.8, "sentences_min": 4},
    "sent-55": {"contain_sentences": 0.55, "sentences_inside": 0.8, "sentences_min": 4},
    "sent-40-s70": {"contain_sentences": 0.4, "sentences_inside": 0.7, "sentences_min": 4},
    "sent-50-s70": {"contain_sentences": 0.5, "sentences_inside": 0.7, "sentences_min": 4},
    "sent-50-s90": {"contain_sentences": 0.5, "sentences_inside": 0.9, "sentences_min": 4},
    "sent-50-s70-m5": {"contain_sentences": 0.5, "sentences_inside": 0.7, "sentences_min": 5},
    "sent-50-s70-m6": {
        "contain_sentences": 0.5,
        "sentences_inside": 0.7,
        "sentences_min": 6,
    },  # default
    # Reworded edits by their narrative's words (benchmarks/dedup_evidence.py, chosen on the
    # quality set with dedup_written): without quotes from 0.5, with them from 0.3.
    "words": {"contain_words": 0.5, "words_quoted": 0.3},
    "words-plain": {"contain_words": 0.5},
    "words-quoted": {"words_quoted": 0.3},
    "words-off": {"contain_words": None, "words_quoted": None},
    # The skeleton veto (``skeleton_contain``, docs/dedup.md "Blotters: a veto on the skeleton").
    "skeleton-off": {"skeleton_contain": None},
    "skeleton-60": {"skeleton_contain": 0.6},
    "skeleton-70": {"skeleton_contain": 0.7},
}


def _make(doc_id, text, title, hours):
    """A document of the written splits (``story_cases`` passes ``hours`` by position)."""
    return _doc(doc_id, text, title, hours=hours)


def predict(nodes, config) -> dict:
    """``{doc_id: cluster id}``; a document in no cluster is its own."""
    pred = {n.doc_id: n.doc_id for n in nodes}
    for _, (doc_id, verdict) in cluster_verdicts(lambda: nodes, config):
        pred[doc_id] = verdict.cluster_id
    return pred


def components(nodes, config) -> list:
    """The connected components (lists of nodes) the disk engine splits under ``config``."""
    found = []

    def keep(members, conf):
        found.append(members)
        return []

    with mock.patch.object(on_disk, "assign_cluster", keep):
        cluster_verdicts(lambda: nodes, config)
    return found


def _partition(pred: dict) -> set:
    groups: dict = {}
    for doc_id, cluster in pred.items():
        groups.setdefault(cluster, set()).add(doc_id)
    return {frozenset(g) for g in groups.values()}


def possible_pairs(parts, rule) -> set:
    """``(doc_id, doc_id)`` pairs of each component that ``clusters.match`` can match under any
    rule at least as strict as ``rule`` (a pair rule, ``verify.pair_rule``): one canonical URL,
    one text, or ``verify.rows_match``; documents without a full signature pair with all."""
    out = set()
    width = 4 * rule.num_perm
    for members in parts:
        full = [m for m in members if m.signature and len(m.signature) == width]
        out.update((m.doc_id, o.doc_id) for m in members if m not in full for o in members)
        out.update((o.doc_id, m.doc_id) for m in members if m not in full for o in members)
        rows = np.stack(
            [np.frombuffer(verify_row(m.signature, m.lead, rule), dtype="<u4") for m in full]
        )
        for i, m in enumerate(full):
            ok = rows_match(rows[i], rows, rule)
            for j in np.flatnonzero(ok).tolist():
                out.add((m.doc_id, full[j].doc_id))
        for key in ("canonical_url", "content_hash"):
            by: dict = {}
            for m in members:
                if getattr(m, key):
                    by.setdefault(getattr(m, key), []).append(m.doc_id)
            out.update((a, b) for ids in by.values() for a in ids for b in ids)
    return out


def split(nodes, parts, config, possible) -> dict:
    """``predict`` from components found once under a looser pair rule: each split by
    ``config``'s rule (the same verdicts unless LSH missed an edge only the looser rule's
    components bridge; ``--check`` compares with a whole run). ``clusters.match`` is asked only
    about ``possible`` pairs (the others it would refuse): the same split, sooner."""
    pred = {n.doc_id: n.doc_id for n in nodes}

    def match(node, canonical, conf=config):
        if (node.doc_id, canonical.doc_id) not in possible:
            return None
        return exact_match(node, canonical, conf)

    with mock.patch.object(clusters, "match", match):
        for members in parts:
            for doc_id, verdict in assign_cluster(members, config):
                pred[doc_id] = verdict.cluster_id
    return pred


def written_only(variants) -> None:
    """Per variant, the written splits alone: ``dedup_written`` (the split the quote rule was
    chosen on) and ``dedup_heldout`` (never used to choose)."""
    splits = {"dedup_written": written_cases(_make), "dedup_heldout": heldout_cases(_make)}
    prints = {k: [to_node(fingerprint(d, PRINTS)) for d in v[0]] for k, v in splits.items()}
    for name in variants:
        config = dataclasses.replace(BASE, **VARIANTS[name])
        for split_name, (_, label, info, negatives) in splits.items():
            pred = predict(prints[split_name], config)
            print(f"{name:<14} {split_name}:", end="")
            report_extra("", info, pred, negatives, label)


def mixed(pred: dict, label: dict) -> set:
    """The clusters (frozensets of doc ids) whose documents carry more than one label."""
    return {g for g in _partition(pred) if len({label[d] for d in g}) > 1}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS))
    parser.add_argument("--check", action="store_true", help="also a whole run per variant")
    parser.add_argument(
        "--prints",
        help="pickle of the quality set's nodes to reuse (made if absent or of other documents)",
    )
    parser.add_argument(
        "--mixed", action="store_true", help="list the mixed clusters a variant adds to default"
    )
    parser.add_argument(
        "--written-only",
        action="store_true",
        help="only the written splits (dedup_written, dedup_heldout), each clustered alone",
    )
    args = parser.parse_args(argv)
    if args.written_only:
        return written_only(args.variants)
    pages, docs, label, info, extra_info, negatives = quality_set(Path(args.data), args.limit)
    start = time.perf_counter()
    nodes = None
    if args.prints and Path(args.prints).exists():
        nodes = pickle.loads(Path(args.prints).read_bytes())
        # The file is made for one --data and --limit: reused with others it would score
        # nodes against labels of other documents.
        if [n.doc_id for n in nodes] != [d.doc_id for d in docs]:
            print(f"{args.prints} holds other documents than --data/--limit give: made again")
            nodes = None
    if nodes is None:
        nodes = [to_node(fingerprint(d, PRINTS)) for d in docs]
        if args.prints:
            Path(args.prints).write_bytes(pickle.dumps(nodes))
    print(
        f"## {len(pages)} pages -> {len(docs)} docs, {len(negatives)} negative pairs "
        f"(fingerprinted in {time.perf_counter() - start:.1f} s)",
        flush=True,
    )
    held_docs, held_label, held_info, held_negatives = heldout_cases(_make)
    held_nodes = [to_node(fingerprint(d, PRINTS)) for d in held_docs]
    configs = {name: dataclasses.replace(BASE, **VARIANTS[name]) for name in args.variants}
    loosest = min(pair_rule(c).contain or 1.0 for c in configs.values())
    start = time.perf_counter()
    loose = dataclasses.replace(BASE, contain_marked=loosest)
    parts = components(nodes, loose)
    possible = possible_pairs(parts, pair_rule(loose))
    print(f"components of the pair rule at containment {loosest}: {len(parts)} "
          f"({time.perf_counter() - start:.1f} s)")  # fmt: skip
    base = mixed(split(nodes, parts, BASE, possible), label) if args.mixed else set()
    for name, config in configs.items():
        start = time.perf_counter()
        pred = split(nodes, parts, config, possible)
        for group in sorted(mixed(pred, label) - base, key=sorted) if args.mixed else ():
            print(f"{name}: mixed cluster not in default: {sorted(group)}")
        if args.check:
            same = _partition(predict(nodes, config)) == _partition(pred)
            print(f"{name}: the clusters of a whole run are these: {same}")
        print(f"\n# {name}: {VARIANTS[name]} ({time.perf_counter() - start:.1f} s)")
        report_quality(name, label, info, negatives, pred)
        report_extra(name, extra_info, pred, negatives, label)
        held = predict(held_nodes, config)
        print(f"{'':<9} held out (dedup_heldout):", end="")
        report_extra("", held_info, held, held_negatives, held_label)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
