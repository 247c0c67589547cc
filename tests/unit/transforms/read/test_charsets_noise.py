"""Random bytes are no text: the 'word of UTF-8' test that reads a UTF-8 title on a Cyrillic page
as UTF-8 must not take the chance UTF-8 sequences of noise for words."""

import random

import pytest

from transforms.read.charsets import decode_not_utf8, has_utf8_words


@pytest.mark.parametrize("seed", range(20))
def test_random_high_bytes_hold_no_utf8_word_and_stay_undecodable(seed):
    noise = random.Random(seed)
    data = bytes(noise.randrange(128, 256) for _ in range(4000))
    assert not has_utf8_words(data)
    decoded = decode_not_utf8(data)
    assert decoded is None or not decoded[1].startswith("utf-8+"), decoded[1]


def test_a_utf8_word_between_ascii_is_a_word():
    title = "<title>Мост через реку</title>".encode()
    body = "<p>Новый мост открыт для движения.</p>".encode("cp1251")
    assert has_utf8_words(title + body, "cp1251")


def test_three_utf8_symbols_in_a_row_are_no_word():
    # "±×÷" is valid UTF-8 but no word of any script.
    assert not has_utf8_words(b"<p>value " + "±×÷".encode() + b" range</p>", "cp1252")


@pytest.mark.parametrize("word", ["«Мост»", "東京タワー", "Αθήνα"])
def test_a_quoted_or_japanese_utf8_word_is_a_word(word):
    assert has_utf8_words(b"<h1>" + word.encode("utf-8") + b"</h1><p>text</p>", "cp1252")
