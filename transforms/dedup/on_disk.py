"""The verdicts of ``ClusterNodes`` for a whole run, computed in one process from column arrays.

The in-process runner keeps every shuffle of ``ClusterNodes`` in memory (nodes, band entries,
bucket lists, signatures joined to them): about 10 KB per document. This module takes the same
nodes as a stream (read twice, from files on disk) and decides the same clusters with a few
arrays per document: a 64-bit signature digest, the doc_id's rank, the packed signature, and
128-bit digests of the exact-match keys. Only the members of a cluster become ``Node`` objects.

Same decision, step for step (``find_duplicates.ClusterNodes``):

- exact keys (canonical URL, text hash, signature digest): documents with an equal key are joined;
- LSH: a bucket is a run of equal values of one band (``rows`` positions) or one contain key
  (a single position of the signature's tail); its members ordered by doc_id, the first
  ``max_bucket`` kept, one representative per distinct signature (``lsh.bucket_members``), and
  their pairs verified by ``lsh.verify_lists`` into the same union-find;
- components of two or more split by ``clusters.assign_cluster``.

Buckets compare band values themselves where the runner compares their 64-bit xxh64 digests,
and exact keys compare 128-bit digests of the key text: the two differ only on a hash collision.
"""

import array
import tempfile
from collections.abc import Callable, Iterable

import numpy as np
import xxhash

from transforms.dedup.clusters import Node, UnionFind, assign_cluster
from transforms.dedup.config import DedupConfig
from transforms.dedup.lsh import signature_digest, verify_lists
from transforms.dedup.verify import pair_rule, rows_match, verify_row

__all__ = ["cluster_verdicts"]

_NO_LEAD = 0xFFFFFFFF  # the lead values of a document without a lead (``verify.lead_values``)
_PAIR_BATCH = 65_536  # candidate pairs compared at once (two 32 MB slices of signatures)
_BLOCK_ROWS = 32_768  # signatures per block of the signature file (16 MB with 128 positions)


class _SignatureFile:
    """The packed signatures of a run in a temporary file, in blocks stored transposed: one
    position of every signature (a band's column) is read without the rest, and only the rows
    of candidate pairs are ever held whole. Memory: one block, not the run."""

    def __init__(self, num_perm: int, block_rows: int = None):
        self.num_perm, self.block_rows = num_perm, block_rows or _BLOCK_ROWS
        self.rows = 0
        self._file = tempfile.TemporaryFile(prefix="dedup-signatures-")
        self._blocks: list = []  # (byte offset, rows) of each written block
        self._buffer = bytearray()

    def add(self, packed: bytes) -> None:
        self._buffer += packed
        self.rows += 1
        if len(self._buffer) >= self.block_rows * 4 * self.num_perm:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            block = np.frombuffer(self._buffer, dtype="<u4").reshape(-1, self.num_perm)
            offset = self._file.seek(0, 2)
            self._file.write(np.ascontiguousarray(block.T).tobytes())
            self._blocks.append((offset, len(block)))
            self._buffer = bytearray()

    def _read(self, offset: int, count: int) -> np.ndarray:
        self._file.seek(offset)
        return np.fromfile(self._file, dtype="<u4", count=count)

    def columns(self, positions: list) -> np.ndarray:
        """``(rows, len(positions))`` values of the given signature positions, row order."""
        self._flush()
        out = np.empty((self.rows, len(positions)), dtype=np.uint32)
        start = 0
        for offset, n in self._blocks:
            for c, j in enumerate(positions):
                out[start : start + n, c] = self._read(offset + 4 * j * n, n)
            start += n
        return out

    def select(self, rows: np.ndarray) -> np.ndarray:
        """The whole signatures of ``rows`` (sorted, unique), one block read at a time."""
        self._flush()
        out = np.empty((len(rows), self.num_perm), dtype=np.uint32)
        start = 0
        for offset, n in self._blocks:
            lo, hi = np.searchsorted(rows, [start, start + n])
            if hi > lo:
                block = self._read(offset, n * self.num_perm).reshape(self.num_perm, n)
                out[lo:hi] = block[:, rows[lo:hi] - start].T
            start += n
        return out

    def close(self) -> None:
        self._file.close()


