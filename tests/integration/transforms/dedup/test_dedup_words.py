"""Reworded edits by their words (``contain_words``, ``words_quoted``): a desk's rewrite that keeps
a story's quotes and rewords most of its sentences (the same words in another order, a new lead)
is a ``contained`` copy; another outlet's article with the same quotes and the next day's story
(a part of the story's vocabulary, their own sentences) are not. The disk engine and
``ClusterNodes`` on the Beam runner give the same verdicts, and streaming decides the same pairs.

Each story has a vocabulary of its own (words of 4+ letters) and short function words every text
shares, as a news story's names, places and subject words are its own and "the", "and", "was"
everyone's. A story draws on a vocabulary large against its length, as prose does (most of its
words are used once): a text of a few dozen words repeated is a table and carries no words.
"""

import dataclasses
import random

from tests.support.articles import article
from tests.support.dedup import agreed_copies
from transforms.dedup import PRESETS, fingerprint, to_node
from transforms.dedup.clusters import match
from transforms.dedup.streaming import Probe, _pair_verdict, match_probes

CONFIG = dataclasses.replace(PRESETS["default"], contain_words=0.5, words_quoted=0.3)
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
_SHORT = ["the", "of", "and", "to", "in", "on", "at", "by", "was", "for", "has", "its"]


def _vocabulary(rng, size=240):
    return ["".join(rng.choice(_SYLLABLES) for _ in range(3)) for _ in range(size)]


def _sentence(rng, words, length=12):
    out = [rng.choice(words) if k % 3 else rng.choice(_SHORT) for k in range(length)]
    return " ".join(out).capitalize() + "."


def _reword(rng, sentence):
    """The same words in another order (a sentence reworded around its words)."""
    words = sentence.rstrip(".").lower().split()
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def _case(seed):
    """``{kind: text}``: a story of 12 sentences and 3 quotes; its rewrite (a short new lead,
    three sentences in four reworded, two cut, the quotes kept); another outlet's article (its own
    sentences over half the story's vocabulary and its own, the same quotes); the next day's
    story (the same, one quote)."""
    rng = random.Random(seed)
    own, theirs, later = _vocabulary(rng), _vocabulary(rng), _vocabulary(rng)
    plain = [_sentence(rng, own) for _ in range(12)]
    quotes = [f'"{_sentence(rng, own, 14)[:-1]}," {w} said.' for w in ("Mayor", "Chief", "Head")]
    body = plain[:4] + quotes[:1] + plain[4:8] + quotes[1:2] + plain[8:] + quotes[2:]
    reworded = [_reword(rng, s) if k % 4 else s for k, s in enumerate(plain)]
    lead = _sentence(rng, _vocabulary(rng, 4), 6)
    rewrite = [lead] + reworded[:4] + quotes[:1] + reworded[4:8] + quotes[1:2]
    rewrite += reworded[8:10] + quotes[2:]
    mixed, next_words = own[:120] + theirs[:120], own[:80] + later[:160]
    outlet = [_sentence(rng, mixed) for _ in range(10)]
    next_day = [_sentence(rng, next_words) for _ in range(10)]
    return {
        "story": " ".join(body),
        "rewrite": " ".join(rewrite),
        "outlet": " ".join(outlet[:5] + quotes[:2] + outlet[5:] + quotes[2:]),
        "next_day": " ".join(next_day[:6] + quotes[1:2] + next_day[6:]),
    }


def _nodes(config, seeds=range(6)):
    nodes = []
    for seed in seeds:
        for k, (kind, text) in enumerate(_case(seed).items()):
            doc = article(f"r{seed}-{kind}", text, published=k)
            nodes.append(to_node(fingerprint(doc, config), group="g"))
    return nodes


def test_a_reworded_rewrite_is_contained_by_its_words_the_others_are_not():
    by_id = {n.doc_id: n for n in _nodes(CONFIG)}
    for seed in range(6):
        story, rewrite = by_id[f"r{seed}-story"], by_id[f"r{seed}-rewrite"]
        # The default finds no copy: most sentences are reworded, so its narrative's
        # shingles (0.3) and its sentences (0.7) are not the story's.
        assert match(rewrite, story, PRESETS["default"]) is None
        kind, similarity = match(rewrite, story, CONFIG)
        assert kind == "contained" and CONFIG.words_quoted <= similarity < 0.6
        for negative in ("outlet", "next_day"):
            copy = by_id[f"r{seed}-{negative}"]
            assert match(copy, story, CONFIG) is None and match(story, copy, CONFIG) is None


def test_fingerprints_carry_the_words_only_with_the_rule_on():
    off_config = dataclasses.replace(PRESETS["default"], contain_words=None, words_quoted=None)
    on, off = _nodes(CONFIG, [0]), _nodes(off_config, [0])
    for a, b in zip(on, off):
        assert a.marks.startswith(b.marks) and len(a.marks) > len(b.marks)
    # Entries written with the rule off (an older index, a stream's state) find no copy by it.
    story, rewrite = off[0], on[1]
    assert match(rewrite, story, CONFIG) is None


def test_disk_engine_and_runner_give_the_same_verdicts():
    copies, story_ids = agreed_copies(_nodes(CONFIG), CONFIG)
    assert copies == {f"r{s}-rewrite": ("contained", story_ids[f"r{s}-story"]) for s in range(6)}


def test_streaming_decides_the_same_pairs():
    by_id = {n.doc_id: n for n in _nodes(CONFIG)}

    def probe(node, hour):
        return Probe(
            node.doc_id, node.article_id, (hour,), hour, signature=node.signature, marks=node.marks
        )

    for seed in range(6):
        story = by_id[f"r{seed}-story"]
        for kind in ("rewrite", "outlet", "next_day"):
            copy = by_id[f"r{seed}-{kind}"]
            got = match_probes("b:k", probe(copy, 1.0), probe(story, 0.0), CONFIG)
            assert got == match(copy, story, CONFIG)
        verdict = _pair_verdict(
            "b:k", probe(by_id[f"r{seed}-rewrite"], 1.0), probe(story, 0.0), CONFIG
        )
        loser, winner, kind, _ = verdict
        assert (loser.doc_id, winner.doc_id, kind) == (
            f"r{seed}-rewrite",
            story.doc_id,
            "contained",
        )
