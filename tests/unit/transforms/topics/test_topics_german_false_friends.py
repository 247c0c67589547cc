"""German words that named economy or science and technology in a sense real news rarely uses
(lexicon 12): a club's board and managing director, "gewinnen" (to win), Kernfusion, fossil
fuels, pills (Tabletten), a rapper's Instagram post. Texts written for these tests; each story
and word fails with lexicon 11."""

import pytest

from tests.unit.transforms.topics.test_topics_real_news import primary
from transforms.topics.classify import build_index
from transforms.topics.taxonomy import load_taxonomy

ARTS = "medtop:01000000"
ECONOMY = "medtop:04000000"
SCIENCE = "medtop:13000000"
SPORT = "medtop:15000000"


@pytest.fixture(scope="module")
def german():
    return build_index(load_taxonomy(), "de")


def test_a_longer_term_hides_a_shorter_one_at_a_compound_s_end(german):
    # "geschäftsführ*" (weight 1) is longer than the weight-3 "geschäft*" the last part starts with.
    assert german.matches("Bundesgeschäftsführer") == {"geschäftsführ*": 1}
    assert german.matches("Kerngeschäft") == {"geschäft*": 1}


@pytest.mark.parametrize(
    "word", ["gewinnen", "Gewinner", "Tabletten", "fossilen", "Trägheitsfusion"]
)
def test_an_everyday_sense_is_no_economy_or_technology(german, word):
    strong = {
        german.codes[position]
        for key in german.matches(word)
        for position, weight in german.weights(key)
        if weight >= 2
    }
    assert not strong & {ECONOMY, SCIENCE}


@pytest.mark.parametrize(
    "code, title, text",
    [
        pytest.param(
            SPORT,
            "Fanclub stellt die Weichen: neuer Vorstand gewählt",
            "Der Fanclub der Eintracht hat auf seiner Jahresversammlung einen neuen Vorstand gewählt. "
            "Der bisherige Vorstand wurde entlastet, der Geschäftsführer dankte den Mitgliedern für "
            "ihre Arbeit. Die Geschäftsstelle bleibt in der Altstadt, und die Fans fahren weiter "
            "zu jedem Auswärtsspiel.",
            id="a fan club's board",
        ),
        pytest.param(
            SCIENCE,
            "Kernfusion: Fusionsexperiment hält Plasma zwanzig Minuten",
            "Im Fusionsexperiment hielt das Plasma länger als je zuvor. Die Kernfusion soll eines "
            "Tages Strom liefern; bis ein Fusionskraftwerk Strom ins Netz speist, dürften nach "
            "Einschätzung des Instituts aber Jahrzehnte vergehen.",
            id="nuclear fusion",
        ),
        pytest.param(
            ARTS,
            "Rapper kontert auf Instagram",
            "Der Rapper reagierte auf Instagram und Twitter auf die Vorwürfe seines früheren "
            "Partners. Auf Youtube sahen Hunderttausende das Video, in dem er ihn für erledigt "
            "erklärt; sein neuer Song erscheint am Freitag.",
            id="a rapper's posts",
        ),
    ],
)
def test_a_german_story_gets_its_own_topic(code, title, text):
    assert primary("de", title, text) == code
