"""Headlines the second round left to langdetect (issue 27, third round): a Japanese headline with
a single kana letter (a particle or a verb ending) is Japanese, while the middle dot ・ Chinese
writes between the parts of a foreign name is no kana; an English headline whose only short
word is "out", "off" or "amid" is English. Texts written for these tests; the one-kana headlines
and the middle-dot count fail before this change, the English ones were right before too (kept so
the new function words cannot break them)."""

import pytest

from transforms.language.detect import detect_article
from transforms.language.detect import shared_detector_factory as profiles
from transforms.language.priors import script_counts


@pytest.mark.parametrize(
    "title", ["知事選で現職勝利", "首相が辞任表明", "最低賃金、過去最大の引き上げ"]
)
def test_a_japanese_headline_with_one_kana_is_japanese(title):
    assert detect_article(profiles(0), title, "")[0] == "ja"


@pytest.mark.parametrize("title", ["唐纳德・特朗普访问北京", "埃隆・马斯克宣布新计划"])
def test_the_middle_dot_of_a_foreign_name_is_not_kana(title):
    assert script_counts(title).kana == 0
    assert detect_article(profiles(0), title, "")[0] == "zh-cn"


@pytest.mark.parametrize(
    "title", ["Police rule out foul play", "Mayor rules out congestion charge"]
)
def test_an_english_headline_with_out_is_english(title):
    assert detect_article(profiles(0), title, "")[0] == "en"
