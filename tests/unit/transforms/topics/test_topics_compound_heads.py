"""Last parts that never count for a German compound (``NOT_HEADS``): in economy news
"Prozentpunkte" are no sport, a "Hafengesellschaft" is a company, not society, a
"Markteinbruch" no burglary, a "Kostenexplosion" no disaster. Texts written for these tests."""

import pytest

from tests.unit.transforms.topics.test_topics_real_news import primary
from transforms.topics.classify import build_index
from transforms.topics.taxonomy import load_taxonomy

ECONOMY = "medtop:04000000"


@pytest.fixture(scope="module")
def german():
    return build_index(load_taxonomy(), "de")


@pytest.mark.parametrize(
    "word",
    [
        "Prozentpunkte",
        "Schwerpunkte",
        "Hafengesellschaft",
        "Markteinbruch",
        "Kostenexplosion",
        "Stimmenverlust",
        "Testsieger",
        "Siliziumgehalt",
        "Gestensteuerung",
    ],
)
def test_a_general_last_part_names_no_topic(german, word):
    assert german.matches(word) == {}


def test_the_compound_rule_still_reads_a_topic_s_own_last_part(german):
    assert german.matches("Stadttheater Cheftrainer") == {"theater*": 1, "trainer*": 1}


STORIES = [
    (
        "Hafengesellschaft meldet Markteinbruch",
        "Die Hafengesellschaft rechnet nach dem Markteinbruch im Containerverkehr mit weniger "
        "Umsatz. Die Auslastung sank um vier Prozentpunkte, die Aktie verlor an der Börse. Die "
        "Schwerpunkte liegen nun auf Schüttgut und Fährverkehr.",
    ),
    (
        "Kostenexplosion bei Baustoffen",
        "Bauunternehmen klagen über eine Kostenexplosion: Stahl und Zement verteuerten sich "
        "binnen eines Jahres um zwanzig Prozentpunkte mehr als die übrigen Vorleistungen. Die "
        "Schwerpunkte der Branche verschieben sich zur Sanierung.",
    ),
]


@pytest.mark.parametrize("title, text", STORIES)
def test_economy_news_in_general_compounds_stays_economy(title, text):
    assert primary("de", title, text) == ECONOMY
