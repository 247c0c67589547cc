"""The disk engine's verifying of LSH candidates (``on_disk._verify_buckets``): the larger
buckets' pairs and the two-member buckets' pairs compared by ``verify.pairs_match`` many at a
time, and joined into the union-find. ``ArrayForest`` (the smaller root wins) comes out the same
whatever the order of the unions; joining in the order ``lsh.verify_lists`` joins them keeps
which buckets are skipped as one component already, so the ``disk_buckets`` counter too."""

import numpy as np

from transforms.dedup.verify import pairs_match

__all__ = ["THREADS", "verify_lists_and_pairs"]

_PAIR_BATCH = 65_536  # candidate pairs gathered at once
THREADS = 2  # threads comparing slices while one worker clusters


def _chunks(groups: list, limit: int):
    """``groups`` (lists of signature rows) in runs of at most ``limit`` rows (one at least)."""
    chunk, rows = [], 0
    for group in groups:
        if chunk and rows + len(group) > limit:
            yield chunk
            chunk, rows = [], 0
        chunk.append(group)
        rows += len(group)
    if chunk:
        yield chunk


def _joined(forest, ids) -> bool:
    """Whether the documents ``ids`` are one component of ``forest`` already."""
    return len({forest.find(i) for i in ids.tolist()}) == 1


def _pair_batches(buckets: list):
    """``buckets`` (each its members' matrix rows) in runs of about ``_PAIR_BATCH`` pairs (a
    larger bucket alone)."""
    batch, pairs = [], 0
    for members in buckets:
        size = len(members) * (len(members) - 1) // 2
        if batch and pairs + size > _PAIR_BATCH:
            yield batch
            batch, pairs = [], 0
        batch.append(members)
        pairs += size
    if batch:
        yield batch


def _join_lists(batch: list, matrix, loads, rule, forest, pool) -> int:
    """The buckets of ``batch`` (their members' rows of ``matrix``) verified into ``forest`` as
    ``lsh.verify_lists`` does, one bucket after the other, each pair ``i < j`` in order, a bucket
    already one component skipped (the order does not change the components, only which
    buckets are skipped: the count returned); but every pair of the batch compared in one go
    (most buckets hold 3 to 10 members, where comparing them a row at a time costs more in calls
    than in comparing). The number of buckets not skipped."""
    firsts, seconds, owners = [], [], []
    for k, members in enumerate(batch):
        i, j = np.triu_indices(len(members), 1)
        firsts.append(members[i])
        seconds.append(members[j])
        owners.append(np.full(len(i), k))
    a, b, owner = np.concatenate(firsts), np.concatenate(seconds), np.concatenate(owners)
    ok = pairs_match(matrix, a, b, rule, pool)
    a, b = loads[a[ok]].tolist(), loads[b[ok]].tolist()
    ends = np.searchsorted(owner[ok], np.arange(len(batch) + 1)).tolist()
    verified = 0
    for k, members in enumerate(batch):
        if _joined(forest, loads[members]):
            continue
        verified += 1
        for x, y in zip(a[ends[k] : ends[k + 1]], b[ends[k] : ends[k + 1]]):
            forest.union(x, y)
    return verified


def verify_lists_and_pairs(pairs, lists, signatures, rule, forest, pool, limit: int) -> int:
    """``on_disk._verify_buckets``'s verifying: the larger buckets in the order of ``lists``, then
    the candidate pairs; how many buckets were verified (not skipped as one component already)."""
    buckets = 0
    for chunk in _chunks(lists, limit):
        rows = np.unique(np.concatenate([np.asarray(r, np.int64) for r in chunk]))
        matrix, loads = signatures.select(rows)
        members = [np.searchsorted(rows, reps) for reps in chunk]
        for batch in _pair_batches([m for m in members if not _joined(forest, loads[m])]):
            buckets += _join_lists(batch, matrix, loads, rule, forest, pool)
    for lo in range(0, len(pairs), limit // 2):
        chunk = pairs[lo : lo + limit // 2]
        rows = np.unique(chunk)
        matrix, loads = signatures.select(rows)
        a, b = np.searchsorted(rows, chunk[:, 0]), np.searchsorted(rows, chunk[:, 1])
        ok = pairs_match(matrix, a, b, rule, pool)
        for x, y in zip(loads[a[ok]].tolist(), loads[b[ok]].tolist()):
            forest.union(x, y)
    return buckets + len(pairs)
