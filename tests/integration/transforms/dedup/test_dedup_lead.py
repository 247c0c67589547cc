"""Teasers of long stories: the lead signature makes a story's opening a ``contained`` copy in
every engine (runner ClusterNodes, disk engine, cross-run index, streaming), and a short text
that only opens like a story stays apart."""

import dataclasses
import datetime as dt

import apache_beam as beam
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.util import assert_that, equal_to

from tests.support.articles import article, story
from tests.support.dedup import engines_agree
from transforms.dedup import ClusterNodes, DedupConfig, fingerprint, index_entry
from transforms.dedup.find_duplicates import to_node
from transforms.dedup.index import entry_to_node
from transforms.dedup.on_disk import cluster_verdicts
from transforms.dedup.streaming import Probe, match_probes, probe_keys
from transforms.dedup.verify import match_signatures

CONFIG = DedupConfig()
NO_LEAD = dataclasses.replace(CONFIG, lead_perm=0, lead_keys=0)
DAY, OLD = dt.date(2026, 1, 10), dt.date(2026, 1, 9)


def _texts():
    """Two 2,000-word stories, the first 45 words of each as a teaser (with a "Read more"), and
    a short text that opens with the first story's first 20 words and then tells another."""
    long_a, long_b = story(801, 2000), story(802, 2000)
    opening = " ".join(long_a.split()[:20])
    return {
        "a": long_a,
        "b": long_b,
        "a-teaser": " ".join(long_a.split()[:45]) + " Read more",
        "b-teaser": " ".join(long_b.split()[:45]) + " Read more",
        "a-opening-only": opening + " " + story(803, 60),
    }


def _nodes(config):
    hours = {"a": 1, "b": 1, "a-teaser": 0, "b-teaser": 2, "a-opening-only": 3}
    return [
        to_node(fingerprint(article(d, t, published=hours[d]), config), group="g")
        for d, t in _texts().items()
    ]


def _copies(verdicts):
    """``{copy doc_id: (article_id of its canonical copy, match)}`` of engine verdicts."""
    return {doc: (a.duplicate_of, a.match) for _, (doc, a) in verdicts if a.match is not None}


def test_a_teaser_is_inside_the_lead_of_its_story_not_measurably_inside_the_story():
    fp = {d: fingerprint(article(d, t), CONFIG) for d, t in _texts().items()}
    teaser, story_a = fp["a-teaser"], fp["a"]
    assert match_signatures(teaser.signature, story_a.signature, NO_LEAD) is None
    found = match_signatures(teaser.signature, story_a.signature, CONFIG, teaser.lead, story_a.lead)
    assert found is not None and found.kind == "contained" and found.similarity >= 0.9
    # Never the other way round, nor a text that only opens like the story, nor another story.
    assert (
        match_signatures(story_a.signature, teaser.signature, CONFIG, story_a.lead, teaser.lead)
        is None
    )
    other = fp["a-opening-only"]
    assert (
        match_signatures(other.signature, story_a.signature, CONFIG, other.lead, story_a.lead)
        is None
    )
    b = fp["b"]
    assert match_signatures(teaser.signature, b.signature, CONFIG, teaser.lead, b.lead) is None


def test_runner_and_disk_engines_keep_the_story_and_drop_its_teaser():
    nodes = _nodes(CONFIG)
    ids = {n.doc_id: n.article_id for n in nodes}
    expected = {"a-teaser": (ids["a"], "contained"), "b-teaser": (ids["b"], "contained")}
    assert _copies(engines_agree(nodes, CONFIG)) == expected
    assert _copies(cluster_verdicts(lambda: nodes, NO_LEAD)) == {}  # what the lead adds


def test_a_teaser_of_a_story_of_an_earlier_run_is_a_prior_run_copy():
    fp = {d: fingerprint(article(d, t), CONFIG) for d, t in _texts().items()}
    entry = index_entry(fp["a"], run_date=OLD)
    teaser = to_node(fp["a-teaser"], group="g")
    other = to_node(fp["a-opening-only"], group="g")
    prior = entry_to_node(entry, num_perm=CONFIG.num_perm)
    verdicts = cluster_verdicts(lambda: [prior, teaser, other], CONFIG)
    assert _copies(verdicts) == {"a-teaser": (fp["a"].article_id, "prior_run")}
    p = beam.Pipeline(runner=FnApiRunner())
    prior_pc = p | "Prior" >> beam.Create([entry])
    out = (
        p | beam.Create([teaser, other]) | ClusterNodes(config=CONFIG, prior=prior_pc, run_date=DAY)
    )
    assert_that(out, equal_to(verdicts))
    p.run().wait_until_finish()


def test_streaming_finds_the_teaser_on_a_lead_key():
    fp = {d: fingerprint(article(d, t), CONFIG) for d, t in _texts().items()}
    node_t, node_a = to_node(fp["a-teaser"]), to_node(fp["a"])
    shared = set(probe_keys(node_t, CONFIG)) & set(probe_keys(node_a, CONFIG))
    assert shared and all(k.startswith(("l:", "c:")) for k in shared)
    assert any(k.startswith("l:") for k in shared)

    def probe(n):
        return Probe(n.doc_id, n.article_id, (0.0,), 0.0, n.signature, lead=n.lead, marks=n.marks)

    key = sorted(k for k in shared if k.startswith("l:"))[0]
    found = match_probes(key, probe(node_t), probe(node_a), CONFIG)
    assert found is not None and found[0] == "contained"
