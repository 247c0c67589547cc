"""The line filter's cheaper reads give what the plain ones gave: an element's text by libxml2's
text serialisation is ``"".join(itertext())``, on markup that tries to make them differ; the
class/id word groups read per element are those of the words joined."""

import random
import re

from lxml.etree import tostring
from lxml.html import Element, fromstring

from transforms.extract.page_tree import parse_html
from transforms.extract.paragraphs import _CLASS_GROUPS, _CLASS_RE, _all_text, _class_groups

# Written for this test: entities (known, unknown, numeric, bare &), a comment and a processing
# instruction (the parser drops them, their tails stay), CDATA-looking text, script and style,
# tails after nested inline elements, non-breaking and ideographic spaces, CR, CJK, emoji, an
# unclosed tag, a template and an svg.
PAGE = """<!DOCTYPE html><html><head><title>T &amp; x</title>
<style>p { color: red }</style></head><body>
<div class="post">Lead &mdash; text &foo; &#8211; &#x1F600; AT&T<!-- hidden -->after comment
<?php echo 1; ?>after pi <![CDATA[not cdata]]> <b>bold <i>deep</i> tail-i</b> tail-b\r\n
<p>Para\u00a0one\u3000with 北京 spaces <a href="/x">linked <span>inner</span></a> end</p>
<script>var s = "<p>not a tag</p>";</script>
<ul><li>one<li>two <em>unclosed</ul>
<template><p>templated</p></template><svg><text>drawn</text></svg>
<table><tr><td>cell 1</td><td>cell &lt;2&gt;</td></tr></table>
</div>tail of the div</body></html>"""


def test_all_text_is_every_itertext_string_without_the_tail():
    tree = parse_html(PAGE)
    elements = list(tree.iter())
    assert len(elements) > 20
    for el in elements:
        assert _all_text(el) == "".join(el.itertext()), tostring(el)[:80]
    div = tree.find(".//div")
    assert "after comment" in _all_text(div) and "hidden" not in _all_text(div)
    assert "tail of the div" not in _all_text(div)


def test_all_text_leaves_out_comments_kept_by_another_parser():
    div = fromstring("<div>a<!-- c -->b<?pi x?>d<p>e</p>f</div>")
    assert _all_text(div) == "".join(div.itertext()) == "abdef"


def test_class_groups_per_element_are_the_groups_of_the_words_joined():
    # what the features read before: the class and id words of the element and its ancestors
    # joined by spaces, each group's regex searched in the whole string
    rng = random.Random(25)
    pieces = [w for rx in _CLASS_GROUPS.values() for w in re.split(r"\||\\b|[()?]", rx) if w]
    pieces += ["", "-", "_", " ", "x", "AD", "ad", "Ads", "ßtory", "İnfo", "ΣNAV", "1", "é"]
    for _ in range(3000):
        chain = []
        for _ in range(rng.randint(1, 9)):
            attrs = {}
            for name in ("class", "id"):
                if rng.random() < 0.7:
                    attrs[name] = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
            chain.append(Element("div", attrs))
        joined = " ".join(e.get("class", "") + " " + e.get("id", "") for e in chain).casefold()
        expected = sum(1 << i for i, rx in enumerate(_CLASS_RE.values()) if rx.search(joined))
        assert _class_groups(chain, {}) == expected, joined
