"""Quotes as evidence: the words a story puts inside quotation marks, in any common style.

A desk that rewrites a story around its quotes (a new lead, the narrative reworded and cut) keeps
the quotes word for word: the rewrite shares only about half of its 5-word shingles with the
story, but nearly all of its quoted ones. Quotes alone are no proof (another outlet's own article
on the same event, or the next day's story, quotes the same people), so ``verify`` takes them only
together with a containment estimate well above what such articles reach.

The quotes travel inside the ``marks`` bytes (so the article, the node, the index and streaming
carry them without a new field): the marks, then the quotes' shingle hashes, their count and
``TRAILER``. Marks written before have no trailer and read as marks without quotes; a text without
quotes gets no trailer, so its marks are the bytes they were.
"""

import re

import numpy as np
import xxhash

from transforms.core.record import normalized_words
from transforms.core.words import split_unspaced

__all__ = [
    "MAX_QUOTES",
    "MIN_QUOTE_WORDS",
    "TRAILER",
    "quotes_inside",
    "quotes_of",
    "split_marks",
    "with_quotes",
]

MAX_QUOTES = 64  # quote shingle hashes kept per text (the smallest: the same sample both sides)
MIN_QUOTE_WORDS = 4  # a shorter quoted span is a title, a nickname or scare quotes
TRAILER = 0xFFFFFFFF  # the last value of marks that carry quotes (after their count)
_SHINGLE = 5

# Quoted spans within one paragraph: "..." (straight), “...” (English, Chinese), „...“ / „...”
# (German, Czech, Polish), «...» and ‹...› (French, Spanish, Italian, Russian), »...« (German),
# ”...” (Swedish, Finnish), 「...」 and 『...』 (Japanese). Single quotes are left out: ’ is
# also the apostrophe.
_QUOTED = re.compile(
    '"([^"\\n]+)"|“([^“”\\n]+)”|„([^„“”\\n]+)[“”]|«([^«»\\n]+)»|‹([^‹›\\n]+)›'
    "|»([^«»\\n]+)«|”([^“”\\n]+)”|「([^「」]+)」|『([^『』]+)』"
)


# A quoted span with these is code, a path or markup (a config file's strings), not speech.
_NOT_SPEECH = re.compile(r"[{}\[\]<>=\\|_#$;@*^~`]|::|--|/\S|\S/")


def quotes_of(text: str) -> np.ndarray:
    """Sorted unique uint32 hashes of the 5-word shingles (a shorter quote: the whole quote) of
    the quoted spans of at least ``MIN_QUOTE_WORDS`` words that read as speech (no code, paths
    or markup); the ``MAX_QUOTES`` smallest."""
    grams = set()
    for match in _QUOTED.finditer(text or ""):
        span = next(g for g in match.groups() if g)
        if _NOT_SPEECH.search(span):
            continue
        words = split_unspaced(normalized_words(span))
        if len(words) < MIN_QUOTE_WORDS:
            continue
        if len(words) <= _SHINGLE:
            grams.add(" ".join(words))
        else:
            grams.update(map(" ".join, zip(*(words[j:] for j in range(_SHINGLE)))))
    utf8 = map(str.encode, grams)
    out = np.fromiter(map(xxhash.xxh32_intdigest, utf8), dtype="<u4", count=len(grams))
    out = np.unique(out[out != TRAILER])
    return out[:MAX_QUOTES]


def with_quotes(marks: bytes, text: str) -> bytes:
    """``marks`` with the quotes of ``text`` after them (unchanged when it has none)."""
    quotes = quotes_of(text)
    if not len(quotes):
        return marks
    tail = np.array([len(quotes), TRAILER], dtype="<u4")
    return marks + quotes.tobytes() + tail.tobytes()


def split_marks(marks: bytes) -> tuple:
    """``(marks, quotes)`` as uint32 arrays of what ``with_quotes`` made (or plain marks)."""
    values = np.frombuffer(marks or b"", dtype="<u4")
    if len(values) >= 3 and values[-1] == TRAILER:
        count = int(values[-2])
        if 1 <= count <= min(MAX_QUOTES, len(values) - 2):
            return values[: -2 - count], values[-2 - count : -2]
    return values, values[:0]


def quotes_inside(copy: bytes, other: bytes, min_quotes: int) -> float:
    """Share of the quote shingles of ``copy`` (its marks bytes) that ``other`` quotes too
    (compared up to the smaller cut when a side was cut at ``MAX_QUOTES``); 0.0 when ``copy``
    has fewer than ``min_quotes``."""
    x, y = split_marks(copy)[1], split_marks(other)[1]
    if len(x) < min_quotes or not len(y):
        return 0.0
    if len(x) >= MAX_QUOTES or len(y) >= MAX_QUOTES:
        cut = min(x[-1], y[-1])
        x, y = x[x <= cut], y[y <= cut]
    if len(x) < min(min_quotes, MAX_QUOTES // 2):
        return 0.0
    return float(np.count_nonzero(np.isin(x, y, assume_unique=True))) / len(x)
