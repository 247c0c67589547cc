"""The verdicts of ``ClusterNodes`` for a whole run, computed in one process from column arrays.

The in-process runner keeps every shuffle of ``ClusterNodes`` in memory (nodes, band entries,
bucket lists, signatures joined to them): about 10 KB per document. This module takes the same
nodes as a stream (read twice, from files on disk) and decides the same clusters in memory that
does not grow with the run but for two arrays of 8 and 4 bytes a document (the doc_id's rank and
the union-find) and the candidate pairs: the signatures, the exact-match keys, the doc_ids and
each band's keys wait in files of the run's staging (``external``), sorted a part at a time.
Only the members of a cluster become ``Node`` objects.

Same decision, step for step (``find_duplicates.ClusterNodes``):

- exact keys (canonical URL, text hash, signature digest): documents with an equal key are joined;
- LSH: a bucket is a run of equal values of one band (``rows`` positions) or one contain key
  (a single position of the signature's tail); its members ordered by doc_id, the first
  ``max_bucket`` kept, one representative per distinct signature (``lsh.bucket_members``), and
  their pairs verified (``disk_verify``, as ``lsh.verify_lists`` does) into the same union-find;
- components of two or more split by ``clusters.assign_cluster``.

Buckets compare band values themselves where the runner compares their 64-bit xxh64 digests,
and exact keys compare 128-bit digests of the key text: the two differ only on a hash collision.
"""

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Optional

import numpy as np
import xxhash

from transforms.dedup.clusters import Assignment, Node, assign_cluster
from transforms.dedup.config import DedupConfig
from transforms.dedup.disk_verify import THREADS, verify_lists_and_pairs
from transforms.dedup.external import (
    ArrayForest,
    ObjectParts,
    Partitioned,
    Scratch,
    SignatureFile,
    SpilledList,
    ranks,
)
from transforms.dedup.lsh import signature_digest
from transforms.dedup.verify import lead_keys, pair_rule, verify_row

__all__ = ["cluster_verdicts", "stream_verdicts"]

_NO_LEAD = 0xFFFFFFFF  # the lead values of a document without a lead (``verify.lead_values``)
_BLOCK_ROWS = 8192  # signatures per block of the signature file (5 MB with 160 values)
_MEMORY_ROWS = 1 << 18  # records sorted in memory at once (a band's: 56 bytes each)
_DOC_ID_RUN = 100_000  # doc_ids sorted in memory at once (~150 bytes each as Python objects)
_MATRIX_BYTES = 64 << 20  # whole signatures held at once to verify candidates
_NODES_PER_PART = 16_384  # clustered nodes assigned at once (~16 MB)
_LIST_FRAME = 4096  # larger buckets' representatives held before they go to their file
_KEYS = np.dtype([("key", "<u8"), ("lo", "<u8"), ("row", "<i8")])
_FLUSH = 65_536  # exact keys buffered as tuples before they go to their ``Partitioned``


class _FirstPass:
    """What the first read of the nodes leaves: the signature file, the exact keys (and the
    signature digests) partitioned on disk, and the doc_ids for ``external.ranks``."""

    def __init__(self, num_perm: int, rule, scratch: Scratch, budget: int):
        self.num_perm, self.rule = num_perm, rule
        # Per row: the signature, then the lead (``verify.verify_row``).
        self.signatures = SignatureFile(num_perm + rule.lead_perm, scratch, _BLOCK_ROWS)
        self.keys = Partitioned(_KEYS, scratch, "keys", budget)
        self.digests = Partitioned(_KEYS, scratch, "digests", budget)
        self._held: dict = {"keys": [], "digests": []}

    def doc_ids(self, nodes):
        for i, node in enumerate(nodes):
            self._add(i, node)
            yield node.doc_id
        self._flush()

    def _add(self, i: int, node: Node) -> None:
        sig = node.signature or b""
        digest = signature_digest(sig) if sig else 0
        if sig:
            self._held["digests"].append((digest, 0, i))
        # A signature of another length (``entry_to_node`` already blanks a prior run's) gets
        # no LSH key: the runner's buckets would never verify it against this run's.
        if len(sig) == 4 * self.num_perm:
            row = verify_row(sig, node.lead, self.rule)
            self.signatures.add(row, i, digest, bool(node.prior))
        for key in _exact_keys(node):
            value = xxhash.xxh3_128_intdigest(key.encode("utf-8"))
            self._held["keys"].append((value >> 64, value & 0xFFFFFFFFFFFFFFFF, i))
        if len(self._held["keys"]) + len(self._held["digests"]) >= _FLUSH:
            self._flush()

    def _flush(self) -> None:
        for name, held in self._held.items():
            getattr(self, name).add(np.array(held, dtype=_KEYS))
            held.clear()


def _exact_keys(node: Node) -> list:
    """The URL and text keys of ``verdicts.match_keys`` (the signature key is its digest)."""
    keys = []
    if node.canonical_url:
        keys.append("url:" + node.canonical_url)
    if node.content_hash:
        keys.append("text:" + node.content_hash)
    return keys


