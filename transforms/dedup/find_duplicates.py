"""Find copies of the same story: canonical URL, exact text hash, then MinHash-LSH near-duplicates.

What moves where (per document; n documents, c of them in a cluster with a copy):

- Exact matches (same canonical URL, text hash or MinHash signature): ``(key, doc_id)``, one
  group per key, a star of edges from its smallest doc_id.
- LSH: band entries ``(band hash, signature digest, doc_id)`` packed per shard (``lsh.py``);
  each bucket goes on as its member list keyed by its smallest member; each member's signature
  is joined to the keys of its lists by doc_id (``JoinSignatures``: once per distinct key, not
  once per candidate pair), and a key's lists are verified together (``GroupBuckets``), which
  sends on a spanning forest of the verified pairs.
- Connected components: one union-find over the edges on one worker (memory per edge in
  docs/dedup.md); its ``{doc_id: root}`` dict (c entries) is a
  side input of the nodes, and the c clustered nodes are grouped by root.
- Articles go through one keyed join (``JoinAssignments``) with the verdicts of the c.
"""

import datetime as dt
from typing import Optional

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.core.parts import parts_of
from transforms.dedup.clusters import Node, UnionFind, assign_cluster
from transforms.dedup.config import DedupConfig
from transforms.dedup.index import DEFAULT_LOOKBACK_DAYS, entry_to_node
from transforms.dedup.lsh import BandEntriesFn, BucketShardFn, verify_lists
from transforms.dedup.verdicts import (
    apply_verdict,
    content_hash,
    fingerprint,
    match_keys,
    to_node,
)
from transforms.dedup.verify import lead_keys, pair_rule, verify_row

__all__ = [
    "ClusterNodes",
    "apply_verdict",
    "content_hash",
    "fingerprint",
    "match_keys",
    "to_node",
]

_NS = "dedup"


def _star_edges(kv):
    """Edges from the smallest doc_id of a URL / hash group to each other member."""
    _, doc_ids = kv
    ids = sorted(set(doc_ids))
    return [(ids[0], other) for other in ids[1:]]


def _list_members(bucket):
    """``(key, members)`` of a bucket -> ``(member, key)`` for each member: each meets its
    signature in ``JoinSignatures``."""
    key, members = bucket
    return [(member, key) for member in members]


def _signature_per_key(kv):
    """``(doc_id, {"sig": [signature], "key": [key, ...]})`` -> ``(key, ("sig", (doc_id,
    signature)))`` once per distinct key of the bucket lists the document is in (counted as
    ``dedup/lsh_signatures_sent``: about one per document in a bucket, whatever its copies)."""
    doc_id, grouped = kv
    sigs = list(grouped["sig"])
    if sigs:
        keys = sorted(set(grouped["key"]))
        Metrics.counter(_NS, "lsh_signatures_sent").inc(len(keys))
        for key in keys:
            yield key, ("sig", (doc_id, sigs[0]))


class _VerifyBucketsFn(beam.DoFn):
    """``(key, [("list", members) | ("sig", (doc_id, signature))])`` -> verified edges
    ``(a, b)``, ``a < b``: a spanning forest of the pairs of each list whose signatures agree in
    enough positions (``lsh.verify_lists``)."""

    def __init__(self, config: DedupConfig):
        self._rule = pair_rule(config)
        self._edges = Metrics.counter(_NS, "lsh_edges")

    def process(self, kv):
        _, tagged = kv
        signatures, lists = {}, set()
        for tag, value in tagged:
            if tag == "sig":
                signatures[value[0]] = value[1]
            else:
                lists.add(value)
        edges = verify_lists(sorted(lists), signatures, rule=self._rule, forest=UnionFind())
        self._edges.inc(len(edges))
        yield from edges


class _UnionFindFn(beam.CombineFn):
    """Connected components on one worker: holds every doc_id that has an edge, so its memory
    grows with the edges of the batch (docs/dedup.md: how many fit in a worker)."""

    def create_accumulator(self):
        return UnionFind()

    def add_input(self, acc, edge):
        acc.union(*edge)
        return acc

    def merge_accumulators(self, accs):
        accs = iter(accs)
        first = next(accs)
        for other in accs:
            first.merge(other)
        return first

    def extract_output(self, acc):
        return acc.roots()


def _node_by_root(node: Node, roots: dict):
    """A node with an edge -> ``(root of its component, node)``; nothing for the others."""
    root = roots.get(node.doc_id)
    return [] if root is None else [(root, node)]


def _cluster_verdicts(kv, config: DedupConfig):
    """A connected component's members -> ``(group, (doc_id, Assignment))`` for its new members."""
    members = list(kv[1])
    group_of = {m.doc_id: m.group for m in members}
    return [(group_of[doc_id], (doc_id, a)) for doc_id, a in assign_cluster(members, config)]


