"""LSH buckets without shuffling signatures per pair: packed band keys per shard, buckets, verify.

A document contributes one entry per band: ``(band hash, signature digest, prior, doc_id)``,
about 40 bytes. Entries are packed per *shard* (a band and a range of its hash values) into
numpy blocks, one shuffle element per (bundle, shard) instead of one per (document, band). A
shard is sorted by band hash; a bucket is a run of equal hashes. A bucket's candidates are all
pairs of its distinct signatures (one member per signature digest), as ``verify_bucket`` checks
them. They are not sent on as pairs: a bucket of k copies has k(k-1)/2 of them, and a story
syndicated 30 times shares ~32 such buckets, so pairs (each end joined with its signature) grew
with the square of the copies. Each bucket goes on once as its sorted member list, keyed by its
smallest member; ClusterNodes joins each member's signature to the lists it is in (once per
distinct key, not once per pair) and verifies a key's lists in one place (``verify_lists``),
sending on only the edges that join two components. Members with equal signatures (equal
digests: similarity 1.0, nothing to verify; a 64-bit xxh64 collision between different
signatures is the only way this differs from comparing them) share every band, so they are not
paired here but once, by ``find_duplicates.match_keys``.

With the equal-signature groups, the verified edges connect the same components as
``verify_bucket`` (the all-pairs check of a bucket, kept as the reference) on every bucket.
Batch only: ``BandEntriesFn`` buffers a bundle's entries and emits them in the global window.
"""

import heapq

import apache_beam as beam
import numpy as np
import xxhash

from transforms.core.stage_fn import StageFn
from transforms.dedup.minhash import unpack_signature
from transforms.dedup.verify import PairRule, need_equal, pairs_match

__all__ = [
    "BandEntriesFn",
    "BucketShardFn",
    "band_hashes",
    "bucket_edges",
    "bucket_members",
    "ids_key",
    "need_equal",
    "pack_entries",
    "shard_buckets",
    "shard_of",
    "signature_digest",
    "verify_bucket",
    "verify_lists",
]

_NS = "dedup"
SPLITS_PER_BAND = 4  # shards per band: with 32 bands, 128 shuffle keys
_SENT_LISTS = 500_000  # bucket lists a bundle remembers as sent (~40 MB)
_FLUSH_ENTRIES = 32_768  # buffered entries (~5 MB as tuples: 1,024 documents at 32 bands) per flush


def band_hashes(
    sig: np.ndarray, bands: int, rows: int, contain_keys: int = 0, lead=None, lead_keys: int = 0
) -> list:
    """xxh64 of each band's ``rows`` values (the digest part of ``minhash.band_keys``), then of
    each of the last ``contain_keys`` single positions: a short copy inside a long document
    shares a position with probability about its share of the long one's shingles, too few for
    a band of ``rows`` (``contained`` matches); then of each of the first ``lead_keys`` values
    of ``lead`` (a teaser is most of its story's lead: ``verify.lead_containment``)."""
    data = np.ascontiguousarray(sig[: bands * rows], dtype="<u4").reshape(bands, rows)
    out = [xxhash.xxh64_intdigest(data[i].tobytes()) for i in range(bands)]
    tail = np.ascontiguousarray(sig[len(sig) - contain_keys :], dtype="<u4")
    out.extend(xxhash.xxh64_intdigest(tail[i : i + 1].tobytes()) for i in range(contain_keys))
    if lead is not None and lead_keys:
        head = np.ascontiguousarray(lead[:lead_keys], dtype="<u4")
        out.extend(xxhash.xxh64_intdigest(head[i : i + 1].tobytes()) for i in range(len(head)))
    return out


def signature_digest(signature: bytes) -> int:
    """64-bit digest of a packed signature: equal digests are taken as equal signatures."""
    return xxhash.xxh64_intdigest(signature)


def shard_of(band: int, band_hash: int) -> int:
    return band * SPLITS_PER_BAND + (band_hash * SPLITS_PER_BAND >> 64)


