"""``findall`` of a regex made of literal alternatives (``subscri|follow|log in``), answered
without the regex for texts that hold none of them, lower-cased: the same list, sooner.

Python's ``re`` tries every alternative at every position of the text when the regex ignores
case (no first-character shortcut), so a 60-word list over 400 characters costs over a
millisecond; a substring test per word on the lower-cased text costs a few percent of that.
"""

import re

__all__ = ["LiteralAlternatives"]

_META = frozenset("\\.^$*+?{}[]|()#")
# The characters re.IGNORECASE takes for a letter that str.lower() does not turn into that
# letter (İ lower-cases to "i" + a combining dot; ı and ſ stay). A text holding one of them goes
# to the regex. Checked against every code point for the alphabet of the regexes used, in
# tests/unit/transforms/extract/test_literal_prefilter.py.
_UNFOLDED = ("İ", "ı", "ſ")


class LiteralAlternatives:
    """``regex.findall(text)``, exactly, for ``regex`` (flags re.IGNORECASE or none) whose
    pattern is alternatives of plain characters. A pattern with any regex syntax in it, or
    compiled re.VERBOSE, always runs the regex."""

    def __init__(self, regex: re.Pattern):
        self.regex = regex
        words = regex.pattern.split("|") if isinstance(regex.pattern, str) else [""]
        plain = all(word and not _META.intersection(word) for word in words)
        plain = plain and not regex.flags & re.VERBOSE
        self._needles = tuple(dict.fromkeys(w.lower() for w in words)) if plain else None

    def findall(self, text: str) -> list:
        if self._needles is not None and not any(c in text for c in _UNFOLDED):
            folded = text.lower()
            if not any(needle in folded for needle in self._needles):
                return []
        return self.regex.findall(text)
