import random
import re
import sys

import pytest

from transforms.extract import literal_prefilter, paragraph_text
from transforms.extract.literal_prefilter import LiteralAlternatives

FURNITURE = paragraph_text._FURNITURE


def _every_character() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)


def test_every_character_ignorecase_takes_for_a_letter_lowers_to_it_or_goes_to_the_regex():
    """The prefilter's premise, for the alphabet of the furniture words: any character that
    re.IGNORECASE matches to one of their letters lower-cases to that letter, or is one the
    prefilter sends to the regex."""
    everything = _every_character()
    letters = sorted(set(FURNITURE.pattern.lower()) - {"|"})
    for letter in letters:
        for char in re.compile(f"[{re.escape(letter)}]", re.I).findall(everything):
            assert char.lower() == letter or char in literal_prefilter._UNFOLDED, (char, letter)


def _texts():
    words = FURNITURE.pattern.split("|")
    prose = "Der Bundesrat hat am Freitag beschlossen, dass die Regel ab Januar gilt. Ünd éß"
    odd = ["İnstagram", "ſhare", "SUBSCRIBE", "Síg", "©", "LOG IN", "log  in", "sign\nin"]
    rng = random.Random(7)
    texts = [prose, "", *odd, *(w.upper() for w in words), *(w.title() for w in words)]
    for _ in range(500):
        parts = rng.choices([*prose.split(), *words, *odd], k=rng.randint(1, 12))
        texts.append(" ".join(p.upper() if rng.random() < 0.3 else p for p in parts))
    return texts


def test_findall_is_the_regexs_own_on_furniture_words_and_prose():
    fast = LiteralAlternatives(FURNITURE)
    for text in _texts():
        assert fast.findall(text) == FURNITURE.findall(text), text
    assert fast.findall("Follow us and SUBSCRIBE to the newsletter") == [
        "Follow",
        "SUBSCRI",
        "newsletter",
    ]
    assert fast.findall("İnstagram") == ["İnstagram"]  # ignorecase reads İ as i
    assert fast.findall("Der Bundesrat hat am Freitag beschlossen.") == []


@pytest.mark.parametrize(
    "regex",
    [re.compile(r"\bads?\b|promo", re.I), re.compile("a b|c", re.I | re.X), re.compile("x|")],
)
def test_a_pattern_with_regex_syntax_always_runs_the_regex(regex):
    fast = LiteralAlternatives(regex)
    assert fast._needles is None
    for text in ("ads here", "ab", "a b c", "promo", "xyz"):
        assert fast.findall(text) == regex.findall(text)
