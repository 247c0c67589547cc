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
# Markup is read as libxml2 reads it, left to right: a comment, a raw-text element (its ``<``,
# as in ``a<b`` in a script or a tag in a JSON-LD string, opens no tag) or a tag is matched whole
# and kept, so a ``<`` inside a quoted value (``title="<!--"``) opens nothing either, and a search
# from each ``<`` of a tag's attribute list (``<x <x <x ...``: the attributes of one tag) never
# runs. A comment ends at ``-->`` or ``--!>`` (libxml2 ends it there too); ``noscript`` is not
# raw text to libxml2 (its content is parsed as markup), and a raw-text name must end the tag
# name (``<script-x>`` is markup).
#
# Comments and raw text are read as runs of characters that cannot end them (``[^-]++``,
# ``[^<]++``) rather than by a lazy ``.*?``, which tries the end at every character: the same
# end, 3x sooner on real pages (benchmarks/html_limits.py).
_COMMENT = r"<!--(?:[^-]++|-(?!->|-!>))*+(?:-->|--!>|\Z)"
_RAW_NAMES = ("script", "style", "textarea", "title", "xmp")
_RAW_TEXT = "|".join(
    rf"<{name}(?=[\s/>])[^>]*+>(?:[^<]++|<(?!/{name}\s*>))*+(?:</{name}\s*>|\Z)"
    for name in _RAW_NAMES
)
_TAG = rf"<[a-zA-Z][^\s/>]*+(?:{_ATTRIBUTE})*+"
_CROWDED = rf"{_COMMENT}|{_CROWDED_TAG}|{_RAW_TEXT}|{_TAG}"
# A tag past the cap, without a group: re (3.11) fails on a possessive loop over a capturing one.
_CROWDED_START = rf"<[a-zA-Z][^\s/>]*+(?:{_ATTRIBUTE}){{{MAX_ATTRIBUTES + 1}}}"
# A tag that is not raw text, read once: at most MAX_ATTRIBUTES attributes and no more after
# them (a crowded tag fails here and stops _SKIPPED).
_UNCROWDED_TAG = (
    rf"<(?!(?:{'|'.join(_RAW_NAMES)})[\s/>])[a-zA-Z][^\s/>]*+"
    rf"(?:{_ATTRIBUTE}){{0,{MAX_ATTRIBUTES}}}+(?!{_ATTRIBUTE})"
)
# What comes before the first crowded tag, read as the substitution reads it: most pages have
# none and are returned after this one pass (0.44 ms a page on the 990 shared real pages, 1.35
# before comments and raw text were read as runs and a tag once, the substitution 2.0 ms; a
# search for a crowded tag from every ``<`` took 1.0 ms there, but 5.5 s on a MB of
# ``<x <x <x ... >`` tags of 255 attributes, which this pass reads in 0.03 s). A ``<`` that
# opens no tag (no letter after it) is text; a raw-text start tag never closed by ``>`` is a tag.
_SKIPPED = (
    rf"(?:[^<]++|{_COMMENT}|<(?![a-zA-Z])|{_UNCROWDED_TAG}"
    rf"|(?!{_CROWDED_START})(?:{_RAW_TEXT}|{_TAG}))*+"
)
_PATTERNS = {
    str: (re.compile(_SKIPPED, re.S | re.I), re.compile(_CROWDED, re.S | re.I)),
    bytes: (re.compile(_SKIPPED.encode(), re.S | re.I), re.compile(_CROWDED.encode(), re.S | re.I)),
}


def _capped(match) -> str:
    return match.group(1) or match.group(0)


def cap_attributes(html):
    """``html`` (str or bytes) with the attributes past the first ``MAX_ATTRIBUTES`` of each tag
    removed; markup without such a tag is returned as it is (the same object)."""
    skipped, crowded = _PATTERNS[bytes if isinstance(html, bytes | bytearray) else str]
    start = skipped.match(html).end()
    if start == len(html):
        return html
    return html[:start] + crowded.sub(_capped, html[start:])
