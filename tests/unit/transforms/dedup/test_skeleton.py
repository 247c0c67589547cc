"""The skeleton veto: two texts that are mostly one frame's repeated skeleton (police blotters)
are not copies when the shingles each has once are not a copy's (``skeleton.skeleton_apart``);
a plain copy still is, and so is a teaser of a templated page (much shorter: no veto). The
sample is bounded, and the other parts of the marks read as before."""

import collections
import dataclasses

import numpy as np
import pytest
import xxhash

from tests.support.articles import article
from tests.support.blotters import (
    WEATHER_PAGE,
    WEATHER_TEASER,
    WEEK_ONE,
    WEEK_ONE_COPY,
    WEEK_TWO,
    blotter,
)
from transforms.core.record import normalized_words
from transforms.dedup import DedupConfig, fingerprint, match, to_node
from transforms.dedup.minhash import shingle_positions, shingle_words
from transforms.dedup.quotes import split_parts, split_words
from transforms.dedup.skeleton import (
    MAX_ONCE,
    MIN_SIZE_SHARE,
    size_share,
    skeleton_apart,
    skeleton_of,
    split_skeleton,
)
from transforms.dedup.streaming import Probe, match_probes

ON = DedupConfig()
OFF = dataclasses.replace(ON, skeleton_contain=None)
PROSE = (
    "The council voted on Tuesday to close the old swimming baths in the town centre, after "
    "engineers found that the roof would cost more to repair than a new building. Residents "
    "who had campaigned for years to keep the baths open said they felt let down, and the "
    "leader of the opposition group called the decision short-sighted. A new leisure centre "
    "with two pools is planned on the site of the former bus depot, but building work is not "
    "expected to start before next spring, and the council admitted that swimmers would have "
    "to travel to the next town in the meantime. Schools that used the baths for lessons will "
    "be offered a bus service paid for from the sale of the land."
)


def _node(doc, text, config=ON, hours=0):
    return to_node(fingerprint(article(doc, text, published=hours), config))


def _sample(text):
    positions = np.sort(shingle_positions(shingle_words(text, normalized_words(text)), 5))
    return skeleton_of(positions, len(np.unique(positions)))


def test_a_blotter_carries_a_sample_and_prose_does_not():
    assert len(_sample(WEEK_ONE)) >= 30
    assert len(_sample(PROSE)) == 0
    assert _node("p", PROSE).marks == _node("p", PROSE, OFF).marks  # prose: no byte more


def test_two_weeks_blotters_are_apart_and_a_plain_copy_is_a_copy():
    one, two, copy = _node("a", WEEK_ONE), _node("b", WEEK_TWO, hours=1), _node("c", WEEK_ONE_COPY)
    # Without the veto their shingles are near: half the items and the other half's frame.
    assert match(two, one, OFF)[0] == "near"
    assert match(two, one, ON) is None and match(one, two, ON) is None
    assert skeleton_apart(one.marks, two.marks, ON) and skeleton_apart(two.marks, one.marks, ON)
    assert match(copy, one, ON)[0] == "near"
    assert not skeleton_apart(copy.marks, one.marks, ON)
    assert not skeleton_apart(one.marks, two.marks, OFF)


def test_a_teaser_of_a_templated_page_is_a_copy():
    page, teaser = _node("p", WEATHER_PAGE), _node("t", WEATHER_TEASER, hours=1)
    assert len(_sample(WEATHER_PAGE)) == MAX_ONCE and len(_sample(WEATHER_TEASER)) >= 30
    # The cause: a value the teaser has once the page repeats, so on the samples alone the
    # teaser is two fillings of the frame (as the review found it refused).
    assert skeleton_apart(teaser.marks, page.marks, ON)
    # But it is a quarter of the page's shingles, where two weeks' blotters are alike in size.
    signatures = (teaser.signature, page.signature)
    assert size_share(*signatures) < MIN_SIZE_SHARE
    assert size_share(_node("a", WEEK_ONE).signature, _node("b", WEEK_TWO).signature) >= 0.8
    assert not skeleton_apart(teaser.marks, page.marks, ON, signatures)
    assert match(teaser, page, ON) == match(teaser, page, OFF) == ("contained", 1.0)


