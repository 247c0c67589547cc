"""Quotes as evidence: the words a story puts inside quotation marks, in any common style.

A desk that rewrites a story around its quotes (a new lead, the narrative reworded and cut) keeps
the quotes word for word: the rewrite shares only about half of its 5-word shingles with the
story, but nearly all of its quoted ones. Quotes alone are no proof (another outlet's own article
on the same event, or the next day's story, quotes the same people), so ``verify`` takes them only
together with a containment estimate well above what such articles reach.

Quotes shared are no proof either when they are most of what two texts share: two short texts that
carry the same quoted sentence of a third story, or an outlet that builds its piece around the
same statement. A rewrite keeps part of its story's own words, its *narrative* (the text outside
the quotes: who said it, when, the figures and the lead facts) too. So a text that quotes also
carries a sample of its narrative's 5-word shingles (``narrative_of``, shingled between the
quotes, never across one), which ``verify`` compares like the quotes.

The quotes travel inside the ``marks`` bytes (so the article, the node, the index and streaming
carry them without a new field): the marks, then the quotes' shingle hashes, the narrative's, the
two counts and ``TRAILER_NARRATIVE``; or, when the text has sentences (``sentences_of``), the
marks, the quotes (maybe none), the narrative, the sentence hashes, the three counts and
``TRAILER_SENTENCES``. Marks written before the narrative end in the quotes' count
and ``TRAILER`` and read as quotes without a narrative; marks written before the quotes have no
trailer and read as marks without quotes (and all of these as marks without sentences). A text
with neither quotes nor a sentence of ``MIN_SENTENCE_WORDS`` gets no trailer. With the word rule on
(``DedupConfig.contain_words``), the words of the narrative (``words_of``), their count and
``TRAILER_WORDS`` follow all of that; marks without them read as before. A templated text's
skeleton sample (``skeleton.with_skeleton``) comes last of all and is taken off first.
"""

import collections
import re

import numpy as np
import xxhash

from transforms.core.record import normalized_words
from transforms.core.words import split_unspaced
from transforms.dedup.minhash import _sorted_unique, shingle_words, word_shingles
from transforms.dedup.skeleton import split_skeleton

__all__ = [
    "MAX_QUOTES",
    "MIN_QUOTE_WORDS",
    "MAX_NARRATIVE",
    "MAX_SENTENCES",
    "MIN_SENTENCE_WORDS",
    "TRAILER",
    "TRAILER_NARRATIVE",
    "TRAILER_SENTENCES",
    "TRAILER_WORDS",
    "MAX_WORDS",
    "narrative_of",
    "quotes_of",
    "sentences_of",
    "split_all",
    "split_marks",
    "split_parts",
    "split_sentences",
    "split_words",
    "words_of",
    "with_quotes",
]

MAX_QUOTES = 64  # quote shingle hashes kept per text (the smallest: the same sample both sides)
MIN_QUOTE_WORDS = 4  # a shorter quoted span is a title, a nickname or scare quotes
MAX_NARRATIVE = 128  # narrative shingle hashes kept per text that quotes (the smallest)
TRAILER = 0xFFFFFFFF  # the last value of marks that carry quotes (after their count)
TRAILER_NARRATIVE = 0xFFFFFFFE  # the same with the narrative (after the two counts)
TRAILER_SENTENCES = 0xFFFFFFFD  # the same with the sentences (after the three counts)
MAX_SENTENCES = 64  # sentence hashes kept per text (the smallest)
TRAILER_WORDS = 0xFFFFFFFC  # the last value of marks that end in the narrative's words
MAX_WORDS = 128  # narrative word hashes kept per text (the smallest)
MIN_WORD_CHARS = 4  # shorter words are mostly function words: every text in a language has them
MIN_SENTENCE_WORDS = 5  # a shorter sentence is a caption, a credit or "She said no."
# Words shared are evidence only when a text's next word is likely one it has not used yet: a
# table, a listing or a generated digest draws on a few dozen words, so two of them share all
# their words whatever their items. Good-Turing's estimate of that chance is the share of words
# seen once (in the narrative's first ``NEW_WORDS_SAMPLE`` words of 4+ characters, so that long
# stories are not held to less): prose 0.58+ in the quality set's edits and stories, results,
# markets, listings and blotters 0.05-0.30, digests of 120 made-up words 0.31-0.53
# (docs/dedup.md, "Small vocabularies"). Below ``MIN_NEW_WORDS`` a text carries no words.
NEW_WORDS_SAMPLE = 100
MIN_NEW_WORDS = 0.55
_SHINGLE = 5

