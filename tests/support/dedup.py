"""Dedup helpers for tests and benchmarks: the whole dedup decision in one transform over
Articles (the batch pipeline parks articles on disk instead, ``transforms/dedup/park.py``), and
connected components as a plain reference."""

from typing import NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.core.record import DuplicateRow
from transforms.dedup.clusters import UnionFind
from transforms.dedup.config import DedupConfig
from transforms.dedup.find_duplicates import ClusterNodes
from transforms.dedup.verdicts import apply_verdict, fingerprint, to_node

_NS = "dedup"


def connected_components(edges) -> list:
    """Components of an undirected graph given as ``(a, b)`` pairs: sorted lists, sorted."""
    uf = UnionFind()
    for a, b in edges:
        uf.union(a, b)
    groups: dict = {}
    for node, root in uf.roots().items():
        groups.setdefault(root, []).append(node)
    return sorted(sorted(g) for g in groups.values())


class DedupOutputs(NamedTuple):
    articles: beam.PCollection  # canonical copies (and articles with no copy)
    duplicates: beam.PCollection  # DuplicateRow for every copy that lost


class _FingerprintFn(beam.DoFn):
    def __init__(self, config: DedupConfig):
        self._config = config
        self._seen = Metrics.counter(_NS, "seen")

    def process(self, article):
        self._seen.inc()
        yield fingerprint(article, self._config)


class _ApplyFn(beam.DoFn):
    """Article + its cluster verdict -> a canonical article or a DuplicateRow."""

    def __init__(self):
        self._kept = Metrics.counter(_NS, "kept")

    def process(self, kv):
        _, grouped = kv
        assignments = list(grouped["assignment"])
        for article in grouped["article"]:
            out = apply_verdict(article, assignments[0] if assignments else None)
            if isinstance(out, DuplicateRow):
                Metrics.counter(_NS, f"dropped_{out.match}").inc()
                yield beam.pvalue.TaggedOutput("duplicates", out)
            else:
                self._kept.inc()
                yield out


class FindDuplicates(ClusterNodes):
    """Keep one copy of each story: ``.articles`` (canonical copies with ``cluster_id`` and
    ``duplicate_count``) and ``.duplicates`` (DuplicateRow for each copy that lost).

    Takes ClusterNodes' arguments (``config``, ``prior``, ``run_date``, ``lookback_days``):
    fingerprints the articles, runs ``ClusterNodes`` on their nodes and joins the verdicts back
    by doc_id. The batch pipeline parks articles on disk instead of joining them
    (``transforms/dedup/park.py``); this transform is the same decision in one step, for
    tests, benchmarks and callers with few articles.
    """

    def expand(self, articles):
        marked = articles | "Fingerprint" >> beam.ParDo(_FingerprintFn(self._config))
        assignments = (
            marked
            | "ToNode" >> beam.Map(to_node)
            | "ClusterNodes"
            >> ClusterNodes(
                config=self._config,
                prior=self._prior,
                run_date=self._run_date,
                lookback_days=self._lookback_days,
            )
            | "ByDoc" >> beam.Map(lambda kv: kv[1])
        )
        keyed_articles = marked | "ArticleByDoc" >> beam.Map(lambda a: (a.doc_id, a))
        out = (
            {"article": keyed_articles, "assignment": assignments}
            | "JoinAssignments" >> beam.CoGroupByKey()
            | "Apply" >> beam.ParDo(_ApplyFn()).with_outputs("duplicates", main="articles")
        )
        return DedupOutputs(articles=out.articles, duplicates=out.duplicates)


def engines_agree(nodes, config) -> list:
    """The verdicts of the disk engine (``on_disk.cluster_verdicts``) on ``nodes``, after
    asserting that ``ClusterNodes`` on the Beam runner gives the same."""
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner
    from apache_beam.testing.util import assert_that, equal_to

    from transforms.dedup.on_disk import cluster_verdicts

    expected = cluster_verdicts(lambda: nodes, config)
    p = beam.Pipeline(runner=FnApiRunner())
    assert_that(p | beam.Create(nodes) | ClusterNodes(config=config), equal_to(expected))
    p.run().wait_until_finish()
    return expected


def agreed_copies(nodes, config) -> tuple:
    """``engines_agree`` on ``nodes``, read as a test asserts on it: ``{copy doc_id: (match,
    duplicate_of)}`` and ``{doc_id: article_id}`` of the nodes whose doc_id ends in ``-story``."""
    copies = {d: (a.match, a.duplicate_of) for _, (d, a) in engines_agree(nodes, config) if a.match}
    stories = {n.doc_id: n.article_id for n in nodes if n.doc_id.endswith("-story")}
    return copies, stories
