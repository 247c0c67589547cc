"""Weighted-term matching for the topic lexicons: per-language tokens, stems written as
prefixes, and substring matching for scripts written without spaces (Chinese, Japanese)."""

import math
import re
import unicodedata
from typing import Optional

__all__ = [
    "CHAR_LANGUAGES",
    "TermIndex",
    "base_language",
    "evidence",
    "normalise",
    "stem",
    "tokenize",
]

TITLE_WEIGHT = 3.0  # one title occurrence counts as much as three in the body
BODY_CHARS = 6000  # the lead of a story decides its topic; it also bounds the cost per article
# News is written lead first: past its first LEAD_CHARS, a story's body wanders (quotes,
# background, the company behind a gadget, the money behind a match) and its words count
# LATER_WEIGHT each, so a long article is not pulled off its subject by its later paragraphs.
LEAD_CHARS = 600
LATER_WEIGHT = 0.5
# Chinese and Japanese put no spaces between words: their terms are found as substrings of the
# text (a 2-4 character word rarely sits inside an unrelated one in news prose).
CHAR_LANGUAGES = frozenset({"zh", "ja"})
# German writes one word for a compound and its last part names what it is: a "Stadttheater" is
# a theatre, an "Autokonzern" a company, "Regionalmeisterschaften" championships. A word no term
# matches as written is matched by its longest tail, after a first part of at least HEAD_AFTER
# letters, that is a weight-3 term of at least HEAD_MIN letters or starts with such a stem
# ("theater*"). Shorter or weaker terms end too many other words ("serie", "kunst", "raucher" in
# "Verbraucher"), and a first part made of verb particles only is no compound part ("ver" +
# "öffentlicht", "heraus" + "forderung", "aus" + "gesetzt").
COMPOUND_LANGUAGES = frozenset({"de"})
# Words that name a topic alone but, as a compound's last part, a general notion (a point, an
# amount, a company or a fall of anything: Prozentpunkte, Schwerpunkte, Hafengesellschaft,
# Markteinbruch, Kostenexplosion, Stimmenverlust, Titelgewinn(e), Testsieger, Siliziumgehalt,
# Meinungsbildung, Trägheitsfusion) or the end of an unrelated word (Gestensteuerung, Gewichtsermittlung). They are
# found by reading which last parts match on the development sets; never used as a last part.
NOT_HEADS = {
    "de": frozenset(
        {
            "punkte",
            "gesellschaft",
            "einbruch",
            "explosion",
            "verlust",
            "gewinn",
            "gewinne",
            "gewinns",
            "gewinnes",
            "fusion",
            "fusionen",
            "gehalt",
            "sieger",
            "pflege",
            "bildung",
            "ermittlung",
            "teuerung",
            "prozesse",
        }
    )
}
HEAD_AFTER = 3
HEAD_MIN = 6
HEAD_WEIGHT = 3.0
_PARTICLES = re.compile(
    r"(?:ab|an|auf|aus|be|bei|dar|durch|ein|emp|ent|er|fest|ge|her|heraus|hin|hinter|los|miss|"
    r"mit|nach|um|un|unter|ver|vor|weg|weiter|wieder|zer|zu|zurück|zusammen|über)+"
)
_WORD = re.compile(r"\w+", re.UNICODE)
# English negated auxiliaries ("won't", "don't", "can't"): split at the apostrophe they would
# leave "won", "don", "can", and "won" is sport evidence; an auxiliary names no topic.
# The leading \b keeps the engine from retrying the pattern at every letter of a word.
_NEGATED = re.compile(r"\b\w+n['\u2019]t\b", re.UNICODE)
# A term written with a final "?" needs company: it counts for its topic only when a plain term
# of that topic, of weight CONTEXT_WEIGHT or more, is in the same article ("match" is sport beside
# "league" or "striker", a regular expression beside "ruby"; "gene" is genetics beside "dna", a
# singer's first name beside "album").
CONTEXT_MARK = "?"
CONTEXT_WEIGHT = 2.0
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alif, tatweel
# Arabic writes "and", "the", "with the" ... onto the word: وال + اقتصاد. A word is looked up as
# written and with each of these off in turn while three letters remain; a term loses only a
# written article, its other first letters being its own (وزير, باليه).
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي"})  # spelt either way
_ARABIC_PROCLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل")


