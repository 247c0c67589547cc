"""When the best topic is given: the threshold on its score (per lexicon language) and the
margin rule for a clear leader. Pure: numbers in, numbers out."""

from typing import Optional

from transforms.topics.lexicon import base_language

__all__ = [
    "MARGIN",
    "MARGIN_EVIDENCE",
    "MIN_PRIMARY",
    "PRIMARY_SCALE",
    "clear_leader",
    "effective_min_primary",
    "primary_margin",
]

# A primary topic needs this score (its share of the evidence times the confidence that the
# evidence is not thin): below it the article gets no topic rather than a guess. Calibrated with
# benchmarks/topics.py (precision of the primary topic against coverage): a lone body mention of
# one weight-3 term stays below it.
MIN_PRIMARY = 0.35
# ``min_primary`` is calibrated on English (AG's News); the German and French lexicons match
# fewer terms per article, so their scores run lower for the same evidence, and a German or
# French news article that is plainly on one topic stayed under 0.35. Their threshold is this
# share of ``min_primary`` (0.21 at the default), chosen on the dev splits only
# (benchmarks/topics_articles.py --split dev/harddev, topics_labelled.py dev pages; docs/topics.md).
# English full-length news spreads its evidence over more topics than AG's one-line items, so a
# plainly one-topic story could stay under 0.35 too: English uses 0.9 of it (0.315), chosen on
# the English dev splits (long-dev, labelled dev pages) with AG's News not lower, and still
# above one lone weight-3 term in the body (0.3127): such thin evidence gets no topic.
PRIMARY_SCALE = {"de": 0.6, "fr": 0.6, "en": 0.9}
# The score is a share of ALL the evidence, so a long story whose words touch many topics stays
# under the threshold even when one topic plainly leads (a president's tour: politics 32 against
# 15 for the next). Such a leader is given too when its evidence is at least MARGIN times the
# runner-up's and at least MARGIN_EVIDENCE (more than two strong terms' worth: one weight-3 term
# in the title makes 4.5). Chosen on the dev splits only (docs/topics.md, "Margin"): 1.5 gave a
# topic to 5 dev items, all right; 1.4 to one more against its gold, 1.1 to 14 (6 right).
MARGIN = 1.5
MARGIN_EVIDENCE = 8.0


def clear_leader(first: float, second: float, margin: float = MARGIN) -> bool:
    """Whether the best topic's evidence ``first`` leads the runner-up's ``second`` by ``margin``
    times, on enough evidence of its own to be more than a mention (``MARGIN_EVIDENCE``);
    a ``margin`` of 0 turns the rule off. It must lead: at a margin of 1, a tie is no leader."""
    return bool(margin) and first >= MARGIN_EVIDENCE and first >= margin * second and first > second


def primary_margin(margin: Optional[float], min_primary: float) -> float:
    """The margin rule's factor for ``topics.margin`` (None: not set) at ``min_primary``.

    Unset, it is ``MARGIN`` while ``min_primary`` is at most its default and off above: the rule
    was chosen at the default threshold, and a user who raises the threshold asks for fewer,
    surer topics, so no topic is given at a share under the threshold they chose. A margin that
    is set applies at any threshold (0: off)."""
    if margin is None:
        return MARGIN if min_primary <= MIN_PRIMARY else 0.0
    return float(margin)


def effective_min_primary(min_primary: float, language: Optional[str]) -> float:
    """The threshold the best topic must reach for an article read with ``language``'s
    lexicon: ``min_primary`` times that language's ``PRIMARY_SCALE`` (what benchmarks print)."""
    return min_primary * PRIMARY_SCALE.get(base_language(language), 1.0)
