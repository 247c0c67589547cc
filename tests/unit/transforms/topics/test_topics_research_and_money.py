"""German and French news that sits between two topics (issue 27, second round): research on a
volcano or on a disease is science, the volcano erupting is a disaster; a league's television
money is the economy, its matches are sport; a French recipe stays lifestyle and a museum with
building costs culture. Texts written for these tests."""

import pytest

from tests.unit.transforms.topics.test_topics_real_news import primary

CULTURE, DISASTER, ECONOMY = "medtop:01000000", "medtop:03000000", "medtop:04000000"
LIFESTYLE, SCIENCE, SPORT = "medtop:10000000", "medtop:13000000", "medtop:15000000"

CASES = [
    (
        "de",
        "Vulkanologen durchleuchten den Ätna",
        "Geologen und Seismologen haben am Ätna ein Netz von Seismometern ausgelegt. Ihre "
        "Messreihe zeigt, wie Magma in fünf Kilometern Tiefe aufsteigt; die Vulkanologen "
        "veröffentlichten das Modell in einer Fachzeitschrift.",
        SCIENCE,
    ),
    (
        "de",
        "Vulkanausbruch: Dörfer evakuiert",
        "Nach dem Ausbruch des Vulkans haben die Behörden drei Dörfer evakuiert. Die Feuerwehr "
        "und Rettungskräfte brachten 2.000 Menschen in Sicherheit, ein Erdbeben beschädigte "
        "Häuser, es gab zwei Tote.",
        DISASTER,
    ),
    (
        "de",
        "Bluttest erkennt Hinweise auf Demenz",
        "Forschende einer Universitätsklinik haben einen Bluttest an 900 Probanden geprüft, der "
        "Hinweise auf Demenz im Blut findet. Die Studie erschien in der Fachzeitschrift Lancet; "
        "größere Untersuchungen sollen folgen.",
        SCIENCE,
    ),
    (
        "de",
        "Handball-Bundesliga verkauft Medienrechte",
        "Die Vereine der Handball-Bundesliga erhalten für die Übertragungsrechte künftig 20 "
        "Millionen Euro im Jahr. Die Erlöse sind nach den Zuschauereinnahmen die wichtigste "
        "Einnahmequelle der Klubs.",
        ECONOMY,
    ),
    (
        "de",
        "Kiel gewinnt Nordderby",
        "Der THW Kiel hat das Nordderby in der Handball-Bundesliga mit 31:27 gewonnen. Der "
        "Torhüter parierte zwölf Würfe, die Mannschaft bleibt Tabellenführer.",
        SPORT,
    ),
    (
        "fr",
        "Droits télé : la Ligue 2 perd des recettes",
        "Les clubs de Ligue 2 toucheront moins de droits télé la saison prochaine. Pour tenir "
        "leurs comptes, plusieurs présidents veulent réduire la masse salariale et comptent sur "
        "les recettes de billetterie.",
        ECONOMY,
    ),
    (
        "fr",
        "La recette de la tarte aux pommes",
        "Pour cette recette de tarte aux pommes, comptez 200 grammes de farine, du beurre et "
        "quatre pommes. La cuisine au four prend quarante minutes, servez le dessert tiède.",
        LIFESTYLE,
    ),
    (
        "fr",
        "Orsay ferme ses salles impressionnistes",
        "Le musée d'Orsay va rénover ses salles impressionnistes. Les tableaux de Monet seront "
        "prêtés à d'autres musées pendant les travaux, estimés à 50 millions d'euros, et les "
        "visiteurs trouveront une exposition temporaire au rez-de-chaussée.",
        CULTURE,
    ),
]


@pytest.mark.parametrize("language,title,text,expected", CASES, ids=[c[1] for c in CASES])
def test_the_primary_topic_a_user_gets(language, title, text, expected):
    assert primary(language, title, text) == expected
