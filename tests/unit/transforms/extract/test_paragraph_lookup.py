"""Extracted lines found in the page: list items trafilatura writes as "- item" and pieces of a
paragraph split at a line break are the paragraph they come from, so the filter judges them
and never puts the same text back a second time."""

from tests.support.articles import BUDGET_PARAS as PARAS
from tests.support.articles import BUDGET_URL as URL
from transforms.extract.html import ExtractConfig, extract_html, parse_html
from transforms.extract.paragraphs import PageIndex, plan_paragraphs

ITEMS = [
    "A new footbridge over the river between the two halves of the old town",
    "Longer opening hours for the public library on weekday evenings",
    "Free swimming lessons for every primary school pupil in the city",
]


def list_page() -> str:
    items = "".join(f"<li>{item}</li>" for item in ITEMS)
    return (
        "<html><head><title>Council passes the budget</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/city'>City</a></nav>"
        f"<article><h1>Council passes the budget</h1><p>{PARAS[0]}</p><p>{PARAS[1]}</p>"
        f"<ul>{items}</ul><p>{PARAS[2]}</p></article>"
        "<footer>Example News</footer></body></html>"
    )


def test_list_items_are_found_and_never_repeated():
    off = extract_html(list_page(), url=URL, config=ExtractConfig(line_filter=False))
    assert f"- {ITEMS[0]}" in off.text.split("\n\n")  # trafilatura's list mark
    text = extract_html(list_page(), url=URL).text
    for item in ITEMS:
        assert text.count(item) == 1
    for para in PARAS:
        assert text.count(para) == 1


def test_a_list_line_is_its_list_item_and_no_gap():
    index = PageIndex(parse_html(list_page()))
    lines = [PARAS[0], PARAS[1]] + [f"- {item}" for item in ITEMS] + [PARAS[2]]
    plan = plan_paragraphs(lines, index, title="Council passes the budget")
    assert [index.texts[p] for p in plan.positions] == [PARAS[0], PARAS[1], *ITEMS, PARAS[2]]
    assert plan.gaps == {}


def test_a_piece_of_a_paragraph_split_at_a_line_break_is_that_paragraph():
    html = (
        "<html><body><article>"
        f"<p>{PARAS[0]}</p><p>{PARAS[1]}<br>{PARAS[2]}</p>"
        "</article></body></html>"
    )
    index = PageIndex(parse_html(html))
    assert index.position(PARAS[2]) == index.position(PARAS[1]) == 1
    assert index.position(PARAS[2], after=1) == 1
    assert index.position("short") is None  # a short line must match a whole paragraph
