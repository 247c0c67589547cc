"""Is this document a copy of that one? Near (Jaccard), contained (teaser / heavy edit), and the
template guard (numbers and names that differ), from the MinHash signatures and the marks.

Containment comes from the signatures themselves: under one permutation the minimum of ``A ∪ B``
falls in ``A ∩ B`` (both minima equal), in ``A \\ B`` (A's minimum smaller) or in ``B \\ A`` with
probabilities ``|A ∩ B|``, ``|A \\ B|`` and ``|B \\ A|`` over ``|A ∪ B|``. So with ``eq`` equal
positions and ``a_lt`` positions where A's value is smaller, ``eq / (eq + a_lt)`` estimates
``|A ∩ B| / |A|``: how much of A is inside B. It needs ``contain_min_equal`` equal positions
(a teaser about a tenth of its story's length has ~13 of 128; default 3) so that two values are not a
verdict.

A teaser of a long story is too small a part of it for the story's signature to measure (a
60-word teaser of a 2,000-word story shares ~4 of 128 positions). Its *lead* measures it: a
short second signature of the first ``lead_words`` words, made with the first ``lead_perm``
permutations of the main one. A text no longer than that has its lead equal to the start of its
signature (``in_lead``); such a text is inside a longer one when it is inside that one's lead
(``lead_containment``), which a teaser, the story's opening, is.

Marks are the numbers and the capitalised words (names, places, companies) of a text, outside its
first and last ``EDGE_WORDS`` words, where bylines, datelines and credit lines live. Two texts
from one template (earnings of two companies, two weather reports, two match reports) share the
template's words but *substitute* marks: each has marks the other has not. A syndicated copy adds
or drops marks (a paragraph more or less, a teaser) but seldom replaces them; a corrected typo in
a name replaces one. So a pair conflicts when each side has marks the other has not, more than
``MAX_SUBSTITUTED``, a large share of them, and more than the two share (``marks_conflict``).
"""

import re
from concurrent.futures import Executor
from typing import NamedTuple, Optional

import numpy as np
import xxhash

from transforms.core.words import split_unspaced
from transforms.dedup.evidence import (
    MAX_MARKS,
    MIN_EVIDENCE_MARKS,  # noqa: F401 (its tests import it from here)
    _by_quotes,  # noqa: F401 (its tests import it from here)
    _only,
    evidence,
    marks_inside,
    quotes_inside,
    sentences_inside,
)
from transforms.dedup.quotes import split_marks
from transforms.dedup.skeleton import skeleton_apart

__all__ = [
    "need_equal",
    "EDGE_WORDS",
    "MAX_MARKS",
    "MAX_SUBSTITUTED",
    "Match",
    "PairRule",
    "compare_signatures",
    "containment",
    "lead_containment",
    "lead_keys",
    "lead_values",
    "marks_conflict",
    "marks_inside",
    "quotes_inside",
    "sentences_inside",
    "marks_of",
    "match_signatures",
    "pair_rule",
    "pairs_match",
    "rows_match",
    "signature_jaccard",
    "template_conflict",
    "verify_row",
]

EDGE_WORDS = 12  # words at each end of a text not taken as marks (byline, dateline, credits)
MAX_SUBSTITUTED = 1  # marks each side may have that the other has not (a corrected typo)

_TOKEN = re.compile(r"[^\W_](?:[\w'’.,:/%-]*[^\W_%]|%)?")
_SENTENCE_END = frozenset(".!?:\"'”»)]")  # a word ending so ends a sentence
_ASCII_DIGIT = re.compile(r"[0-9]")


class Match(NamedTuple):
    kind: str  # near | contained
    similarity: float  # estimated Jaccard (near) or share of the copy inside the other (contained)


def need_equal(threshold: float, num_perm: int) -> int:
    """Equal signature positions a pair needs to reach ``threshold`` estimated Jaccard."""
    return int(np.ceil(threshold * num_perm - 1e-9))


