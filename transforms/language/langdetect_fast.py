"""langdetect's detection with the same results, at under half its cost (docs/ARCHITECTURE.md).

langdetect (a port of Nakatani Shuyo's Java library) decides in two steps, both plain Python per
character or per language: it turns the text into the character 1-3-grams its profiles know, then
runs 7 trials, each drawing n-grams at random and multiplying 55 language probabilities by the
n-gram's row until one language passes 0.99999. Here the same steps give the same numbers, bit for
bit (tested against langdetect itself on every language of the lingua corpus and on real
articles):

- the profiles are one float64 matrix (87,598 n-grams x 55 languages, 38.5 MB, a row index per
  n-gram) instead of a dict of Python lists of floats (~60 MB whose pages forked workers copy as
  they touch them, each read changing a float's reference count);
- the n-grams of a text come per space-separated token from a per-process cache: langdetect
  restarts its n-gram window at every space, so a token's n-grams never depend on what came
  before it;
- each trial draws from the same seeded ``random.Random`` in the same order (``gauss`` once,
  ``choice`` per step) and multiplies the five rows drawn between two normalisations in one numpy
  reduction, row after row in the same order as langdetect's loop (``np.multiply.reduce`` over
  the first axis multiplies sequentially); the sum that normalises is Python's ``sum`` of the
  same floats, as langdetect does it.
"""

import collections
import functools
import json
import random
import re

import numpy as np

__all__ = ["LangdetectProfiles", "NoFeatures", "detect_probabilities"]

TOKEN_CACHE = 16384  # tokens whose rows are kept, per process (~7 MB)


class NoFeatures(ValueError):
    """The text has no n-gram langdetect knows (its ``CantDetectError``)."""


class LangdetectProfiles:
    """langdetect's profiles as a matrix, plus the per-process caches. Build with
    ``from_json`` (the profile files' contents) or ``from_factory`` (a loaded langdetect
    ``DetectorFactory``); both give the same floats as langdetect's own loading."""

    def __init__(self, langlist: list, index: dict, matrix, seed):
        from langdetect.detector import Detector
        from langdetect.utils.ngram import NGram
        from langdetect.utils.unicode_block import unicode_block

        self.langlist = list(langlist)
        self.index = index  # n-gram -> row of ``matrix``
        self.matrix = matrix  # n-grams x languages, float64
        self.seed = seed
        self.alpha = Detector.ALPHA_DEFAULT
        self.alpha_width = Detector.ALPHA_WIDTH
        self.iteration_limit = Detector.ITERATION_LIMIT
        self.prob_threshold = Detector.PROB_THRESHOLD
        self.conv_threshold = Detector.CONV_THRESHOLD
        self.base_freq = Detector.BASE_FREQ
        self.n_trial = 7
        self.max_text_length = 10000
        self._url_re = Detector.URL_RE
        self._mail_re = Detector.MAIL_RE
        self._normalize_vi = NGram.normalize_vi
        self._normalize = NGram.normalize
        self._unicode_block = unicode_block
        self._char_table: dict = {}  # ord -> normalised character, for str.translate
        self._char_kind: dict = {}  # char -> (is latin, is non-latin) as cleaning_text counts
        # A token's rows, most recently used first: news repeats its words, so most tokens of a
        # page were seen on an earlier one (docs/ARCHITECTURE.md, "Language detection").
        self._token_rows = functools.lru_cache(maxsize=TOKEN_CACHE)(
            functools.partial(_token_rows, index=self.index)
        )

    @classmethod
    def from_factory(cls, factory) -> "LangdetectProfiles":
        """From a loaded langdetect ``DetectorFactory`` (its languages in its order)."""
        words = list(factory.word_lang_prob_map)
        matrix = np.array([factory.word_lang_prob_map[w] for w in words], dtype=np.float64)
        return cls(factory.langlist, {w: row for row, w in enumerate(words)}, matrix, factory.seed)

    @classmethod
    def from_json(cls, profiles: list, seed) -> "LangdetectProfiles":
        """From the profile files' JSON texts, in the order given: what
        ``DetectorFactory.load_json_profile`` computes (an n-gram's probability in a language is
        its count over the language's number of n-grams of its length, 0.0 where it has none),
        without building langdetect's per-n-gram Python lists first (the slow part of its load)."""
        parsed = [json.loads(text) for text in profiles]
        langlist = [p["name"] for p in parsed]
        if len(set(langlist)) != len(langlist):
            raise ValueError("duplicate language profile")
        index: dict = {}
        cells = []  # (rows, language, probabilities) per profile
        for lang, profile in enumerate(parsed):
            freq, n_words = profile["freq"], profile["n_words"]
            words = [w for w in freq if 1 <= len(w) <= 3]
            rows = [index.setdefault(w, len(index)) for w in words]
            for w in freq:  # langdetect keeps a row for every word of a profile
                index.setdefault(w, len(index))
            counts = np.array([freq[w] for w in words], dtype=np.float64)
            totals = np.array([n_words[len(w) - 1] for w in words], dtype=np.float64)
            cells.append((rows, lang, counts / totals))
        matrix = np.zeros((len(index), len(langlist)))
        for rows, lang, probs in cells:
            matrix[rows, lang] = probs
        return cls(langlist, index, matrix, seed)

    # ------------------------------------------------------------------ text -> n-gram rows

    def prepare(self, text: str) -> str:
        """``Detector.append`` then ``cleaning_text``: URLs and mail addresses out, Vietnamese
        marks folded, the first 10,000 characters, runs of spaces as one; Latin letters out when
        the text is mostly non-Latin."""
        unicode_block = self._unicode_block
        text = self._url_re.sub(" ", text)
        text = self._mail_re.sub(" ", text)
        text = self._normalize_vi(text)
        text = _SPACES.sub(" ", text[: self.max_text_length])
        kinds = self._char_kind
        latin = non_latin = 0
        for ch, count in collections.Counter(text).items():
            kind = kinds.get(ch)
            if kind is None:
                kind = kinds[ch] = (
                    "A" <= ch <= "z",
                    ch >= "\u0300" and unicode_block(ch) != "Latin Extended Additional",
                )
            if kind[0]:
                latin += count
            elif kind[1]:
                non_latin += count
        if latin * 2 < non_latin:
            text = text.translate(_NO_LATIN)
        return text

    def ngram_rows(self, text: str) -> list:
        """The profile rows of the n-grams langdetect draws from for ``text`` (as prepared), in
        its order, token by token (``_token_rows``)."""
        table = self._char_table
        for ch in set(text):
            if ord(ch) not in table:
                table[ord(ch)] = self._normalize(ch)
        tokens = text.translate(table).split(" ")
        token_rows = self._token_rows
        rows = []
        last = len(tokens) - 1
        for i, token in enumerate(tokens):
            if token:
                rows += token_rows(token + " " if i < last else token)
        return rows

    # ------------------------------------------------------------------ the trials

    def probabilities(self, rows: list) -> list:
        """``Detector._detect_block`` on the n-gram rows: each language's probability."""
        if not rows:
            raise NoFeatures("no features in text")
        n_lang = len(self.langlist)
        matrix = self.matrix
        rnd = random.Random()
        rnd.seed(self.seed)
        choice = rnd.choice
        total = np.zeros(n_lang)
        block = np.empty((6, n_lang))  # the probabilities, then the rows of up to 5 steps
        for _ in range(self.n_trial):
            prob = np.full(n_lang, 1.0 / n_lang)
            alpha = self.alpha + rnd.gauss(0.0, 1.0) * self.alpha_width
            weight = alpha / self.base_freq
            # Step 0, then 5 steps at a time: langdetect normalises when i % 5 == 0.
            i, steps = 0, block[:2]
            picked = (choice(rows),)
            while True:
                np.take(matrix, picked, axis=0, out=steps[1:])
                steps[1:] += weight
                steps[0] = prob
                np.multiply.reduce(steps, axis=0, out=prob)
                sump = sum(prob.tolist())
                if sump == 0.0:
                    raise ZeroDivisionError("float division by zero")  # as langdetect
                prob /= sump
                if prob.max() > self.conv_threshold or i >= self.iteration_limit:
                    break
                i, steps = i + 5, block
                picked = (choice(rows), choice(rows), choice(rows), choice(rows), choice(rows))
            total += prob / self.n_trial
        return total.tolist()


