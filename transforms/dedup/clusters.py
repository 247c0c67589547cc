"""Clusters of copies: union-find over match edges, then each component split into clusters whose
every copy matches its canonical copy (no chaining), and each copy's verdict.

A connected component of match edges can chain different stories (A ~ B and B ~ C, A far from
C). ``split_component`` cuts it greedily: the best-ranked remaining document is a canonical copy,
every remaining document that matches it (``match``) is its copy, and the rest starts again.
Members are taken in ``rank_key`` order, so the clusters depend only on the component's members,
not on the order edges or bundles came in. A canonical copy that is itself inside a longer
remaining document (a teaser published before its story) gives way to that document: the
complete story is kept; not when that document is inside it too (each a copy of the other)."""

import dataclasses
import datetime as dt
from typing import NamedTuple, Optional

from transforms.core.record import stable_id
from transforms.dedup.config import DedupConfig
from transforms.dedup.evidence import sentences_mutual
from transforms.dedup.verify import match_signatures, signature_jaccard, template_conflict

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
    "same_url_story",
    "identity",
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
    url: Optional[str] = None  # the fetched URL: an identity when the canonical one is shared
    entry_id: Optional[str] = None  # a feed entry's guid / id: one entry is one article


class Assignment(NamedTuple):
    """The verdict for one document of a cluster with more than one member."""

    cluster_id: str
    duplicate_of: Optional[str]  # canonical article_id; None for the canonical copy itself
    match: Optional[str]  # url | exact | near | prior_run; None for the canonical copy
    similarity: float
    duplicate_count: int  # copies that lost to this one (canonical copy only)
    # A kept document whose canonical URL another story holds: the id it is written under
    # (``identity``) and what that id hashes (``url``, ``entry_id`` or ``text``).
    article_id: Optional[str] = None
    id_source: Optional[str] = None


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
    """``(kind, similarity)`` when ``node`` is a copy of ``canonical``, else None: one article
    at one canonical URL (``url``, ``same_url_story``), the same text (``exact``), or a
    signature match (``near`` / ``contained``, ``verify.match_signatures``) without substituted
    numbers or names (``verify.template_conflict``). Against a prior run's document the kind is
    ``prior_run``."""
    if node.canonical_url is not None and node.canonical_url == canonical.canonical_url:
        sim = same_url_story(node, canonical, config)
        if sim is not None:
            return ("prior_run" if canonical.prior else "url"), sim
    if node.content_hash == canonical.content_hash:
        kind, sim = "exact", 1.0
    else:
        found = match_signatures(
            node.signature,
            canonical.signature,
            config,
            node.lead,
            canonical.lead,
            node.marks,
            canonical.marks,
        )
        if found is None:
            return None
        signatures = (node.signature, canonical.signature)
        if template_conflict(node.marks, canonical.marks, config, signatures):
            return None
        kind, sim = found
    return ("prior_run" if canonical.prior else kind), sim


def same_url_story(a, b, config: DedupConfig = DEFAULT) -> Optional[float]:
    """The measured similarity when two documents of one canonical URL are one article, else
    None. ``a`` and ``b`` have ``entry_id``, ``signature`` and ``lead`` (a ``Node``, a stream's
    ``Probe``).

    A URL is not always a story's identity: a job feed links all its ads to one page, a site
    claims its home page as every page's canonical URL. So two feed entries are one article
    only when their entry ids are equal (an edited entry); without ids on both sides, unless
    their texts are clearly different: estimated Jaccard below ``url_min_similarity`` and
    neither contained in the other (an updated story keeps most of its text, or grows)."""
    entry_a, sig_a, lead_a = a.entry_id, a.signature, a.lead
    entry_b, sig_b, lead_b = b.entry_id, b.signature, b.lead
    sim = signature_jaccard(sig_a, sig_b)
    if entry_a and entry_b:
        return sim if entry_a == entry_b else None
    if sim >= config.url_min_similarity:
        return sim
    if match_signatures(sig_a, sig_b, config, lead_a, lead_b) is not None:
        return sim
    if match_signatures(sig_b, sig_a, config, lead_b, lead_a) is not None:
        return sim
    return None


def _contained_by(node: Node, others, config) -> Optional[Node]:
    """The best-ranked of ``others`` (new documents) that ``node`` is a ``contained`` copy of
    while it is not inside ``node`` too (``_inside_too``): a teaser is inside its story, the
    story is not inside it."""
    for other in others:
        if other.word_count > node.word_count:
            found = match(node, other, config)
            if (
                found is not None
                and found[0] == "contained"
                and not _inside_too(other, node, config)
            ):
                return other
    return None


def _inside_too(other: Node, node: Node, config) -> bool:
    """Whether ``other`` is a copy of ``node`` as well, or most of its sentences are
    ``node``'s (``evidence.sentences_mutual``). Two texts each inside the other (two digests
    sharing three quarters of their items, one a few words longer) are copies either way round,
    as a ``near`` pair is, so the rank decides, as in streaming (``streaming._pair_verdict``).
    Were the longer to win, the copies *it* matches would join a cluster whose first choice
    they do not match (a ~ b, b ~ c: a and c together; docs/dedup.md "No chaining")."""
    if match(other, node, config) is not None:
        return True
    return sentences_mutual(other.marks, node.marks, config)


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


def identity(node: Node, taken) -> tuple:
    """``(article_id, id_source)`` of a kept document whose own id (its canonical URL's) another
    story of its component holds: its fetched URL, else its feed entry id, else its text, each
    hashed with the canonical URL; the first not in ``taken``."""
    for source, value in (
        ("url", node.url if node.url != node.canonical_url else None),
        ("entry_id", node.entry_id),
        ("text", node.content_hash),
        ("doc", node.doc_id),
    ):
        if value:
            article_id = stable_id("url", node.canonical_url or "", source, value)
            if article_id not in taken:
                return article_id, source
    raise ValueError(f"no free article_id for {node.doc_id}")  # doc_ids are unique


def assign_cluster(members, config: DedupConfig = DEFAULT) -> list:
    """``[(doc_id, Assignment)]`` for the new (non-prior) members of one connected component,
    split so that every copy matches its canonical copy (``split_component``). Clusters come in
    rank order, so the first canonical copy of an id keeps it and a later one whose id is taken
    (another story at its canonical URL, this run or a prior one) gets ``identity``."""
    out = []
    taken = {m.article_id for m in members if m.prior}
    for canonical, copies in split_component(members, config):
        new = [(node, kind, sim) for node, kind, sim in copies if not node.prior]
        cluster_id, own = canonical.article_id, (None, None)
        if not canonical.prior:
            if cluster_id in taken:
                own = identity(canonical, taken)
                cluster_id = own[0]
            taken.add(cluster_id)
            out.append((canonical.doc_id, Assignment(cluster_id, None, None, 1.0, len(new), *own)))
        for node, kind, sim in new:
            out.append((node.doc_id, Assignment(cluster_id, cluster_id, kind, sim, 0)))
    return sorted(out)