def marks_of(text: Optional[str]) -> bytes:
    """The marks of a text: sorted unique uint32 hashes (little-endian bytes) of its numbers
    (top bit set; digits kept, thousands separators dropped) and of its capitalised words that
    do not start a sentence (top bit clear; casefolded); at most ``MAX_MARKS`` of each kind (the
    smallest hashes, so two texts keep the same sample)."""
    raw = split_unspaced((text or "").split())  # Chinese, Japanese, Thai: a character a word
    n = len(raw)
    if n <= 2 * EDGE_WORDS:
        return b""
    # A word of letters and digits only is its own token (``isalnum`` is the regex's
    # ``[^\W_]``); the regex runs on the others. The classes are then decided per distinct
    # token, and the sentence-start test only for the capitalised ones: a text repeats words.
    tokens = [w if w.isalnum() else _token(w) for w in raw]
    middle = set(tokens[EDGE_WORDS : n - EDGE_WORDS])
    middle.discard("")
    if text.isascii():  # ASCII: ``str.isdigit`` is [0-9]
        digits = set(filter(_ASCII_DIGIT.search, middle))
    else:
        digits = {t for t in middle if any(c.isdigit() for c in t)}
    numbers = {t.replace(",", "") for t in digits}
    capitalised = {t for t in middle - digits if t[:1].isupper()}
    names = set()
    if capitalised:
        for i in range(EDGE_WORDS, n - EDGE_WORDS):
            if tokens[i] in capitalised and raw[i - 1][-1] not in _SENTENCE_END:
                names.add(tokens[i].casefold())
    return np.concatenate([_hashes(names, 0), _hashes(numbers, _NUMBER)]).tobytes()


def _token(word: str) -> str:
    """The first token of a word; its end is a letter, a digit or ``%`` (never ``.,:``)."""
    m = _TOKEN.search(word)
    return m.group(0) if m else ""


_NUMBER = np.uint32(0x80000000)


def _hashes(tokens, tag) -> np.ndarray:
    utf8 = map(str.encode, tokens)
    out = np.fromiter(map(xxhash.xxh32_intdigest, utf8), dtype="<u4", count=len(tokens))
    out = np.sort((out & np.uint32(0x7FFFFFFF)) | np.uint32(tag))
    return out[np.r_[True, out[1:] != out[:-1]]][:MAX_MARKS] if len(out) else out


def marks_conflict(a: bytes, b: bytes) -> bool:
    """Whether two texts substitute marks: each has numbers the other has not, more than
    ``MAX_SUBSTITUTED``, at least a quarter of the smaller set of numbers and more than the
    numbers they share; or the same of names, with half of the smaller set. A template's slots
    are all substituted and its reports share next to none of them; a typo, a few updated
    figures, or an edit that drops sentences and adds a closing line leaves more marks shared
    than substituted."""
    if not a or not b:
        return False
    x, y = split_marks(a)[0], split_marks(b)[0]
    xn, yn = x >= _NUMBER, y >= _NUMBER
    for xs, ys, share in ((x[xn], y[yn], 4), (x[~xn], y[~yn], 2)):
        only_x, only_y, nx, ny = _only(xs, ys)
        least, common = min(only_x, only_y), nx - only_x
        if least > MAX_SUBSTITUTED and share * least >= min(nx, ny) and least > common:
            return True
    return False


def template_conflict(copy: bytes, other: bytes, config, signatures: tuple = ()) -> bool:
    """Whether the template guard refuses a pair (``config.template_guard``): the marks
    conflict (``marks_conflict``), unless ``guard_sentences`` of the copy's sentences are the
    other's word for word and not ``guard_sentences`` of the other's the copy's
    (``contain_sentences`` on). Two fillings of one template change the slot values in the
    sentences that carry them, which in a report is most of its sentences (at most a third of a
    template report's sentences are its neighbour's in the quality set), where a heavy edit
    keeps the sentences it keeps and conflicts only through the names and figures of a closing
    of its own. One way only: an edit is inside its story, the story is not inside the edit (it
    cut sentences), but a template whose boilerplate is most of its sentences (a weekly bulletin
    whose figures sit in two of ten) has that share both ways (docs/dedup.md). Two texts that
    are mostly one frame's skeleton (a police blotter) conflict when their
    once-shingles are not a copy's and, by their ``signatures`` (copy's, other's) when given,
    neither is much shorter (``skeleton.skeleton_apart``)."""
    if not config.template_guard:
        return False
    if skeleton_apart(copy, other, config, signatures):
        return True
    if not marks_conflict(copy, other):
        return False
    if config.contain_sentences is None or config.guard_sentences is None:
        return True
    guard, least = config.guard_sentences, config.sentences_min
    if sentences_inside(copy, other, least) < guard:
        return True
    return sentences_inside(other, copy, least) >= guard