def test_sizes_of_missing_or_unlike_signatures_leave_the_veto_as_it_was():
    one, two = _node("a", WEEK_ONE), _node("b", WEEK_TWO, hours=1)
    assert size_share(b"", two.signature) == 1.0
    assert size_share(one.signature, two.signature[:-4]) == 1.0
    assert skeleton_apart(one.marks, two.marks, ON, (b"", two.signature))


def test_without_a_sample_on_either_side_there_is_no_veto():
    one, two = _node("a", WEEK_ONE), _node("b", WEEK_TWO, OFF)  # two carries none (an old index)
    assert not skeleton_apart(one.marks, two.marks, ON)


@pytest.mark.parametrize("items", [200, 5000])
def test_the_sample_is_bounded_for_huge_texts(items):
    # Each item with its own reference number: the frame repeats, the numbers' shingles do not.
    text = " ".join(f"{blotter([i])} Reference {9000 + i}." for i in range(items))
    with_sample, without = _node("a", text).marks, _node("a", text, OFF).marks
    assert len(_sample(text)) == MAX_ONCE
    assert len(with_sample) - len(without) == 4 * (MAX_ONCE + 2)


def test_the_other_parts_of_the_marks_read_as_before():
    text = WEEK_ONE + ' The inspector said: "we are grateful to everyone who called us this week."'
    on, off = _node("a", text).marks, _node("a", text, OFF).marks
    assert on != off
    for x, y in zip(split_parts(on), split_parts(off)):
        assert np.array_equal(x, y)
    assert np.array_equal(split_words(on), split_words(off))
    rest, sample = split_skeleton(np.frombuffer(on, dtype="<u4"))
    assert rest.tobytes() == off and np.array_equal(sample, _sample(text))


def test_streaming_decides_the_blotters_as_batch_does():
    one, two, copy = _node("a", WEEK_ONE), _node("b", WEEK_TWO, hours=1), _node("c", WEEK_ONE_COPY)

    def probe(node, hour):
        return Probe(
            node.doc_id, node.article_id, (hour,), hour, signature=node.signature, marks=node.marks
        )

    assert match_probes("b:k", probe(two, 1.0), probe(one, 0.0), ON) is None
    assert match_probes("b:k", probe(copy, 1.0), probe(one, 0.0), ON) == match(copy, one, ON)
    assert match_probes("b:k", probe(two, 1.0), probe(one, 0.0), OFF) == match(two, one, OFF)
    page, teaser = _node("p", WEATHER_PAGE), _node("t", WEATHER_TEASER, hours=1)
    assert match_probes("b:k", probe(teaser, 1.0), probe(page, 0.0), ON) == ("contained", 1.0)


@pytest.mark.parametrize(
    "text",
    [PROSE, WEEK_ONE, WEEK_TWO, PROSE + " " + WEEK_ONE, blotter(range(4)) + " " + PROSE, PROSE * 3],
)
def test_the_sample_is_the_once_shingles_of_a_text_mostly_repeated(text):
    """Against a reference: every position's shingle counted, no early exit."""
    words = shingle_words(text, normalized_words(text))
    grams = [" ".join(words[i : i + 5]) for i in range(len(words) - 4)]
    counts = collections.Counter(grams)
    once = [g for g in grams if counts[g] == 1]
    carries = (
        len(grams) - len(once) >= 0.5 * len(grams)
        and len(once) >= 30
        and len(once) >= 0.5 * len(counts)
    )
    top = sorted({xxhash.xxh64_intdigest(g) >> 32 for g in once}) if carries else []
    assert _sample(text).tolist() == top[:MAX_ONCE]