class _Columns:
    """The arrays of one pass over the nodes (load order)."""

    def __init__(self, num_perm: int, rule):
        self.num_perm = num_perm
        self.rule = rule
        self.doc_ids: list = []
        self.prior = bytearray()
        # Typed arrays, not lists of ints: 8 bytes a value instead of ~36.
        self.digests = array.array("Q")
        self.with_sig = array.array("q")  # load index of each node with a signature (any length)
        self.sig_rows = array.array("q")  # load index of each packed signature, in order
        # Per row: the signature, then the lead (``verify.verify_row``).
        self.signatures = _SignatureFile(num_perm + rule.lead_perm)
        self.keys = array.array("Q")  # digest hi, digest lo, load index of url / text keys

    def add(self, node: Node) -> None:
        i = len(self.doc_ids)
        self.doc_ids.append(node.doc_id)
        self.prior.append(1 if node.prior else 0)
        sig = node.signature or b""
        self.digests.append(signature_digest(sig) if sig else 0)
        if sig:
            self.with_sig.append(i)
        # A signature of another length (``entry_to_node`` already blanks a prior run's) gets
        # no LSH key: the runner's buckets would never verify it against this run's.
        if len(sig) == 4 * self.num_perm:
            self.sig_rows.append(i)
            self.signatures.add(verify_row(sig, node.lead, self.rule))
        for key in _exact_keys(node):
            digest = xxhash.xxh3_128_intdigest(key.encode("utf-8"))
            self.keys.extend((digest >> 64, digest & 0xFFFFFFFFFFFFFFFF, i))


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


def _join_exact(cols: _Columns, uf: UnionFind) -> None:
    """Documents with an equal URL, text or signature key in one component."""
    if cols.keys:
        keys = np.frombuffer(cols.keys, dtype=np.uint64).reshape(-1, 3)
        order = np.lexsort((keys[:, 1], keys[:, 0]))
        ordered = keys[order]
        starts, sizes = _runs(ordered[:, :2])
        for start, size in zip(starts.tolist(), sizes.tolist()):
            rows = ordered[start : start + size, 2].tolist()
            for other in rows[1:]:
                uf.union(int(rows[0]), int(other))
    digests = np.frombuffer(cols.digests, dtype=np.uint64)
    with_sig = np.frombuffer(cols.with_sig, dtype=np.int64)
    order = with_sig[np.argsort(digests[with_sig], kind="stable")]
    starts, sizes = _runs(digests[order])
    for start, size in zip(starts.tolist(), sizes.tolist()):
        rows = order[start : start + size].tolist()
        for other in rows[1:]:
            uf.union(rows[0], other)


def _band_columns(config: DedupConfig, num_perm: int, lead_perm: int) -> list:
    """The row positions of each LSH key: the bands, the contain keys, then the lead keys
    (the lead's values follow the signature's in a row)."""
    bands = [list(range(b * config.rows, (b + 1) * config.rows)) for b in range(config.bands)]
    tail = num_perm - config.contain_keys
    lead = [[num_perm + i] for i in range(min(config.lead_keys, lead_perm))]
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


def _verified_pairs(matrix, a, b, rule) -> np.ndarray:
    """Which pairs of matrix rows ``(a[k], b[k])`` match (``verify.rows_match``)."""
    ok = np.zeros(len(a), dtype=bool)
    for lo in range(0, len(a), _PAIR_BATCH):
        x, y = matrix[a[lo : lo + _PAIR_BATCH]], matrix[b[lo : lo + _PAIR_BATCH]]
        ok[lo : lo + _PAIR_BATCH] = rows_match(x, y, rule)
    return ok


def _buckets(cols: _Columns, by_rank, prior, digests, config: DedupConfig):
    """``(pairs, lists, overflow)`` of every band, contain and lead key: ``pairs`` the buckets of two
    (rows of ``by_rank`` order, unique), ``lists`` the larger buckets' representatives (one
    per distinct signature, doc_id order, the first ``max_bucket`` members)."""
    pairs, lists, overflow = [], [], 0
    for positions in _band_columns(config, cols.num_perm, cols.rule.lead_perm):
        band = cols.signatures.columns(positions)[by_rank]
        with_key = None
        if positions[0] >= cols.num_perm:  # a lead key: a document without a lead has none
            with_key = np.flatnonzero(band[:, 0] != _NO_LEAD)
            band = band[with_key]
        order = np.argsort(_band_key(band), kind="stable")
        starts, sizes = _runs(band[order])
        del band
        if with_key is not None:
            order = with_key[order]
        two = starts[sizes == 2]
        a, b = order[two], order[two + 1]
        keep = (digests[a] != digests[b]) & ~(prior[a] & prior[b])
        pairs.append(np.stack([a[keep], b[keep]], axis=1))
        for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist()):
            kept = order[start : start + min(size, config.max_bucket)]
            overflow += size - len(kept)
            if prior[kept].all():
                continue
            first: dict = {}
            for k, digest in zip(kept.tolist(), digests[kept].tolist()):
                first.setdefault(digest, k)
            if len(first) >= 2:
                lists.append(list(first.values()))  # doc_id order, as ``bucket_members``
    pairs = np.unique(np.concatenate(pairs), axis=0) if pairs else np.zeros((0, 2), np.int64)
    return pairs, lists, overflow


