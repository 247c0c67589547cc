"""A templated text's skeleton: the shingles it repeats, and the sample of the ones it does not.

A police blotter, a round of results or a market close is a dozen items from one sentence
frame ("Police were called to ... on ... in ... on ..."): most of its 5-word shingles are the
frame's, repeated from item to item. Two such texts sharing half their items and filling the
other half with other items of the same frame share half their items' shingles and much of the
rest's frame, so their shingle Jaccard reaches the ``near`` threshold (the 20 blotter pairs of
``benchmarks/dedup_smallvocab.py``: 0.47-0.60) though half their items differ. The shingles a
text has once (its slot values in context) tell them apart: 0.21-0.42 alike, 0.37-0.63 inside
one another, where a copy keeps them (docs/dedup.md, "Blotters: a veto on the skeleton").

Taking the repeated shingles out of the signature cost plain copies of real pages that repeat
whole paragraphs (a copy that keeps one of the two loses the other's shingles from its
"repeated" set). So the signature stays as it is, and a text that is mostly its own skeleton
(``MIN_REPEATED`` of its shingle positions in shingles it repeats, yet ``MIN_ONCE_SHARE`` of its
distinct shingles once: a frame with slots, not a page that says everything twice) carries the
``MAX_ONCE`` smallest 32-bit hashes of its once-shingles, appended to its marks bytes after
everything ``quotes.with_quotes`` puts there, with their count and ``TRAILER_SKELETON``. The
template guard (``verify.template_conflict``) refuses a pair of two such texts whose samples
are below ``threshold`` alike and below ``skeleton_contain`` inside one another either way.

Only between texts of about one size (``MIN_SIZE_SHARE``, from their signatures): a teaser or a
truncated copy of a templated page (its first 4-12 of 30 items) does not keep the page's
once-ness, since a slot value it has once the whole page repeats, so its sample is not inside
the page's; but it is much shorter, where two fillings of one frame (the blotters) are alike in
length (docs/dedup.md, "Blotters: a veto on the skeleton").
"""

import numpy as np

__all__ = [
    "MAX_ONCE",
    "MIN_ONCE",
    "MIN_SIZE_SHARE",
    "TRAILER_SKELETON",
    "skeleton_apart",
    "skeleton_of",
    "size_share",
    "split_skeleton",
    "with_skeleton",
]

MAX_ONCE = 128  # once-shingle hashes kept per text (the smallest: the same sample both sides)
MIN_ONCE = 30  # once-shingles a text needs to carry a sample (and a pair, compared, to judge)
MIN_COMPARED = 20  # sampled once-shingles each side needs under the common cut
MIN_REPEATED = 0.5  # share of shingle positions in repeated shingles: a skeleton
MIN_ONCE_SHARE = 0.5  # share of distinct shingles seen once: slots, not a page said twice
# The shorter's distinct shingles at least this share of the longer's, or no veto: the 20
# blotter pairs of benchmarks/dedup_smallvocab.py estimate 0.81-1.0, its pages' first 12 of
# 30 items 0.45-0.60 (docs/dedup.md).
MIN_SIZE_SHARE = 0.7
TRAILER_SKELETON = 0xFFFFFFFB  # the last value of marks that end in a skeleton sample
_EMPTY = np.zeros(0, dtype="<u4")


def skeleton_of(positions: np.ndarray, distinct: int) -> np.ndarray:
    """The once-shingle sample of a text from the 64-bit hashes of its shingles at every
    position (``minhash.shingle_positions``), sorted, and the number of distinct ones: sorted
    unique uint32 (the hashes' top half), the ``MAX_ONCE`` smallest; empty unless the text is
    mostly its skeleton (module docstring)."""
    n = len(positions)
    # Each repeated shingle takes two positions or more, so at least 2 * distinct - n are once:
    # with more than 1 - MIN_REPEATED / 2 of the positions distinct (prose) the text cannot be
    # mostly its skeleton, and nothing is counted (the same answer, without the counting).
    if n < MIN_ONCE or 2 * distinct - n > (1 - MIN_REPEATED) * n:
        return _EMPTY
    v = positions
    starts = np.flatnonzero(np.r_[True, v[1:] != v[:-1]])
    counts = np.diff(np.r_[starts, n])
    once = v[starts[counts == 1]]
    if (
        n - len(once) < MIN_REPEATED * n
        or len(once) < MIN_ONCE
        or len(once) < MIN_ONCE_SHARE * len(starts)
    ):
        return _EMPTY
    top = (once >> np.uint64(32)).astype("<u4")
    top = np.unique(top[top < TRAILER_SKELETON])
    return top[:MAX_ONCE]


def with_skeleton(marks: bytes, sample: np.ndarray) -> bytes:
    """``marks`` with a skeleton sample, its count and ``TRAILER_SKELETON`` after them
    (unchanged for an empty sample)."""
    if not len(sample):
        return marks
    tail = np.array([len(sample), TRAILER_SKELETON], dtype="<u4")
    return marks + sample.astype("<u4").tobytes() + tail.tobytes()


def split_skeleton(values: np.ndarray) -> tuple:
    """``(the values before the sample, the sample)`` of marks as uint32 values."""
    if len(values) >= 3 and values[-1] == TRAILER_SKELETON:
        count = int(values[-2])
        if MIN_ONCE <= count <= min(MAX_ONCE, len(values) - 2):
            return values[: -2 - count], values[-2 - count : -2]
    return values, values[:0]


def size_share(a: bytes, b: bytes) -> float:
    """The smaller of two texts' distinct shingle counts over the larger's, estimated from their
    MinHash signatures: a position's minimum of ``A ∪ B`` is in A (equal, or A's value smaller)
    with probability ``|A| / |A ∪ B|``. 1.0 when a signature is missing or they differ in
    length."""
    if not a or not b or len(a) != len(b):
        return 1.0
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    in_x, in_y = np.count_nonzero(x <= y), np.count_nonzero(y <= x)
    return min(in_x, in_y) / max(in_x, in_y, 1)


def skeleton_apart(a: bytes, b: bytes, config, signatures: tuple = ()) -> bool:
    """Whether two texts that both carry a skeleton sample (their marks bytes) are two fillings
    of one frame: of about one size (``size_share`` of their ``signatures``, when given, at
    least ``MIN_SIZE_SHARE``), and under the common cut (when a side was cut at ``MAX_ONCE``)
    each has ``MIN_COMPARED`` sampled once-shingles, their Jaccard is below ``config.threshold``
    and neither has ``config.skeleton_contain`` of its own inside the other's. A copy keeps its
    once-shingles (a plain copy ~1 both ways); ``skeleton_contain`` None: never."""
    if config.skeleton_contain is None or not a or not b:
        return False
    x = split_skeleton(np.frombuffer(a, dtype="<u4"))[1]
    y = split_skeleton(np.frombuffer(b, dtype="<u4"))[1]
    if not len(x) or not len(y):
        return False
    if signatures and size_share(*signatures) < MIN_SIZE_SHARE:
        return False  # a teaser or a cut of the other (module docstring)
    if len(x) >= MAX_ONCE or len(y) >= MAX_ONCE:
        cut = min(x[-1], y[-1])
        x, y = x[x <= cut], y[y <= cut]
    if min(len(x), len(y)) < MIN_COMPARED:
        return False
    common = np.count_nonzero(np.isin(x, y, assume_unique=True))
    jaccard = common / (len(x) + len(y) - common)
    inside = common / min(len(x), len(y))  # the larger share of one inside the other
    return jaccard < config.threshold and inside < config.skeleton_contain