def _runs(sorted_keys: np.ndarray) -> tuple:
    """``(starts, sizes)`` of the runs of equal rows (2-D) or values (1-D) of at least two."""
    if len(sorted_keys) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    differ = sorted_keys[1:] != sorted_keys[:-1]
    if differ.ndim == 2:
        differ = differ.any(axis=1)
    starts = np.flatnonzero(np.r_[True, differ])
    sizes = np.diff(np.r_[starts, len(sorted_keys)])
    keep = sizes > 1
    return starts[keep], sizes[keep]


def _join_exact(first: _FirstPass, forest: ArrayForest) -> None:
    """Documents with an equal URL, text or signature key in one component."""
    for store in (first.keys, first.digests):
        for part in store.parts():
            ordered = part[np.lexsort((part["lo"], part["key"]))]
            starts, sizes = _runs(np.stack([ordered["key"], ordered["lo"]], axis=1))
            rows = ordered["row"]
            for start, size in zip(starts.tolist(), sizes.tolist()):
                head = int(rows[start])
                for other in rows[start + 1 : start + size].tolist():
                    forest.union(head, other)


def _band_columns(config: DedupConfig, num_perm: int) -> list:
    """The row positions of each LSH key: the bands, the contain keys, then the lead keys
    (the lead's values follow the signature's in a row)."""
    bands = [list(range(b * config.rows, (b + 1) * config.rows)) for b in range(config.bands)]
    tail = num_perm - config.contain_keys
    lead = [[num_perm + i] for i in range(lead_keys(config))]
    return bands + [[tail + i] for i in range(config.contain_keys)] + lead


