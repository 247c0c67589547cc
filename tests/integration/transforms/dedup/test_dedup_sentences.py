"""Heavy edits by their sentences (``contain_sentences``): a story with a third of its sentences
cut, two moved and a closing of its own is a ``contained`` copy; a digest sharing half of its
items with another (a ~ c of a chain, as near inside) is not.
The disk engine and ``ClusterNodes`` on the Beam runner give the same verdicts."""

import dataclasses
import random

from tests.support.articles import _VOCAB, article
from tests.support.dedup import agreed_copies
from transforms.dedup import PRESETS, fingerprint, to_node
from transforms.dedup.clusters import match

CONFIG = dataclasses.replace(PRESETS["default"], contain_sentences=0.5)


def _sentences(rng, count, length=12):
    return [" ".join(rng.choice(_VOCAB) for _ in range(length)) + "." for _ in range(count)]


def _case(seed):
    """``{kind: text}``: a story of 12 short sentences; its heavy edit (4 cut, two swapped, a
    closing of two sentences of its own); a digest with half of the story's sentences and as
    many of its own (a ~ c of a chain)."""
    rng = random.Random(seed)
    story, own = _sentences(rng, 12), _sentences(rng, 8)
    kept = [s for k, s in enumerate(story) if k % 3 != 2]
    kept[2], kept[5] = kept[5], kept[2]
    return {
        "story": " ".join(story),
        "edit": " ".join(kept) + "\n" + " ".join(own[:2]),
        "digest": " ".join(story[:6] + own[2:8]),
    }


def _nodes(config):
    """The cases of six seeds as nodes; in each, the story first, then its edit, then the digest."""
    docs = [
        article(f"s{seed}-{kind}", text, published=hour)
        for seed in range(6)
        for hour, (kind, text) in enumerate(_case(seed).items())
    ]
    return [to_node(fingerprint(doc, config), group="g") for doc in docs]


def test_a_heavy_edit_is_contained_by_its_sentences_the_others_are_not():
    by_id = {n.doc_id: n for n in _nodes(CONFIG)}
    off = PRESETS["default"]
    for seed in range(6):
        story = by_id[f"s{seed}-story"]
        edit = match(by_id[f"s{seed}-edit"], story, CONFIG)
        assert edit is not None and edit[0] == "contained" and edit[1] < off.contain_threshold
        assert match(by_id[f"s{seed}-edit"], story, off) is None
        assert match(by_id[f"s{seed}-digest"], story, CONFIG) is None


def test_disk_engine_and_runner_give_the_same_verdicts():
    copies, story_ids = agreed_copies(_nodes(CONFIG), CONFIG)
    assert copies == {f"s{s}-edit": ("contained", story_ids[f"s{s}-story"]) for s in range(6)}