_SPACES = re.compile(" {2,}")
_NO_LATIN = {code: None for code in range(ord("A"), ord("z") + 1)}


def _token_rows(chunk: str, index: dict) -> tuple:
    """``Detector._extract_ngrams`` over one token (and the space after it, if any), from a
    fresh n-gram window, as langdetect's window is after a space: the rows of its n-grams.

    With ``p = " " + chunk``, langdetect's window after character ``e`` is ``p[e-2:e+1]``; it
    offers the 1-, 2- and 3-grams ending at ``e`` (never a lone space) unless ``p[e]`` and
    ``p[e-1]`` are both upper case (its ``capitalword``, which a lower-case character ends)."""
    p = " " + chunk
    ends = range(1, len(p))
    if not chunk.islower() and any(a.isupper() and b.isupper() for a, b in zip(chunk, chunk[1:])):
        ends = [e for e in ends if not (p[e].isupper() and p[e - 1].isupper())]
    grams = []
    for e in ends:
        if e == 1:
            grams += (p[1], p[0:2])
        elif p[e] == " ":
            grams += (p[e - 1 : e + 1], p[e - 2 : e + 1])
        else:
            grams += (p[e], p[e - 1 : e + 1], p[e - 2 : e + 1])
    get = index.get
    return tuple(row for row in map(get, grams) if row is not None)


def detect_probabilities(profiles: LangdetectProfiles, text: str) -> list:
    """``[(language, probability)]`` above langdetect's 0.1, best first, as
    ``Detector.get_probabilities`` gives them. Raises ``NoFeatures`` like langdetect raises
    ``CantDetectError``."""
    langprob = profiles.probabilities(profiles.ngram_rows(profiles.prepare(text)))
    found = [
        (lang, p) for lang, p in zip(profiles.langlist, langprob) if p > profiles.prob_threshold
    ]
    found.sort(key=lambda lp: lp[1], reverse=True)  # stable, as langdetect's sort of Language
    return found
