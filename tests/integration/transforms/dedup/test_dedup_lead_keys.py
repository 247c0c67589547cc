"""Lead keys are made under one condition (``verify.lead_keys``) by every engine: the runner's
``ClusterNodes``, the disk engine and streaming. Without containment (``contain_threshold:
null``) the lead is not used, so no engine makes lead keys and both batch engines decide alike."""

import dataclasses

import apache_beam as beam
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.util import assert_that, equal_to

from tests.support.articles import article, story
from transforms.dedup import ClusterNodes, DedupConfig, fingerprint
from transforms.dedup.find_duplicates import to_node
from transforms.dedup.on_disk import cluster_verdicts
from transforms.dedup.streaming import probe_keys
from transforms.dedup.verify import lead_keys

# One band of 32 values: a pair with Jaccard ~0.6 is a candidate only through a lead key.
NARROW = DedupConfig(bands=1, rows=32, contain_keys=0)
NO_CONTAIN = dataclasses.replace(NARROW, contain_threshold=None)


def _nodes(config):
    """A 300-word story and a re-write that keeps its first 230 words (its whole lead) and
    ends in 70 others: estimated Jaccard above 0.5, the same lead."""
    text = story(901, 300)
    rewrite = " ".join(text.split()[:230]) + " " + story(902, 70)
    docs = [article("story", text, published=0), article("rewrite", rewrite, published=1)]
    return [to_node(fingerprint(a, config), group="g") for a in docs]


def _copies(verdicts) -> dict:
    return {doc: a.match for _, (doc, a) in verdicts if a.match is not None}


def _runner(nodes, config):
    p = beam.Pipeline(runner=FnApiRunner())
    return p, p | beam.Create(nodes) | ClusterNodes(config=config)


def test_lead_keys_need_the_lead_and_containment():
    assert lead_keys(NARROW) == 16
    assert lead_keys(NO_CONTAIN) == 0
    assert lead_keys(dataclasses.replace(NARROW, lead_perm=0)) == 0
    node = _nodes(NO_CONTAIN)[0]
    assert not [k for k in probe_keys(node, NO_CONTAIN) if k.startswith("l:")]
    assert len([k for k in probe_keys(node, NARROW) if k.startswith("l:")]) == 16


def test_with_containment_both_engines_find_the_rewrite_through_its_lead():
    nodes = _nodes(NARROW)
    on_disk = cluster_verdicts(lambda: nodes, NARROW)
    assert _copies(on_disk) == {"rewrite": "near"}
    p, out = _runner(nodes, NARROW)
    assert_that(out, equal_to(on_disk))
    p.run().wait_until_finish()


def test_contain_threshold_null_gives_the_same_verdicts_on_both_engines():
    nodes = _nodes(NO_CONTAIN)
    on_disk = cluster_verdicts(lambda: nodes, NO_CONTAIN)
    assert _copies(on_disk) == {}  # no band shared, no lead key: never a candidate
    p, out = _runner(nodes, NO_CONTAIN)
    assert_that(out, equal_to(on_disk))
    p.run().wait_until_finish()
