"""cap_attributes: an element of a million attributes costs libxml2 hours (n² in one C call)."""

from transforms.core.html_limits import MAX_ATTRIBUTES, cap_attributes
from transforms.extract.page_tree import parse_html


def _crowded(n: int, tag: str = "div") -> str:
    return f"<{tag} " + " ".join(f'data-a{i}="v{i}"' for i in range(n)) + ">"


def test_a_tag_keeps_its_first_attributes_only():
    capped = cap_attributes(f"<p>Before</p>{_crowded(5000)}<p>Inside</p></div>")
    assert capped == f"<p>Before</p>{_crowded(MAX_ATTRIBUTES)}<p>Inside</p></div>"


def test_ordinary_markup_is_returned_as_it_is():
    html = "<html><body><a href='/x' class=b id=\"c\" hidden>link</a><p>a > b</p></body></html>"
    assert cap_attributes(html) is html


def test_scripts_and_comments_are_left_alone():
    script = "<script>if (a <b " + " ".join(f"x{i}" for i in range(400)) + ") {}</script>"
    comment = "<!-- <i " + " ".join(f"y{i}" for i in range(400)) + " -->"
    html = f"{script}{comment}{_crowded(300)}<p>Text</p>"
    assert cap_attributes(html) == f"{script}{comment}{_crowded(MAX_ATTRIBUTES)}<p>Text</p>"


def test_a_page_with_a_crowded_element_parses_with_its_text():
    page = (
        "<html><head><title>Crowded</title></head><body>"
        f"{_crowded(30_000)}<p>The council met on Tuesday.</p></div></body></html>"
    )
    tree = parse_html(page)
    div = next(tree.iter("div"))
    assert len(div.attrib) == MAX_ATTRIBUTES
    assert [p.text_content() for p in tree.iter("p")] == ["The council met on Tuesday."]


def test_markup_given_as_bytes_is_capped_as_bytes():
    html = f"<p>Before</p>{_crowded(300)}<p>Inside</p></div>"
    assert cap_attributes(html.encode()) == cap_attributes(html).encode()
    assert cap_attributes(b"<p class='a'>x</p>") == b"<p class='a'>x</p>"
