"""Markup bounded before libxml2 parses it: at most ``MAX_ATTRIBUTES`` attributes per tag.

libxml2 compares each attribute of an element with every one before it (to refuse duplicates),
so an element with n attributes costs n² in one C call: 20,000 took 0.9 s of CPU, 40,000 took
10 s, and a 12 MB page with one ``<div>`` of 1,000,000 attributes held its worker for hours,
where neither the per-document time limit nor SIGTERM can stop it (both wait for the call to
return to Python). No real element needs more than a few dozen, so the ones past
``MAX_ATTRIBUTES`` are dropped from the markup, which then costs what its size costs.
"""

import re

__all__ = ["MAX_ATTRIBUTES", "cap_attributes"]

MAX_ATTRIBUTES = 256

# One attribute: separators (whitespace or ``/``, as libxml2 reads them), a name, then maybe
# ``=`` and a quoted or bare value. The separator may be empty, as it is after a quoted value
# (``a0="1"a1="1"``); every part is possessive, so a name ends only where libxml2 ends it (at
# whitespace, ``=``, ``/`` or ``>``) and a tag that falls short of the count fails in linear
# time, without backtracking. A name may hold ``<``: libxml2 reads ``<div <a0 <a1>`` as a div of
# two attributes, so excluding it would let such a tag through uncapped.
_ATTRIBUTE = r"""(?:\s|/)*+[^\s=/>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>"'][^\s>]*+))?+"""
_CROWDED_TAG = rf"(<[a-zA-Z][^\s/>]*+(?:{_ATTRIBUTE}){{{MAX_ATTRIBUTES}}})(?:{_ATTRIBUTE})+"
# Comments and the content of raw-text elements are matched whole and kept: a ``<`` there
# (``a<b`` in a script, a tag in a JSON-LD string) opens no tag. A comment ends at ``-->`` or
# ``--!>`` (libxml2 ends it there too); ``noscript`` is not raw text to libxml2 (its content is
# parsed as markup), and a raw-text name must end the tag name (``<script-x>`` is markup).
_CROWDED = (
    r"<!--.*?(?:-->|--!>|\Z)"
    rf"|{_CROWDED_TAG}"
    r"|<(script|style|textarea|title|xmp)(?=[\s/>])[^>]*>.*?(?:</\2\s*>|\Z)"
)
# (search, substitution) for markup given as str, and as bytes (a page passed undecoded). The
# search finds a crowded tag anywhere (also inside a script): most pages have none, and it costs
# a third of the substitution (1.1 ms against 2.8 ms a page on 400 shared real pages).
_PATTERNS = {
    str: (re.compile(_CROWDED_TAG), re.compile(_CROWDED, re.S | re.I)),
    bytes: (re.compile(_CROWDED_TAG.encode()), re.compile(_CROWDED.encode(), re.S | re.I)),
}


def _capped(match) -> str:
    return match.group(1) or match.group(0)


def cap_attributes(html):
    """``html`` (str or bytes) with the attributes past the first ``MAX_ATTRIBUTES`` of each tag
    removed; markup without such a tag is returned as it is (the same object)."""
    any_crowded, crowded = _PATTERNS[bytes if isinstance(html, bytes | bytearray) else str]
    if not any_crowded.search(html):
        return html
    return crowded.sub(_capped, html)
