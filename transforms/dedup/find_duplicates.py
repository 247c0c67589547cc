"""Find copies of the same story: canonical URL, exact text hash, then MinHash-LSH near-duplicates."""

import dataclasses
import datetime as dt
import heapq
from typing import NamedTuple, Optional

import apache_beam as beam
import numpy as np
from apache_beam.metrics import Metrics

from transforms.dedup.clusters import Node, UnionFind, assign_cluster
from transforms.dedup.config import DedupConfig
from transforms.dedup.index import DEFAULT_LOOKBACK_DAYS, entry_to_node
from transforms.dedup.minhash import (
    band_keys,
    hash_shingles,
    minhash,
    pack_signature,
    shingles,
    unpack_signature,
)
from transforms.record import Article, DuplicateRow, normalize_for_hash, stable_id

__all__ = ["DedupOutputs", "FindDuplicates", "content_hash", "fingerprint"]

_NS = "dedup"


class DedupOutputs(NamedTuple):
    articles: beam.PCollection  # canonical copies (and articles with no copy)
    duplicates: beam.PCollection  # DuplicateRow for every copy that lost


def content_hash(text: Optional[str]) -> str:
    """SHA-1 (40 hex digits) of the normalised text: equal for copies that differ in case,
    punctuation and white space only."""
    return stable_id(normalize_for_hash(text or ""), length=40)


def fingerprint(article: Article, config: DedupConfig) -> Article:
    """The article with ``content_hash`` and ``signature`` set (empty bytes: no words)."""
    grams = shingles(article.text or "", config.shingle_size)
    sig = b""
    if grams:
        sig = pack_signature(
            minhash(hash_shingles(grams), num_perm=config.num_perm, seed=config.seed)
        )
    return dataclasses.replace(article, content_hash=content_hash(article.text), signature=sig)


def to_node(article: Article) -> Node:
    return Node(
        doc_id=article.doc_id,
        article_id=article.article_id,
        published_at=article.published_at,
        word_count=article.word_count,
        canonical_url=article.canonical_url,
        content_hash=article.content_hash,
        signature=article.signature,
    )


class _FingerprintFn(beam.DoFn):
    def __init__(self, config: DedupConfig):
        self._config = config
        self._seen = Metrics.counter(_NS, "seen")

    def process(self, article: Article):
        self._seen.inc()
        yield fingerprint(article, self._config)


def _star_edges(kv):
    """Edges from the smallest doc_id of a URL / hash group to each other member."""
    _, doc_ids = kv
    ids = sorted(set(doc_ids))
    return [(ids[0], other) for other in ids[1:]]


class _BandKeysFn(beam.DoFn):
    def __init__(self, config: DedupConfig):
        self._bands, self._rows = config.bands, config.rows

    def process(self, node: Node):
        if not node.signature:
            return
        sig = unpack_signature(node.signature)
        for key in band_keys(sig, self._bands, self._rows):
            yield key, (node.doc_id, node.signature, node.prior)


def verify_bucket(members, *, threshold: float) -> list:
    """Edges between members of one bucket whose estimated Jaccard is at least ``threshold``.

    Members with equal signatures are chained without comparing; each distinct signature is
    compared with the later ones, vectorised. Buckets holding only prior-run entries give none.
    """
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
        need = int(np.ceil(threshold * matrix.shape[1] - 1e-9))
        for i in range(len(reps) - 1):
            equal = np.count_nonzero(matrix[i + 1 :] == matrix[i], axis=1)
            edges.extend((reps[i], reps[i + 1 + j]) for j in np.flatnonzero(equal >= need))
    return edges


class _VerifyBucketFn(beam.DoFn):
    def __init__(self, config: DedupConfig):
        self._config = config
        self._overflow = Metrics.counter(_NS, "bucket_overflow")
        self._edges = Metrics.counter(_NS, "lsh_edges")

    def process(self, kv):
        _, members = kv
        count = 0

        def counted():
            nonlocal count
            for m in members:
                count += 1
                yield m

        kept = heapq.nsmallest(self._config.max_bucket, counted(), key=lambda m: m[0])
        if count > len(kept):
            self._overflow.inc(count - len(kept))
        edges = verify_bucket(kept, threshold=self._config.threshold)
        self._edges.inc(len(edges))
        yield from edges


class _UnionFindFn(beam.CombineFn):
    """Connected components on one worker: holds every doc_id that has an edge (about 150
    bytes each), so ~10 million documents with a copy fit in 2 GB."""

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


