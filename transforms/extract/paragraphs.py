"""The page's paragraphs in document order, and features of each one for the learned
boilerplate filter: its text, its element, and where it sits against the extracted text."""

import bisect
import dataclasses
import functools
import itertools
import math
import re
from collections.abc import Sequence
from typing import Optional

from lxml.etree import tostring

from transforms.core.words import count_words, one_space
from transforms.extract.furniture import sure_furniture
from transforms.extract.paragraph_text import text_features

__all__ = [
    "PageIndex",
    "Plan",
    "is_table_rule",
    "line_key",
    "paragraph_features",
    "plan_paragraphs",
]

# Elements that hold a paragraph when no such element is inside them.
_PARA_TAGS = (
    "p li h1 h2 h3 h4 h5 h6 td th blockquote dd dt figcaption pre caption address div section "
    "article aside header footer"
).split()
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "head"))
_KEY_CHARS = 60  # an extracted line is found in the page by its first 60 characters
# class/id words of the paragraph's element and its ancestors, grouped by what they mean:
# generic page furniture, not tuned to any one site.
_CLASS_GROUPS = {
    "nav": r"nav|menu|breadcrumb|pagination|pager|skip",
    "foot": r"footer|copyright|legal|imprint|impressum|disclaimer",
    "share": r"share|social|sharing|tweet|facebook|whatsapp|print",
    "related": r"related|teaser|recommend|more|popular|trending|also|similar|next|prev|outbrain"
    r"|taboola",
    "comment": r"comment|reply|discussion|disqus|respond",
    "author": r"author|byline|bio|profile|avatar|contributor",
    "caption": r"caption|credit|figure|photo|image|img|gallery|media|video|picture",
    "promo": r"newsletter|subscri|signup|promo|banner|advert|\bads?\b|sponsor|cookie|consent"
    r"|paywall|login|register",
    "tags": r"tags?|keyword|topic|categor|label|rubri|schlagw",
    "side": r"sidebar|aside|rail|column|box|widget",
    "meta": r"meta|date|time|info|dateline|stamp",
    "body": r"content|article|body|story|text|entry|post|main|artikel|inhalt",
}
_CLASS_RE = {name: re.compile(rx) for name, rx in _CLASS_GROUPS.items()}
_TAG_GROUPS = {
    "p": ("p",),
    "li": ("li", "dd", "dt"),
    "h": ("h1", "h2", "h3", "h4", "h5", "h6"),
    "td": ("td", "th", "caption", "tr"),
    "quote": ("blockquote",),
    "div": ("div", "section", "article", "aside", "header", "footer", "pre", "address"),
}
_LIST_MARK = re.compile(r"^\s*[-•*]\s+")  # trafilatura writes list items as "- item"
# ... and table rows as "| cell | cell |", with a "|---|---|" rule under the header row
_ROW_MARK = re.compile(r"^\s*\|\s?|\s?\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|(\s*:?-+:?\s*\|)+\s*$")
_CELLS = ("td", "th")
_CELL_BAR = re.compile(r"(?<!\\)\|")  # a bar between cells; "\|" is a bar inside a cell
_MIN_PIECE = 20  # a shorter line is looked up whole only (a short piece matches anywhere)
_LONG_WORDS = 25  # a paragraph this long is article text
_ANCESTORS = 8  # how far up class/id words are read


def _norm(text: str) -> str:
    return one_space(text).casefold()


def line_key(line: str) -> str:
    """An extracted line as its paragraph's text reads: without trafilatura's list mark or
    the bars around a table row, whitespace collapsed, casefolded."""
    if line.lstrip().startswith("|"):
        return _norm(_ROW_MARK.sub("", line).replace("\\|", "|"))
    return _norm(_LIST_MARK.sub("", line))


def _cells_key(cells) -> str:
    """A table row's key: its cells that hold text, joined. trafilatura leaves out some empty
    cells (spanned columns) that the page's row has, so both sides leave out every empty one."""
    return " | ".join(filter(None, map(_norm, cells)))[:_KEY_CHARS]


def is_table_rule(line: str) -> bool:
    return bool(_TABLE_RULE.match(line))


