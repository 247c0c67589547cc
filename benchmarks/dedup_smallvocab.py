"""Small-vocabulary negatives for benchmarks/dedup.py: texts built from a few dozen words, where
two different texts share every word (docs/dedup.md, "Reworded edits by their words").

Every case is written here, by code, as generated and tabular news is: a round of results, a
market close, a listings page, a police blotter and a digest of made-up words (as the tests'
``digest`` negatives). Each pair (a, b) shares half of its items word for word, as a ~ c of a
chain does, and fills the other half with other items of the same vocabulary: other matches,
other moves, other calls. The items differ, the words do not: labelled apart.
"""

import random

from benchmarks.dedup_cases import CITIES, COMPANIES, DAYS, TEAMS

__all__ = ["SMALL_VOCABULARY_KINDS", "small_vocabulary_cases"]

SMALL_VOCABULARY_KINDS = ("results", "markets", "listings", "blotter", "made_up")
_STREETS = ["Mill Road", "High Street", "Station Lane", "Church Street", "Park Avenue"]
_AREAS = ["Northfield", "Eastgate", "Westbrook", "Southmoor", "Kingsley", "Ashford"]
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
            f"{rng.choice(_AREAS)} on {rng.choice(DAYS)} {rng.choice(_TIMES)}, and officers "
            f"are asking anyone who saw it to come forward."
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