def base_language(language: Optional[str]) -> str:
    """``zh-cn``/``zh-tw`` -> ``zh``; ``pt-BR`` -> ``pt``; None -> ``""``."""
    return (language or "").split("-", 1)[0].split("_", 1)[0].lower()


def stem(token: str) -> str:
    """A final plural "s" does not change the topic: companies -> company, stocks -> stock."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def _arabic_forms(token: str) -> tuple:
    """The word and each form with one more proclitic off ("والوزير", "وزير", "زير"): the
    letters a word starts with may be its own (وزير, باليه, لبنان), so every form is tried."""
    forms = [token]
    stripped = True
    while stripped:
        stripped = False
        for clitic in _ARABIC_PROCLITICS:
            if token.startswith(clitic) and len(token) - len(clitic) >= 3:
                token, stripped = token[len(clitic) :], True
                forms.append(token)
                break
    return tuple(forms)


def _arabic(token: str) -> str:
    """Proclitics off, repeatedly ("والوزير" -> "وزير" -> "زير"): the form phrases are
    compared in, words and terms cut the same way."""
    return _arabic_forms(token)[-1]


def _arabic_term(term: str) -> str:
    """A one-word Arabic term as its writer meant it: only a written article comes off
    ("السودان" -> "سودان"); its other first letters are its own, so "باليه" (ballet) is not
    cut to "اليه" and matches no "إليه" (to him), nor "وصفة" (recipe) "صفة" (as)."""
    text = _ARABIC_MARKS.sub("", normalise(term, "ar")).translate(_ARABIC_LETTERS)
    if text.startswith("ال") and len(text) >= 5:
        return text[2:]
    return text


def _bare(stem_: str, language: str) -> str:
    """A prefix or suffix as the tokens it is compared with are written (no plural stemming:
    it is part of a word)."""
    if language == "ar":
        return _arabic_term(stem_)
    return normalise(stem_, language)


def normalise(text: str, language: str = "") -> str:
    """NFKC, casefolded; Turkish dotted/dotless i kept apart (İ -> i, I -> ı), the combining dot
    that casefolding leaves after an i dropped."""
    text = unicodedata.normalize("NFKC", text or "")
    if language in ("tr", "az"):
        text = text.replace("İ", "i").replace("I", "ı")
    return text.casefold().replace("\u0307", "")


def tokenize(text: str, language: str = "en") -> list:
    """Casefolded, NFKC-normalised word tokens; a final plural "s" dropped (Latin and other
    alphabets), Arabic proclitics and vowel marks dropped."""
    text = normalise(text, language)
    if language == "en" and ("'" in text or "\u2019" in text):
        text = _NEGATED.sub(" ", text)
    if language == "ar":
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
        return [_arabic(w) for w in _WORD.findall(text)]
    return [stem(w) for w in _WORD.findall(text)]


class TermIndex:
    """One language's terms compiled for matching.

    ``terms_per_topic`` is, per topic position, ``((term, weight), ...)``. A term ending in
    ``*`` matches any word that starts with it (``wirtschaft*``: Wirtschaft, Wirtschaftsminister);
    one starting with ``-`` any word that ends with it (``-bundesliga``: Fußballbundesliga); one
    ending in ``?`` counts only beside a plain term of its topic (``CONTEXT_MARK``).
    In a character language (``chars``) every term is a substring.
    """

    def __init__(self, codes: tuple, labels: tuple, terms_per_topic, *, language: str = "en"):
        self.codes = codes
        self.labels = labels
        self.language = language
        self.chars = language in CHAR_LANGUAGES
        tables: dict = {"exact": {}, "prefix": {}, "suffix": {}}
        self.context: set = set()  # (key as ``matches`` returns it, topic position)
        for position, terms in enumerate(terms_per_topic):
            for term, weight in terms:
                needs_company = term.strip().endswith(CONTEXT_MARK)
                term = term.strip().rstrip(CONTEXT_MARK)
                kind, key = self._key(term)
                if not key:
                    continue
                per_topic = tables[kind].setdefault(key, {})
                per_topic[position] = max(weight, per_topic.get(position, 0.0))
                if needs_company:
                    self.context.add((_match_key(kind, key), position))
        self.terms, self.prefixes, self.suffixes = (
            {k: tuple(sorted(v.items())) for k, v in tables[kind].items()}
            for kind in ("exact", "prefix", "suffix")
        )
        self.prefix_sizes = sorted({len(k) for k in self.prefixes}, reverse=True)
        self.compounds = language in COMPOUND_LANGUAGES
        never = NOT_HEADS.get(language, frozenset())
        self.heads = {k for k, v in self.terms.items() if _head(k, v, never)}
        self.head_stems = {k for k, v in self.prefixes.items() if _head(k, v, never)}
        self.head_sizes = sorted({len(k) for k in self.head_stems}, reverse=True)
        # The first HEAD_MIN letters of every last part: one look-up rules out most positions.
        self.head_starts = {k[:HEAD_MIN] for k in self.heads | self.head_stems}
        self._heads: dict = {}  # word -> the key of its last part, or None
        self.suffix_sizes = sorted({len(k) for k in self.suffixes}, reverse=True)
        self.max_words = max((k.count(" ") + 1 for k in self.terms), default=1)
        self.starts = {k.split(" ", 1)[0] for k in self.terms if " " in k}
        # Longest first, so a text's "人工智能" is not also counted as "智能".
        self.by_length = sorted(self.terms, key=lambda k: (-len(k), k)) if self.chars else []

    def _key(self, term: str) -> tuple:
        """``(kind, key)``: which table (``exact``, ``prefix``, ``suffix``) holds ``term``."""
        term = term.strip()
        if self.chars:
            return "exact", normalise(term, self.language).replace(" ", "")
        words = tokenize(term.strip("*-"), self.language)
        if len(words) > 1:  # "eu-kommission*": a phrase of whole words
            return "exact", " ".join(words)
        if term.endswith("*"):
            return "prefix", _bare(term[:-1], self.language)
        if term.startswith("-"):
            return "suffix", _bare(term[1:], self.language)
        if self.language == "ar":
            return "exact", _arabic_term(term)
        return "exact", " ".join(words)

    def weights(self, key: str) -> tuple:
        """The ``(topic position, weight)`` pairs of a key ``matches`` returned (``_match_key``)."""
        if key.endswith("*"):
            return self.prefixes[key[:-1]]
        if key.startswith("-"):
            return self.suffixes[key[1:]]
        return self.terms[key]

    def matches(self, text: str) -> dict:
        """``{term: count}`` in ``text``."""
        if self.chars:
            return self._substrings(normalise(text, self.language))
        if self.language == "ar":
            text = _ARABIC_MARKS.sub("", normalise(text, "ar")).translate(_ARABIC_LETTERS)
            forms = [_arabic_forms(w) for w in _WORD.findall(text)]
            return self._words([f[-1] for f in forms], forms)
        return self._words(tokenize(text, self.language))

    def _substrings(self, text: str) -> dict:
        counts: dict = {}
        for key in self.by_length:
            n = text.count(key)
            if n:
                counts[key] = n
                text = text.replace(key, "\x00")  # a longer term hides the shorter ones in it
        return counts

    def _words(self, tokens: list, forms: Optional[list] = None) -> dict:
        """Longest match first ("computer virus" before "virus"); then stems. ``forms``: per
        token, the forms a single word is looked up in, first hit wins (Arabic)."""
        counts: dict = {}
        i, n = 0, len(tokens)
        while i < n:
            width, token = 1, tokens[i]
            if token in self.starts:
                for size in range(min(self.max_words, n - i), 1, -1):
                    phrase = " ".join(tokens[i : i + size])
                    if phrase in self.terms:
                        counts[phrase] = counts.get(phrase, 0) + 1
                        width = size
                        break
            if width == 1:
                if forms is None:
                    key = self._word_key(token)
                else:
                    key = next(filter(None, map(self._word_key, forms[i])), None)
                if key:
                    counts[key] = counts.get(key, 0) + 1
            i += width
        return counts

    def _word_key(self, token: str) -> Optional[str]:
        if token in self.terms:
            return token
        for size in self.prefix_sizes:
            if size <= len(token) and token[:size] in self.prefixes:
                return _match_key("prefix", token[:size])
        for size in self.suffix_sizes:
            if size < len(token) and token[-size:] in self.suffixes:
                return _match_key("suffix", token[-size:])
        if self.compounds and len(token) >= HEAD_AFTER + HEAD_MIN:
            return self._head_key(token)
        return None

    def _head_key(self, token: str) -> Optional[str]:
        """The key of a compound's last part (``COMPOUND_LANGUAGES``), remembered per word."""
        if token in self._heads:
            return self._heads[token]
        key = None
        for start in range(HEAD_AFTER, len(token) - HEAD_MIN + 1):
            if token[start : start + HEAD_MIN] not in self.head_starts:
                continue
            if _PARTICLES.fullmatch(token[:start]):
                continue
            tail = token[start:]
            if tail in self.heads:
                key = tail
                break
            for size in self.head_sizes:
                if size <= len(tail) and tail[:size] in self.head_stems:
                    key = self._longest_prefix(tail, size)
                    break
            if key:
                break
        if len(self._heads) > 200_000:  # a bound on memory for endless streams of new words
            self._heads.clear()
        self._heads[token] = key
        return key

    def _longest_prefix(self, tail: str, size: int) -> str:
        """The key of ``tail``'s longest prefix term, at least ``size`` letters: a longer term
        hides a shorter one at a compound's end as it does at a word's start
        (Bundesgeschäftsführer is ``geschäftsführ*``, not ``geschäft*``)."""
        for longer in self.prefix_sizes:
            if longer <= size:
                break
            if longer <= len(tail) and tail[:longer] in self.prefixes:
                return _match_key("prefix", tail[:longer])
        return _match_key("prefix", tail[:size])


