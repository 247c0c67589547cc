"""Short news between close languages: a headline that langdetect alone gives to a neighbour,
the feed's declared language, what an alphabet cannot write. Texts written for these tests."""

import pytest

from transforms.language.detect import detect, detect_article
from transforms.language.detect import shared_detector_factory as profiles
from transforms.language.evidence import cannot_write, word_votes

SHORT = [
    ("Lange files op de snelweg", "nl"),  # langdetect alone: da
    ("Polisen söker vittnen", "sv"),  # fi
    ("Priset blir högre i år", "sv"),  # no
    ("Huelga de taxis en Barcelona", "es"),  # ca
]


@pytest.mark.parametrize("title, language", SHORT)
def test_a_headline_langdetect_gives_to_a_neighbour_gets_its_language(title, language):
    assert detect(profiles(0), title)[0] != language  # what langdetect alone says
    assert detect_article(profiles(0), title, "")[0] == language


@pytest.mark.parametrize(
    "title, declared, language",
    [
        ("Суд отложил заседание", "ru", "ru"),  # langdetect alone: bg
        ("Nuove regole per i taxi", "it-IT", "it"),  # ca
    ],
)
def test_the_declared_language_decides_a_headline_langdetect_is_unsure_of(
    title, declared, language
):
    assert detect_article(profiles(0), title, "")[0] != language
    assert detect_article(profiles(0), title, "", declared=declared)[0] == language


def test_a_wrong_declaration_does_not_turn_a_plain_article():
    title = "Trade fair opens with a record number of exhibitors"
    text = (
        "More than four thousand companies from seventy countries are showing robots, sensors "
        "and software for factories at the fair this week. The organisers said the halls were "
        "sold out months ago, and that visitors from Asia had returned in large numbers."
    )
    assert detect_article(profiles(0), title, text, declared="de")[0] == "en"
    assert detect_article(profiles(0), "Regeringen sänker skatten", "", declared="da")[0] == "sv"


def test_an_alphabet_rules_out_the_languages_that_cannot_write_it():
    assert cannot_write("Мэр открыл новый мост") == {"bg", "mk", "uk"}  # э ы: Russian
    assert "ru" in cannot_write("Він сказав, що їде")  # і ї: not Russian
    assert cannot_write("De prijzen zijn gestegen") == {"af"}  # ij: not Afrikaans


def test_a_quotes_function_words_do_not_vote_for_the_article():
    title = "Carmaker's boss: “Wir sind nicht naiv” about the trade row"
    assert word_votes(title)["de"] == 2  # wir sind nicht: German function words, quoted
    assert detect_article(profiles(0), title, "")[0] == "en"
