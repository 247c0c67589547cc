"""Count words in any script, and tell prose from lists of URLs or tokens.

One ``count_words`` for every length rule (``filter.min_words``, the not-article rule, the
text-cleaning rules): counting by spaces gives a Japanese or Thai article a handful of "words"
and every such article was rejected as too short.
"""

import math
import re

__all__ = [
    "count_chars",
    "count_words",
    "non_prose_reason",
    "one_space",
    "script_runs",
    "split_unspaced",
]

# Scripts written without spaces between words. Han and kana (Chinese, Japanese): a word is
# 1.5 characters on average (Chinese words average ~1.6 characters in segmented corpora, Japanese
# morphemes ~1.5 with particles). Thai, Lao, Khmer and Myanmar: one word per 4 code points
# (vowel and tone marks are code points of their own). Korean separates words with spaces and is
# counted like Latin text. A segmenter (jieba, fugashi, pythainlp) would count more exactly, but
# each weighs megabytes of dictionaries for a number that only gates length rules.
_CJK = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_SEA = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
# CJK punctuation and full-width symbols separate words like spaces do, and are not words.
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_TOKEN = re.compile(f"([{_CJK}]+)|([{_SEA}]+)|[^\\s{_CJK}{_SEA}{_CJK_PUNCT}]+")
_UNSPACED = re.compile(f"[{_CJK}{_SEA}]")
_UNSPACED_PARTS = re.compile(f"[{_CJK}{_SEA}]|[^{_CJK}{_SEA}]+")
# Any character that makes ``_TOKEN`` count otherwise than ``str.split``; a text without one
# (nearly every text in a spaced script) is counted by ``str.split``, whose whitespace is
# ``\s``'s (both are ``str.isspace``).
_NOT_SPACED = re.compile(f"[{_CJK}{_SEA}{_CJK_PUNCT}]")
_CJK_PER_WORD = 1.5
_SEA_PER_WORD = 4.0


def script_runs(text: str) -> tuple:
    """(spaced words, characters in CJK runs, characters in Thai-like runs) of ``text``."""
    text = text or ""
    if not _NOT_SPACED.search(text):
        return len(text.split()), 0, 0
    return _token_runs(text)


def _token_runs(text: str) -> tuple:
    """``script_runs`` by one ``_TOKEN`` match per token: the general path."""
    spaced = cjk = sea = 0
    for match in _TOKEN.finditer(text):
        if match.group(1):
            cjk += len(match.group(1))
        elif match.group(2):
            sea += len(match.group(2))
        else:
            spaced += 1
    return spaced, cjk, sea


def one_space(text: str) -> str:
    r"""``text`` with each run of whitespace one space, stripped: ``re.sub(r"\s+", " ", text)
    .strip()``, by ``str.split`` (the same whitespace: ``\s`` and ``str.split`` both take
    ``str.isspace``, checked on every code point in the tests), 4-6x cheaper, and extraction
    calls it for every paragraph of a page."""
    return " ".join(text.split())


def count_words(text: str) -> int:
    """Words in ``text`` in any script: space-separated tokens, plus CJK characters / 1.5 and
    Thai/Lao/Khmer/Myanmar characters / 4 (rounded up). For text with spaces between words it
    is ``len(text.split())``, less tokens that are only CJK punctuation."""
    spaced, cjk, sea = script_runs(text)
    return spaced + math.ceil(cjk / _CJK_PER_WORD) + math.ceil(sea / _SEA_PER_WORD)


# An English word is ~6 characters with its space; a Han/kana word 1.5, a Thai word 4.
_CJK_CHAR_WEIGHT = 6 / _CJK_PER_WORD
_SEA_CHAR_WEIGHT = 6 / _SEA_PER_WORD


def count_chars(text: str) -> int:
    """Length of ``text`` in Latin-text characters, for ``filter.min_chars``: a Han or kana
    character weighs 4 (it carries as much as 4 letters), a Thai-like one 1.5, others 1. No
    weight is below 1, so it is never less than ``len(text)`` (``filter.rejection_reason``
    relies on that to skip it for long texts)."""
    text = text or ""
    _, cjk, sea = script_runs(text)
    return round(len(text) + cjk * (_CJK_CHAR_WEIGHT - 1) + sea * (_SEA_CHAR_WEIGHT - 1))


_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]{1,15}:|www\.)\S+$|^[\w.-]+\.[a-z]{2,24}/\S*$", re.I)
_MIN_LINES = 5  # fewer lines are too few to call a list
_PROSE_LINE_WORDS = 6  # a line with this many words reads as a sentence or part of one


def non_prose_reason(text: str):
    """Why ``text`` is not prose ("url_list" | "token_list"), or None when it reads as prose.

    A file of one URL (or one short token) per line, such as seed lists or ``*.dat`` files, has
    words but no sentences: at least 5 non-empty lines, and at most one line in ten (and fewer
    than 3) long enough to be a sentence.
    """
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) < _MIN_LINES:
        return None
    prose = sum(count_words(line) >= _PROSE_LINE_WORDS for line in lines)
    if prose >= 3 or prose * 10 > len(lines):
        return None
    urls = sum(bool(_URLISH.match(line)) for line in lines)
    return "url_list" if urls * 2 >= len(lines) else "token_list"


def split_unspaced(words: list) -> list:
    """``words`` with every character of a CJK or Thai-like run as a word of its own (the runs of
    other letters and digits stay whole): text without spaces between words is one "word" per
    sentence when split on spaces, so word shingles of two edits of one Chinese story shared
    nothing. Characters, not dictionary words, because a segmenter weighs megabytes and a run
    of characters already says what a run of words says. Text without such characters is
    returned as it is (the same list)."""
    joined = "".join(words)
    if joined.isascii() or not _UNSPACED.search(joined):  # isascii: a flag, not a scan
        return words
    out = []
    for word in words:
        if _UNSPACED.search(word):
            out.extend(_UNSPACED_PARTS.findall(word))
        else:
            out.append(word)
    return out
