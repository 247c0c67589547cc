"""``lsh.verify_lists`` compares a bucket's pairs in a few vectorised calls: the same edges, in
the same order, as comparing each member with the ones after it (the code it replaced), on
buckets of near copies, contained texts (by signature and by lead) and strangers."""

import numpy as np
import pytest

from transforms.dedup import lsh, verify
from transforms.dedup.clusters import UnionFind
from transforms.dedup.config import DedupConfig
from transforms.dedup.verify import pair_rule, rows_match


def _row_by_row(lists, rows, rule, forest):
    edges = []
    width = 4 * (rule.num_perm + rule.lead_perm)
    for ids in lists:
        group = [d for d in ids if len(rows.get(d) or b"") == width]
        if len(group) > 1:
            matrix = np.stack([np.frombuffer(rows[d], dtype="<u4") for d in group])
            for i in range(len(group) - 1):
                ok = rows_match(matrix[i], matrix[i + 1 :], rule)
                for j in np.flatnonzero(ok).tolist():
                    a, b = group[i], group[i + 1 + j]
                    if forest.find(a) != forest.find(b):
                        forest.union(a, b)
                        edges.append((a, b))
    return edges


def _bucket(rng, size, rule):
    """Rows (signature then lead) of ``size`` members: originals, near copies, texts inside
    another (their values at some positions raised), short texts all in their lead."""
    n, lead_n = rule.num_perm, rule.lead_perm
    rows, base = [], None
    for _ in range(size):
        kind = rng.integers(0, 4)
        if base is None or kind == 0:
            sig = rng.integers(0, 2**32, n, dtype=np.uint64).astype("<u4")
            base = sig
        elif kind == 1:  # a near copy: some positions differ
            sig = base.copy()
            at = rng.choice(n, rng.integers(0, n // 2), replace=False)
            sig[at] = rng.integers(0, 2**32, len(at), dtype=np.uint64).astype("<u4")
        else:  # a shorter text inside base: its minima are base's or larger
            sig = base.copy()
            at = rng.choice(n, rng.integers(0, n), replace=False)
            sig[at] = np.maximum(sig[at], rng.integers(0, 2**32, len(at), dtype=np.uint64))
        if kind == 3 or rng.random() < 0.3:
            lead = sig[:lead_n].copy()  # the whole text in its lead
        else:
            lead = rng.integers(0, 2**32, lead_n, dtype=np.uint64).astype("<u4")
        rows.append(sig.tobytes() + lead.tobytes()[: 4 * lead_n])
    return rows


@pytest.mark.parametrize("contain", [0.8, None])
def test_same_edges_in_the_same_order(contain, monkeypatch):
    rule = pair_rule(DedupConfig(contain_threshold=contain))
    rng = np.random.default_rng(26)
    rows, lists, at = {}, [], 0
    for size in [2, 2, 3, 5, 9, 17, 40, 120, 2, 1]:
        ids = [f"d{at + k:05d}" for k in range(size)]
        at += size
        width = 4 * (rule.num_perm + rule.lead_perm)
        for doc_id, row in zip(ids, _bucket(rng, size, rule)):
            rows[doc_id] = row[:width]
        lists.append(tuple(ids))
    lists.append((lists[-3][0], lists[-4][1], "missing"))  # members of two buckets, one absent
    expected = _row_by_row(lists, rows, rule, UnionFind())
    assert len(expected) > 30  # the buckets hold matches, not only strangers
    assert lsh.verify_lists(lists, rows, rule=rule, forest=UnionFind()) == expected
    monkeypatch.setattr(verify, "_PAIR_SLICE", 7)  # a bucket's pairs in many slices
    assert lsh.verify_lists(lists, rows, rule=rule, forest=UnionFind()) == expected