def _band_key(band: np.ndarray) -> np.ndarray:
    """A 64-bit key per row of band values (splitmix64 steps): equal values, equal keys; the
    runs of a sort by key are then checked on the values themselves (``_runs``)."""
    key = np.zeros(len(band), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(band.shape[1]):
            key ^= band[:, j].astype(np.uint64)
            key += np.uint64(0x9E3779B97F4A7C15)
            key = (key ^ (key >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            key = (key ^ (key >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            key ^= key >> np.uint64(31)
    return key


def _band_records(first: _FirstPass, positions: list, rank: np.ndarray, store) -> None:
    """One LSH key's records (its hash, the doc_id's rank, the signature row, digest, prior and
    values) from the signature file, a block at a time, into ``store``."""
    lead = positions[0] >= first.num_perm  # a document without a lead has no lead key
    dtype = _record_dtype(len(positions))
    start = 0
    for meta, values in first.signatures.blocks(positions):
        srow = np.arange(start, start + len(meta), dtype=np.int64)
        start += len(meta)
        if lead:
            keep = values[:, 0] != _NO_LEAD
            meta, values, srow = meta[keep], values[keep], srow[keep]
        records = np.empty(len(meta), dtype=dtype)
        records["key"] = _band_key(values)
        records["rank"] = rank[meta["row"]]
        records["srow"], records["digest"], records["prior"] = srow, meta["digest"], meta["prior"]
        records["vals"] = values
        store.add(records)


def _buckets(first: _FirstPass, rank: np.ndarray, config: DedupConfig, scratch, budget: int):
    """``(pairs, lists, overflow)`` of every band, contain and lead key: ``pairs`` the buckets
    of two (signature rows, doc_id order, unique), ``lists`` the larger buckets' representatives
    (one per distinct signature, doc_id order, the first ``max_bucket`` members).

    A bucket is a run of equal values of one key's records sorted by (hash, rank): a stable sort
    of the hashes in doc_id order, so each bucket is in doc_id order as ``bucket_members`` takes
    them. The records of a key are sorted a part (a range of hashes) at a time; ``lists`` wait
    in a file of the scratch (as Python lists they took ~0.2 KB a document of synthetic text)."""
    lists, overflow = SpilledList(scratch, "lists", _LIST_FRAME), 0
    # A pair is one int64 code of its two signature rows, ``a * n + b`` (``a`` the first in
    # doc_id order): sorted codes are the pairs in (a, b) order, as a unique of the rows gave.
    # A pair of copies is in the buckets of many keys, so the codes are made unique when those
    # waiting outnumber the unique ones (and the budget), and once at the end.
    n = max(first.signatures.rows, 1)
    pairs, found, waiting = np.zeros(0, np.int64), [], 0
    for positions in _band_columns(config, first.num_perm):
        store = Partitioned(_record_dtype(len(positions)), scratch, "band", budget)
        _band_records(first, positions, rank, store)
        for part in store.parts():
            # Only the values are gathered in sorted order; the other fields at bucket members.
            order = np.lexsort((part["rank"], part["key"]))
            starts, sizes = _runs(part["vals"][order])
            srow, digest, prior = part["srow"], part["digest"], part["prior"].astype(bool)
            a, b = order[starts[sizes == 2]], order[starts[sizes == 2] + 1]
            keep = (digest[a] != digest[b]) & ~(prior[a] & prior[b])
            found.append(srow[a[keep]] * n + srow[b[keep]])
            waiting += len(found[-1])
            for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist()):
                members = order[start : start + min(size, config.max_bucket)]
                overflow += size - len(members)
                if prior[members].all():
                    continue
                reps: dict = {}
                for k, d in zip(srow[members].tolist(), digest[members].tolist()):
                    reps.setdefault(d, k)
                if len(reps) >= 2:
                    lists.append(list(reps.values()))  # doc_id order, as ``bucket_members``
        if waiting > max(len(pairs), budget):
            pairs, found, waiting = np.unique(np.concatenate([pairs, *found])), [], 0
    pairs = np.unique(np.concatenate([pairs, *found]))
    return np.stack([pairs // n, pairs % n], axis=1), lists, overflow


def _record_dtype(width: int) -> np.dtype:
    fields = [("key", "<u8"), ("rank", "<i8"), ("srow", "<i8"), ("digest", "<u8")]
    return np.dtype(fields + [("vals", "<u4", (width,)), ("prior", "u1")], align=True)


def _verify_buckets(first: _FirstPass, rank, forest, config: DedupConfig, scratch, budget):
    """Every LSH bucket's representatives verified into ``forest``; counts for the caller.

    A bucket of two (most of them) is a candidate pair: the pairs of every key are gathered,
    each verified once (a pair of copies shares many bands) and joined; a larger bucket is
    verified as ``lsh.verify_lists`` does for the runner (``disk_verify._join_lists``). Either
    way ``forest`` ends with the components of all verified pairs, whatever the order. The whole
    signatures of candidates are read from the file a chunk of ``_MATRIX_BYTES`` at a time."""
    if not first.signatures.rows:
        return {"buckets": 0, "overflow": 0}
    pairs, lists, overflow = _buckets(first, rank, config, scratch, budget)
    rule, signatures = first.rule, first.signatures
    limit = max(2, _MATRIX_BYTES // (4 * signatures.num_perm))
    with ThreadPoolExecutor(THREADS, thread_name_prefix="verify") as pool:
        buckets = verify_lists_and_pairs(pairs, lists, signatures, rule, forest, pool, limit)
    return {"buckets": buckets, "overflow": overflow}


def stream_verdicts(
    nodes: Callable[[], Iterable[Node]],
    config: DedupConfig,
    stats: Optional[dict] = None,
    *,
    scratch: Optional[str] = None,
    budget: Optional[int] = None,
) -> Iterator[tuple[Optional[str], tuple[str, Assignment]]]:
    """``nodes()`` (called twice: an iterable of every node of the run, prior-run nodes
    included, the same in the same order each time) -> ``(group, (doc_id, Assignment))`` for
    each new document in a cluster of two or more, in no set order: what ``ClusterNodes``
    outputs for the same nodes. ``stats`` (a dict) gets the counts: nodes, clustered, buckets
    verified, bucket overflow. ``scratch``: the folder for the worker's files (None: the
    default temp); ``budget``: records sorted in memory at once (tests make it small)."""
    budget = budget or _MEMORY_ROWS
    folder = Scratch(scratch)
    first = None
    try:
        first = _FirstPass(config.num_perm, pair_rule(config), folder, budget)
        rank = ranks(first.doc_ids(nodes()), folder, min(budget, _DOC_ID_RUN))
        forest = ArrayForest(len(rank))
        _join_exact(first, forest)
        counts = _verify_buckets(first, rank, forest, config, folder, budget)
        total = len(rank)
        del rank
        root = forest.roots()
        del forest
        clustered = np.bincount(root, minlength=total)[root] >= 2 if total else root
        count = int(np.count_nonzero(clustered))
        if stats is not None:
            stats.update(counts, nodes=total, clustered=count)
        # The clustered nodes (a signature and a few strings: ~1 KB each) wait in parts of
        # about ``_NODES_PER_PART``, every component whole in one part.
        parts = ObjectParts(folder, "clustered", -(-count // _NODES_PER_PART))
        for i, node in enumerate(nodes()):
            if clustered[i]:
                parts.add(int(root[i]), (int(root[i]), node))
        del root, clustered
        for items in parts.groups():
            components: dict = {}
            for key, node in items:
                components.setdefault(key, []).append(node)
            del items
            for members in components.values():
                group_of = {m.doc_id: m.group for m in members}
                yield from ((group_of[d], (d, a)) for d, a in assign_cluster(members, config))
    finally:
        if first is not None:
            first.signatures.close()
        folder.close()


def cluster_verdicts(
    nodes: Callable[[], Iterable[Node]], config: DedupConfig, stats: Optional[dict] = None, **kw
) -> list[tuple[Optional[str], tuple[str, Assignment]]]:
    """``stream_verdicts`` as a list sorted by doc_id."""
    return sorted(stream_verdicts(nodes, config, stats, **kw), key=lambda kv: kv[1][0])
