"""Lexicon 14 (issue 27): stories told in another topic's money words. An IT failure that locks
customers out of their online banking is technology, not the bank's business; console and
smartphone sales are technology news; a president's executive order is politics whatever it
taxes; the French minimum wage (Smic) is the economy pages' news; "Markt" alone no longer outweighs
the smartphones a German story is about. Texts written for these tests."""

import pytest

from tests.unit.transforms.topics.test_topics_real_news import primary

ECONOMY, POLITICS = "medtop:04000000", "medtop:11000000"
SCIENCE = "medtop:13000000"

CASES = [
    (
        "en",
        "Customers locked out of online banking for a day",
        "Customers of a high street bank could not use its mobile banking app or online banking "
        "for most of Tuesday after a faulty software update. The bank said its engineers had "
        "rolled the update back and that no customer data had been lost.",
        SCIENCE,
    ),
    (
        "en",
        "Games console sales fall for a third year",
        "Console sales fell by 12% last year as players waited for new hardware, according to "
        "an industry body. Prices of the latest machines have risen, and more players now buy "
        "games as downloads or through subscriptions.",
        SCIENCE,
    ),
    (
        "en",
        "President signs executive order on steel imports",
        "The president has signed an executive order raising tariffs on imported steel to 50%. "
        "Opposition senators said the move would raise prices, and several states said they "
        "would challenge it in court.",
        POLITICS,
    ),
    (
        "fr",
        "Le Smic revalorisé de 2 % au 1er janvier",
        "Le Smic sera revalorisé de 2 % au 1er janvier, a annoncé le ministère du Travail. Plus "
        "de trois millions de salariés verront leur fiche de paie progresser d'une vingtaine "
        "d'euros par mois.",
        ECONOMY,
    ),
    (
        "fr",
        "Les ventes de consoles en baisse",
        "Les ventes de consoles ont reculé de 15 % l'an dernier en France, tandis que les jeux "
        "sur smartphone progressent, selon le syndicat des éditeurs de logiciels de loisirs.",
        SCIENCE,
    ),
    (
        "de",
        "Smartphone-Markt schrumpft",
        "Weltweit wurden weniger Smartphones verkauft als vor einem Jahr. Samsung lag vor Apple "
        "und Xiaomi, nur faltbare Geräte legten zu.",
        SCIENCE,
    ),
]


@pytest.mark.parametrize("language, title, text, expected", CASES)
def test_the_primary_topic_a_user_gets(language, title, text, expected):
    assert primary(language, title, text) == expected