def pack_entries(entries) -> tuple:
    """``[(band_hash, digest, prior, doc_id)]`` -> one compact block of byte strings: hashes,
    digests, prior flags, doc_id lengths and the doc_ids (UTF-8, end to end). Byte strings,
    not a tuple of ids: the local runner keeps a shuffle's values as decoded objects, and a
    str per entry (32 per document) would cost ~70 bytes each there."""
    ids = [e[3].encode("utf-8") for e in entries]
    return (
        np.fromiter((e[0] for e in entries), dtype="<u8", count=len(entries)).tobytes(),
        np.fromiter((e[1] for e in entries), dtype="<u8", count=len(entries)).tobytes(),
        np.fromiter((e[2] for e in entries), dtype=np.uint8, count=len(entries)).tobytes(),
        np.fromiter(map(len, ids), dtype="<u4", count=len(ids)).tobytes(),
        b"".join(ids),
    )


def shard_buckets(blocks):
    """The buckets (>= 2 members) of a shard's blocks: lists of ``(doc_id, digest, prior)``."""
    blocks = list(blocks)
    if not blocks:
        return
    hashes = np.concatenate([np.frombuffer(b[0], dtype="<u8") for b in blocks])
    digests = np.concatenate([np.frombuffer(b[1], dtype="<u8") for b in blocks])
    prior = np.concatenate([np.frombuffer(b[2], dtype=np.uint8) for b in blocks])
    lengths = np.concatenate([np.frombuffer(b[3], dtype="<u4") for b in blocks])
    ends = np.cumsum(lengths, dtype=np.int64)
    blob = b"".join(b[4] for b in blocks)
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(ordered)])
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
        rows = order[start : start + size].tolist()
        yield [
            (
                blob[ends[k] - lengths[k] : ends[k]].decode("utf-8"),
                int(digests[k]),
                bool(prior[k]),
            )
            for k in rows
        ]


def bucket_members(members, *, max_bucket: int) -> tuple:
    """``(reps, overflow)`` of one bucket of ``(doc_id, digest, prior)``: the sorted
    representatives of its distinct digests (each its smallest doc_id), ``[]`` when fewer than
    two or only prior-run entries.

    Only the ``max_bucket`` members with the smallest doc_id take part (``overflow`` counts the
    others).
    """
    kept = heapq.nsmallest(max_bucket, members, key=lambda m: m[0])
    overflow = len(members) - len(kept)
    if len(kept) < 2 or all(prior for _, _, prior in kept):
        return [], overflow
    first: dict = {}
    for doc_id, digest, _ in sorted(kept):
        first.setdefault(digest, doc_id)
    reps = sorted(first.values())
    return (reps if len(reps) > 1 else []), overflow


def bucket_edges(members, *, max_bucket: int) -> tuple:
    """``(candidates, overflow)`` of one bucket: all pairs of ``bucket_members``."""
    reps, overflow = bucket_members(members, max_bucket=max_bucket)
    return [(a, b) for i, a in enumerate(reps) for b in reps[i + 1 :]], overflow


def verify_lists(lists, rows: dict, *, rule: PairRule, forest) -> list:
    """Verified edges among the members of bucket ``lists`` (sorted doc_id tuples): every pair
    of a list whose rows (``rows[doc_id]``: packed signature and lead, ``verify.verify_row``)
    match by ``rule`` (``verify.rows_match``), except pairs already joined in ``forest`` (a
    ``clusters.UnionFind``, updated): a spanning forest of the verified pairs, so the same
    components from at most n - 1 edges. Rows of another length (signatures of another
    ``num_perm``) are not compared."""
    width = 4 * (rule.num_perm + rule.lead_perm)
    edges = []
    for ids in lists:
        group = [d for d in ids if len(rows.get(d) or b"") == width]
        if len(group) > 1:
            matrix = np.stack([np.frombuffer(rows[d], dtype="<u4") for d in group])
            # In the order of ``for i: for j > i``, so a union-find fed so makes the same edges.
            first, second = np.triu_indices(len(matrix), 1)
            ok = pairs_match(matrix, first, second, rule)
            for i, j in zip(first[ok].tolist(), second[ok].tolist()):
                a, b = group[i], group[j]
                if forest.find(a) != forest.find(b):
                    forest.union(a, b)
                    edges.append((a, b))
    return edges


