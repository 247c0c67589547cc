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


def _tight(n: int) -> str:
    """``n`` attributes with no whitespace between them: ``<div a0="1"a1="1"...>``."""
    return "<div " + "".join(f'a{i}="1"' for i in range(n)) + ">"


def _slashed(n: int) -> str:
    """``n`` attributes separated by slashes: ``<div a0/a1/...>``."""
    return "<div " + "/".join(f"a{i}" for i in range(n)) + ">"


def test_attributes_without_whitespace_between_them_are_capped():
    capped = cap_attributes(f"<p>Before</p>{_tight(5000)}<p>Inside</p></div>")
    assert capped == f"<p>Before</p>{_tight(MAX_ATTRIBUTES)}<p>Inside</p></div>"
    div = next(parse_html(f"<html><body>{_tight(60_000)}<p>In</p></div></body></html>").iter("div"))
    assert len(div.attrib) == MAX_ATTRIBUTES


def test_attributes_separated_by_slashes_are_capped():
    capped = cap_attributes(f"{_slashed(5000)}<p>Inside</p></div>")
    assert capped == f"{_slashed(MAX_ATTRIBUTES)}<p>Inside</p></div>"


def test_a_tag_inside_noscript_is_capped():
    # libxml2 parses noscript content as markup, so its tags cost what any tag costs
    html = f"<noscript>{_crowded(300)}</div></noscript>"
    assert cap_attributes(html) == f"<noscript>{_crowded(MAX_ATTRIBUTES)}</div></noscript>"


def test_a_custom_element_named_like_a_raw_text_one_is_not_raw_text():
    html = f"<script-x></script-x>{_crowded(300)}</div>"
    assert cap_attributes(html) == f"<script-x></script-x>{_crowded(MAX_ATTRIBUTES)}</div>"


def test_a_comment_closed_by_bang_ends_there():
    # libxml2 ends a comment at --!>, so what follows is markup
    html = f"<!-- note --!>{_crowded(300)}</div>"
    assert cap_attributes(html) == f"<!-- note --!>{_crowded(MAX_ATTRIBUTES)}</div>"


def test_names_that_start_with_a_bracket_count_as_attributes():
    # libxml2 reads "<div <a0 <a1 ...>" as one div with attributes "<a0", "<a1", ...
    html = "<div " + " ".join(f"<a{i}" for i in range(5000)) + ">"
    capped = "<div " + " ".join(f"<a{i}" for i in range(MAX_ATTRIBUTES)) + ">"
    assert cap_attributes(html) == capped


def test_a_comment_or_script_opener_inside_a_quoted_value_opens_nothing():
    for value in ("<!--", "<script>"):
        html = f'<p title="{value}">Note</p>{_crowded(300)}</div>'
        assert (
            cap_attributes(html) == f'<p title="{value}">Note</p>{_crowded(MAX_ATTRIBUTES)}</div>'
        )


def test_runs_of_bracketed_names_are_read_as_the_tags_they_are():
    # each tag holds 255 attributes "<x": under the cap, so the markup is returned as it is
    html = ("<x " * 255 + ">") * 40
    assert cap_attributes(html) is html
    crowded = "<x " * 300 + ">"
    capped = "<x" + " <x" * MAX_ATTRIBUTES + " >"
    assert cap_attributes(html + crowded) == html + capped


def test_a_raw_text_tag_never_closed_is_read_as_a_tag():
    # no ">" after "<script": its quoted value is one attribute, not a crowded tag to cap
    html = "<p>x</p><script a='<div " + " ".join(f"b{i}" for i in range(300)) + "'"
    assert cap_attributes(html) is html
