"""Clusters of copies: union-find over match edges, the canonical copy and each copy's verdict."""

import dataclasses
import datetime as dt
from typing import NamedTuple, Optional

from transforms.dedup.minhash import jaccard_estimate, unpack_signature

__all__ = [
    "Assignment",
    "Node",
    "UnionFind",
    "assign_cluster",
    "choose_canonical",
    "connected_components",
    "rank_key",
]


@dataclasses.dataclass(frozen=True)
class Node:
    """What dedup needs of one document (an input article or a prior run's index entry)."""

    doc_id: str
    article_id: str
    published_at: Optional[dt.datetime]
    word_count: int
    canonical_url: Optional[str]
    content_hash: str
    signature: bytes
    prior: bool = False  # from an earlier run's index: always wins, never emitted again
    group: Optional[str] = None  # where the article is parked: its verdict is routed there


class Assignment(NamedTuple):
    """The verdict for one document of a cluster with more than one member."""

    cluster_id: str
    duplicate_of: Optional[str]  # canonical article_id; None for the canonical copy itself
    match: Optional[str]  # url | exact | near | prior_run; None for the canonical copy
    similarity: float
    duplicate_count: int  # copies that lost to this one (canonical copy only)


class UnionFind:
    """Disjoint sets over hashable nodes, with path halving and merge of another instance."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Smaller root wins: the structure does not depend on the order of the edges.
            self.parent[max(ra, rb)] = min(ra, rb)

    def merge(self, other: "UnionFind") -> None:
        for node, parent in other.parent.items():
            self.union(node, parent)

    def roots(self) -> dict:
        """``{node: smallest node of its component}`` for every node seen."""
        return {node: self.find(node) for node in list(self.parent)}


def connected_components(edges) -> list:
    """Components of an undirected graph given as ``(a, b)`` pairs: sorted lists, sorted."""
    uf = UnionFind()
    for a, b in edges:
        uf.union(a, b)
    groups: dict = {}
    for node, root in uf.roots().items():
        groups.setdefault(root, []).append(node)
    return sorted(sorted(g) for g in groups.values())


def rank_key(node: Node) -> tuple:
    """Sort key of the canonical choice: prior runs first, earliest published (None last),
    longest text, smallest article_id, smallest doc_id."""
    published = node.published_at
    ts = published.timestamp() if published is not None else 0.0
    return (not node.prior, published is None, ts, -node.word_count, node.article_id, node.doc_id)


def choose_canonical(members) -> Node:
    """The copy a cluster keeps; the same whatever order the members come in."""
    return min(members, key=rank_key)


def _match(node: Node, canonical: Node) -> tuple[str, float]:
    if canonical.prior:
        kind = "prior_run"
    elif node.canonical_url is not None and node.canonical_url == canonical.canonical_url:
        return "url", 1.0
    elif node.content_hash == canonical.content_hash:
        return "exact", 1.0
    else:
        kind = "near"
    if node.content_hash == canonical.content_hash or (
        node.canonical_url is not None and node.canonical_url == canonical.canonical_url
    ):
        return kind, 1.0
    sim = jaccard_estimate(unpack_signature(node.signature), unpack_signature(canonical.signature))
    return kind, round(sim, 4)


def assign_cluster(members) -> list:
    """``[(doc_id, Assignment)]`` for the new (non-prior) members of one connected component."""
    canonical = choose_canonical(members)
    new = [m for m in members if not m.prior]
    cluster_id = canonical.article_id
    out = []
    for node in new:
        if node.doc_id == canonical.doc_id:
            out.append((node.doc_id, Assignment(cluster_id, None, None, 1.0, len(new) - 1)))
        else:
            kind, sim = _match(node, canonical)
            out.append((node.doc_id, Assignment(cluster_id, canonical.article_id, kind, sim, 0)))
    return sorted(out)
