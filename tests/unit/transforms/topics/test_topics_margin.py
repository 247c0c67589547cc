"""The margin rule for the primary topic: a long story whose words touch many topics gets its
topic when one plainly leads, though its share of all the evidence stays under the threshold;
two close topics, thin evidence and uncovered languages still get none. Texts written for these
tests."""

import apache_beam as beam
import pytest
from apache_beam.testing.util import assert_that, equal_to

from tests.support.sample_stories import BUDGET
from transforms.core.record import Article
from transforms.topics.classify import (
    MARGIN,
    MIN_PRIMARY,
    ClassifyTopics,
    classify,
    clear_leader,
    effective_min_primary,
    primary_margin,
)
from transforms.topics.taxonomy import load_taxonomy

POLITICS = "medtop:11000000"
# Weather (19) and environment (18) side by side: no plain leader, so still no topic.
COAST = (
    "What a warmer climate brings to the coast",
    "Heavy rain and storms flooded the coast again this winter, and forecasters expect more "
    "heatwaves next summer. Scientists say climate change and the loss of wetlands make "
    "each flood worse; conservation groups want the marshes restored and carbon emissions cut. "
    "The governor asked parliament for money to rebuild the sea wall; insurers raised their "
    "prices, the hospital moved its patients upstairs, and the school was closed for a week "
    "while the firefighters pumped out the water.",
)


def _topics(story, margin=MARGIN, language="en"):
    return classify(
        *story, taxonomy=load_taxonomy(), language=language, min_primary=MIN_PRIMARY, margin=margin
    )


def test_clear_leader_needs_the_margin_and_enough_evidence():
    assert clear_leader(32.0, 15.5)
    assert clear_leader(12.0, 0.0)
    assert not clear_leader(19.0, 18.0)  # two topics side by side
    assert not clear_leader(6.0, 1.0)  # one or two strong terms: a mention, not a story
    assert not clear_leader(32.0, 15.5, margin=0.0)  # the rule turned off
    assert not clear_leader(20.0, 20.0, margin=1.0)  # a tie has no leader, whatever the margin
    assert clear_leader(20.5, 20.0, margin=1.0)


def test_a_long_story_with_a_plain_leader_gets_its_topic():
    assert _topics(BUDGET, margin=0.0) == ()  # the share rule alone abstains
    topics = _topics(BUDGET)
    assert [t.label for t in topics][:2] == ["politics", "economy, business and finance"]
    # the score a user reads is still the share of all the evidence, under the threshold
    assert topics[0].score < effective_min_primary(MIN_PRIMARY, "en")


def test_two_close_topics_and_thin_evidence_still_get_no_topic():
    assert _topics(COAST) == ()
    lone = ("Tickets", "Tickets for Thursday are sold at the door; a film follows.")
    assert _topics(lone) == ()


def test_the_stage_labels_the_story_and_leaves_an_uncovered_language_alone(runner):
    def article(i, language):
        return Article(
            doc_id=f"d{i}",
            source_path=f"p{i}",
            source_ref=f"p{i}",
            source_format="txt",
            title=BUDGET[0],
            text=BUDGET[1],
            language=language,
        )

    p = beam.Pipeline(runner=runner)
    out = (
        p
        | beam.Create([article(0, "en"), article(1, "fi")])
        | ClassifyTopics(taxonomy=load_taxonomy())
        | beam.Map(lambda a: (a.doc_id, a.topic, a.topic_label))
    )
    assert_that(out, equal_to([("d0", POLITICS, "politics"), ("d1", None, None)]))
    p.run().wait_until_finish()


def test_unset_the_margin_rule_stands_aside_when_min_primary_is_raised():
    assert primary_margin(None, MIN_PRIMARY) == MARGIN
    assert primary_margin(None, 0.2) == MARGIN  # a laxer threshold keeps it
    assert primary_margin(None, 0.4) == 0.0  # fewer, surer topics: none under the threshold
    assert primary_margin(2.0, 0.4) == 2.0  # set by the user: applied at any threshold
    assert primary_margin(0, MIN_PRIMARY) == 0.0
    story = dict(taxonomy=load_taxonomy(), language="en")
    assert classify(*BUDGET, **story, min_primary=0.4) == ()
    assert classify(*BUDGET, **story, min_primary=0.4, margin=MARGIN)[0].label == "politics"


def test_the_stage_refuses_a_margin_under_one():
    with pytest.raises(ValueError, match="margin must be 0 .off. or at least 1"):
        ClassifyTopics(taxonomy=load_taxonomy(), margin=0.5)
