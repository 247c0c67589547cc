"""The English lexicon on UK news: words that name a US sports team once their plural is dropped
("Mets" -> "met", "Braves" -> "brave", "Nets" -> "net") are ordinary words in a British story, a
football striker is not a labour dispute, a minister's title names politics whatever the
department, and a game review is technology."""

import pytest

from transforms.topics.classify import MIN_PRIMARY, classify
from transforms.topics.taxonomy import load_taxonomy

POLITICS, SPORT, SCIENCE = "medtop:11000000", "medtop:15000000", "medtop:13000000"
LABOUR = "medtop:09000000"


CASES = {
    # "met", "brave", "King", "net": Mets, Braves, Kings and Nets once the plural is dropped.
    "ordinary words that were team names give no sport": (
        "Ministers meet unions over pay",
        "The prime minister met union leaders in Downing Street on Tuesday. Ministers said it had "
        "been a brave decision to talk, and the King's speech next month will set out the net "
        "cost of the plan to the government.",
        POLITICS,
        SPORT,
    ),
    "a football striker is not a labour story": (
        "Rovers sign striker from Albion",
        "Rovers have signed the striker for a fee of £4m. The manager said the forward would add "
        "goals to the squad, and the player could make his debut in Saturday's league match.",
        SPORT,
        LABOUR,
    ),
    "a minister's title names politics whatever the department": (
        "Technology secretary summons social media bosses",
        "The technology secretary has summoned the bosses of social media companies to explain "
        "how false posts spread online. Ministers said the firms had a duty to act, and MPs will "
        "question them next month.",
        POLITICS,
        None,
    ),
    "a game review is technology, not sport": (
        "Review: a clever strategy game",
        "This turn-based strategy game has smart writing and deep gameplay. Multiplayer matches "
        "are tense, the frames per second hold steady on PC, and the in-game economy is fair.",
        SCIENCE,
        SPORT,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_uk_news_gets_its_topic(case):
    title, text, primary, absent = CASES[case]
    topics = classify(title, text, taxonomy=load_taxonomy(), language="en", min_primary=MIN_PRIMARY)
    assert topics[0].code == primary
    assert absent not in {t.code for t in topics}
