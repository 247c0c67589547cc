"""Parse a page into an lxml tree, also pages past libxml2's default limits.

libxml2 stops parsing, and the page loses everything after that point, at a token (attribute
value, text run, comment or script) of 10,000,000 bytes or at 256 levels of nesting. A page
with a 15 MB ``data:`` image in an ``<img src>`` or with its article inside 200,000 ``<div>``s
then came out without its text. Ordinary pages parse exactly as before: the same trafilatura
loader and parser; only pages that can hit a limit take another path.
"""

import re

from lxml.html import HTMLParser, fromstring

from transforms.core.html_limits import cap_attributes

__all__ = ["FLATTEN_DEPTH", "flatten_nesting", "parse_html"]

# A str of fewer characters cannot hold a 10,000,000-byte token: libxml2 sees at most 4 bytes
# per character.
_HUGE_FROM = 2_500_000
# libxml2's nesting limits (levels from <html>): without and with XML_PARSE_HUGE.
_MAX_DEPTH, _MAX_DEPTH_HUGE = 256, 2048
# Counted levels kept by flatten_nesting. Elements that close themselves (p, li, tr, td, ...) are
# not counted, so a nested table (table, tbody, tr, td per level) takes 4 real levels per
# counted one: 60 stays under 256.
FLATTEN_DEPTH = 60
# Same options as trafilatura's own parser, with XML_PARSE_HUGE: it lifts the token-size limit
# (to 1 GB) and the nesting one (to 2048), not the safety against entity expansion, which the
# HTML parser does not have to give: it reads no DTD, so a page cannot declare entities (a
# "billion laughs" internal subset stays literal text), and the only entities it expands are
# HTML's fixed named ones, each a few characters. The tree grows with the input, no faster.
_HUGE_PARSER = HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    huge_tree=True,
)
_VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
# End tag optional or implied by the parser: not counted, never dropped.
_IMPLIED_END = frozenset(
    "html head body p li dt dd tr td th tbody thead tfoot colgroup caption option optgroup "
    "rb rt rp rtc".split()
)
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comments, raw-text elements: tags inside them are text
    r"|<(script|style|textarea|title|xmp|noscript)\b.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][^\s/>]*)(?:\"[^\"]*\"|'[^']*'|[^'\">])*>",
    re.S | re.I,
)
# Attribute values longer than this are emptied on pages of _HUGE_FROM characters or more: they
# are data: images or script state, never text, and htmldate's regexes run over the serialized
# page (seconds per page with a 15 MB value kept).
_LONG_VALUE = 65_536
_LONG_ATTRIBUTE = re.compile(rf"""=(\s*)(?:"[^"]{{{_LONG_VALUE},}}"|'[^']{{{_LONG_VALUE},}}')""")
_SEARCH_OPEN = 32  # an end tag closes the nearest open element of its name this far down


def _load(html: str):
    from trafilatura.utils import load_html, repair_faulty_html

    if len(html) < _HUGE_FROM:
        return load_html(html)
    html = _LONG_ATTRIBUTE.sub(r'=\1""', repair_faulty_html(html, html[:50].lower()))
    try:
        return load_html(fromstring(html, parser=_HUGE_PARSER))
    except ValueError:  # a str with an XML encoding declaration: lxml wants bytes, as trafilatura
        return load_html(fromstring(html.encode("utf8", "surrogatepass"), parser=_HUGE_PARSER))


def _last_depth(tree) -> int:
    """Levels from the root to the last element in document order. libxml2 stops at the
    element that passes its nesting limit, so that element is the last one parsed."""
    depth = 1
    while len(tree):
        tree = tree[-1]
        depth += 1
    return depth


def flatten_nesting(html: str, depth: int = FLATTEN_DEPTH) -> str:
    """The page with the start and end tags of elements nested deeper than ``depth`` (counted
    elements, see _IMPLIED_END) removed: their content moves up into the element at ``depth``,
    as a browser attaches elements past its own depth limit. Tags inside comments, scripts and
    styles are left alone."""
    out, start, stack = [], 0, []  # stack: (name, dropped) of the open counted elements
    for match in _TOKEN.finditer(html):
        closing, name = match.group(2), (match.group(3) or "").lower()
        if not name or name in _VOID or name in _IMPLIED_END or match.group(0).endswith("/>"):
            continue
        dropped = False
        if not closing:
            dropped = len(stack) >= depth
            stack.append((name, dropped))
        else:
            for i in range(len(stack) - 1, max(-1, len(stack) - 1 - _SEARCH_OPEN), -1):
                if stack[i][0] == name:
                    dropped = stack[i][1]
                    del stack[i:]
                    break
        if dropped:
            out.append(html[start : match.start()])
            start = match.end()
    out.append(html[start:])
    return "".join(out)


def parse_html(html: str):
    """The page as an lxml tree (HTML, XHTML or fragment), or None when there is nothing.

    A page that passed the nesting limit is parsed again with its deepest levels flattened."""
    if not html or not html.strip():
        return None
    html = cap_attributes(html)
    try:
        tree = _load(html)
        limit = _MAX_DEPTH if len(html) < _HUGE_FROM else _MAX_DEPTH_HUGE
        if tree is not None and _last_depth(tree) >= limit:
            tree = _load(flatten_nesting(html))
        return tree
    except (ValueError, TypeError):
        return None