def _verify_buckets(cols: _Columns, rank: np.ndarray, uf: UnionFind, config: DedupConfig):
    """Every LSH bucket's representatives verified into ``uf``; counts for the caller.

    Buckets are found one band at a time from the band's columns of the signature file, in
    doc_id order (a stable sort of a band then leaves each bucket in doc_id order, as
    ``bucket_members`` takes them). A bucket of two (most of them) is a candidate pair: the
    pairs of every band are gathered, each verified once (a pair of copies shares many bands)
    and joined; a larger bucket goes through ``lsh.verify_lists`` as the runner's does. Either
    way ``uf`` ends with the components of all verified pairs, whatever the order."""
    if not cols.sig_rows:
        cols.signatures.close()
        return {"buckets": 0, "overflow": 0}
    rows = np.frombuffer(cols.sig_rows, dtype=np.int64)
    by_rank = np.argsort(rank[rows], kind="stable")  # signature file rows in doc_id order
    rows = rows[by_rank]
    prior = np.frombuffer(bytes(cols.prior), dtype=np.uint8)[rows].astype(bool)
    digests = np.frombuffer(cols.digests, dtype=np.uint64)[rows]
    pairs, lists, overflow = _buckets(cols, by_rank, prior, digests, config)
    # The whole signatures of the candidates only: their rows in the file, gathered once.
    wanted = np.unique(np.concatenate([pairs.ravel()] + [np.asarray(r, np.int64) for r in lists]))
    matrix = cols.signatures.select(np.sort(by_rank[wanted]))
    cols.signatures.close()
    where = np.empty(len(by_rank), dtype=np.int64)  # by_rank order -> row of ``matrix``
    where[wanted[np.argsort(by_rank[wanted])]] = np.arange(len(wanted))
    rule = cols.rule
    buckets = 0
    for reps in lists:
        ids = [int(rows[k]) for k in reps]
        if all(i in uf.parent for i in ids) and len({uf.find(i) for i in ids}) == 1:
            continue  # already one component: verify_lists would add no edge
        buckets += 1
        signatures = {i: matrix[where[k]].tobytes() for i, k in zip(ids, reps)}
        verify_lists([tuple(ids)], signatures, rule=rule, forest=uf)
    if len(pairs):
        buckets += len(pairs)
        ok = _verified_pairs(matrix, where[pairs[:, 0]], where[pairs[:, 1]], rule)
        for a, b in rows[pairs[ok]].tolist():
            uf.union(a, b)
    return {"buckets": buckets, "overflow": overflow}


def cluster_verdicts(
    nodes: Callable[[], Iterable[Node]], config: DedupConfig, stats: dict = None
) -> list:
    """``nodes()`` (called twice: an iterable of every node of the run, prior-run nodes
    included, the same each time) -> ``[(group, (doc_id, Assignment))]`` sorted, for each new
    document in a cluster of two or more: what ``ClusterNodes`` outputs for the same nodes.
    ``stats`` (a dict) gets the counts: nodes, clustered, buckets verified, bucket overflow."""
    cols = _Columns(config.num_perm, pair_rule(config))
    for node in nodes():
        cols.add(node)
    order = sorted(range(len(cols.doc_ids)), key=cols.doc_ids.__getitem__)
    rank = np.empty(len(order), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int64)
    del order
    uf = UnionFind()
    _join_exact(cols, uf)
    counts = _verify_buckets(cols, rank, uf, config)
    wanted = {cols.doc_ids[i]: root for i, root in uf.roots().items()}
    total = len(cols.doc_ids)
    del cols, rank, uf
    components: dict = {}
    for node in nodes():
        root = wanted.get(node.doc_id)
        if root is not None:
            components.setdefault(root, []).append(node)
    out = []
    for members in components.values():
        if len(members) < 2:
            continue
        group_of = {m.doc_id: m.group for m in members}
        out.extend((group_of[d], (d, a)) for d, a in assign_cluster(members, config))
    if stats is not None:
        stats.update(counts, nodes=total, clustered=len(wanted))
    return sorted(out, key=lambda kv: kv[1][0])