def _head(key: str, weights: tuple, never: frozenset) -> bool:
    """Whether a term may be a compound's last part: long, naming a topic outright
    (``HEAD_WEIGHT``), not one of the language's ``NOT_HEADS``."""
    return (
        len(key) >= HEAD_MIN
        and key not in never
        and any(weight >= HEAD_WEIGHT for _, weight in weights)
    )


def _match_key(kind: str, key: str) -> str:
    """The key ``matches`` counts a ``kind`` table's ``key`` under: ``key*`` for a prefix,
    ``-key`` for a suffix, the key itself for a whole word; ``weights`` reads it back."""
    if kind == "prefix":
        return key + "*"
    if kind == "suffix":
        return "-" + key
    return key


def _body_parts(text: str) -> tuple:
    """``((lead, 1.0), (rest, LATER_WEIGHT))``: the body up to ``BODY_CHARS`` cut after the
    first ``LEAD_CHARS`` at a space, so no word is split."""
    body = text[:BODY_CHARS]
    if len(body) <= LEAD_CHARS:
        return ((body, 1.0),)
    cut = body.find(" ", LEAD_CHARS)
    cut = len(body) if cut < 0 else cut
    return ((body[:cut], 1.0), (body[cut:], LATER_WEIGHT))


def evidence(index: TermIndex, title: Optional[str], text: str) -> tuple:
    """``(raw, distinct, strongest)`` per topic position: the weighted evidence ``sum(weight *
    (1 + ln count))``, title boosted; the number of distinct terms behind it; the weight of its
    strongest term."""
    raw = [0.0] * len(index.codes)
    found: list = [set() for _ in index.codes]
    strongest = [0.0] * len(index.codes)
    company: dict = {}  # context terms' evidence, per position: [raw, terms, strongest]
    for part, boost in ((title or "", TITLE_WEIGHT), *_body_parts(text or "")):
        for term, count in index.matches(part).items():
            repeat = boost * (1.0 + math.log(count))
            for position, weight in index.weights(term):
                if (term, position) in index.context:
                    held = company.setdefault(position, [0.0, set(), 0.0])
                    held[0] += weight * repeat
                    held[1].add(term)
                    held[2] = max(held[2], weight)
                    continue
                raw[position] += weight * repeat
                found[position].add(term)
                strongest[position] = max(strongest[position], weight)
    for position, (extra, terms, weight) in company.items():
        if strongest[position] >= CONTEXT_WEIGHT:
            raw[position] += extra
            found[position] |= terms
            strongest[position] = max(strongest[position], weight)
    return raw, [len(f) for f in found], strongest
