"""Marks as evidence of containment (``contain_marked``): a heavy edit whose containment estimate
is below ``contain_threshold`` is a ``contained`` copy when its names and numbers are nearly all
in the story; a text that shares as much wording but has other names (a digest that shares half
its items with another) is not. Batch (``clusters.match``) and streaming (``match_probes``) decide
alike."""

import dataclasses
import random

import numpy as np

from tests.support.articles import article
from transforms.dedup import DedupConfig, fingerprint, to_node
from transforms.dedup.clusters import match
from transforms.dedup.streaming import Probe, match_probes
from transforms.dedup.verify import (
    MIN_EVIDENCE_MARKS,
    compare_signatures,
    containment,
    marks_inside,
)

CONFIG = DedupConfig(contain_marked=0.6)  # off by default
OFF = dataclasses.replace(CONFIG, contain_marked=None)
_WORDS = "the a of council said would market city report plan after new year people".split()


def _sentence(rng: random.Random, k: int) -> str:
    """Twelve plain words, a name and a figure in the middle: the name and figure of item k."""
    words = [rng.choice(_WORDS) for _ in range(12)]
    words[5:5] = [f"Name{k}", f"{100 + k}"]
    return " ".join(words) + "."


def _story(seed: int, first: int, count: int) -> list:
    rng = random.Random(seed)
    return [_sentence(rng, first + k) for k in range(count)]


def _reword(sentence: str) -> str:
    """One plain word of the sentence changed, as a desk rewords."""
    words = sentence.split()
    words[10] = "reportedly"
    return " ".join(words)


def _texts():
    """A story of 36 sentences; its heavy edit (every third sentence cut, a word changed in
    half of the others, a closing line); a text with the story's first 16 sentences and 8 with
    other names and figures."""
    story = _story(7, 0, 36)
    edit = [_reword(s) if k % 3 else s for k, s in enumerate(story) if k % 3 != 1]
    closing = "Reporting by the wire desk in the city, with more on the plan to come next year."
    mixed = story[:16] + _story(8, 500, 8)
    return " ".join(story), " ".join(edit) + " " + closing, " ".join(mixed)


def _node(doc, text):
    return to_node(fingerprint(article(doc, text), CONFIG))


def _inside(copy, other) -> float:
    a, b = (np.frombuffer(n.signature, dtype="<u4") for n in (copy, other))
    equal, smaller, _ = compare_signatures(a, b)
    return float(containment(equal, smaller, min_equal=CONFIG.contain_min_equal))


def test_marks_inside_needs_enough_marks():
    story, edit, mixed = (_node(d, t) for d, t in zip(("s", "e", "m"), _texts()))
    assert marks_inside(edit.marks, story.marks) >= 0.9
    assert marks_inside(mixed.marks, story.marks) < 0.8
    few = _node("few", " ".join(_story(7, 0, MIN_EVIDENCE_MARKS // 2 - 1)) * 3)
    assert marks_inside(few.marks, story.marks) == 0.0  # too few marks to count


def test_a_heavy_edit_is_contained_by_its_marks_a_mixed_text_is_not():
    story, edit, mixed = (_node(d, t) for d, t in zip(("s", "e", "m"), _texts()))
    # Both measure below contain_threshold and above contain_marked: the marks decide.
    for copy in (edit, mixed):
        assert CONFIG.contain_marked <= _inside(copy, story) < CONFIG.contain_threshold
    kind, similarity = match(edit, story, CONFIG)
    assert kind == "contained" and similarity == round(_inside(edit, story), 4)
    assert match(edit, story, OFF) is None  # the rule before
    assert match(mixed, story, CONFIG) is None


def test_streaming_decides_the_same_pairs():
    story, edit, mixed = (_node(d, t) for d, t in zip(("s", "e", "m"), _texts()))

    def probe(node):
        return Probe(
            node.doc_id, node.article_id, (0.0,), 0.0, signature=node.signature, marks=node.marks
        )

    assert match_probes("b:k", probe(edit), probe(story), CONFIG) == match(edit, story, CONFIG)
    assert match_probes("b:k", probe(mixed), probe(story), CONFIG) is None
