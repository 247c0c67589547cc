"""A plain-text article whose first line is a sentence ending in a closing quote of another
language (German „…“, French « … », Japanese 「…。」) keeps it in the text; a headline with
quoted words is still held apart as the title."""

import pytest

from transforms.extract.text_clean import clean_plain_text

BODY = "Der Bürgermeister bestätigte am Montag, dass die Brücke im Frühjahr öffnet."


@pytest.mark.parametrize(
    "first",
    [
        "Er sagte: „Wir kommen morgen wieder.“",
        "Il a dit : « Nous reviendrons demain. »",
        "「明日また来ます。」",
        "彼は明日また来ると言った。",
    ],
)
def test_a_first_line_ending_in_a_quoted_sentence_stays_in_the_text(first):
    extracted = clean_plain_text(f"{first}\n\n{BODY}")

    assert extracted.text.split("\n\n") == [first, BODY]


def test_a_headline_ending_in_quoted_words_is_the_title_only():
    extracted = clean_plain_text(f"Neue Brücke für die „Altstadt“\n\n{BODY}")

    assert (extracted.title, extracted.text) == ("Neue Brücke für die „Altstadt“", BODY)
