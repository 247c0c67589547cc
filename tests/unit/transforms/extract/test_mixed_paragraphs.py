"""Text of an element that also holds other paragraphs or a script (a ``p`` around an inline
script or a figure, a blog post body of text and line breaks around a few divs) is a paragraph
of the page: the filter finds and judges the lines trafilatura takes from it. And a fast-pass
text that is one line (trafilatura's baseline: the page's text joined) runs the fallbacks."""

from tests.support.articles import BUDGET_PARAS as PARAS
from tests.support.articles import BUDGET_URL as URL
from transforms.extract.html import ExtractConfig, extract_html, needs_fallbacks, parse_html
from transforms.extract.paragraphs import PageIndex

CALL = (
    "Subscribe to our newsletter and follow us on Facebook and Twitter to get every story of "
    "the city in your inbox each morning."
)
LAST = "More text of another kind is here and it goes on for a while, as it would."


def test_text_beside_a_script_or_inner_paragraphs_is_indexed_without_them():
    html = (
        "<html><body><article>"
        f"<p>{PARAS[0]}<script>var tracker = 'not text';</script></p>"
        f"<div class='post-body'>{PARAS[1]}<br><b>{PARAS[2]}</b>"
        "<div><p>A caption of the photo below the text.</p></div></div>"
        "</article></body></html>"
    )
    index = PageIndex(parse_html(html))
    first = index.position(PARAS[0])
    assert index.texts[first] == PARAS[0]  # the script's text left out
    body = index.position(PARAS[1])
    assert index.texts[body] == f"{PARAS[1]}{PARAS[2]}"  # the inner div's text left out
    assert index.position(PARAS[2]) == body  # a piece after the line break
    caption = index.position("A caption of the photo below the text.")
    assert caption is not None and caption != body


def test_a_call_to_subscribe_in_a_paragraph_with_a_script_is_judged_and_dropped():
    html = (
        "<html><head><title>Council passes the budget</title></head><body><article>"
        "<h1>Council passes the budget</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + f"<p>{CALL}<script>window.newsletterForm = 1;</script></p><p>{LAST}</p>"
        "</article></body></html>"
    )
    unfiltered = extract_html(html, url=URL, config=ExtractConfig(line_filter=False))
    assert CALL in unfiltered.text.split("\n\n")
    text = extract_html(html, url=URL).text
    assert "Subscribe" not in text
    assert text.split("\n\n")[:3] == PARAS


def test_a_one_line_fast_pass_text_runs_the_fallbacks():
    joined = " ".join(PARAS * 4)  # 1,600 characters in one line
    assert needs_fallbacks(joined, 1000)
    assert not needs_fallbacks("\n".join(PARAS * 4), 1000)
    assert needs_fallbacks("\n".join(PARAS), 1000)  # short: as before
    assert needs_fallbacks("", 1000)
