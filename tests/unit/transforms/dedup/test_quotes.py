"""Quotes as evidence (``transforms/dedup/quotes.py``): quoted spans in the quotation marks of
several languages, carried after the marks, and read back apart from them."""

import numpy as np

from transforms.dedup.quotes import (
    quotes_of,
    sentences_of,
    split_marks,
    split_sentences,
    with_quotes,
)
from transforms.dedup.verify import marks_conflict, marks_inside, marks_of, quotes_inside

_FILLER = " ".join(f"word{i}" for i in range(30))


def test_quotes_in_the_marks_of_several_languages():
    styles = [
        'She said "the bridge will reopen next spring" on Monday.',
        "She said “the bridge will reopen next spring” on Monday.",
        "Sie sagte „die Brücke wird im Frühjahr wieder geöffnet“ am Montag.",
        "Elle a dit « le pont rouvrira au printemps prochain » lundi.",
        "Sie sagte »die Brücke wird im Frühjahr wieder geöffnet« am Montag.",
        "彼女は「橋は来年の春に再開される予定です」と述べた。",
    ]
    for text in styles:
        assert len(quotes_of(text)) >= 1, text
    # The words inside the marks, not around them: the same quote in two styles is one quote.
    assert np.array_equal(quotes_of(styles[0]), quotes_of(styles[1]))
    assert np.array_equal(quotes_of("“the bridge will reopen next spring”"), quotes_of(styles[0]))


def test_short_quoted_spans_are_not_quotes():
    assert len(quotes_of('the so-called "wonder drug" and the "Iron Lady" left')) == 0
    assert len(quotes_of("a quote that never closes: “we will win this")) == 0


def test_code_paths_and_markup_in_quotes_are_not_speech():
    # A release note's config example: its strings are quoted, and another version's repeats them.
    code = (
        'w.start = "mongrel_rails cluster::start --only #{port}" and '
        'RAILS_ROOT = "  /var/www/gravatar2/current  " and w.name = "gravatar2 mongrel #{ port }"'
    )
    assert len(quotes_of(code)) == 0
    assert len(quotes_of('he said "see the file in the folder at home today"')) == 5  # 9 words


def test_marks_without_quotes_are_the_bytes_they_were():
    text = f"{_FILLER} Mayor Ana Lima said the budget rose 12% to 2,300. {_FILLER}"
    assert with_quotes(marks_of(text), text) == marks_of(text)
    both = with_quotes(marks_of(text), text, with_sentences=True)
    marks, quotes = split_marks(both)
    assert marks.tobytes() == marks_of(text) and len(quotes) == 0
    assert (
        np.array_equal(split_sentences(both), sentences_of(text)) and len(sentences_of(text)) == 2
    )
    marks, quotes = split_marks(marks_of(text))  # marks written before quotes and sentences
    assert marks.tobytes() == marks_of(text) and len(quotes) == 0
    assert len(split_sentences(marks_of(text))) == 0
    # Neither a quote nor a sentence of five words: the marks are the bytes they were.
    no_sentence = "Yes. No. Not now, thanks."
    assert with_quotes(b"\x01\x00\x00\x00", no_sentence, True) == b"\x01\x00\x00\x00"


def test_marks_and_quotes_read_back_apart():
    text = (
        f"{_FILLER} Mayor Ana Lima said the budget rose 12% to 2,300. "
        f'"We will not raise the council tax again this year," Lima said. {_FILLER}'
    )
    both = with_quotes(marks_of(text), text)
    marks, quotes = split_marks(both)
    assert marks.tobytes() == marks_of(text)
    assert np.array_equal(quotes, quotes_of(text)) and len(quotes) == 6
    # The names-and-numbers rules read only the marks.
    plain = marks_of(text)
    assert marks_inside(both, plain, 3) == marks_inside(plain, plain, 3) == 1.0
    assert not marks_conflict(both, plain)


def test_quotes_inside_counts_the_copy_s_quoted_shingles():
    story = (
        '"We cannot run a ward on agency midwives and goodwill," the leader said. '
        '"Nobody in the town was asked about it," said the councillor.'
    )
    rewrite = 'A new lead. "We cannot run a ward on agency midwives and goodwill," she said.'
    invented = 'A new lead. "We will run the ward with agency midwives and goodwill," she said.'
    s, r, i = (with_quotes(b"", t) for t in (story, rewrite, invented))
    assert quotes_inside(r, s, 6) == 1.0
    assert quotes_inside(i, s, 6) < 0.5
    assert quotes_inside(r, s, 7) == 0.0  # fewer quoted shingles than asked for: no evidence
    assert quotes_inside(r, b"", 6) == 0.0
