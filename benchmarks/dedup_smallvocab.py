"""Small-vocabulary negatives for benchmarks/dedup.py: texts built from a few dozen words, where
two different texts share every word (docs/dedup.md, "Reworded edits by their words").

Every case is written here, by code, as generated and tabular news is: a round of results, a
market close, a listings page, a police blotter and a digest of made-up words (as the tests'
``digest`` negatives). Each pair (a, b) shares half of its items word for word, as a ~ c of a
chain does, and fills the other half with other items of the same vocabulary: other matches,
other moves, other calls. The items differ, the words do not: labelled apart.

    python benchmarks/dedup_smallvocab.py

prints, per kind, the pairs' 5-word shingle Jaccard and containment (the exact sets, not the
signatures), with the blotter's standing appeal taken out and with the shingles a text repeats
taken out, and what the default preset makes of each pair (docs/dedup.md, "Small vocabularies").
"""

import collections
import dataclasses
import random
import statistics
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.dedup_cases import CITIES, COMPANIES, DAYS, TEAMS

__all__ = ["SMALL_VOCABULARY_KINDS", "small_vocabulary_cases"]

SMALL_VOCABULARY_KINDS = ("results", "markets", "listings", "blotter", "made_up")
_STREETS = ["Mill Road", "High Street", "Station Lane", "Church Street", "Park Avenue"]
_AREAS = ["Northfield", "Eastgate", "Westbrook", "Southmoor", "Kingsley", "Ashford"]
_APPEAL = ", and officers are asking anyone who saw it to come forward."
_CALLS = ["a burglary", "a car fire", "a break-in", "a theft from a vehicle", "a fight"]
_TIMES = ["morning", "afternoon", "evening", "night"]
_SHOWS = ["documentary", "quiz show", "crime drama", "cookery programme", "nature series"]
_CHANNELS = ["Channel One", "Channel Two", "Channel Four", "the Arts Channel"]
_MADE_UP = [
    f"{a}{b}"
    for a in ("ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "de", "fa", "gu", "he")
    for b in ("ran", "tel", "mos", "dik", "vun", "zep", "bol", "kar", "nim", "sof")
]


def _item(kind: str, rng: random.Random) -> str:
    if kind == "results":
        home, away = rng.sample(TEAMS, 2)
        verb = rng.choice(["beat", "drew with", "lost to", "edged past", "thrashed"])
        return (
            f"{home} {verb} {away} {rng.randint(0, 4)}-{rng.randint(0, 3)} on {rng.choice(DAYS)},"
            f" with the winner coming in the {rng.randint(2, 89)}th minute."
        )
    if kind == "markets":
        move = rng.choice(["rose", "fell", "climbed", "slipped", "closed flat at"])
        return (
            f"Shares of {rng.choice(COMPANIES)} {move} {rng.randint(0, 9)}.{rng.randint(0, 9)} "
            f"percent to {rng.randint(5, 400)}.{rng.randint(10, 99)} dollars in {rng.choice(CITIES)}"
            f" trading on {rng.choice(DAYS)}."
        )
    if kind == "listings":
        return (
            f"At {rng.randint(6, 23)}:{rng.choice(['00', '30'])} on {rng.choice(_CHANNELS)}, a "
            f"{rng.choice(_SHOWS)} from {rng.choice(CITIES)} follows the {rng.choice(_SHOWS)} "
            f"of {rng.choice(DAYS)}."
        )
    if kind == "blotter":
        return (
            f"Police were called to {rng.choice(_CALLS)} on {rng.choice(_STREETS)} in "
            f"{rng.choice(_AREAS)} on {rng.choice(DAYS)} {rng.choice(_TIMES)}"
            f"{_APPEAL}"
        )
    return " ".join(rng.choice(_MADE_UP) for _ in range(12)).capitalize() + "."


def small_vocabulary_cases(make_doc, pairs_per_kind: int = 20, seed: int = 23):
    """``(docs, label, negatives)``: per kind, ``pairs_per_kind`` pairs of texts of 12 items
    sharing 6 (a ~ b labelled apart). ``make_doc(doc_id, text, title, hours)`` builds an
    Article."""
    rng = random.Random(seed)
    docs, label, negatives = [], {}, []
    for kind in SMALL_VOCABULARY_KINDS:
        for n in range(pairs_per_kind):
            shared = [_item(kind, rng) for _ in range(6)]
            for k, key in enumerate("ab"):
                items = shared + [_item(kind, rng) for _ in range(6)]
                if k:
                    rng.shuffle(items)  # the shared items in another order, as a re-sorted table
                doc_id = f"small-{kind}{n}-{key}"
                docs.append(make_doc(doc_id, " ".join(items), f"{kind} {n}{key}", 1 + k))
                label[doc_id] = (f"small-{kind}", n, key)
            negatives.append(("small_vocabulary", f"small-{kind}{n}-a", f"small-{kind}{n}-b"))
    return docs, label, negatives


def _shingles(text: str, *, once: bool = False) -> set:
    """The text's 5-word shingles as the signature takes them; ``once``: those it has once."""
    from transforms.core.record import normalized_words
    from transforms.dedup.minhash import shingle_words

    words = shingle_words(text, normalized_words(text))
    grams = [" ".join(words[i : i + 5]) for i in range(len(words) - 4)]
    counts = collections.Counter(grams)
    return {g for g in grams if not once or counts[g] == 1}


def _spread(values) -> str:
    return f"{min(values):.2f}/{statistics.median(values):.2f}/{max(values):.2f}"


def main() -> None:
    """Per kind: Jaccard and the larger containment (min/median/max) of the exact shingle sets,
    as written, without the appeal, without repeated shingles; the default's verdicts."""
    from benchmarks.dedup import _doc
    from transforms.dedup import PRESETS, fingerprint, to_node
    from transforms.dedup.clusters import match

    docs, _, negatives = small_vocabulary_cases(lambda d, t, h, hours: _doc(d, t, h, hours=hours))
    text = {d.doc_id: d.text for d in docs}
    default = PRESETS["default"]
    nodes = {d.doc_id: to_node(fingerprint(d, default)) for d in docs}
    words_off = dataclasses.replace(default, contain_words=None)
    ways = {
        "as written": lambda t: _shingles(t),
        "no appeal": lambda t: _shingles(t.replace(_APPEAL, ".")),
        "repeats out": lambda t: _shingles(t, once=True),
    }
    print("kind      " + "".join(f"| {w}: J, C (min/med/max)         " for w in ways) + "| default")
    for kind in SMALL_VOCABULARY_KINDS:
        pairs = [(a, b) for _, a, b in negatives if a.startswith(f"small-{kind}")]
        cells = []
        for make in ways.values():
            sets = [(make(text[a]), make(text[b])) for a, b in pairs]
            jac = [len(x & y) / len(x | y) for x, y in sets]
            con = [max(len(x & y) / len(x), len(x & y) / len(y)) for x, y in sets]
            cells.append(f"| {_spread(jac)}, {_spread(con)} ")
        verdicts = collections.Counter()
        for config, tag in ((default, ""), (words_off, " (words off)")):
            for a, b in pairs:
                found = match(nodes[a], nodes[b], config) or match(nodes[b], nodes[a], config)
                verdicts[(found[0] if found else "apart") + tag] += 1
        print(f"{kind:<10}" + "".join(cells) + "| " + dict(sorted(verdicts.items())).__repr__())


if __name__ == "__main__":
    main()