def _all_text(el) -> str:
    """``"".join(el.itertext())``: every text inside the element, without its tail, by
    libxml2's text serialisation, 4x cheaper. The same string (both leave out comments and
    processing instructions, keep their tails): checked on every element of the 990 evaluation
    pages and in test_paragraph_cost.py."""
    return tostring(el, method="text", encoding=str, with_tail=False)


def _cell_text(el) -> str:
    return one_space(_all_text(el))


def _own_text(el, holders: set) -> str:
    """The text of an element that holds other paragraphs or a script outside them (a post
    body of text and line breaks around a few divs, a ``p`` around a figure or a script)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _SKIP and child.tag not in _PARA_TAGS:
            parts.append(_own_text(child, holders) if child in holders else _cell_text(child))
        parts.append(child.tail or "")
    return one_space("".join(parts))


def _plain_row(row, holders: set) -> bool:
    """A table row is one paragraph when none of its cells holds another paragraph (a data
    row, not a layout table)."""
    cells = list(row.iterchildren(*_CELLS))
    return bool(cells) and not any(c in holders for c in cells)


class PageIndex:
    """The page's paragraphs (elements of ``_PARA_TAGS`` holding no other one) in document
    order, each with its text, and the first of them for each 60-character text key."""

    def __init__(self, tree):
        self.elements: list = []
        self.texts: list = []
        self.by_key: dict = {}
        self.by_cells: dict = {}  # table rows by the cells that hold text
        body = tree.find(".//body") if tree is not None else None
        root = body if body is not None else tree
        if root is None:
            return
        # One pass in document order: an element that holds a paragraph or a script is marked
        # with its ancestors (the walk stops at the first marked one, so each is marked once).
        holders, skipped = set(), set()
        for el in root.iter(*_SKIP):
            skipped.update(el.iter(*_PARA_TAGS))
        elements = list(root.iter(*_PARA_TAGS, *_SKIP))
        for el in elements:
            for anc in el.iterancestors():
                if anc in holders:
                    break
                holders.add(anc)
        rows: dict = {}  # tr -> whether it is one paragraph (cells that hold no other one)
        self.mixed: set = set()  # holders indexed by their own text (``_own_text``)
        for el in elements:
            if el in skipped or el.tag in _SKIP:
                continue
            if el in holders:
                own = _own_text(el, holders)
                if any(ch.isalnum() for ch in own):
                    self.mixed.add(el)
                    self._add(el, own)
                continue
            row = el.getparent() if el.tag in _CELLS else None
            if row is not None and row.tag == "tr":
                if row not in rows:
                    rows[row] = _plain_row(row, holders)
                    cells = [_cell_text(c) for c in row.iterchildren(*_CELLS)]
                    if rows[row] and any(cells):
                        self.by_cells.setdefault(_cells_key(cells), len(self.elements))
                        self._add(row, " | ".join(cells))
                if rows[row]:
                    continue
            self._add(el, _cell_text(el))
        self._joined: Optional[str] = None
        self._starts: list = []
        self._repeats: dict = {}
        for text in self.texts:
            self._repeats[text.casefold()] = self._repeats.get(text.casefold(), 0) + 1

    def _add(self, el, text: str) -> None:
        if text:
            self.by_key.setdefault(text[:_KEY_CHARS].casefold(), len(self.elements))
            self.elements.append(el)
            self.texts.append(text)

    def position(self, line: str, after: int = 0) -> Optional[int]:
        """The paragraph an extracted line comes from: by its first 60 characters, else (a
        list item's "- " taken off, or a piece of a paragraph split at a line break) the first
        paragraph from ``after`` on whose text holds the line's start."""
        key = line_key(line)[:_KEY_CHARS]
        found = self.by_key.get(key)
        if found is None and line.lstrip().startswith("|"):  # a row written "| cell | cell |"
            cells = _CELL_BAR.split(_ROW_MARK.sub("", line))
            found = self.by_cells.get(_cells_key(c.replace("\\|", "|") for c in cells))
        if found is not None or len(key) < _MIN_PIECE:
            return found
        if self._joined is None:
            self._joined = "\n".join(t.casefold() for t in self.texts)
            self._starts = list(itertools.accumulate(len(t) + 1 for t in self.texts[:-1]))
            self._starts.insert(0, 0)
        start = self._starts[after] if 0 <= after < len(self._starts) else 0
        at = self._joined.find(key, start)
        if at < 0 and start:
            at = self._joined.find(key)
        return None if at < 0 else bisect.bisect_right(self._starts, at) - 1

    def repeated(self, pos: int) -> bool:
        return self._repeats.get(self.texts[pos].casefold(), 0) > 1


@dataclasses.dataclass
class Plan:
    """The extracted lines with their paragraph in the page (``positions``, None when not
    found), and the candidates the model scores: the lines found, plus the paragraphs the
    extractor left out between them (``gaps``), each with its features."""

    lines: list
    positions: list
    candidates: list  # page positions, in document order
    gaps: dict  # candidates that are not extracted lines: position -> text
    features: dict  # position -> feature dict
    # candidates that are calls to act or photo captions by rule: position -> "call"/"caption"
    sure: dict = dataclasses.field(default_factory=dict)


@functools.lru_cache(maxsize=4096)
def _word_groups(words: str) -> int:
    """Bit i set when the i-th _CLASS_RE group matches ``words``: most elements of a page share
    their class words with others (menu items, list entries), so most lookups are cached."""
    return sum(1 << i for i, rx in enumerate(_CLASS_RE.values()) if rx.search(words))


def _class_groups(elements, cache: dict) -> int:
    """The _CLASS_RE groups (``_word_groups``) found in the class and id words of ``elements``,
    each element's read once per page (``cache``). The same as matching the words of all of
    them joined by spaces: no group's pattern matches a space, and a space next to a word is a
    word boundary as the end of a string is."""
    found = 0
    for el in elements:
        groups = cache.get(el)
        if groups is None:
            words = (el.get("class", "") + " " + el.get("id", "")).casefold()
            groups = cache[el] = _word_groups(words)
        found |= groups
    return found


def _element_features(el, length: int, ancestors: list, mixed: bool, classes: dict) -> dict:
    links = el.iter("a")
    if mixed:  # only the links of its own text, not those of the paragraphs inside it
        links = (a for a in links if next(a.iterancestors(*_PARA_TAGS), None) is el)
    linked = sum(len(_norm(_all_text(a))) for a in links)
    out = {"link_share": min(1.0, linked / max(1, length))}
    for group, tags in _TAG_GROUPS.items():
        out[f"tag_{group}"] = float(el.tag in tags)
    groups = _class_groups([el, *ancestors[: _ANCESTORS - 1]], classes)
    for i, group in enumerate(_CLASS_RE):
        out[f"class_{group}"] = float(groups >> i & 1)
    tags = [anc.tag for anc in ancestors]
    out["inside_link"] = float("a" in tags)
    out["in_figure"] = float(el.tag == "figcaption" or "figure" in tags)
    out["in_list"] = float(bool(tags) and tags[0] in ("ul", "ol", "li", "nav"))
    return out


def _main_container(ancestor_lists: list, weights: list):
    """The deepest element holding at least 60 % of the extracted paragraphs' characters
    (``ancestor_lists``: each extracted paragraph's ancestors, nearest first)."""
    counts: dict = {}
    depths: dict = {}
    total = sum(weights)
    for ancestors, weight in zip(ancestor_lists, weights):
        for i, anc in enumerate(ancestors):
            counts[anc] = counts.get(anc, 0) + weight
            depths[anc] = len(ancestors) - 1 - i
    best, best_depth = None, -1
    for anc, weight in counts.items():
        if weight >= 0.6 * total and depths[anc] > best_depth:
            best, best_depth = anc, depths[anc]
    return best


def paragraph_features(index: PageIndex, pos: int, kept: frozenset, context: dict) -> dict:
    """Features of the page paragraph at ``pos``: text, element, whether the extractor kept it
    and its neighbours, its place in the extracted span, whether it is in the main container."""
    el, text = index.elements[pos], index.texts[pos]
    n_words = context["words"][pos]
    ancestors = context["ancestors"][pos]
    feats = text_features(text, n_words) | _element_features(
        el, len(text), ancestors, el in index.mixed, context["classes"]
    )
    lo, hi, main = context["lo"], context["hi"], context["main"]
    inside = main is not None and any(anc is main for anc in ancestors)
    first_long, last_long = context["long_span"]
    feats |= {
        "kept": float(pos in kept),
        "kept_prev": float(pos - 1 in kept),
        "kept_next": float(pos + 1 in kept),
        "position": (pos - lo) / max(1, hi - lo),
        "outside_main": float(not inside),
        "repeated": float(index.repeated(pos)),
        "long": float(n_words >= _LONG_WORDS),
        "few_lines": float(len(kept) <= 3),
        "before_body": float(pos < first_long),
        "after_body": float(pos > last_long),
        "parent_link_share": _parent_link_share(el, context["parents"]),
        "gap_run": math.log1p(context["runs"].get(pos, 0)),
    }
    # after the article, a line that speaks to the reader or names page furniture is a call
    # to subscribe, follow or comment (a linear model does not combine the two by itself)
    feats["tail_call"] = feats["after_body"] * float(feats["reader"] > 0 or feats["furniture"] > 0)
    return feats


def _parent_link_share(el, cache: dict) -> float:
    """Share of the parent element's text inside links (a list of links, a related box),
    computed once per parent."""
    parent = el.getparent()
    if parent is None:
        return 0.0
    if parent not in cache:
        total = len("".join(_all_text(parent).split()))
        linked = sum(len("".join(_all_text(a).split())) for a in parent.iter("a"))
        cache[parent] = min(1.0, linked / max(1, total))
    return cache[parent]


def _gap_runs(gaps: list) -> dict:
    """Left-out position -> how many left-out paragraphs follow one another where it is (a
    box the extractor dropped whole, against a lede or a list item it missed)."""
    runs, start = {}, 0
    for i in range(1, len(gaps) + 1):
        if i == len(gaps) or gaps[i] != gaps[i - 1] + 1:
            for p in gaps[start:i]:
                runs[p] = i - start
            start = i
    return runs


def _lead_start(index: PageIndex, lo: int) -> int:
    """The paragraph after the last h1 before ``lo`` (the first extracted one), else ``lo``:
    what stands between the headline and the extracted text (a standfirst in the article
    header, the first paragraphs) is judged like the paragraphs left out inside the text."""
    for p in range(lo - 1, -1, -1):
        if index.elements[p].tag == "h1":
            return p + 1
    return lo


def plan_paragraphs(lines: Sequence[str], index: PageIndex, title: Optional[str] = None) -> Plan:
    """Find each extracted line in the page and list what the model is to score."""
    positions, last = [], 0
    for line in lines:
        pos = index.position(line, last)
        positions.append(pos)
        last = last if pos is None else pos
    kept = frozenset(p for p in positions if p is not None)
    if not kept:
        return Plan(list(lines), positions, [], {}, {})
    lo, hi = min(kept), max(kept)
    lead = _lead_start(index, lo)
    seen = {line_key(line) for line in lines} | {_norm(title or "")}
    gaps = {
        p: f"| {index.texts[p]} |" if index.elements[p].tag == "tr" else index.texts[p]
        for p in range(lead, hi + 1)
        if p not in kept and _norm(index.texts[p]) not in seen
    }
    candidates = sorted(kept | set(gaps))
    # each candidate's ancestors, walked once for the main container and every feature
    ancestors = {p: list(index.elements[p].iterancestors()) for p in candidates}
    main = _main_container(
        [ancestors[p] for p in sorted(kept)], [len(index.texts[p]) for p in sorted(kept)]
    )
    words = {p: count_words(index.texts[p]) for p in candidates}
    long_kept = [p for p in sorted(kept) if words[p] >= _LONG_WORDS]
    long_span = (long_kept[0], long_kept[-1]) if long_kept else (lo, hi)
    context = {
        "lo": lo,
        "hi": hi,
        "main": main,
        "long_span": long_span,
        "parents": {},
        "classes": {},
        "runs": _gap_runs(sorted(gaps)),
        "words": words,
        "ancestors": ancestors,
    }
    features = {p: paragraph_features(index, p, kept, context) for p in candidates}
    texts = {p: index.texts[p] for p in candidates}
    elements = {p: index.elements[p] for p in candidates}
    sure = sure_furniture(texts, words, elements, ancestors, kept)
    return Plan(list(lines), positions, candidates, gaps, features, sure)
