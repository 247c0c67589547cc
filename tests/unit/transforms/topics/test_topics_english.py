"""The English lexicon on UK news: words that name a US sports team once their plural is dropped
("Mets" -> "met", "Braves" -> "brave", "Nets" -> "net") are ordinary words in a British story, a
football striker is not a labour dispute, a minister's title names politics whatever the
department, and a game review is technology. Words with a second everyday meaning name a topic
only in their phrases: an apple, a cloud, a tablet, palm trees or Java the island are not
technology; "shares" (stemmed to "share") and "bond" are not economy on their own; a Bank of England governor is economy, not politics; a
rapper's court case and an auction of a street artist's canvas stay entertainment."""

import pytest

from transforms.topics.classify import MIN_PRIMARY, classify
from transforms.topics.taxonomy import load_taxonomy

POLITICS, SPORT, SCIENCE = "medtop:11000000", "medtop:15000000", "medtop:13000000"
LABOUR = "medtop:09000000"
ARTS, ECONOMY = "medtop:01000000", "medtop:04000000"


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
    "fruit, clouds and an island are not technology": (
        "Apple harvest rescued by warm spell",
        "Orchards in Kent picked a record apple crop after cloud and rain cleared in September. "
        "Growers said the fruit had ripened well, and pickers from Java and farm workers "
        "packed tablets of ice around the crates in the heat, under the palm trees of the show "
        "garden.",
        None,
        SCIENCE,
    ),
    "the phrases still name technology": (
        "Apple Watch sales lift cloud services",
        "Sales of the Apple Watch and a new tablet computer rose, and its cloud services business "
        "grew as more customers moved their files into cloud storage.",
        SCIENCE,
        None,
    ),
    "sharing a photo is not a share price": (
        "Family shares photos of rescued dog",
        "A family has shared photos of their dog after it was found on a beach. They said the bond "
        "between the children and their pet was special, and thanked everyone who shared the "
        "appeal.",
        None,
        ECONOMY,
    ),
    "a central bank governor is economy": (
        "Bank of England governor warns on inflation",
        "The Bank of England governor said inflation would stay above target into next year. "
        "Interest rates would be kept on hold, and bond yields rose after his speech.",
        ECONOMY,
        POLITICS,
    ),
    "a rapper's court case is entertainment": (
        "Rapper pleads not guilty to assault",
        "The rapper, whose debut album reached number one, denied assault in court. His record "
        "label said his tour would go ahead, with a headline slot at a festival in August.",
        ARTS,
        None,
    ),
    "a canvas sold at auction is entertainment": (
        "Street artist's canvas sets auction record",
        "A canvas by the street artist sold for £4m at Christie's, a record. Dealers said the art "
        "market for contemporary art had grown among young collectors.",
        ARTS,
        ECONOMY,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_uk_news_gets_its_topic(case):
    title, text, primary, absent = CASES[case]
    topics = classify(title, text, taxonomy=load_taxonomy(), language="en", min_primary=MIN_PRIMARY)
    codes = [t.code for t in topics]
    if primary is not None:
        assert codes[0] == primary, [(t.label, round(t.score, 2)) for t in topics]
    assert absent not in codes, [(t.label, round(t.score, 2)) for t in topics]
