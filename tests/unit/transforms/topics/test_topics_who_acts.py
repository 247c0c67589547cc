"""Who acts (issue 27, second topics round): an English headline whose actor is a government, a
parliament, a minister or a party files a tax or care story under politics, as BBC's politics
pages do; a story whose headline names no such actor keeps its subject's topic, and German and
French are left alone (their checks file such stories differently). Texts written for these
tests."""

import dataclasses

import apache_beam as beam
import pytest
from apache_beam.testing.util import assert_that, equal_to

from tests.support.articles import article
from tests.unit.transforms.topics.test_topics_real_news import primary
from transforms.topics.actors import ACTOR_FACTOR, POLITICS, title_actor, with_actor
from transforms.topics.classify import ClassifyTopics
from transforms.topics.taxonomy import load_taxonomy

ECONOMY, HEALTH, SCIENCE = "medtop:04000000", "medtop:07000000", "medtop:13000000"
EDUCATION = "medtop:05000000"


@pytest.mark.parametrize(
    ("title", "language", "expected"),
    [
        ("Ministers scrap cap on care costs", "en", True),
        ("MPs back ban on late-night junk food adverts", "en", True),
        ("Chancellor under fire over fuel duty", "en", True),
        ("Tories pledge to cut stamp duty", "en", True),
        ("Downing Street denies rift over budget", "en", True),
        ("Pharmacies warn of medicine shortages", "en", False),
        ("Labour market cools as vacancies fall", "en", False),  # "Labour" is not an actor
        ("Rail app outage leaves passengers stranded", "en", False),
        # Exact word forms, and the words that name something else outside politics only beside
        # a word of government's business (review of the first rule: each of these fired).
        ("Lord of the Rings sequel announced", "en", False),
        ("Peer review crisis hits journals", "en", False),
        ("Cabinet maker wins award", "en", False),
        ("England win Lord's Test", "en", False),
        ("Senate Bancorp results beat forecasts", "en", False),
        ("Westminster Dog Show crowns new champion", "en", False),
        ("Common cold vaccine enters trials", "en", False),
        ("Stormont Hotel sold", "en", False),
        ("Chancellor of Oxford University installed", "en", False),
        ("University Chancellor Steps Down", "en", False),  # Title Case: no name to read
        ("Conservative estimate puts losses at £2m", "en", False),
        ("In the shadow of the volcano", "en", False),
        ("House of Lords defeats assisted dying bill", "en", True),
        ("Peers vote down welfare cuts", "en", True),
        ("Shadow chancellor attacks Budget", "en", True),
        ("Chancellor of the Exchequer to speak at Mansion House", "en", True),
        ("Chancellor Rachel Reeves signals spending squeeze", "en", True),
        ("Senate passes stopgap funding bill", "en", True),
        ("Cabinet reshuffle expected after local elections", "en", True),
        ("Commons votes on assisted dying", "en", True),
        ("Ministers scrap cap on care costs", "en-GB", True),
        ("Ministers scrap cap on care costs", None, False),  # language not detected
        ("Regierung senkt Stromsteuer", "de", False),  # English only
        ("Le gouvernement double les franchises médicales", "fr", False),
        (None, "en", False),
        ("", "en", False),
    ],
)
def test_title_actor(title, language, expected):
    assert title_actor(title, language) is expected


def test_with_actor_weighs_politics_only_and_never_makes_it_from_nothing():
    codes = (ECONOMY, POLITICS, HEALTH)
    assert with_actor([10.0, 8.0, 2.0], codes, "Chancellor rules out tax rise", "en") == [
        10.0,
        8.0 * ACTOR_FACTOR,
        2.0,
    ]
    assert with_actor([10.0, 0.0, 2.0], codes, "Chancellor rules out tax rise", "en")[1] == 0.0
    same = [10.0, 8.0, 2.0]
    assert with_actor(same, codes, "Fuel prices rise again", "en") is same


TAX_TEXT = (
    "The chancellor is under pressure from her own MPs to rule out a rise in income tax in next "
    "month's Budget, after the Treasury's forecasts showed a £20bn gap in the public finances. "
    "Economists said a tax rise was likely because borrowing costs had climbed. The shadow "
    "chancellor said the government had broken its promise to working families, and the Liberal "
    "Democrats called for a wealth tax instead."
)


def test_a_chancellor_under_pressure_over_a_tax_rise_is_politics(monkeypatch):
    title = "Chancellor under pressure over tax rise"
    assert primary("en", title, TAX_TEXT) == POLITICS
    # The money words lead without the rule: it is the headline's actor that files it.
    monkeypatch.setattr("transforms.topics.actors.ACTOR_FACTOR", 1.0)
    assert primary("en", title, TAX_TEXT) == ECONOMY


def test_a_university_chancellor_story_stays_education():
    # The first rule read "chancellor" alone as a political actor and moved this to politics.
    text = (
        "A former Conservative prime minister was installed as the chancellor of the University "
        "of Oxford on Tuesday in a ceremony at the Sheldonian Theatre, after an election in which "
        "graduates voted in the autumn. The chancellor presides over degree ceremonies and speaks "
        "for the university abroad, but the vice-chancellor runs its teaching and research. "
        "Students and academics lined the street. In his first speech he promised to defend free "
        "speech on campus, to widen access for pupils from state schools and to press the "
        "government for more money for university research."
    )
    assert primary("en", "Chancellor of Oxford University installed", text) == EDUCATION


def test_the_stage_weighs_actors_only_for_articles_detected_as_english(runner):
    # An article whose language was not detected is classified with the English lexicon, but
    # its headline is not known to be English: the rule leaves it alone.
    title = "Chancellor under pressure over tax rise"
    english = dataclasses.replace(article(title, TAX_TEXT), doc_id="en", title=title, language="en")
    unknown = dataclasses.replace(english, doc_id="unknown", language=None)
    p = beam.Pipeline(runner=runner)
    out = p | beam.Create([english, unknown]) | ClassifyTopics(taxonomy=load_taxonomy())
    assert_that(
        out | beam.Map(lambda a: (a.doc_id, a.topic)),
        equal_to([("en", POLITICS), ("unknown", ECONOMY)]),
    )
    p.run().wait_until_finish()


def test_a_tech_story_that_quotes_a_minister_in_the_body_stays_tech():
    text = (
        "A rail operator's ticket app stopped working for seven hours on Monday after a faulty "
        "software update to its payment system, leaving thousands of passengers unable to buy "
        "or show tickets. Engineers rolled the update back and the app was restored by the "
        "evening. The transport secretary said she had asked the company for an explanation, "
        "and cyber security experts said the outage showed the risk of relying on one app."
    )
    assert primary("en", "Rail ticket app outage leaves passengers stranded", text) == SCIENCE


def test_a_french_health_bill_keeps_its_health_reading():
    text = (
        "Le décret double la franchise sur chaque boîte de médicaments et chaque consultation "
        "chez le médecin. Les patients atteints de maladies chroniques paieront jusqu'à 50 euros "
        "par an. Les associations de patients dénoncent une mesure qui pèse sur les malades, et "
        "l'Assurance maladie attend 800 millions d'euros d'économies. Le gouvernement défend une "
        "mesure de responsabilisation."
    )
    title = "Franchises médicales : le gouvernement double le reste à charge des patients"
    assert primary("fr", title, text) == HEALTH
