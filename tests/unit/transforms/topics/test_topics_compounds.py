"""German compounds are matched by their last part (issue 27, real German news): a
"Stadttheater" is a theatre, a "Autokonzern" a company; a word made of verb particles and a term
("Verbraucher", "veröffentlicht", "Herausforderung") is not. Texts written for these tests."""

import pytest

from tests.unit.transforms.topics.test_topics_real_news import primary
from transforms.topics.classify import build_index
from transforms.topics.taxonomy import load_taxonomy

CULTURE, ECONOMY, SPORT = "medtop:01000000", "medtop:04000000", "medtop:15000000"


@pytest.fixture(scope="module")
def german():
    return build_index(load_taxonomy(), "de")


@pytest.mark.parametrize(
    "word, term",
    [
        ("Stadttheater", "theater*"),
        ("Autokonzern", "konzern*"),
        ("Regionalmeisterschaften", "meisterschaft*"),
        ("Burgschauspielerin", "schauspielerin*"),  # the longest last part, not "spielerin"
        ("Cheftrainer", "trainer*"),
    ],
)
def test_a_compound_is_matched_by_its_last_part(german, word, term):
    assert german.matches(word) == {term: 1}


@pytest.mark.parametrize(
    "word", ["Verbraucher", "veröffentlicht", "Herausforderungen", "ausgesetzt", "Beispiele"]
)
def test_verb_particles_and_a_term_are_not_a_compound(german, word):
    assert german.matches(word) == {}


def test_a_story_told_in_compounds_gets_its_topic():
    title = "Stadttheater zeigt Klassiker in neuer Fassung"
    text = (
        "Das Landestheater bringt zum Saisonauftakt einen Klassiker auf die Hauptbühne. Die "
        "Titelrolle spielt eine Burgschauspielerin, das Bühnenbild stammt von einer "
        "Installationskünstlerin. Nach der Generalprobe gab es langen Applaus."
    )
    assert primary("de", title, text) == CULTURE


STORIES = [
    (
        SPORT,
        "Turnverein holt zwei Titel bei den Regionalmeisterschaften",
        "Bei den Regionalmeisterschaften in der Kreissporthalle gewannen die Nachwuchsturnerinnen "
        "des Vereins zwei Titel. Die Cheftrainerin lobte die Leistung am Schwebebalken. Der "
        "Hauptsponsor, ein Autozulieferer aus der Region, übergab die Pokale.",
    ),
    (
        ECONOMY,
        "Autokonzern steigert Quartalsumsatz",
        "Der Autokonzern hat im dritten Quartal mehr verdient als erwartet. Der Nettogewinn "
        "stieg um zwölf Prozent, der Jahresumsatz soll erstmals hundert Milliarden Euro "
        "übersteigen. Die Verbraucher kaufen wieder mehr Neuwagen.",
    ),
]


@pytest.mark.parametrize("topic, title, text", STORIES)
def test_a_club_and_a_carmaker_told_in_compounds_get_their_topic(topic, title, text):
    assert primary("de", title, text) == topic
