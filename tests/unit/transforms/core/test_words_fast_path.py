"""``script_runs``'s shortcut for text without CJK, Thai-like or CJK-punctuation characters gives
the counts of its general path (one ``_TOKEN`` match per token) on every kind of text."""

import random
import re

from transforms.core import words
from transforms.core.record import Article
from transforms.core.words import count_chars, count_words, one_space, script_runs
from transforms.extract.filter import FilterConfig, rejection_reason

# Every whitespace Python knows (``str.isspace``), letters of spaced scripts, digits, marks,
# and one character of each kind the shortcut must leave to the general path.
_SPACES = [chr(c) for c in range(0x3001) if chr(c).isspace()]
_SPACED = list("abcXYZ019.,;-'\"éßøŁДжعבהमΩ") + ["\u0301", "\u200b", "\ufeff", "🙂"]
_OTHER = ["北", "ひ", "カ", "\u3000", "。", "！", "ก", "\u0e31", "မ", "ក", "한"]


def test_shortcut_counts_what_the_tokens_count():
    rng = random.Random(26)
    for n in range(3000):
        pool = _SPACES + _SPACED + (_OTHER if n % 2 else [])
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 60)))
        assert script_runs(text) == words._token_runs(text), repr(text)


def test_plain_text_counts():
    text = "The council\u00a0voted on Tuesday\u2003to extend the tram,\x1c8 km north.\n\nIt opens."
    assert script_runs(text) == (14, 0, 0) == words._token_runs(text)
    assert count_words(text) == len(text.split()) == 14
    assert count_chars(text) == len(text)
    assert script_runs("") == script_runs(None) == (0, 0, 0)


def test_a_cjk_punctuation_mark_takes_the_general_path():
    # U+3000 (ideographic space) separates like a space and is no word: split() agrees here,
    # but "a。b" is two tokens for the general path and one for split()
    assert script_runs("a。b") == (2, 0, 0)
    assert script_runs("北浜 市議会 abc") == words._token_runs("北浜 市議会 abc") == (1, 5, 0)


def test_the_filter_skips_count_chars_only_where_it_could_not_reject():
    # rejection_reason takes a text of min_chars characters or more as long enough without
    # count_chars: right only because count_chars is never below len(text)
    rng = random.Random(7)
    config = FilterConfig(min_words=0, min_chars=40)
    for n in range(2000):
        pool = _SPACED + _OTHER + [" "]
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 80)))
        assert count_chars(text) >= len(text), repr(text)
        article = Article(
            doc_id=f"d{n}", url="", source_format="text", source_path="", source_ref="", text=text
        )
        stripped = text.strip()
        if not stripped:
            expected = "empty"
        else:
            expected = "too_short" if count_chars(stripped) < config.min_chars else None
        reason = rejection_reason(article, config)
        assert (reason and reason[0]) == expected, repr(text)


def test_one_space_is_the_regex_it_replaces():
    # the whitespace of ``\s`` and of ``str.split`` is the same set of code points
    space = re.compile(r"\s+")
    differ = [c for c in range(0x110000) if bool(space.fullmatch(chr(c))) != chr(c).isspace()]
    assert differ == []
    rng = random.Random(21)
    for _ in range(2000):
        text = "".join(rng.choice(_SPACES + _SPACED + _OTHER) for _ in range(rng.randint(0, 40)))
        assert one_space(text) == space.sub(" ", text).strip(), repr(text)
    assert one_space("  Read\u00a0more \n\t about\u2003it ") == "Read more about it"
