"""The primary threshold per lexicon language (issue 27): German and French scores run lower
than English ones for the same evidence, so their threshold is a share of ``min_primary``, and a
user's ``min_primary`` still moves it. Texts written for these tests."""

from transforms.topics.classify import classify
from transforms.topics.primary import MIN_PRIMARY, PRIMARY_SCALE
from transforms.topics.taxonomy import load_taxonomy

SCIENCE = "medtop:13000000"
TITLE = "Bruxelles sanctionne un géant du numérique"
TEXT = (
    "La Commission européenne a infligé une amende à l'éditeur d'un système d'exploitation pour "
    "smartphones, accusé d'avoir bridé les applications concurrentes sur sa boutique en ligne."
)


def _primary(min_primary: float, language: str = "fr"):
    topics = classify(
        TITLE, TEXT, taxonomy=load_taxonomy(), language=language, min_primary=min_primary
    )
    return (topics[0].code, topics[0].score) if topics else None


def test_french_and_german_thresholds_are_a_share_of_min_primary():
    assert PRIMARY_SCALE["fr"] == PRIMARY_SCALE["de"] < 1.0
    # English full-length news: a share too, but nearer AG's calibration (dev sets, topics.md)
    assert PRIMARY_SCALE["fr"] < PRIMARY_SCALE["en"] < 1.0
    assert round(MIN_PRIMARY * PRIMARY_SCALE["fr"], 2) == 0.21


def test_a_french_story_under_min_primary_but_over_its_share_keeps_its_topic():
    code, score = _primary(0.0)
    assert code == SCIENCE
    over_score = score / PRIMARY_SCALE["fr"] - 0.01  # above the score, its share below it
    assert score < over_score
    assert _primary(over_score) == (SCIENCE, score)
    assert _primary(score / PRIMARY_SCALE["fr"] + 0.01) is None
