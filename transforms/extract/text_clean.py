"""Clean scraped plain-text articles: drop boilerplate lines, keep every article sentence."""

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Optional

from transforms.core.words import count_words, one_space
from transforms.extract.extracted import Extracted
from transforms.extract.hard_wrap import unwrap_lines

__all__ = [
    "ALL_RULES",
    "CleanedLines",
    "Extracted",
    "clean_lines",
    "clean_plain_text",
    "line_key",
    "line_rule",
]

_MAX_TITLE = 300  # characters: a longer first line is a paragraph, not a headline
# Context-free rules: a whole line (at most _MAX_BOILERPLATE chars) that matches is boilerplate.
_MAX_BOILERPLATE = 120
_LINE_RULES: dict[str, re.Pattern] = {
    "share": re.compile(
        r"^(share|shares|tweet|email|e-mail|print|save|copy link|share (this|the) "
        r"(article|story|post|page|video)|share (on|via|with) [\w ,&]{1,40})\s*[.:!]?$",
        re.I,
    ),
    "follow": re.compile(
        r"^(follow|like) (us|me)\b.{0,60}$|^follow our .{0,60}\b(live ?blog|updates|coverage"
        r"|channel|page|account|feed)s?\b.{0,40}$",
        re.I,
    ),
    "subscribe": re.compile(
        r"^(subscribe|sign up|join|register|get)\b.{0,60}\b(newsletters?|alerts|inbox)\b.{0,40}$"
        r"|^subscribe( now| here| today| for free)?\s*[.!]?$",
        re.I,
    ),
    "read_more": re.compile(
        r"^(read|see|view|click|watch) (more|full (article|story)|the full (article|story)|here"
        r"|next|also)\b.{0,100}$|^(continue reading|read more|more)\s*(»|>|…|\.\.\.)?$",
        re.I,
    ),
    "related": re.compile(
        r"^(you (may|might) (also )?(like|enjoy)|(related|recommended|more|most read|most popular"
        r"|popular|trending|top stories|latest|also read|further reading|more from [\w .'-]{1,40})"
        r"( (articles?|stories|posts|news|videos|reads|content|topics))?|advertisement|sponsored"
        r"( content)?|exit mobile version|skip to (main )?content|back to top|scroll down for "
        r"(video|more)|loading|image source,? .{0,40})\s*[.:!…]*$",
        re.I,
    ),
    "comments": re.compile(
        r"^(\d[\d,.]*k?\s+comments?|comments?\s*\(?\d*\)?|view( all)?( \d+)? comments|(leave|post|"
        r"add|write) a (comment|reply)|no comments( yet)?|\d+\s+repl(y|ies))\s*[.:!]?$",
        re.I,
    ),
    # "Related: <headline>", "Lesen Sie auch: <headline>": a link to another story.
    "related_link": re.compile(
        r"^(related|related (articles?|stories|posts|coverage|content)|see also|also read|read also"
        r"|recommended|lesen sie auch|mehr zum thema|siehe auch|auch interessant|lire aussi"
        r"|à lire aussi|a lire aussi|voir aussi|leer más|lee también|le puede interesar"
        r"|leggi anche|czytaj (też|także|również)|zobacz (też|także|również)|ook interessant"
        r"|lea|lea (también|más)|mire|vea|vea también|leia|leia (também|mais)|veja|veja também"
        r"|mehr dazu)"
        r"\s?:\s?\S.{0,150}$",
        re.I,
    ),
    # A "related stories" / "table of contents" header standing alone, in the corpus languages.
    "related_header": re.compile(
        r"^(notas relacionadas|noticias relacionadas|artículos relacionados|más sobre .{1,40}"
        r"|temas|tags|schlagwörter|themen|inhaltsverzeichnis|table of contents|schon gelesen"
        r"|(das( thema)? )?(könnte|dürfte) (sie|dich) auch interessieren|weitere artikel"
        r"|ähnliche artikel|verwandte artikel|mehr zum thema( .{1,40})?|lesen sie auch"
        r"|articles similaires|sur le même sujet|à lire aussi|leggi anche|articoli correlati"
        r"|czytaj (też|także)|zobacz (też|także)|polecane|bild anzeigen|related (coverage|posts"
        r"|stories|articles|tutorials|content))\s*[.:!?…]*$",
        re.I,
    ),
    "source_footer": re.compile(r"^sources?\s*:\s*read (the )?full (article|story)\s*[.!]?$", re.I),
    "site_age": re.compile(
        r"^[A-Z][\w&.'’ -]{1,40}?\s?\d{1,2}(s|m|h|d|w|mo|y|min|mins|hr|hrs)$"
        r"|^[A-Z][\w&.'’ -]{1,40}?\s+\d{1,2}\s+(minutes?|hours?|days?|weeks?|months?) ago$"
    ),
    "image_alt": re.compile(
        r"^(an? )?(photo|picture|image|file (photo|image)|screenshot|graphic|video)"
        r" (of|shows?)\b[^.!?]{0,70}$",
        re.I,
    ),
}
_NAV = re.compile(
    r"^(more|home|menu|search|close|open|login|signin|back|top|next|prev|previous|skip|main"
    r"|nav|navigation|toggle)+$",
    re.I,
)
_AUTHOR_SIGNATURE = re.compile(r"^[-–—]\s*([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})$")
_BYLINE = re.compile(r"^by[:\s]\s*(.{1,80})$", re.I)
_NAME_WORD = re.compile(r"^([A-Z][\w'’.-]*|and|&|de|van|von|der|da|di|del|la|le|bin|al)$")
_FOOTER_SOURCE = re.compile(r"^(sources?|via)\s*:\s*.{1,50}$", re.I)
# Sentence-final punctuation, then any closing quotes or brackets: German „…“, French « … »
# (spaced), Japanese 「…。」.
_TERMINAL = re.compile(r"[.!?…:;。！？][\s\"'”’“«»」』)\]]*$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_MARKDOWN = re.compile(r"\*\*|__")

CONTEXT_RULES = (
    "nav", "author_signature", "breadcrumb", "byline", "repeat", "prefix", "footer", "headline",
    "click_to_tweet",
)  # fmt: skip
_TWEET_PROMPTS = ("click to tweet", "tweet this quote", "tweet this")  # WordPress quote plugins
_HEADLINE_LINES = 3  # the headline repeated in the body is looked for in the first lines only
ALL_RULES = frozenset(_LINE_RULES) | frozenset(CONTEXT_RULES)
_TOP_LINES = 8  # bylines and author stubs are looked for in the first lines only


@dataclasses.dataclass(frozen=True)
class CleanedLines:
    """Kept lines in order, authors found in bylines, and each dropped line with its rule."""

    lines: tuple
    authors: tuple
    dropped: tuple  # ((line, rule), ...)


def line_key(line: str) -> str:
    """A line reduced for comparison: NFKC, straight quotes, one space, casefolded."""
    line = unicodedata.normalize("NFKC", line).translate(_QUOTES)
    return one_space(line).casefold()


def line_rule(line: str, rules: Iterable[str] = ALL_RULES) -> Optional[str]:
    """The name of the context-free rule that makes ``line`` boilerplate, or None."""
    line = one_space(line)
    if not line or len(line) > _MAX_BOILERPLATE:
        return None
    rules = rules if isinstance(rules, frozenset) else frozenset(rules)
    for name, pattern in _LINE_RULES.items():
        if name in rules and pattern.match(line):
            return name
    if "nav" in rules and count_words(line) <= 3 and _NAV.match(line.replace(" ", "")):
        return "nav"
    if "author_signature" in rules and _AUTHOR_SIGNATURE.match(line):
        return "author_signature"
    return None


def without_trailing_ellipsis(line: str) -> str:
    """``line`` without the ellipses ("...", "…") and the spaces before them at its end.

    A scan from the end, not the regex ``(\\s*(\\.\\.\\.|…))+$``: that one backtracks
    quadratically on a long run of ellipses followed by anything else (minutes on a long line).
    """
    end = len(line)
    while True:
        if line.endswith("...", 0, end):
            end -= 3
        elif line.endswith("…", 0, end):
            end -= 1
        else:
            return line[:end]
        while end and line[end - 1].isspace():
            end -= 1


def _byline_names(line: str) -> Optional[tuple]:
    """Names in a "By A, B and C" line, or None when the line is not a byline."""
    match = _BYLINE.match(line)
    if not match or count_words(line) > 12:
        return None
    body = re.split(r"\s*[|•·]\s*|\s+[-–—]\s+", match.group(1))[0]
    words = body.replace(",", " ").split()
    if not words or not all(_NAME_WORD.match(w) for w in words):
        return None
    names = re.split(r"\s*(?:,|;|&|\band\b)\s*", body)
    return tuple(n.strip() for n in names if n.strip())


def _is_breadcrumb(line: str, following: str) -> bool:
    """A line that holds the next line plus only 1-3 short section words ("Home World <title>")."""
    key, nxt = line_key(line), line_key(following)
    if count_words(nxt) < 3 or key == nxt or nxt not in key:
        return False
    extra = key.replace(nxt, " ").split()
    return 1 <= len(extra) <= 3 and all(len(w) <= 15 for w in extra)


def without_tweet_prompt(line: str) -> str:
    """``line`` without a trailing "Click to tweet" (the quote before it stays)."""
    for prompt in _TWEET_PROMPTS:
        if line[-len(prompt) :].lower() == prompt:
            return line[: -len(prompt)].rstrip(" :-–—|")
    return line


def _strip(lines: Iterable[str], rules: frozenset = frozenset()) -> list:
    out = []
    for raw in lines:
        line = one_space(_MARKDOWN.sub("", raw))
        if line and "click_to_tweet" in rules:
            line = without_tweet_prompt(line)
        if line:
            out.append(line)
    return out


def _drop_headline(lines: list, title: Optional[str]) -> tuple:
    """The title repeated as one of the first lines of the body (it is held apart)."""
    key = line_key(title) if title else ""
    for i, line in enumerate(lines[:_HEADLINE_LINES]):
        if key and line_key(line) == key:
            return lines[:i] + lines[i + 1 :], [(line, "headline")]
    return lines, []


def _first_pass(lines: list, rules: frozenset) -> tuple:
    """Context-free rules, live-blog signatures and breadcrumbs."""
    kept, dropped, authors = [], [], []
    for i, line in enumerate(lines):
        rule = line_rule(line, rules)
        if rule is None and "breadcrumb" in rules and i + 1 < len(lines):
            rule = "breadcrumb" if _is_breadcrumb(line, lines[i + 1]) else None
        if rule == "author_signature":
            authors.append(_AUTHOR_SIGNATURE.match(line).group(1))
        if rule:
            dropped.append((line, rule))
        else:
            kept.append(line)
    return kept, dropped, authors


def _drop_bylines(lines: list) -> tuple:
    """Bylines in the first lines, and stubs next to them that repeat the author's name."""
    names, byline_at = [], set()
    for i, line in enumerate(lines[:_TOP_LINES]):
        found = _byline_names(line)
        if found:
            names.extend(found)
            byline_at.add(i)
    stubs = {line_key(n) for n in names}
    drop = set(byline_at)
    for i in byline_at:
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and j not in drop and line_key(lines[j]) in stubs:
                drop.add(j)
    kept = [line for i, line in enumerate(lines) if i not in drop]
    dropped = [(lines[i], "byline") for i in sorted(drop)]
    return kept, dropped, names


def _drop_repeats(lines: list, title: Optional[str], rules: frozenset) -> tuple:
    """Exact repeats (first kept) and truncated copies of the title or another line."""
    if "repeat" not in rules and "prefix" not in rules:
        return lines, []
    keys = [line_key(line) for line in lines]
    seen = {line_key(title)} if title and "repeat" in rules else set()
    others = keys + ([line_key(title)] if title else [])
    kept, dropped = [], []
    for line, key in zip(lines, keys):
        if "repeat" in rules and key in seen:
            dropped.append((line, "repeat"))
            continue
        seen.add(key)
        stem = without_trailing_ellipsis(key)
        if (
            "prefix" in rules
            and count_words(stem) >= 4
            and (stem != key or not _TERMINAL.search(key))
            and any(len(o) > len(stem) and o.startswith(stem + " ") for o in others)
        ):
            dropped.append((line, "prefix"))
            continue
        kept.append(line)
    return kept, dropped


def clean_lines(
    lines: Sequence[str], *, title: Optional[str] = None, rules: Iterable[str] = ALL_RULES
) -> CleanedLines:
    """Drop boilerplate lines by the named ``rules``; ``title`` helps find its truncated copies.

    A line equal to ``title`` is dropped as a repeat (the title is held apart from the text).
    """
    rules = frozenset(rules)
    kept, dropped, authors = _first_pass(_strip(lines, rules), rules)
    if "headline" in rules:
        kept, more = _drop_headline(kept, title)
        dropped += more
    if "byline" in rules:
        kept, more, names = _drop_bylines(kept)
        dropped, authors = dropped + more, names + authors
    kept, more = _drop_repeats(kept, title, rules)
    dropped += more
    if "footer" in rules:
        while kept and len(kept) > 1 and _FOOTER_SOURCE.match(kept[-1]):
            dropped.append((kept.pop(), "footer"))
    authors = tuple(dict.fromkeys(a for a in authors if a))
    return CleanedLines(lines=tuple(kept), authors=authors, dropped=tuple(dropped))


def _is_headline(line: str) -> bool:
    """A headline has no sentence-final punctuation (a lede or standfirst sentence does)."""
    return not _TERMINAL.search(line) and len(line) <= _MAX_TITLE


def clean_plain_text(text: str) -> Extracted:
    """A scraped plain-text article as title, authors and cleaned text.

    The title is the first substantive line. It is held apart from the text when it reads as a
    headline (no final punctuation); a first line that is a sentence stays in the text too.
    Live-blog signatures ("- Name") are dropped from the text and listed as authors.
    """
    first = clean_lines(unwrap_lines((text or "").splitlines(), _is_headline))
    if not first.lines:
        return Extracted(text="", title=None, authors=first.authors, is_article=False)
    title = first.lines[0]
    if not _is_headline(title):
        body = first.lines
        title = title if len(title) <= _MAX_TITLE else None  # a whole paragraph is no title
    else:
        # Clean again knowing the title, so its truncated copies and repeats go too.
        body = clean_lines(first.lines[1:], title=title).lines
    body_text = "\n\n".join(body)
    return Extracted(
        text=body_text,
        title=title,
        authors=first.authors,
        date_source="none",
        is_article=bool(body_text),
    )
