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
taken out, and what the default preset makes of each pair and of a plain copy of each pair's
first text (a line added before it), also without the skeleton veto and without the words rule
(docs/dedup.md, "Small vocabularies" and "Blotters: a veto on the skeleton"). Then a positive
class: a templated page of 30 items (a regional weather round-up, a round of results) and its
first 4, 6, 8 or 12 items (a feed summary, a truncated syndication), ``TEASER_SEEDS`` pages of
each, which are copies (``teaser_cases``): found by the default and without the veto.

    python benchmarks/dedup_smallvocab.py --bytes [DATA]

prints the bytes the skeleton samples add to the quality set's nodes and the fingerprint's CPU
per text with the veto on and off (``sample_bytes``).
"""

import collections
import dataclasses
import random
import statistics
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.dedup_cases import CITIES, COMPANIES, DAYS, TEAMS

__all__ = ["SMALL_VOCABULARY_KINDS", "TEASER_CUTS", "small_vocabulary_cases", "teaser_cases"]

SMALL_VOCABULARY_KINDS = ("results", "markets", "listings", "blotter", "made_up")
_STREETS = ["Mill Road", "High Street", "Station Lane", "Church Street", "Park Avenue"]
_AREAS = ["Northfield", "Eastgate", "Westbrook", "Southmoor", "Kingsley", "Ashford"]
_APPEAL = ", and officers are asking anyone who saw it to come forward."
_CALLS = ["a burglary", "a car fire", "a break-in", "a theft from a vehicle", "a fight"]
_TIMES = ["morning", "afternoon", "evening", "night"]
_SHOWS = ["documentary", "quiz show", "crime drama", "cookery programme", "nature series"]
_CHANNELS = ["Channel One", "Channel Two", "Channel Four", "the Arts Channel"]
_COMPASS = ["North", "South", "East", "West", "Central"]
TEASER_FAMILIES = ("weather", "results")
TEASER_CUTS = (4, 6, 8, 12)  # items of the page's 30 its teaser keeps
TEASER_SEEDS = 8
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


def _page_item(family: str, rng: random.Random) -> str:
    if family == "weather":
        place = f"{rng.choice(_COMPASS)} {rng.choice(CITIES + _AREAS)}"
        return (
            f"{place}: a high of {rng.randint(8, 30)} degrees and a low of {rng.randint(0, 9)} "
            "degrees, with a chance of showers in the afternoon and light winds from the west."
        )
    home, away = rng.sample(TEAMS, 2)
    return (
        f"Full time at {home}: {home} {rng.randint(0, 4)}, {away} {rng.randint(0, 3)}, with the "
        f"winner in the {rng.randint(2, 89)}th minute; the report, the table and the highlights "
        "follow on the club pages."
    )


def teaser_cases(seeds: int = TEASER_SEEDS, items: int = 30) -> list:
    """``[(family, seed, cut, page, teaser)]``: per family and seed a page of ``items`` items of
    one frame and, per cut of ``TEASER_CUTS``, its first ``cut`` items: a copy (the page's feed
    summary, or its syndication cut short)."""
    out = []
    for family in TEASER_FAMILIES:
        for seed in range(seeds):
            rng = random.Random(f"{family}-{seed}")
            page = [_page_item(family, rng) for _ in range(items)]
            for cut in TEASER_CUTS:
                out.append((family, seed, cut, " ".join(page), " ".join(page[:cut])))
    return out


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
    skeleton_off = dataclasses.replace(default, skeleton_contain=None)
    # A plain copy of each a: a line added before it, as a desk republishes it.
    copies = {
        a: to_node(fingerprint(_doc(a + "-copy", "Latest update. " + text[a], a, hours=3), default))
        for _, a, _ in negatives
    }
    ways = {
        "as written": lambda t: _shingles(t),
        "no appeal": lambda t: _shingles(t.replace(_APPEAL, ".")),
        "repeats out": lambda t: _shingles(t, once=True),
    }
    print(
        "kind      "
        + "".join(f"| {w}: J, C (min/med/max)         " for w in ways)
        + "| pairs merged {kinds} plain copies found, per rule"
    )
    for kind in SMALL_VOCABULARY_KINDS:
        pairs = [(a, b) for _, a, b in negatives if a.startswith(f"small-{kind}")]
        cells = []
        for make in ways.values():
            sets = [(make(text[a]), make(text[b])) for a, b in pairs]
            jac = [len(x & y) / len(x | y) for x, y in sets]
            con = [max(len(x & y) / len(x), len(x & y) / len(y)) for x, y in sets]
            cells.append(f"| {_spread(jac)}, {_spread(con)} ")
        verdicts = collections.Counter()
        rules = (("default", default), ("skeleton off", skeleton_off), ("words off", words_off))
        for tag, config in rules:
            merged = collections.Counter()
            for a, b in pairs:
                found = match(nodes[a], nodes[b], config) or match(nodes[b], nodes[a], config)
                merged.update([found[0]] if found else [])
            copied = sum(match(copies[a], nodes[a], config) is not None for a, _ in pairs)
            verdicts[tag] = f"{sum(merged.values())}/{len(pairs)} {dict(merged)} {copied}"
        print(
            f"{kind:<10}"
            + "".join(cells)
            + "| "
            + "; ".join(f"{k}: {v}" for k, v in verdicts.items())
        )
    teasers(default, skeleton_off)


def teasers(default, skeleton_off) -> None:
    """Per family and cut: the teasers found (either way round) of ``TEASER_SEEDS`` pages by the
    default and without the veto, and how many pairs carry a skeleton sample on both sides (the
    pairs the veto is asked about)."""
    import numpy as np

    from benchmarks.dedup import _doc
    from transforms.dedup import fingerprint, to_node
    from transforms.dedup.clusters import match
    from transforms.dedup.skeleton import split_skeleton

    def carries(node) -> bool:
        return len(split_skeleton(np.frombuffer(node.marks or b"", dtype="<u4"))[1]) > 0

    rows = collections.defaultdict(lambda: [0, 0, 0, 0])  # sampled, default, off, pairs
    for family, seed, cut, page, teaser in teaser_cases():
        one = to_node(fingerprint(_doc(f"{family}{seed}", page, family, hours=1), default))
        two = to_node(fingerprint(_doc(f"{family}{seed}-{cut}", teaser, family, hours=2), default))
        row = rows[family, cut]
        row[0] += carries(one) and carries(two)
        for k, config in ((1, default), (2, skeleton_off)):
            row[k] += bool(match(two, one, config) or match(one, two, config))
        row[3] += 1
    print("\nteasers: a page of 30 items and its first k | both carry a sample | found: default, "
          "skeleton off")  # fmt: skip
    for (family, cut), (sampled, on, off, pairs) in rows.items():
        print(f"{family:<8} {cut:>2}/30 | {sampled}/{pairs} | {on}/{pairs}, {off}/{pairs}")


def sample_bytes(data: Path) -> None:
    """The skeleton samples' bytes on the quality set of benchmarks/dedup.py (default preset):
    per class of document, the nodes that carry one, the marks' mean bytes a node with and
    without it (the sample, its count and trailer are all the veto adds) and the largest."""
    import numpy as np

    from benchmarks.dedup import quality_set
    from transforms.dedup import PRESETS, fingerprint
    from transforms.dedup.skeleton import split_skeleton

    default = PRESETS["default"]
    rules = (default, dataclasses.replace(default, skeleton_contain=None))
    cpu = [0.0, 0.0]  # fingerprint thread CPU with the veto on, off (alternating which first)
    rows = collections.defaultdict(list)  # class -> [(marks bytes, sample bytes)]
    for n, doc in enumerate(quality_set(data, 0)[1]):
        for side in (0, 1) if n % 2 else (1, 0):
            start = time.thread_time()
            printed = fingerprint(doc, rules[side])
            cpu[side] += time.thread_time() - start
            if side == 0:
                marks = printed.marks or b""
        sample = split_skeleton(np.frombuffer(marks, dtype="<u4"))[1]
        added = 4 * (len(sample) + 2) if len(sample) else 0
        parts = doc.doc_id.split("-")  # p12-orig, chain4-a, small-blotter3-b: p, chain, blotter
        kind = (parts[1] if parts[0] == "small" and len(parts) > 1 else parts[0]).rstrip(
            "0123456789"
        )
        for key in ("all", kind):
            rows[key].append((len(marks), added))
    count = len(rows["all"])
    print(f"fingerprint CPU ms a text: veto on {cpu[0] / count * 1e3:.3f}, "
          f"off {cpu[1] / count * 1e3:.3f}")  # fmt: skip
    print(
        "class | nodes | carrying a sample | marks B a node (without the sample) | largest sample B"
    )
    for key, got in sorted(rows.items(), key=lambda kv: -len(kv[1])):
        total, added = sum(m for m, _ in got), sum(a for _, a in got)
        carrying = sum(1 for _, a in got if a)
        print(f"{key} | {len(got):,} | {carrying:,} | {total / len(got):,.1f} "
              f"({(total - added) / len(got):,.1f}) | {max(a for _, a in got)}")  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["--bytes"]:  # python benchmarks/dedup_smallvocab.py --bytes [DATA]
        sample_bytes(
            Path(sys.argv[2])
            if len(sys.argv) > 2
            else Path(__file__).resolve().parents[2] / "shared" / "data"
        )
    else:
        main()
