"""Clusters of copies: union-find over match edges, then each component split into clusters whose
every copy matches its canonical copy (no chaining), and each copy's verdict.

A connected component of match edges can chain different stories (A ~ B and B ~ C, A far from
C). ``split_component`` cuts it greedily: the best-ranked remaining document is a canonical copy,
every remaining document that matches it (``match``) is its copy, and the rest starts again.
Members are taken in ``rank_key`` order, so the clusters depend only on the component's members,
not on the order edges or bundles came in. A canonical copy that is itself inside a longer
remaining document (a teaser published before its story) gives way to that document: the
complete story is kept."""

import dataclasses
import datetime as dt
from typing import NamedTuple, Optional

from transforms.dedup.config import DedupConfig
from transforms.dedup.verify import marks_conflict, match_signatures, signature_jaccard

DEFAULT = DedupConfig()

__all__ = [
    "Assignment",
    "Node",
    "UnionFind",
    "assign_cluster",
    "choose_canonical",
    "match",
    "rank_key",
    "split_component",
    "url_similarity",
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
    marks: bytes = b""  # numbers and names of the text (``verify.marks_of``): template guard
    lead: bytes = b""  # signature of the opening words (``minhash.lead_signature``): teasers


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


def rank_key(node: Node) -> tuple:
    """Sort key of the canonical choice: prior runs first, earliest published (None last),
    longest text, smallest article_id, smallest doc_id."""
    published = node.published_at
    ts = published.timestamp() if published is not None else 0.0
    return (not node.prior, published is None, ts, -node.word_count, node.article_id, node.doc_id)


def choose_canonical(members) -> Node:
    """The copy a cluster keeps; the same whatever order the members come in."""
    return min(members, key=rank_key)


def match(node: Node, canonical: Node, config: DedupConfig = DEFAULT) -> Optional[tuple]:
    """``(kind, similarity)`` when ``node`` is a copy of ``canonical``, else None: the same
    canonical URL (``url``), the same text (``exact``), or a signature match (``near`` /
    ``contained``, ``verify.match_signatures``) without substituted numbers or names
    (``verify.marks_conflict``). Against a prior run's document the kind is ``prior_run``.

    A URL is an article's identity (``article_id`` hashes it), so one URL keeps one article
    whatever its texts; the similarity is still measured (``url_similarity``) so a reader sees
    when one URL carried different stories."""
    if node.canonical_url is not None and node.canonical_url == canonical.canonical_url:
        kind, sim = "url", url_similarity(node, canonical)
    elif node.content_hash == canonical.content_hash:
        kind, sim = "exact", 1.0
    else:
        found = match_signatures(
            node.signature, canonical.signature, config, node.lead, canonical.lead
        )
        if found is None:
            return None
        if config.template_guard and marks_conflict(node.marks, canonical.marks):
            return None
        kind, sim = found
    return ("prior_run" if canonical.prior else kind), sim


def url_similarity(node: Node, canonical: Node) -> float:
    """Estimated Jaccard of two documents' signatures (1.0 for the same text or when a side has
    no signature to compare)."""
    if node.content_hash == canonical.content_hash:
        return 1.0
    return signature_jaccard(node.signature, canonical.signature)


def _contained_by(node: Node, others, config) -> Optional[Node]:
    """The best-ranked of ``others`` (new documents) that ``node`` is a ``contained`` copy of."""
    for other in others:
        if other.word_count > node.word_count:
            found = match(node, other, config)
            if found is not None and found[0] == "contained":
                return other
    return None


def split_component(members, config: DedupConfig = DEFAULT) -> list:
    """``[(canonical, [(copy, kind, similarity), ...]), ...]`` of one connected component: every
    copy matches its own canonical copy. Prior-run members rank first and are never copies."""
    remaining = sorted(members, key=rank_key)
    clusters = []
    while remaining:
        canonical = remaining[0]
        seen = {canonical.doc_id}
        while not canonical.prior:  # a teaser gives way to the story it is inside
            longer = _contained_by(
                canonical, [m for m in remaining if m.doc_id not in seen], config
            )
            if longer is None:
                break
            canonical = longer
            seen.add(longer.doc_id)
        copies, rest = [], []
        for node in remaining:
            found = None if node is canonical else match(node, canonical, config)
            if found is not None:
                copies.append((node, *found))
            elif node is not canonical:
                rest.append(node)
        clusters.append((canonical, copies))
        remaining = rest
    return clusters


def assign_cluster(members, config: DedupConfig = DEFAULT) -> list:
    """``[(doc_id, Assignment)]`` for the new (non-prior) members of one connected component,
    split so that every copy matches its canonical copy (``split_component``)."""
    out = []
    for canonical, copies in split_component(members, config):
        new = [(node, kind, sim) for node, kind, sim in copies if not node.prior]
        cluster_id = canonical.article_id
        if not canonical.prior:
            out.append((canonical.doc_id, Assignment(cluster_id, None, None, 1.0, len(new))))
        for node, kind, sim in new:
            out.append((node.doc_id, Assignment(cluster_id, canonical.article_id, kind, sim, 0)))
    return sorted(out)