def compare_signatures(a: np.ndarray, b: np.ndarray) -> tuple:
    """``(equal, a_smaller, b_smaller)`` position counts of two signatures (``b`` may be a
    matrix: one count per row)."""
    equal = np.count_nonzero(b == a, axis=-1)
    a_smaller = np.count_nonzero(a < b, axis=-1)
    return equal, a_smaller, a.shape[-1] - equal - a_smaller


def containment(equal, smaller, *, min_equal: int):
    """Estimated share of a set inside another from ``equal`` positions and the positions where
    its value is ``smaller``; 0 with fewer than ``min_equal`` equal positions."""
    equal = np.asarray(equal, dtype=np.float64)
    est = equal / np.maximum(equal + smaller, 1)
    return np.where(equal >= min_equal, est, 0.0)


def lead_values(lead: Optional[bytes], lead_perm: int) -> np.ndarray:
    """A packed lead as values; missing or of another length: all ``0xFFFFFFFF``, the lead of
    nothing, which is in no lead and contains nothing."""
    if lead and len(lead) == 4 * lead_perm:
        return np.frombuffer(lead, dtype="<u4")
    return np.full(lead_perm, 0xFFFFFFFF, dtype="<u4")


def lead_containment(sig, lead, other_sig, other_lead, *, min_equal: int):
    """Estimated share of a text inside another from the leads (rows of values; either side
    may be a matrix): where the text is all in its lead (its lead is the start of its
    signature) and the other is longer than its own, the text's share inside the other's lead
    (``containment``), else 0."""
    n = lead.shape[-1]
    in_lead = np.all(lead == sig[..., :n], axis=-1)
    other_longer = ~np.all(other_lead == other_sig[..., :n], axis=-1)
    equal, smaller, _ = compare_signatures(lead, other_lead)
    share = containment(equal, smaller, min_equal=min_equal)
    return np.where(in_lead & other_longer, share, 0.0)


class PairRule(NamedTuple):
    """The pair rule of ``match_signatures`` for rows of values (``verify_row``: the signature's
    ``num_perm`` values, then the lead's ``lead_perm``), either way round."""

    num_perm: int
    need: int  # equal positions of a near pair
    contain: Optional[float]  # contain_threshold (None: off)
    min_equal: int
    lead_perm: int
    lead_min_equal: int


def pair_rule(config) -> PairRule:
    """The rule of the candidate edges: ``match_signatures`` without the marks, so a pair the
    marks could make ``contained`` (``contain_marked``) is an edge too; ``clusters.match``
    decides with the marks."""
    need = need_equal(config.threshold, config.num_perm)
    lead_perm = config.lead_perm if config.contain_threshold is not None else 0
    contain = config.contain_threshold
    floors = (
        config.contain_marked,
        config.contain_quoted,
        config.contain_sentences,
        config.contain_words,
        config.words_quoted,
    )
    for floor in floors:
        if contain is not None and floor is not None:
            contain = min(contain, floor)
    return PairRule(
        config.num_perm,
        need,
        contain,
        config.contain_min_equal,
        lead_perm,
        config.lead_min_equal,
    )


def lead_keys(config) -> int:
    """LSH keys of single lead positions each document gets: ``config.lead_keys`` when the lead
    is compared (``pair_rule``: a lead, and containment on), else none. The lead only finds
    ``contained`` teasers, so without containment its keys would add candidates that no rule
    of the lead verifies; every engine takes its count from here so that they decide alike."""
    return config.lead_keys if config.lead_perm and config.contain_threshold is not None else 0


def verify_row(signature: bytes, lead: Optional[bytes], rule: PairRule) -> bytes:
    """A packed signature and its lead (``lead_values``) as one row of ``rows_match``."""
    if not rule.lead_perm:
        return signature
    return signature + lead_values(lead, rule.lead_perm).tobytes()


