"""Evidence beyond the signatures: the shares of a copy's marks, quotes, narrative and sentences
that are the other's too (``verify.match_signatures`` asks them for a copy whose containment
estimate is below ``contain_threshold``).

Sentences (``contain_sentences``): a heavy edit cuts sentences, moves them and adds a closing of
its own, so its 5-word shingles at the seams and in the new closing are not the story's and its
containment estimate falls to 0.5-0.7, where two digests sharing half their items are too. But
nearly every sentence it kept is one of the story's, word for word, where the digests share half
of theirs and another outlet's article on the event next to none. So a copy measuring at least
``contain_sentences`` is contained when ``sentences_inside`` of its sentences (at least
``sentences_min``, ``quotes.sentences_of``) are sentences of the other.
"""

import numpy as np

from transforms.dedup.config import DedupConfig
from transforms.dedup.quotes import (
    MAX_NARRATIVE,
    MAX_QUOTES,
    MAX_SENTENCES,
    MAX_WORDS,
    split_marks,
    split_parts,
    split_sentences,
    split_words,
)

__all__ = [
    "MAX_MARKS",
    "evidence",
    "marks_inside",
    "quotes_inside",
    "sentences_inside",
    "sentences_mutual",
    "words_inside",
]

MAX_MARKS = 512  # marks kept per text (the smallest hashes: the same sample on both sides)
MIN_EVIDENCE_MARKS = DedupConfig.marks_min  # the default of marks_inside: its one source is there


def _only(x: np.ndarray, y: np.ndarray, cap: int = MAX_MARKS) -> tuple:
    """Values of ``x`` not in ``y`` and of ``y`` not in ``x`` (compared up to the smaller cut
    when a side was cut at ``cap``), and the sizes compared."""
    if len(x) >= cap or len(y) >= cap:
        if not len(x) or not len(y):
            return 0, 0, 0, 0
        cut = min(x[-1], y[-1])
        x, y = x[x <= cut], y[y <= cut]
    common = np.count_nonzero(np.isin(x, y, assume_unique=True))
    return len(x) - common, len(y) - common, len(x), len(y)


def marks_inside(copy: bytes, other: bytes, min_marks: int = MIN_EVIDENCE_MARKS) -> float:
    """Share of the marks of ``copy`` that ``other`` has too (compared up to the smaller cut
    when a side was cut at ``MAX_MARKS``); 0.0 when ``copy`` has fewer than ``min_marks``: a
    few marks say nothing."""
    return _marks_share(split_marks(copy)[0], split_marks(other)[0], min_marks)


def _marks_share(x: np.ndarray, y: np.ndarray, min_marks: int) -> float:
    only_x, _, nx, _ = _only(x, y)
    return (nx - only_x) / nx if nx >= min_marks else 0.0


def quotes_inside(copy: bytes, other: bytes, min_quotes: int) -> float:
    """Share of the quote shingles of ``copy`` (its marks bytes) that ``other`` quotes too
    (compared up to the smaller cut when a side was cut at ``MAX_QUOTES``); 0.0 when ``copy``
    has fewer than ``min_quotes``."""
    return _quotes_share(split_marks(copy)[1], split_marks(other)[1], min_quotes)


