"""Titles and texts in the form a reader and a warehouse compare: Unicode NFC, and no invisible
direction or zero-width marks around a title.

The same headline typed on macOS (NFD: "e" + combining acute) and elsewhere (NFC: "é") are
different strings to ``GROUP BY title``, ``=`` and ``LIKE``; dedup already compared them alike
(NFKC words) but the rows did not. A title wrapped in U+200F/U+202E (right-to-left mark and
override) looks like its text but is not equal to it, and an override left open reverses what
a terminal prints after it. Marks inside a title stay: a zero-width joiner inside an emoji
sequence, a right-to-left mark between Arabic and Latin words, are part of the text.
"""

import unicodedata
from typing import Optional

__all__ = ["shown_text", "shown_title"]

# Zero-width and bidirectional formatting characters, and the byte-order mark.
_EDGE_MARKS = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"


def shown_text(text: Optional[str]) -> Optional[str]:
    """``text`` in NFC (the same object when it already is, as nearly every text is)."""
    if not text or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def shown_title(title: Optional[str]) -> Optional[str]:
    """``title`` in NFC without the whitespace and invisible marks around it; None when nothing
    is left."""
    if title is None:
        return None
    edges = _EDGE_MARKS + " \t\r\n\u00a0"
    return shown_text(title.strip(edges)) or None
