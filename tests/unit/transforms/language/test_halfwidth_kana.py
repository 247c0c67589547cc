"""Halfwidth katakana (U+FF66..U+FF9D, still found in old Japanese systems' text) counts as kana,
except the halfwidth prolonged sound mark ｰ (U+FF70), which, like its fullwidth form ー, also
appears in Chinese text and is no Japanese evidence. Texts written for these tests."""

from transforms.language.detect import detect_article
from transforms.language.detect import shared_detector_factory as profiles
from transforms.language.priors import script_counts


def test_halfwidth_katakana_letters_are_kana():
    assert script_counts("ｶﾀｶﾅ ｦ ｯ").kana == 6


def test_the_prolonged_sound_mark_is_not_kana_in_either_width():
    assert script_counts("ｰ").kana == 0
    assert script_counts("ー").kana == 0


def test_a_chinese_headline_with_a_halfwidth_prolonged_mark_is_chinese():
    title = "迈克尔ｰ乔丹访问北京"
    assert detect_article(profiles(0), title, "")[0] == "zh-cn"