def _quotes_share(x: np.ndarray, y: np.ndarray, min_quotes: int, cap: int = MAX_QUOTES) -> float:
    if len(x) < min_quotes or not len(y):
        return 0.0
    only_x, _, nx, _ = _only(x, y, cap)
    # Cut to the other's sample, too few may be left to tell.
    if nx < min(min_quotes, cap // 2):
        return 0.0
    return (nx - only_x) / nx


def evidence(inside: float, copy_marks: bytes, other_marks: bytes, config) -> bool:
    """Whether a copy measuring ``inside`` (below ``contain_threshold``) is still contained:
    by its sentences (``contain_sentences``: ``sentences_inside`` of them the other's), by its
    marks (``contain_marked``: ``marks_inside`` of its names and numbers in the other's, and
    with ``marks_quotes`` its quotes too), by its quotes (``_by_quotes``), or by its
    narrative's words (``_by_words``: ``contain_words`` / ``words_quoted``)."""
    sentenced = config.contain_sentences
    quoted, marked = config.contain_quoted, config.contain_marked
    by_sentences = sentenced is not None and inside >= sentenced
    by_quotes = quoted is not None and inside >= quoted
    by_marks = marked is not None and inside >= marked
    worded = [f for f in (config.contain_words, config.words_quoted) if f is not None]
    by_words = bool(worded) and inside >= min(worded)
    if not (by_sentences or by_quotes or by_marks or by_words):
        return False
    both = (copy_marks, other_marks)
    marks, quotes, narrative, sentences = split_parts(copy_marks)
    other_marks, other_quotes, other_narrative, other_sentences = split_parts(other_marks)
    if by_words and _by_words(inside, (quotes, sentences), other_quotes, both, config):
        return True
    if by_sentences and (
        _quotes_share(sentences, other_sentences, config.sentences_min, MAX_SENTENCES)
        >= config.sentences_inside
    ):
        return True
    if by_quotes and _by_quotes(
        (marks, quotes, narrative), (other_marks, other_quotes, other_narrative), config
    ):
        return True
    if not by_marks:
        return False
    if _marks_share(marks, other_marks, config.marks_min) < config.marks_inside:
        return False
    if not config.marks_quotes:
        return True
    return _quotes_share(quotes, other_quotes, config.quotes_min) >= config.quotes_inside


def _by_quotes(copy: tuple, other: tuple, config) -> bool:
    """``contain_quoted``: at least ``quotes_inside`` of the copy's quoted shingles (at least
    ``quotes_min``) quoted by the other too, ``quotes_narrative`` of its narrative shingles
    (outside the quotes, at least ``quotes_min``) in the other's narrative, and ``marks_inside``
    of its marks in the other's when it has ``marks_min``."""
    (marks, quotes, narrative), (other_marks, other_quotes, other_narrative) = copy, other
    if _quotes_share(quotes, other_quotes, config.quotes_min) < config.quotes_inside:
        return False
    # Two texts that share quoted sentences and little else (two outlets quoting one
    # statement, two digests carrying one story's quote) are not a rewrite: some of the
    # copy's own words, outside the quotes, must be the other's too.
    if config.quotes_narrative is not None and (
        _quotes_share(narrative, other_narrative, config.quotes_min, MAX_NARRATIVE)
        < config.quotes_narrative
    ):
        return False
    # One long quoted sentence shared by two texts is not a rewrite: its names and numbers
    # must be the other's too, when it has enough to tell.
    if len(marks) < config.marks_min:
        return True
    return _marks_share(marks, other_marks, config.marks_min) >= config.marks_inside


def _by_words(inside: float, copy: tuple, other_quotes, both: tuple, config) -> bool:
    """``contain_words`` / ``words_quoted``: the copy measures at least ``contain_words`` and
    has ``sentences_min`` sentences, or at least ``words_quoted`` with ``quotes_inside`` of its
    quotes the other's; and ``words_inside`` of its narrative's words are the other's."""
    quotes, sentences = copy
    floors = []
    if config.contain_words is not None and len(sentences) >= config.sentences_min:
        floors.append(config.contain_words)
    if (
        config.words_quoted is not None
        and _quotes_share(quotes, other_quotes, config.quotes_min) >= config.quotes_inside
    ):
        floors.append(config.words_quoted)
    if not floors or inside < min(floors):
        return False
    return words_inside(*both, config.words_min) >= config.words_inside


def words_inside(copy: bytes, other: bytes, min_words: int) -> float:
    """Share of the narrative words of ``copy`` (its marks bytes, ``quotes.words_of``) that
    are narrative words of ``other`` (compared up to the smaller cut when a side was cut at
    ``MAX_WORDS``); 0.0 when ``copy`` has fewer than ``min_words``."""
    return _quotes_share(split_words(copy), split_words(other), min_words, MAX_WORDS)


def sentences_inside(copy: bytes, other: bytes, min_sentences: int) -> float:
    """Share of the sentences of ``copy`` (its marks bytes) that are sentences of ``other``
    (compared up to the smaller cut when a side was cut at ``MAX_SENTENCES``); 0.0 when
    ``copy`` has fewer than ``min_sentences``."""
    return _quotes_share(
        split_sentences(copy), split_sentences(other), min_sentences, MAX_SENTENCES
    )


def sentences_mutual(longer: bytes, shorter: bytes, config) -> bool:
    """With ``contain_sentences`` on: whether ``sentences_inside`` of the sentences of the
    ``longer`` text (its marks bytes) are the ``shorter``'s too, whatever its containment
    estimate. A story is not inside its teaser or its heavy edit (a third of its sentences are
    not there), but of two digests sharing three quarters of their items each is inside the
    other, and the estimate of one way round can fall below the rule's floor by chance where the
    sentences, counted and not sampled, do not (``clusters.split_component``)."""
    if config.contain_sentences is None:
        return False
    return sentences_inside(longer, shorter, config.sentences_min) >= config.sentences_inside