def rows_match(a: np.ndarray, b: np.ndarray, rule: PairRule) -> np.ndarray:
    """Whether row ``a`` matches each row of ``b`` (or each row of ``a`` the same row of ``b``)
    either way round: ``rule.need`` equal signature positions, or one inside the other by the
    signatures or by the leads (``match_signatures``)."""
    n = rule.num_perm
    sa, sb = a[..., :n], b[..., :n]
    equal, a_smaller, b_smaller = compare_signatures(sa, sb)
    ok = equal >= rule.need
    if rule.contain is not None:
        inside = np.maximum(
            containment(equal, a_smaller, min_equal=rule.min_equal),
            containment(equal, b_smaller, min_equal=rule.min_equal),
        )
        if rule.lead_perm:
            la, lb = a[..., n:], b[..., n:]
            inside = np.maximum(
                inside,
                np.maximum(
                    lead_containment(sa, la, sb, lb, min_equal=rule.lead_min_equal),
                    lead_containment(sb, lb, sa, la, min_equal=rule.lead_min_equal),
                ),
            )
        ok |= inside >= rule.contain
    return ok


# Pairs compared in one ``rows_match`` call: the rows of both sides are copied (~1.3 KB a pair
# with the lead, two 5 MB slices), so a bucket of ``max_bucket`` 1,000 members (~500,000 pairs)
# goes in slices.
_PAIR_SLICE = 8192


def pairs_match(matrix: np.ndarray, a, b, rule: PairRule, pool: Optional[Executor] = None):
    """Whether each pair of ``matrix`` rows ``(a[k], b[k])`` matches by ``rule``
    (``rows_match``), compared ``_PAIR_SLICE`` at a time (a few calls, not one a pair: most
    buckets hold two to a few dozen members, where the calls cost more than the comparing), on
    the threads of ``pool`` when given: numpy's gathers and comparisons release the GIL (each
    slice's answer goes to its own place in the result)."""
    ok = np.zeros(len(a), dtype=bool)

    def compare(lo: int) -> None:
        x, y = matrix[a[lo : lo + _PAIR_SLICE]], matrix[b[lo : lo + _PAIR_SLICE]]
        ok[lo : lo + _PAIR_SLICE] = rows_match(x, y, rule)

    starts = range(0, len(a), _PAIR_SLICE)
    if pool is None or len(starts) < 2:
        for lo in starts:
            compare(lo)
    else:
        for _ in pool.map(compare, starts):
            pass
    return ok


def signature_jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard of two packed signatures; 1.0 when one is missing (nothing measured)."""
    if not a or not b or len(a) != len(b):
        return 1.0
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return round(float(np.count_nonzero(x == y)) / len(x), 4)


def match_signatures(
    copy: bytes,
    other: bytes,
    config,
    copy_lead: bytes = b"",
    other_lead: bytes = b"",
    copy_marks: bytes = b"",
    other_marks: bytes = b"",
) -> Optional[Match]:
    """How ``copy`` matches ``other`` on signatures (and marks): ``near`` when the estimated
    Jaccard is at least ``config.threshold``, else ``contained`` when at least
    ``config.contain_threshold`` of ``copy`` is inside ``other`` (never the other way round: the
    copy is the shorter), by the signatures or, for a copy all in its lead, by the leads
    (``lead_containment``), or at least ``config.contain_marked`` by the signatures with
    ``config.marks_inside`` of its marks in the other's (``marks_inside``: a heavy edit keeps
    its story's quotes, names and figures); None otherwise or when the signatures are missing
    or of different lengths."""
    if not copy or not other or len(copy) != len(other):
        return None
    a, b = np.frombuffer(copy, dtype="<u4"), np.frombuffer(other, dtype="<u4")
    equal, a_smaller, _ = compare_signatures(a, b)
    jaccard = equal / len(a)
    if equal >= need_equal(config.threshold, len(a)):
        return Match("near", round(float(jaccard), 4))
    if config.contain_threshold is None:
        return None
    share = inside = float(containment(equal, a_smaller, min_equal=config.contain_min_equal))
    if config.lead_perm and share < config.contain_threshold:
        lead = lead_values(copy_lead, config.lead_perm)
        share = float(
            lead_containment(
                a,
                lead,
                b,
                lead_values(other_lead, config.lead_perm),
                min_equal=config.lead_min_equal,
            )
        )
    if share >= config.contain_threshold:
        return Match("contained", round(share, 4))
    if evidence(inside, copy_marks, other_marks, config):
        return Match("contained", round(inside, 4))
    return None