def _node_by_root(kv):
    _, grouped = kv
    roots, nodes = list(grouped["root"]), list(grouped["node"])
    if roots:
        for node in nodes:
            yield roots[0], node


class _ApplyFn(beam.DoFn):
    """Article + its cluster verdict -> a canonical article or a DuplicateRow."""

    def __init__(self):
        self._kept = Metrics.counter(_NS, "kept")

    def process(self, kv):
        _, grouped = kv
        assignments = list(grouped["assignment"])
        for article in grouped["article"]:
            if not assignments:
                self._kept.inc()
                yield dataclasses.replace(article, cluster_id=article.article_id, duplicate_count=0)
                continue
            a = assignments[0]
            if a.match is None:
                self._kept.inc()
                yield dataclasses.replace(
                    article, cluster_id=a.cluster_id, duplicate_count=a.duplicate_count
                )
                continue
            Metrics.counter(_NS, f"dropped_{a.match}").inc()
            yield beam.pvalue.TaggedOutput("duplicates", duplicate_row(article, a))


def duplicate_row(article: Article, a) -> DuplicateRow:
    return DuplicateRow(
        article_id=article.article_id,
        doc_id=article.doc_id,
        duplicate_of=a.duplicate_of,
        match=a.match,
        similarity=a.similarity,
        cluster_id=a.cluster_id,
        url=article.url,
        canonical_url=article.canonical_url,
        title=article.title,
        language=article.language,
        published_at=article.published_at,
        word_count=article.word_count,
        source_path=article.source_path,
        source_ref=article.source_ref,
    )


def _group_edges(nodes, label: str, key_of):
    return (
        nodes
        | f"{label}Keys" >> beam.FlatMap(lambda n: [(k, n.doc_id) for k in [key_of(n)] if k])
        | f"Group{label}" >> beam.GroupByKey()
        | f"{label}Edges" >> beam.FlatMap(_star_edges)
    )


class FindDuplicates(beam.PTransform):
    """Keep one copy of each story: ``.articles`` (canonical copies with ``cluster_id`` and
    ``duplicate_count``) and ``.duplicates`` (DuplicateRow for each copy that lost).

    ``prior``: an optional PCollection of ``IndexEntry`` from earlier runs. With ``run_date``
    only entries of the ``lookback_days`` before it are used (never this run date's own, so a
    rerun does not match itself). A new article that matches one is a ``prior_run`` duplicate of
    it; prior entries always win and are never emitted.
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

    def expand(self, articles):
        marked = articles | "Fingerprint" >> beam.ParDo(_FingerprintFn(self._config))
        nodes = marked | "ToNode" >> beam.Map(to_node)
        if self._prior is not None:
            nodes = (nodes, self._prior_nodes()) | "WithPrior" >> beam.Flatten()
        url_edges = _group_edges(nodes, "Url", lambda n: n.canonical_url)
        hash_edges = _group_edges(nodes, "Hash", lambda n: n.content_hash)
        lsh_edges = (
            nodes
            | "BandKeys" >> beam.ParDo(_BandKeysFn(self._config))
            | "GroupBands" >> beam.GroupByKey()
            | "VerifyBuckets" >> beam.ParDo(_VerifyBucketFn(self._config))
        )
        roots = (
            (url_edges, hash_edges, lsh_edges)
            | "AllEdges" >> beam.Flatten()
            | "ConnectedComponents" >> beam.CombineGlobally(_UnionFindFn())
            | "Roots" >> beam.FlatMap(lambda roots: roots.items())
        )
        keyed_nodes = nodes | "NodeByDoc" >> beam.Map(lambda n: (n.doc_id, n))
        assignments = (
            {"root": roots, "node": keyed_nodes}
            | "JoinRoots" >> beam.CoGroupByKey()
            | "NodeByRoot" >> beam.FlatMap(_node_by_root)
            | "GroupClusters" >> beam.GroupByKey()
            | "AssignClusters" >> beam.FlatMap(lambda kv: assign_cluster(list(kv[1])))
        )
        keyed_articles = marked | "ArticleByDoc" >> beam.Map(lambda a: (a.doc_id, a))
        out = (
            {"article": keyed_articles, "assignment": assignments}
            | "JoinAssignments" >> beam.CoGroupByKey()
            | "Apply" >> beam.ParDo(_ApplyFn()).with_outputs("duplicates", main="articles")
        )
        return DedupOutputs(articles=out.articles, duplicates=out.duplicates)
