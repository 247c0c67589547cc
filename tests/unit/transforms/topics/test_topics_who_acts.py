"""Who acts (issue 27, second topics round): an English headline whose actor is a government, a
parliament, a minister or a party files a tax or care story under politics, as BBC's politics
pages do; a story whose headline names no such actor keeps its subject's topic, and German and
French are left alone (their checks file such stories differently). Texts written for these
tests."""

import pytest

from tests.unit.transforms.topics.test_topics_real_news import primary
from transforms.topics.actors import ACTOR_FACTOR, POLITICS, title_actor, with_actor

ECONOMY, HEALTH, SCIENCE = "medtop:04000000", "medtop:07000000", "medtop:13000000"


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
