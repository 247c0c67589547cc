"""A feed's own boilerplate: blocks that most of its entries repeat (a blog's footer, a podcast's
sponsor read, "The post X appeared first on Y"), removed from each entry's content.

A footer of 75 words under every short post makes the posts look alike: dedup then finds one
post "contained" in another and drops it. The blocks are compared within one feed document
only, so nothing is learnt across feeds or runs and an entry's text depends on its own feed.
An entry whose content would be left with too few words keeps its content as it was.
"""

import re
from collections import Counter
from typing import Optional

import lxml.etree
import lxml.html

from transforms.core.html_limits import cap_attributes

__all__ = ["MIN_BLOCK_WORDS", "MIN_ENTRIES", "strip_shared_blocks"]

MIN_ENTRIES = 3  # entries that must repeat a block (and at least half of those with content)
MIN_BLOCK_WORDS = 6  # shorter blocks ("Read more", a date) are left to extraction
MIN_LEFT_WORDS = 20  # an entry keeps its content when less than this would be left

_SPACE = re.compile(r"\s+")


def _key(text: str) -> Optional[str]:
    """A block's comparison key: its words, casefolded; None for a block too short to count."""
    words = _SPACE.sub(" ", text).strip().casefold()
    return words if words.count(" ") + 1 >= MIN_BLOCK_WORDS else None


def _html_blocks(content: str) -> Optional[tuple]:
    """``(text before the first element, top-level elements)`` of an HTML fragment, or None
    when it has no element to compare."""
    try:
        root = lxml.html.fragment_fromstring(cap_attributes(content), create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return None
    return (root.text or "", list(root)) if len(root) else None


def _text_blocks(content: str) -> list:
    return [p for p in re.split(r"\n\s*\n", content) if p.strip()]


def _blocks(entry: dict) -> tuple:
    """``(kind, blocks, keys)`` of an entry's content (``html`` or ``text``), or (None, [], [])."""
    if entry.get("content_html") and entry["content_html"].strip():
        found = _html_blocks(entry["content_html"])
        if found:
            lead, elements = found
            return "html", [lead, *elements], [None, *(_key(e.text_content()) for e in elements)]
        return None, [], []
    if entry.get("content_text") and entry["content_text"].strip():
        blocks = _text_blocks(entry["content_text"])
        return "text", blocks, [_key(b) for b in blocks]
    return None, [], []


def _words(text: str) -> int:
    return len(text.split())


def strip_shared_blocks(entries: list) -> list:
    """``entries`` (feed entry dicts) with the blocks most of them repeat removed from their
    ``content_html`` / ``content_text``; entries without such blocks are returned unchanged, and
    so are all of them if the cleaning fails (it must never cost the feed its entries)."""
    try:
        return _strip(entries)
    except Exception:  # noqa: BLE001 - best-effort cleaning of content that is already usable
        return entries


def _strip(entries: list) -> list:
    parsed = [_blocks(e) for e in entries]
    with_content = sum(1 for kind, _, _ in parsed if kind)
    if with_content < MIN_ENTRIES:
        return entries
    counts = Counter(k for _, _, keys in parsed for k in set(keys) if k)
    need = max(MIN_ENTRIES, (with_content + 1) // 2)
    shared = {k for k, n in counts.items() if n >= need}
    if not shared:
        return entries
    out = []
    for entry, (kind, blocks, keys) in zip(entries, parsed):
        keep = [b for b, k in zip(blocks, keys) if k not in shared]
        if kind is None or len(keep) == len(blocks):
            out.append(entry)
            continue
        if kind == "html":  # the lead text first, then the elements kept (with their tails)
            lead, elements = keep[0], keep[1:]
            left = " ".join([lead, *(b.text_content() for b in elements)])
            content = lead + "".join(lxml.html.tostring(b, encoding="unicode") for b in elements)
            field = "content_html"
        else:
            left = content = "\n\n".join(keep)
            field = "content_text"
        out.append(entry if _words(left) < MIN_LEFT_WORDS else {**entry, field: content})
    return out
