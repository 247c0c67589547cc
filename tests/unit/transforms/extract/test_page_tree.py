"""parse_html on pages past libxml2's limits: oversized tokens, deep nesting, entity bombs."""

from transforms.extract.page_tree import FLATTEN_DEPTH, flatten_nesting, parse_html

FILLER = "<div data-blob='" + "B" * 3_000_000 + "'></div>"  # makes the page take the huge path


def _texts(tree) -> list:
    return [p.text_content() for p in tree.iter("p")]


def test_a_declared_entity_is_not_expanded_on_the_huge_path():
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    html = (
        f'<!DOCTYPE html [<!ENTITY l0 "lol">{laughs}]><html><body>{FILLER}'
        "<p>Before &l9; after &amp; done</p></body></html>"
    )
    tree = parse_html(html)
    assert _texts(tree) == ["Before &l9; after & done"]


def test_a_huge_page_with_an_xml_declaration_is_parsed():
    html = f'<?xml version="1.0" encoding="utf-8"?><html><body>{FILLER}<p>Kept</p></body></html>'
    assert _texts(parse_html(html)) == ["Kept"]


def test_a_long_text_run_is_kept_whole():
    words = "word " * 2_600_000
    tree = parse_html(f"<html><body><p>{words}</p><p>After the run</p></body></html>")
    assert _texts(tree) == [words, "After the run"]


def test_deep_nesting_is_flattened_and_what_follows_is_kept():
    html = "<html><body>" + "<section><div>" * 5000 + "<p>Deep</p>" + "</div></section>" * 5000
    tree = parse_html(html + "<p>After</p></body></html>")
    assert _texts(tree) == ["Deep", "After"]
    assert max(len(list(p.iterancestors())) for p in tree.iter("p")) <= FLATTEN_DEPTH + 2


def test_flattening_keeps_shallow_markup_and_tags_inside_scripts():
    html = "<div class='a'><p>One<div><br><img src='x'/></div></p><script>'<div>'</script></div>"
    assert flatten_nesting(html) == html
    assert flatten_nesting("<b><i><u>x</u></i></b>", depth=1) == "<b>x</b>"
