"""Quotes as evidence (``contain_quoted``): a desk's rewrite around a story's quotes (new lead,
half of the narrative reworded) is a ``contained`` copy; another outlet's article with the same
quotes, the next day's story quoting one of them, a short text made of two of its quotes and two
sentences of its own (quotes shared and nothing else), and a text that shares as much wording but
no quotes are not. The disk engine and ``ClusterNodes`` on the Beam runner give the same verdicts,
and streaming decides the same pairs."""

import dataclasses
import random

import numpy as np

from tests.support.articles import _VOCAB, article
from tests.support.dedup import agreed_copies
from transforms.dedup import DedupConfig, fingerprint, to_node
from transforms.dedup.clusters import match
from transforms.dedup.streaming import Probe, match_probes
from transforms.dedup.verify import compare_signatures, containment

CONFIG = DedupConfig(contain_quoted=0.4)
OFF = dataclasses.replace(CONFIG, contain_quoted=None)
ANY = dataclasses.replace(CONFIG, quotes_narrative=None)  # the rule before the narrative


def _sentences(rng, count, length=12):
    return [" ".join(rng.choice(_VOCAB) for _ in range(length)) + "." for _ in range(count)]


def _quote(rng, who):
    return f'"{" ".join(rng.choice(_VOCAB) for _ in range(14)).capitalize()}," {who} said.'


def _case(seed):
    """``{kind: text}``: a story of 12 plain sentences and 3 quotes; its rewrite (a new lead,
    every other plain sentence reworded, two cut, the quotes kept); another outlet's (its own sentences,
    the same quotes); the next day's (its own sentences, one quote); a brief (two sentences of its
    own and two of the story's quotes); a digest that has the story's first half and another
    story's sentences (the same wording shared, no quotes)."""
    rng = random.Random(seed)
    plain, quotes = _sentences(rng, 12), [_quote(rng, w) for w in ("Mayor", "Chief", "Head")]
    new, own = _sentences(rng, 13), _sentences(rng, 10)
    later, other = _sentences(rng, 10), _sentences(rng, 12)
    body = plain[:4] + quotes[:1] + plain[4:8] + quotes[1:2] + plain[8:] + quotes[2:]
    reworded = [new[k] if k % 2 else s for k, s in enumerate(plain)]
    rewrite = new[-1:] + reworded[:4] + quotes[:1] + reworded[4:8] + quotes[1:2]
    rewrite += reworded[8:10] + quotes[2:]  # shorter than the story: the story is kept
    return {
        "story": " ".join(body),
        "rewrite": " ".join(rewrite),
        "outlet": " ".join(own[:5] + quotes[:2] + own[5:] + quotes[2:]),
        "next_day": " ".join(later[:6] + quotes[1:2] + later[6:]),
        "brief": " ".join(other[-2:] + quotes[:2]),
        "digest": " ".join(plain[:10] + other[:6]),
    }


def _nodes(config):
    nodes = []
    for seed in range(6):
        for k, (kind, text) in enumerate(_case(seed).items()):
            doc = article(f"q{seed}-{kind}", text, published=k)
            nodes.append(to_node(fingerprint(doc, config), group="g"))
    return nodes


def _inside(copy, other) -> float:
    a, b = (np.frombuffer(n.signature, dtype="<u4") for n in (copy, other))
    equal, smaller, _ = compare_signatures(a, b)
    return float(containment(equal, smaller, min_equal=CONFIG.contain_min_equal))


def test_a_rewrite_around_the_quotes_is_contained_the_others_are_not():
    by_id = {n.doc_id: n for n in _nodes(CONFIG)}
    for seed in range(6):
        story, rewrite = by_id[f"q{seed}-story"], by_id[f"q{seed}-rewrite"]
        # Below every containment rule before (0.7, and 0.6 with the marks): the quotes decide.
        assert CONFIG.contain_quoted <= _inside(rewrite, story) < 0.6
        kind, similarity = match(rewrite, story, CONFIG)
        assert kind == "contained" and similarity == round(_inside(rewrite, story), 4)
        assert match(rewrite, story, OFF) is None
        for negative in ("outlet", "next_day", "brief", "digest"):
            assert match(by_id[f"q{seed}-{negative}"], story, CONFIG) is None, negative
        assert _inside(by_id[f"q{seed}-digest"], story) >= CONFIG.contain_quoted  # no quotes
        # The brief is inside the story as far as a rewrite is, all its quotes are the story's
        # and it has too few marks to tell: only its narrative, none of it the story's, refuses.
        brief = by_id[f"q{seed}-brief"]
        assert _inside(brief, story) >= CONFIG.contain_quoted
        assert match(brief, story, ANY) == ("contained", round(_inside(brief, story), 4))


def test_disk_engine_and_runner_give_the_same_verdicts():
    copies, story_ids = agreed_copies(_nodes(CONFIG), CONFIG)
    assert copies == {f"q{s}-rewrite": ("contained", story_ids[f"q{s}-story"]) for s in range(6)}


def test_streaming_decides_the_same_pairs():
    by_id = {n.doc_id: n for n in _nodes(CONFIG)}

    def probe(node):
        return Probe(
            node.doc_id, node.article_id, (0.0,), 0.0, signature=node.signature, marks=node.marks
        )

    story = by_id["q0-story"]
    for kind in ("rewrite", "outlet", "next_day", "digest"):
        copy = by_id[f"q0-{kind}"]
        assert match_probes("b:k", probe(copy), probe(story), CONFIG) == match(copy, story, CONFIG)
