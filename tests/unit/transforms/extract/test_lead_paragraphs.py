"""The paragraphs between the page's h1 and the extracted text (a standfirst in the article
header that trafilatura leaves out) are candidates the filter may put back."""

from transforms.extract.html import ExtractConfig, extract_html, parse_html
from transforms.extract.paragraphs import PageIndex, plan_paragraphs

BODY = (
    "The regional water board published its annual report on Monday, showing that leaks in "
    "the old pipe network still waste almost a fifth of the water it treats.",
    "Engineers plan to replace forty kilometres of cast-iron mains over the next three years, "
    "starting with the districts where bursts have been most frequent.",
    "Residents in the eastern districts have complained for years about low pressure in the "
    "mornings, when demand is highest and the old mains leak most.",
    "The board said the work would be paid for from its reserves, without a rise in water "
    "charges this year, though it did not rule one out for next year.",
)
LEDE = (
    "A fifth of the city's treated water never reaches a tap, and the board now has a plan "
    "to stop the leaks."
)
URL = "https://news.example.org/2026/leaks"


def page(heading: str = "<h1>Leaks in the water network</h1>") -> str:
    body = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        "<html><head><title>Leaks in the water network</title></head><body>"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li></ul></nav>'
        f'<main><header class="article-header">{heading}'
        f'<p class="article-intro">{LEDE}</p><div class="byline">By Jane Reporter</div>'
        f'</header><div class="article-body">{body}</div></main>'
        "<footer><p>Contact us at the newsroom</p></footer></body></html>"
    )


def test_the_lede_trafilatura_leaves_out_is_put_back_first():
    plain = extract_html(page(), url=URL, config=ExtractConfig(line_filter=False)).text
    assert LEDE not in plain  # the case this is about: the extractor starts at the body
    paragraphs = extract_html(page(), url=URL).text.split("\n\n")
    assert paragraphs[0] == LEDE
    assert paragraphs[1:] == list(BODY)


def test_paragraphs_before_the_body_are_candidates_only_after_an_h1():
    lines = list(BODY)
    with_h1 = plan_paragraphs(lines, PageIndex(parse_html(page())), "Leaks in the water network")
    assert LEDE in with_h1.gaps.values()
    assert "Leaks in the water network" not in with_h1.gaps.values()
    without = plan_paragraphs(
        lines, PageIndex(parse_html(page(heading="<h2>Leaks</h2>"))), "Leaks in the water network"
    )
    assert LEDE not in without.gaps.values()
    assert "Home" not in without.gaps.values()
