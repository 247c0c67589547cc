"""The language sample of a text holding a token of a million characters (a page of "&amp;",
"a@a@...") is the title and the story, found in a moment rather than after minutes of regular
expression backtracking; lines of CJK (no spaces) are not tokens to drop."""

import pytest

from transforms.language.priors import article_sample

STORY = "The river authority said on Friday that the flood barrier will be tested every month."
CHINESE = "中国国家统计局今天发布了最新的经济数据，显示工业生产继续增长，消费市场保持稳定。" * 4


@pytest.mark.parametrize("junk", ["&" * 1_000_000, "a@" * 500_000, "é@" * 500_000, "." * 10**6])
def test_a_huge_token_is_left_out_of_the_sample(junk):
    assert article_sample("Flood barrier", f"{STORY}\n{junk}", max_chars=2000) == (
        f"Flood barrier\n{STORY}"
    )


def test_a_long_line_of_cjk_stays_in_the_sample():
    assert article_sample(None, CHINESE, max_chars=2000) == CHINESE


@pytest.mark.parametrize("junk", ["&" * 2000, "a@" * 1000])
def test_a_huge_token_in_the_title_is_left_out_too(junk):
    assert article_sample(f"Flood barrier {junk}", STORY, max_chars=2000) == (
        f"Flood barrier\n{STORY}"
    )
