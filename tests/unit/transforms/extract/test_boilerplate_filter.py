"""The learned boilerplate filter: the shipped model on pages written for these tests, and the
arbitration that drops extracted paragraphs and puts left-out ones back."""

import pytest

from transforms.extract.boilerplate import BoilerplateModel, assemble, load_model
from transforms.extract.html import ExtractConfig, extract_html, parse_html
from transforms.extract.paragraphs import PageIndex, Plan, plan_paragraphs

URL = "https://news.example.com/city/2026/12/tram"
ARTICLE = [
    "The city council voted on Tuesday to expand the tram network into the northern suburbs, "
    "after two years of debate over its cost and route.",
    "Work on the first section will begin next spring, the mayor said, and the line should "
    "carry its first passengers in the autumn of 2027.",
    "Residents of the northern suburbs have waited for a tram since the 1990s, when the first "
    "plans were drawn up and then shelved for lack of money.",
    "The opposition said the budget of 240 million euros was too tight and asked for an "
    "independent review of the costs before construction begins.",
]


def page(middle: str = "", tail: str = "") -> str:
    first = "".join(f"<p>{p}</p>" for p in ARTICLE[:2])
    rest = "".join(f"<p>{p}</p>" for p in ARTICLE[2:])
    return (
        "<html><head><title>Council backs tram expansion</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/city'>City</a></nav>"
        f"<article><h1>Council backs tram expansion</h1>{first}{middle}{rest}{tail}</article>"
        "<footer>Example News</footer></body></html>"
    )


BOILERPLATE = {
    "newsletter and social links": (
        "",
        '<p><a href="/nl">Sign up for our newsletter</a> and follow us on '
        '<a href="/fb">Facebook</a> and <a href="/tw">Twitter</a>.</p>',
        "Sign up for our newsletter",
    ),
    "photo credit between paragraphs": (
        "<p>Photo: Jane Doe / Getty Images</p>",
        "",
        "Getty Images",
    ),
    "copyright line": ("", "<p>© 2026 Example News. All rights reserved.</p>", "rights reserved"),
}


@pytest.mark.parametrize("case", sorted(BOILERPLATE))
def test_boilerplate_paragraph_is_dropped_and_the_article_kept(case):
    middle, tail, marker = BOILERPLATE[case]
    html = page(middle, tail)
    unfiltered = extract_html(html, url=URL, config=ExtractConfig(line_filter=False))
    assert marker in unfiltered.text  # trafilatura alone keeps it
    out = extract_html(html, url=URL)
    assert marker not in out.text
    assert out.text.split("\n\n") == ARTICLE


def test_plain_article_is_unchanged_by_the_filter():
    html = page("<p>“We have waited long enough,” said Maria Lopez, who lives near the depot.</p>")
    on = extract_html(html, url=URL)
    off = extract_html(html, url=URL, config=ExtractConfig(line_filter=False))
    assert on.text == off.text
    assert "“We have waited long enough,” said Maria Lopez" in on.text


def test_the_model_ships_with_the_package():
    model = load_model()
    assert model is not None
    assert 0 < model.add_threshold <= model.drop_threshold <= 1
    assert {"link_share", "kept", "outside_main", "furniture"} <= set(model.weights)


def test_paragraphs_are_found_in_the_page_in_document_order():
    index = PageIndex(parse_html(page("<p>Photo: Jane Doe / Getty Images</p>")))
    assert index.texts[index.position(ARTICLE[0])] == ARTICLE[0]
    assert index.position(ARTICLE[0]) < index.position(ARTICLE[3])
    assert index.position("A line that is not on the page at all") is None
    plan = plan_paragraphs(ARTICLE, index, title="Council backs tram expansion")
    assert list(plan.gaps.values()) == ["Photo: Jane Doe / Getty Images"]
    assert plan.features[index.position(ARTICLE[0])]["kept"] == 1.0
    assert plan.features[next(iter(plan.gaps))]["kept"] == 0.0


def test_assemble_drops_puts_back_and_keeps_order():
    plan = Plan(
        lines=["one", "two", "not in the page", "four"],
        positions=[0, 1, None, 5],
        candidates=[0, 1, 3, 4, 5],
        gaps={3: "left out prose", 4: "left out menu"},
        features={},
    )
    probs = {0: 0.1, 1: 0.9, 3: 0.2, 4: 0.7, 5: 0.3}
    assert assemble(plan, probs, 0.8, 0.5) == ["one", "not in the page", "left out prose", "four"]
    # nothing dropped, nothing put back: the extracted lines as they were
    assert assemble(plan, probs, 1.01, 0.0) == plan.lines


def test_a_model_spec_is_read_from_its_weights():
    model = BoilerplateModel(
        {"weights": {"bias": -1.0, "link_share": 4.0}, "drop_threshold": 0.5, "add_threshold": 0.2}
    )
    assert model.probability({"bias": 1.0, "link_share": 1.0}) > 0.9
    assert model.probability({"bias": 1.0, "link_share": 0.0}) < 0.3


SCRIPTS = {
    "zh": "市议会周二投票决定将有轨电车线路延伸至北部郊区，经过两年的讨论，第一段工程将于明年春天开工。",
    "ja": "北浜市議会は十二日、路面電車を北部の住宅地まで延伸する計画を賛成多数で可決した。工事は来年春に始まる。",
    "ko": "시의회는 화요일 북부 교외까지 트램 노선을 연장하는 계획을 통과시켰으며 첫 구간 공사는 내년 봄에 시작된다.",
    "th": "สภาเทศบาลลงมติเมื่อวันอังคารให้ขยายเส้นทางรถรางไปยังชานเมืองทางตอนเหนือ โดยจะเริ่มก่อสร้างในฤดูใบไม้ผลิปีหน้า",
}


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_pages_in_scripts_without_spaces_are_articles_with_their_text(lang):
    sentence = SCRIPTS[lang]
    html = (
        f'<html lang="{lang}"><head><title>{sentence[:12]}</title></head><body>'
        f"<article><h1>{sentence[:12]}</h1>"
        + "".join(f"<p>{sentence}{n}</p>" for n in range(3))
        + "</article></body></html>"
    )
    out = extract_html(html, url=f"https://news.example.{lang}/2026/12/tram")
    assert out.is_article
    assert out.text.split("\n\n") == [f"{sentence}{n}" for n in range(3)]
