"""Arabic words are matched with their attached "and", "with", "the" off, but a term's own first
letters stay: "باليه" (ballet) is not "إليه" (to him), "وصفة" (recipe) not "بصفة" (as), "وجهة"
(destination) not "الجهة" (the party), "ولاية" (state) not "أية" (any), "بحار" (seas) not "حار"
(hot). Texts written for these tests."""

import pytest

from transforms.topics.classify import build_index
from transforms.topics.taxonomy import load_taxonomy

ARTS, LIFESTYLE, POLITICS, ENVIRONMENT = (f"medtop:{n}000000" for n in ("01", "10", "11", "06"))


@pytest.fixture(scope="module")
def index():
    return build_index(load_taxonomy(), "ar")


def _topics(index, text: str) -> set:
    return {
        index.codes[position] for term in index.matches(text) for position, _ in index.weights(term)
    }


def test_function_words_are_not_the_terms_their_letters_end(index):
    # "He turned to him, as the party, that any reply is hot news."
    text = "التفت إليه بصفته الجهة إن أية إجابة خبر حار"
    assert not _topics(index, text) & {ARTS, LIFESTYLE, POLITICS, ENVIRONMENT}


def test_terms_still_match_with_their_clitics(index):
    assert ARTS in _topics(index, "وشاهدنا عرض الباليه")  # "and we saw the ballet show"
    assert LIFESTYLE in _topics(index, "بالوصفة الجديدة")  # "with the new recipe"
    assert POLITICS in _topics(index, "والوزير في البرلمان")  # "and the minister in parliament"
    assert ENVIRONMENT in _topics(index, "تلوث البحار")  # "pollution of the seas"