def verify_bucket(members, *, threshold: float) -> list:
    """All-pairs reference: edges between members ``(doc_id, signature, prior)`` of one bucket
    whose estimated Jaccard is at least ``threshold`` (equal signatures chained)."""
    members = sorted(members)
    if len(members) < 2 or all(prior for _, _, prior in members):
        return []
    by_sig: dict = {}
    for doc_id, sig, _ in members:
        by_sig.setdefault(sig, []).append(doc_id)
    edges = [(ids[0], other) for ids in by_sig.values() for other in ids[1:]]
    reps = [ids[0] for ids in by_sig.values()]
    if len(reps) > 1:
        matrix = np.stack([unpack_signature(sig) for sig in by_sig])
        need = need_equal(threshold, matrix.shape[1])
        for i in range(len(reps) - 1):
            equal = np.count_nonzero(matrix[i + 1 :] == matrix[i], axis=1)
            edges.extend((reps[i], reps[i + 1 + j]) for j in np.flatnonzero(equal >= need))
    return edges


class BandEntriesFn(beam.DoFn):
    """Node -> ``(shard, block)``: band entries packed per shard, flushed every
    ``_FLUSH_ENTRIES`` entries and at the end of the bundle."""

    def __init__(self, bands: int, rows: int, contain_keys: int = 0, lead_keys: int = 0):
        self._bands, self._rows, self._contain = bands, rows, contain_keys
        self._lead_keys = lead_keys

    def start_bundle(self):
        self._buffer: dict = {}
        self._count = 0

    def process(self, node):
        if not node.signature:
            return
        digest = signature_digest(node.signature)
        sig = unpack_signature(node.signature)
        lead = unpack_signature(node.lead) if node.lead and self._lead_keys else None
        values = band_hashes(sig, self._bands, self._rows, self._contain, lead, self._lead_keys)
        for band, value in enumerate(values):
            shard = shard_of(band, value)
            self._buffer.setdefault(shard, []).append((value, digest, node.prior, node.doc_id))
        self._count += len(values)
        if self._count >= _FLUSH_ENTRIES:
            yield from self._flush()

    def _flush(self):
        buffer, self._buffer, self._count = self._buffer, {}, 0
        for shard in sorted(buffer):
            yield shard, pack_entries(buffer[shard])

    def finish_bundle(self):
        for shard, block in self._flush():
            yield beam.transforms.window.GlobalWindows.windowed_value((shard, block))


def ids_key(ids) -> int:
    """128-bit digest of a sequence of ids (each length-prefixed, so no two read alike)."""
    return xxhash.xxh3_128_intdigest("".join(f"{len(i)}:{i}" for i in ids).encode())


class BucketShardFn(StageFn):
    """``(shard, blocks)`` -> ``(smallest member, members)`` per bucket of two or more distinct
    signatures (``bucket_members``), each distinct member list once per bundle.

    The copies of a story share most of the 32 bands, so one member list comes out of up to 32
    buckets (one per band, and a bundle holds many shards); sending each repeat on would join
    it with the signatures again. The lists a bundle has sent are remembered by 128-bit digest
    (~80 bytes each, at most ``_SENT_LISTS``, then forgotten: a repeat after that is only
    verified again). Counters: ``lsh_candidates`` (pairs in the buckets, repeats included),
    ``lsh_buckets`` (lists sent), ``lsh_bucket_repeats``, ``bucket_overflow``."""

    namespace = _NS

    def __init__(self, max_bucket: int):
        self._max_bucket = max_bucket

    def start_bundle(self):
        self._sent: set = set()

    def process(self, kv):
        _, blocks = kv
        sent = self._sent
        for members in shard_buckets(blocks):
            reps, overflow = bucket_members(members, max_bucket=self._max_bucket)
            if overflow:
                self.count("bucket_overflow", overflow)
            if not reps:
                continue
            self.count("lsh_candidates", len(reps) * (len(reps) - 1) // 2)
            key = ids_key(reps)
            if key in sent:
                self.count("lsh_bucket_repeats")
                continue
            if len(sent) >= _SENT_LISTS:
                sent.clear()
            sent.add(key)
            self.count("lsh_buckets")
            yield reps[0], tuple(reps)
