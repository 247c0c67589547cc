"""``normalized_words``'s ASCII shortcut (one ``str.translate``) gives the words of its general
path (NFKC, casefold, every character outside ``[\\w\\s]`` a space): article ids, content hashes,
shingles and sentence hashes are all made from these words and stored in the index."""

import random
import unicodedata

from transforms.core import record
from transforms.core.record import normalized_words


def _general(text):
    folded = unicodedata.normalize("NFKC", text).casefold()
    return record._NON_WORD.sub(" ", folded).split()


def test_every_ascii_character_maps_as_the_regex_maps_it():
    for code in range(128):
        text = f"ab{chr(code)}Cd {chr(code)}"
        assert normalized_words(text) == _general(text), repr(chr(code))


def test_random_ascii_texts_give_the_same_words():
    rng = random.Random(26)
    pool = [chr(c) for c in range(128)] + list("The Council_voted 4.5m, O'Neil's e.g. U.S.") * 3
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 80)))
        assert text.isascii() and normalized_words(text) == _general(text), repr(text)


def test_text_with_one_non_ascii_character_takes_the_general_path():
    # NFKC turns the ligature into "fi" and casefold "ß" into "ss": the shortcut must not see them
    assert normalized_words("The ﬁnal Straße, \u2460 votes") == [
        "the",
        "final",
        "strasse",
        "1",
        "votes",
    ]
    assert normalized_words("") == normalized_words(None) == []