# Quoted spans within one paragraph: "..." (straight), “...” (English, Chinese), „...“ / „...”
# (German, Czech, Polish), «...» and ‹...› (French, Spanish, Italian, Russian), »...« (German),
# ”...” (Swedish, Finnish), 「...」 and 『...』 (Japanese). Single quotes are left out: ’ is
# also the apostrophe.
_QUOTED = re.compile(
    '"([^"\\n]+)"|“([^“”\\n]+)”|„([^„“”\\n]+)[“”]|«([^«»\\n]+)»|‹([^‹›\\n]+)›'
    "|»([^«»\\n]+)«|”([^“”\\n]+)”|「([^「」]+)」|『([^『』]+)』"
)


# A sentence ends at . ! ? … (then quotes or brackets and a space), at 。！？ or at a line break.
_SENTENCE = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+|[。！？]+|\n+")

# A quoted span with these is code, a path or markup (a config file's strings), not speech.
_NOT_SPEECH = re.compile(r"[{}\[\]<>=\\|_#$;@*^~`]|::|--|/\S|\S/")


def _speech(text: str):
    """The quoted spans of ``text`` that count as quotes (``quotes_of``): ``(start, end, words)``."""
    for match in _QUOTED.finditer(text or ""):
        span = next(g for g in match.groups() if g)
        if _NOT_SPEECH.search(span):
            continue
        words = split_unspaced(normalized_words(span))
        if len(words) >= MIN_QUOTE_WORDS:
            yield match.start(), match.end(), words


def _smallest(grams: set, cap: int) -> np.ndarray:
    utf8 = map(str.encode, grams)
    out = np.fromiter(map(xxhash.xxh32_intdigest, utf8), dtype="<u4", count=len(grams))
    return _sorted_unique(out[out < TRAILER_SENTENCES])[:cap]


def sentences_of(text: str) -> np.ndarray:
    """Sorted unique uint32 hashes of the text's sentences of at least ``MIN_SENTENCE_WORDS``
    words, each as its normalised words less Markdown (``minhash.shingle_words``: case,
    punctuation, emphasis and link URLs do not count); the ``MAX_SENTENCES`` smallest."""
    found = set()
    for piece in _SENTENCE.split(text or ""):
        words = split_unspaced(shingle_words(piece, normalized_words(piece)))
        if len(words) >= MIN_SENTENCE_WORDS:
            found.add(" ".join(words))
    return _smallest(found, MAX_SENTENCES)


def quotes_of(text: str) -> np.ndarray:
    """Sorted unique uint32 hashes of the 5-word shingles (a shorter quote: the whole quote) of
    the quoted spans of at least ``MIN_QUOTE_WORDS`` words that read as speech (no code, paths
    or markup); the ``MAX_QUOTES`` smallest."""
    return _quotes(list(_speech(text)))


def _quotes(spans: list) -> np.ndarray:
    grams = set()
    for _, _, words in spans:
        grams |= word_shingles(words, _SHINGLE)
    return _smallest(grams, MAX_QUOTES)


def narrative_of(text: str) -> np.ndarray:
    """Sorted unique uint32 hashes of the 5-word shingles of the text outside its quotes
    (``quotes_of``), each stretch between two quotes shingled apart (a stretch of fewer than 5
    words is no shingle: "she said" is every quote's); the ``MAX_NARRATIVE`` smallest."""
    return _narrative(text or "", list(_speech(text)))


def _narrative(text: str, spans: list) -> np.ndarray:
    grams, at = set(), 0
    for start, end, _ in [*spans, (len(text), len(text), None)]:
        words = split_unspaced(normalized_words(text[at:start]))
        if len(words) >= _SHINGLE:
            grams |= word_shingles(words, _SHINGLE)
        at = end
    return _smallest(grams, MAX_NARRATIVE)


def words_of(text: str) -> np.ndarray:
    """Sorted unique uint32 hashes of the distinct words of ``MIN_WORD_CHARS`` or more
    characters outside the quotes (``quotes_of``), less Markdown; the ``MAX_WORDS`` smallest
    (none when they repeat like a table's: ``MIN_NEW_WORDS``).
    A desk that rewords a story's narrative changes its 5-word shingles and its sentences but
    keeps its words: names, places, figures and the story's own vocabulary."""
    return _words(text or "", list(_speech(text)))


def _words(text: str, spans: list) -> np.ndarray:
    found, at = [], 0
    for start, end, _ in [*spans, (len(text), len(text), None)]:
        piece = text[at:start]
        words = split_unspaced(shingle_words(piece, normalized_words(piece)))
        found += [w for w in words if len(w) >= MIN_WORD_CHARS]
        at = end
    if new_words(found) < MIN_NEW_WORDS:
        return _smallest(set(), MAX_WORDS)
    return _smallest(set(found), MAX_WORDS)


