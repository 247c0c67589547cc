"""Word counting in every script, prose vs lists, and regexes that stay linear on hostile text."""

import json
import subprocess
import sys

import pytest

from tests.support.paths import ROOT
from transforms.core.words import count_chars, count_words, non_prose_reason
from transforms.extract.html import extract_html, fallback_is_menu
from transforms.extract.text_clean import clean_plain_text, without_trailing_ellipsis

JA = (
    "北浜市議会は十二日、市内を走る路面電車の路線を北部の住宅地まで延ばす計画を賛成多数で可決した。"
    "新しい路線は全長およそ八キロで、二〇二九年の開業を目指す。"
)
ZH = "北滨市议会周二投票通过了将有轨电车线路延伸至北部郊区的计划，新线路全长约八公里。"
TH = "สภาเมืองลงมติเห็นชอบแผนขยายเส้นทางรถรางไปยังชานเมืองทางเหนือเมื่อวันอังคารที่ผ่านมา"
KO = "북빈시 의회는 화요일 노면전차 노선을 북부 교외까지 연장하는 계획을 찬성 다수로 가결했다."


def test_spaced_text_counts_like_split():
    text = "The council voted on Tuesday -- to extend the tram, 8 km north.\n\nIt opens in 2029."
    assert count_words(text) == len(text.split())


@pytest.mark.parametrize(
    "text, low, high",
    [(JA, 45, 75), (ZH, 25, 40), (TH, 12, 30)],
)
def test_scripts_without_spaces_count_words_not_sentences(text, low, high):
    assert len(text.split()) <= 11  # what counting by spaces gave
    assert low <= count_words(text) <= high


def test_korean_separates_words_with_spaces():
    assert count_words(KO) == len(KO.split()) == 12


def test_chars_weigh_cjk_as_four_latin_letters():
    assert count_chars("Tram line") == 9
    assert count_chars("路面電車") == 16
    assert count_chars("รถราง") == 8


def test_cjk_punctuation_is_not_a_word():
    assert count_words("東京。大阪、「京都」") == count_words("東京大阪京都") == 4


def test_url_list_and_token_list_are_not_prose():
    urls = "\n".join(f"https://news.example.org/2026/11/{i:02d}/story-{i}" for i in range(40))
    assert non_prose_reason(urls) == "url_list"
    tokens = "\n".join(f"ID{i:05d} 0.{i}" for i in range(40))
    assert non_prose_reason(tokens) == "token_list"
    article = "\n\n".join(
        f"Paragraph {i} of the council story says what was voted and why it matters."
        for i in range(6)
    )
    assert non_prose_reason(article) is None
    assert non_prose_reason(JA * 3) is None


def test_japanese_plain_text_is_an_article():
    page = clean_plain_text("路面電車、北部へ延伸\n\n" + JA + "\n\n" + JA)
    assert page.is_article
    assert page.title == "路面電車、北部へ延伸"
    assert page.text.startswith("北浜市議会は十二日")


def test_japanese_html_page_is_an_article():
    html = (
        '<html lang="ja"><head><title>路面電車、北部へ延伸 | 北浜新報</title></head><body>'
        "<article><h1>路面電車、北部へ延伸</h1>" + f"<p>{JA}</p>" * 3 + "</article></body></html>"
    )
    page = extract_html(html, url="https://kitahama.example.jp/news/2026/11/12/tram")
    assert page.is_article
    assert "北浜市議会は十二日" in page.text


def test_trailing_ellipsis_is_stripped_as_the_regex_did():
    assert without_trailing_ellipsis("the council voted ...") == "the council voted"
    assert without_trailing_ellipsis("the council voted… … ...") == "the council voted"
    assert without_trailing_ellipsis("a....") == "a."
    assert without_trailing_ellipsis("no ellipsis.") == "no ellipsis."
    assert without_trailing_ellipsis("...") == ""


# Each case: a function over text, and a ~200 KB hostile input. The child process times each
# call and the parent kills it after a generous limit: a hang guard, not a speed test.
_HANG_GUARD = r"""
import json, random, sys, time
sys.path.insert(0, sys.argv[1])
from transforms.extract.html import extract_html, fallback_is_menu
from transforms.extract.text_clean import clean_lines, clean_plain_text, line_rule
from transforms.core.words import count_chars, count_words, non_prose_reason
from transforms.extract.authors import clean_authors
from transforms.extract.dates import parse_timestamp
from transforms.extract.furniture import furniture_reason

N = 200_000
rng = random.Random(25)
pieces = ["...", "…", " ", "a", "By ", "share ", ".", "http://", "\n", "- ", "1", ", ", "東", "\t"]
inputs = {
    "ellipses then text": "... " * (N // 4) + "x",
    "unicode ellipses then text": "… " * (N // 2) + "x",
    "spaces then text": " " * N + "x",
    "one long word": "a" * N + "!",
    "capitalised words": "Abc " * (N // 4) + "1",
    "dots and digits": "1." * (N // 2),
    "byline": "By " + "Abc " * (N // 4) + "!",
    "commas": "a, " * (N // 3),
    "url dots": "http://" + "a." * (N // 2),
    "cjk": "東京" * (N // 2),
    "lines": "a\n" * (N // 2),
    "random": "".join(rng.choice(pieces) for _ in range(N // 3)),
}
calls = {
    "clean_lines": lambda t: clean_lines(t.splitlines(), title=t[:200]),
    "clean_lines one line": lambda t: clean_lines([t.replace("\n", " ")], title="x"),
    "clean_plain_text": clean_plain_text,
    "line_rule": lambda t: line_rule(t[:1000]) or line_rule(t),
    "count_words": count_words,
    "non_prose_reason": non_prose_reason,
    "clean_authors": lambda t: clean_authors([t, t[:100]]),
    "parse_timestamp": lambda t: parse_timestamp(t[:2000] + "2024"),
    "extract_html": lambda t: extract_html("<html><body><p>" + t + "</p></body></html>"),
    "furniture_reason": lambda t: furniture_reason(t, 10),  # as if short: every rule runs
}
for cname, func in calls.items():
    for iname, text in inputs.items():
        start = time.process_time()
        func(text)
        print(json.dumps([cname, iname, time.process_time() - start]), flush=True)
"""


def test_text_functions_finish_in_bounded_time_on_hostile_input():
    proc = subprocess.run(
        [sys.executable, "-c", _HANG_GUARD, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    timings = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(timings) == 10 * 12
    slow = [(c, i, round(s, 1)) for c, i, s in timings if s > 5.0]
    assert not slow, slow


def test_fallback_text_that_is_a_menu_loses_to_the_short_article():
    article = "The town hall opens on Saturdays from March, the mayor said on Tuesday evening."
    menu = "\n".join(
        ["Home", "Town hall", "Opening hours", "Waste collection", "Parking permits", "Schools"]
        * 30
        + [article]
    )
    assert fallback_is_menu(article, menu)
    longer = article + "\n" + " ".join([article] * 3) + "\nPhoto: town hall"
    assert not fallback_is_menu(article, longer)  # more prose: the fallback is better
    assert not fallback_is_menu("", menu)  # nothing to keep instead
