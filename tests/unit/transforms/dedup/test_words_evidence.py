"""The narrative's words in the marks (``quotes.words_of``, ``evidence.words_inside``): what a
text carries, how it reads back beside its quotes, narrative and sentences, and what marks written
without them read as."""

import numpy as np

from transforms.dedup.evidence import words_inside
from transforms.dedup.quotes import (
    MAX_WORDS,
    MIN_NEW_WORDS,
    new_words,
    split_parts,
    split_words,
    with_quotes,
    words_of,
)
from transforms.dedup.verify import marks_of

_STORY = (
    "The harbour board of Kessby approved a new ferry timetable on Monday after months of "
    'complaints from island commuters. "We listened, and the first boat will now leave at six," '
    "board chair Ingrid Falk said. The change adds four crossings a day and costs about 300,000 "
    "crowns a year, paid from the regional transport budget."
)


def test_words_are_the_narratives_words_of_four_letters_or_more_not_the_quotes():
    words = words_of(_STORY)
    assert len(words) == len(set(words.tolist()))  # sorted unique hashes
    assert np.array_equal(words, np.sort(words))
    # Quoted words ("listened", "first") are the quotes' evidence, not the narrative's; short
    # words ("the", "of", "on") are every text's.
    assert np.array_equal(words_of("listened first the of on"), words_of("listened first"))
    quoted = '"We listened, and the first boat will now leave," she said.'
    assert np.array_equal(words_of(quoted), words_of("said"))
    assert np.array_equal(words_of("Harbour **Board**"), words_of("harbour board"))


def test_words_follow_the_other_parts_and_leave_them_as_they_were():
    marks = marks_of(_STORY)
    before = with_quotes(marks, _STORY, True)
    after = with_quotes(marks, _STORY, True, with_words=True)
    assert after.startswith(before)
    for a, b in zip(split_parts(after), split_parts(before)):
        assert np.array_equal(a, b)
    assert np.array_equal(split_words(after), words_of(_STORY))
    # Marks written without words (the rule off, or an older index) read as no words.
    assert not len(split_words(before)) and not len(split_words(marks))
    # A text without quotes or sentences still carries its words after its plain marks.
    plain = "Harbour board approves ferry timetable"
    only = with_quotes(b"", plain, True, with_words=True)
    assert split_parts(only)[0].size == 0 and len(split_words(only)) == 5


def test_words_inside_is_the_share_of_the_copys_words_the_other_has():
    reworded = (
        "Island commuters won more crossings on Monday: the Kessby harbour board approved a new "
        "ferry timetable after months of complaints. Four crossings a day are added, paid from "
        "the regional transport budget at about 300,000 crowns a year, board chair Ingrid Falk "
        'said. "We listened, and the first boat will now leave at six," she said.'
    )
    copy = with_quotes(b"", reworded, True, with_words=True)
    story = with_quotes(b"", _STORY, True, with_words=True)
    share = words_inside(copy, story, 10)
    ours, theirs = set(words_of(reworded).tolist()), set(words_of(_STORY).tolist())
    assert share == len(ours & theirs) / len(ours) and share >= 0.8
    assert words_inside(copy, story, len(ours) + 1) == 0.0  # too few words to tell
    assert words_inside(copy, with_quotes(b"", _STORY, True), 10) == 0.0  # written without


def test_a_long_text_keeps_the_smallest_words_on_both_sides():
    text = " ".join(f"word{k:04d}" for k in range(1000))
    assert len(words_of(text)) == MAX_WORDS
    half = " ".join(f"word{k:04d}" for k in range(0, 1000, 2))
    a = with_quotes(b"", half, with_words=True)
    b = with_quotes(b"", text, with_words=True)
    assert words_inside(a, b, 20) == 1.0
    assert 0.35 <= words_inside(b, a, 20) <= 0.65  # compared up to the smaller cut: about half


def test_a_table_of_a_few_words_carries_no_words():
    """Two rounds of results share all their words whatever their matches: a text whose words
    repeat like a table's (few seen once: ``new_words``) gives none, a story gives its own."""
    rounds = " ".join(
        f"{home} beat {away} {a}-{b} on Saturday, with the winner coming in the {m}th minute."
        for home, away, a, b, m in [
            ("Northside Rovers", "Harbour City", 2, 1, 77),
            ("Valley Athletic", "Eastfield United", 3, 0, 12),
            ("Harbour City", "Valley Athletic", 1, 0, 64),
            ("Eastfield United", "Northside Rovers", 2, 2, 90),
            ("Riverside Wanderers", "Harbour City", 4, 1, 35),
        ]
    )
    words = [w for w in rounds.lower().replace(",", "").replace(".", "").split() if len(w) >= 4]
    assert new_words(words) < MIN_NEW_WORDS <= new_words(_STORY.lower().split())
    assert not len(words_of(rounds)) and len(words_of(_STORY))
    assert not len(split_words(with_quotes(b"", rounds, True, with_words=True)))
    assert new_words([]) == 1.0
