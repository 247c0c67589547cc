"""Language of news in the ten languages of issue 27's check where the script or the quotes
decide: Chinese and Japanese headlines full of Latin brands and names, English quoted in a
Chinese headline, a Spanish sentence between two quotes. Texts written for these tests."""

import pytest

from transforms.language.detect import detect_article
from transforms.language.detect import shared_detector_factory as profiles
from transforms.language.priors import headline_script_language, without_quotes


@pytest.mark.parametrize(
    "title",
    [
        "苹果发布iPhone 16 Pro Max",  # 4 Han letters, 12 Latin ones: langdetect said en
        "OpenAI CEO Sam Altman访华",  # langdetect said pt
        "Nvidia市值突破3万亿美元",  # langdetect said vi
        "英伟达CEO黄仁勋：“The iPhone moment of AI has started”",  # the quote said en
    ],
)
def test_a_chinese_headline_with_latin_brands_is_chinese(title):
    assert detect_article(profiles(0), title, "")[0] == "zh-cn"


def test_a_japanese_headline_with_two_kana_is_japanese():
    assert detect_article(profiles(0), "ChatGPT、日本語版の新機能を発表", "")[0] == "ja"


@pytest.mark.parametrize(
    "title",
    ["Xi Jinping (习近平) meets Biden", "Huawei launches Mate 60 Pro under slogan 遥遥领先"],
)
def test_an_english_headline_quoting_chinese_is_not_decided_by_the_script(title):
    assert headline_script_language(title) is None
    assert not detect_article(profiles(0), title, "")[0].startswith("zh")


def test_the_closing_guillemet_of_a_short_quote_does_not_open_another():
    text = (
        "Kylian Mbappé fue presentado ante miles de aficionados en el estadio. «Hala Madrid», "
        "gritó el delantero francés, que habló en español y también en inglés con la prensa "
        "internacional: «It’s a dream to be here. I was waiting for this day for a long time»."
    )
    own = without_quotes("Real Madrid presenta a Mbappé\n" + text)
    assert "gritó el delantero francés" in own and "dream" not in own
    assert detect_article(profiles(0), "Real Madrid presenta a Mbappé", text)[0] == "es"


def test_single_curly_quotes_are_quotes_and_apostrophes_are_not():
    text = (
        "Voor honderdduizend fans in oranje won de Nederlandse coureur opnieuw de Grand Prix "
        "in de duinen van Zandvoort, na een start vanaf de tweede plaats. ‘It was an amazing "
        "race, the crowd was incredible and I want to thank everyone’, zei hij na afloop. "
        "Het team sprak van een perfect weekend."
    )
    own = without_quotes(text)
    assert "amazing" not in own and "zei hij na afloop" in own
    assert detect_article(profiles(0), "Verstappen wint in Zandvoort", text)[0] == "nl"
