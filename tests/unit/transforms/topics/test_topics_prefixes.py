"""A prefix written for one word must not name a topic through everyday words that start the same
way (issue 27, lexicon 9): German "funk*" was Funktion, "organ*" Organisation, "prinz*" Prinzip,
"rekord*" any record; French "opéra*" was opération, "appli*" appliquer, "messe*" Messenger;
Polish "msz*" the foreign ministry (MSZ). Texts written for these tests."""

import pytest

from tests.unit.transforms.topics.test_topics_real_news import primary
from transforms.topics.classify import build_index
from transforms.topics.lexicon import evidence
from transforms.topics.taxonomy import load_taxonomy

CULTURE, ECONOMY, HEALTH = "medtop:01000000", "medtop:04000000", "medtop:07000000"
HUMAN, SCIENCE, WEATHER = "medtop:08000000", "medtop:13000000", "medtop:17000000"


def test_a_ports_record_turnover_is_the_economy_not_human_interest():
    title = "Hafen meldet Rekord beim Containerumschlag"
    text = (
        "Der Hafen hat im vergangenen Jahr einen neuen Rekord beim Umschlag erreicht: 460.000 "
        "Container wurden bewegt, neun Prozent mehr als im Vorjahr. Neue Bahnverbindungen im "
        "Güterverkehr und die Logistik im Hinterland trugen dazu bei."
    )
    assert primary("de", title, text) == ECONOMY


# (language, everyday word, the topic its look-alike prefix used to give it)
WORDS = [
    ("de", "funktioniert", SCIENCE),
    ("de", "Organisation", HEALTH),
    ("de", "Prinzip", HUMAN),
    ("de", "herzlich", HEALTH),
    ("de", "weinte", "medtop:10000000"),
    ("fr", "opération", CULTURE),
    ("fr", "messenger", "medtop:12000000"),
    ("fr", "appliquer", SCIENCE),
    ("fr", "prête", ECONOMY),
    ("it", "calore", ECONOMY),
    ("nl", "zorgen", HEALTH),
    ("pt", "general", SCIENCE),
    ("nl", "sterk", CULTURE),
    ("pl", "MSZ", "medtop:12000000"),
    ("pl", "sądzę", "medtop:02000000"),
    ("tr", "organizasyon", HEALTH),
    ("ru", "грозит", WEATHER),
    ("ru", "принцип", HUMAN),
]


@pytest.mark.parametrize("language,word,code", WORDS, ids=[w[1] for w in WORDS])
def test_an_everyday_word_gives_no_evidence_to_the_topic_of_its_look_alike(language, word, code):
    taxonomy = load_taxonomy()
    index = build_index(taxonomy, language)
    raw, _, _ = evidence(index, word, "")
    assert raw[index.codes.index(code)] == 0.0