def new_words(words: list) -> float:
    """Share of the first ``NEW_WORDS_SAMPLE`` of ``words`` that occur once among them (1.0
    when there are none): Good-Turing's chance that the text's next word is a new one."""
    sample = words[:NEW_WORDS_SAMPLE]
    if not sample:
        return 1.0
    counts = collections.Counter(sample)
    return sum(1 for n in counts.values() if n == 1) / len(sample)


def with_quotes(
    marks: bytes, text: str, with_sentences: bool = False, with_words: bool = False
) -> bytes:
    """``marks`` with the quotes of ``text``, its narrative and, ``with_sentences``, its
    sentences after them (unchanged when it has none of these); ``with_words``, the words of
    its narrative (``words_of``) after all that, with their count and ``TRAILER_WORDS``."""
    spans = list(_speech(text))
    quotes = _quotes(spans)
    out = _with_parts(marks, text, spans, quotes, with_sentences)
    words = _words(text or "", spans) if with_words else quotes[:0]
    if not len(words):
        return out
    return out + words.tobytes() + np.array([len(words), TRAILER_WORDS], dtype="<u4").tobytes()


def _with_parts(marks: bytes, text: str, spans: list, quotes, with_sentences: bool) -> bytes:
    sentences = sentences_of(text) if with_sentences else _quotes([])
    if not len(quotes) and not len(sentences):
        return marks
    narrative = _narrative(text or "", spans) if len(quotes) else quotes[:0]
    counts = [len(quotes), len(narrative)]
    if len(sentences):
        tail = np.array([*counts, len(sentences), TRAILER_SENTENCES], dtype="<u4")
    else:
        tail = np.array([*counts, TRAILER_NARRATIVE], dtype="<u4")
    parts = (marks, quotes.tobytes(), narrative.tobytes(), sentences.tobytes(), tail.tobytes())
    return b"".join(parts)


def split_marks(marks: bytes) -> tuple:
    """``(marks, quotes)`` as uint32 arrays of what ``with_quotes`` made (or plain marks)."""
    return split_all(marks)[:2]


def split_all(marks: bytes) -> tuple:
    """``(marks, quotes, narrative)`` as uint32 arrays of what ``with_quotes`` made (or of
    marks written before the narrative or the quotes: those parts empty)."""
    return _parts(marks)[:3]


def split_sentences(marks: bytes) -> np.ndarray:
    """The sentence hashes of what ``with_quotes`` made (empty for marks written before)."""
    return _parts(marks)[3]


def split_words(marks: bytes) -> np.ndarray:
    """The narrative word hashes of what ``with_quotes`` made (empty when it made none)."""
    return _split_words(split_skeleton(np.frombuffer(marks or b"", dtype="<u4"))[0])[1]


def _split_words(values: np.ndarray) -> tuple:
    """``(the values before the words, the words)``."""
    if len(values) >= 3 and values[-1] == TRAILER_WORDS:
        count = int(values[-2])
        if 1 <= count <= min(MAX_WORDS, len(values) - 2):
            return values[: -2 - count], values[-2 - count : -2]
    return values, values[:0]


def split_parts(marks: bytes) -> tuple:
    """``(marks, quotes, narrative, sentences)``: ``split_all`` and ``split_sentences`` in one
    reading of the bytes."""
    return _parts(marks)


def _parts(marks: bytes) -> tuple:
    values = _split_words(split_skeleton(np.frombuffer(marks or b"", dtype="<u4"))[0])[0]
    none = values[:0]
    if len(values) >= 5 and values[-1] == TRAILER_SENTENCES:
        count, rest, said = int(values[-4]), int(values[-3]), int(values[-2])
        if (
            count <= MAX_QUOTES
            and rest <= MAX_NARRATIVE
            and 1 <= said <= MAX_SENTENCES
            and count + rest + said + 4 <= len(values)
        ):
            end = len(values) - 4 - said
            start = end - rest - count
            return (
                values[:start],
                values[start : end - rest],
                values[end - rest : end],
                values[end : end + said],
            )
    if len(values) >= 4 and values[-1] == TRAILER_NARRATIVE:
        count, rest = int(values[-3]), int(values[-2])
        if 1 <= count <= MAX_QUOTES and rest <= MAX_NARRATIVE and count + rest + 3 <= len(values):
            end = len(values) - 3
            quotes = values[end - rest - count : end - rest]
            return values[: end - rest - count], quotes, values[end - rest : end], none
    if len(values) >= 3 and values[-1] == TRAILER:
        count = int(values[-2])
        if 1 <= count <= min(MAX_QUOTES, len(values) - 2):
            return values[: -2 - count], values[-2 - count : -2], none, none
    return values, none, none, none