class ClusterNodes(beam.PTransform):
    """Nodes (fingerprinted documents; a PCollection or a tuple of them) -> the verdicts of
    documents that have a copy.

    Outputs ``(node.group, (doc_id, Assignment))`` for each new document in a cluster of two or
    more; a document with no copy gets no verdict (it is kept, with ``cluster_id`` = its own
    ``article_id``). Only nodes, band entries and edges are shuffled, never article text.

    ``prior``: an optional PCollection of ``IndexEntry`` from earlier runs. With ``run_date``
    only entries of the ``lookback_days`` before it are used (never this run date's own, so a
    rerun does not match itself). A new document that matches one is a ``prior_run`` duplicate
    of it; prior entries always win and never get a verdict.
    """

    def __init__(
        self,
        *,
        config: DedupConfig = DedupConfig(),
        prior=None,
        run_date: Optional[dt.date] = None,
        lookback_days: int = DEFAULT_LOOKBACK_DAYS,
    ):
        super().__init__()
        self._config = config
        self._prior = prior
        self._run_date = run_date
        self._lookback_days = lookback_days

    def _prior_nodes(self):
        prior = self._prior
        if self._run_date is not None:
            first = self._run_date - dt.timedelta(days=self._lookback_days)
            last = self._run_date
            prior = prior | "InLookback" >> beam.Filter(lambda e: first <= e.run_date < last)
        return prior | "PriorToNode" >> beam.Map(entry_to_node, num_perm=self._config.num_perm)

    def expand(self, nodes):
        parts = parts_of(nodes)
        if self._prior is not None:
            parts += (self._prior_nodes(),)
        # One Flatten of every part: on the local runner a Flatten of Flattens costs a stage.
        nodes = parts[0] if len(parts) == 1 else parts | "AllNodes" >> beam.Flatten()
        exact = (
            nodes
            | "MatchKeys" >> beam.FlatMap(match_keys)
            | "GroupMatchKeys" >> beam.GroupByKey()
            | "StarEdges" >> beam.FlatMap(_star_edges)
        )
        edges = (exact, self._lsh_edges(nodes)) | "AllEdges" >> beam.Flatten()
        # The components (one dict of the c documents with an edge) reach the nodes as a side
        # input: the nodes are not shuffled to meet them. On the local runner a shuffle keeps
        # its values as decoded objects (1.2 KB per node, and a second, encoded copy while it
        # is read), a PCollection read by a later stage stays encoded (0.9 KB per node).
        roots = edges | "ConnectedComponents" >> beam.CombineGlobally(_UnionFindFn())
        return (
            nodes
            | "NodeByRoot" >> beam.FlatMap(_node_by_root, beam.pvalue.AsSingleton(roots))
            | "GroupClusters" >> beam.GroupByKey()
            | "AssignClusters" >> beam.FlatMap(_cluster_verdicts, self._config)
        )

    def _lsh_edges(self, nodes):
        """Band keys (doc_id + digest, packed per shard) -> buckets -> member lists of
        different signatures, keyed by their smallest member -> each member's signature joined
        to its keys (one join by doc_id: a signature is shuffled once per distinct key, ~once)
        -> a key's lists and signatures grouped and verified. Equal signatures are joined by
        ``match_keys``, once, not once per band they share."""
        config = self._config
        lists = (
            nodes
            | "BandEntries"
            >> beam.ParDo(
                BandEntriesFn(config.bands, config.rows, config.contain_keys, lead_keys(config))
            )
            | "GroupBandShards" >> beam.GroupByKey()
            | "Buckets" >> beam.ParDo(BucketShardFn(config.max_bucket))
        )
        rule = pair_rule(config)
        sigs = nodes | "SignatureByDoc" >> beam.FlatMap(
            lambda n: [(n.doc_id, verify_row(n.signature, n.lead, rule))] if n.signature else []
        )
        members = lists | "ListMembers" >> beam.FlatMap(_list_members)
        joined = (
            {"sig": sigs, "key": members}
            | "JoinSignatures" >> beam.CoGroupByKey()
            | "SignaturePerKey" >> beam.FlatMap(_signature_per_key)
        )
        tagged = lists | "TagLists" >> beam.Map(lambda kv: (kv[0], ("list", kv[1])))
        return (
            (joined, tagged)
            | "ListsAndSignatures" >> beam.Flatten()
            | "GroupBuckets" >> beam.GroupByKey()
            | "VerifyBuckets" >> beam.ParDo(_VerifyBucketsFn(config))
        )
