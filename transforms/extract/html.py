"""Extract an article from HTML: trafilatura for the main text, our own pass for metadata."""

import dataclasses
import datetime as dt
import logging
import types
from typing import Optional
from urllib.parse import urljoin

from transforms.core.words import count_words, one_space
from transforms.extract.boilerplate import load_model
from transforms.extract.extracted import Extracted
from transforms.extract.metadata import (
    PageMeta,
    normalize_canonical,
    page_meta,
    parse_timestamp,
    site_keys,
    unescape,
)
from transforms.extract.page_authors import guessed_authors, host_of, page_authors, stated_people
from transforms.extract.page_tree import parse_html
from transforms.extract.text_clean import clean_lines
from transforms.extract.titles import better_headline

__all__ = [
    "DATE_SEARCH_MODES",
    "DEFAULT_CLEAN_RULES",
    "FALLBACK_BELOW",
    "ExtractConfig",
    "Extracted",
    "extract_html",
    "fallback_is_menu",
    "needs_fallbacks",
    "parse_html",
    "warm_up",
]

# The post-cleaning rules on by default: those that raise F1 on benchmarks/extraction.py
# (docs/extraction.md has the figures). "prefix" and "author_signature" stay off: they cut real
# headlines and list items. "headline" is on although the benchmark's gold text sometimes keeps
# the repeated headline: a headline in the body repeats the title field.
DEFAULT_CLEAN_RULES = (
    "read_more", "related_link", "related_header", "click_to_tweet", "headline",
)  # fmt: skip
# trafilatura's fallbacks (readability and jusText compared with its own extraction) cost a
# third of its time and help only short extractions: run them below this many characters
# (docs/extraction.md: the threshold against always and never).
FALLBACK_BELOW = 1000
_DATE_SEARCH = {"fast": (False,), "extensive": (True,), "cascade": (False, True)}
DATE_SEARCH_MODES = tuple(_DATE_SEARCH)  # ExtractConfig.date_search values
_MENU_LINE_WORDS = 6  # fallback_is_menu: a line shorter than this is menu-like
_MENU_SHARE = 0.5  # ... and a text with more than this share of such lines is a menu
_MIN_SENTENCE_WORDS = 10  # a page without one line this long (words.count_words) has no text
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclasses.dataclass(frozen=True)
class ExtractConfig:
    """Knobs of HTML extraction.

    ``favor`` is trafilatura's mode: balanced | precision | recall. ``fast`` skips trafilatura's
    fallback extractors (readability, jusText, baseline). ``fallback_below``: otherwise the
    fallbacks run only when trafilatura's own extraction is shorter than this many characters
    (None: always). ``clean_rules`` names the text_clean line rules applied to the extracted
    text. ``max_chars`` truncates the text at a paragraph boundary.
    """

    favor: str = "balanced"
    include_tables: bool = True
    include_comments: bool = False
    fast: bool = False
    fallback_below: Optional[int] = FALLBACK_BELOW
    max_chars: Optional[int] = None
    clean_rules: tuple = DEFAULT_CLEAN_RULES
    metadata: bool = True  # fill metadata gaps with trafilatura's heuristics and htmldate
    date_search: str = "extensive"  # htmldate, when the page states no date: fast|extensive|cascade
    line_filter: bool = True  # drop paragraphs the learned boilerplate model flags (boilerplate.py)

    def __post_init__(self):
        if self.favor not in ("balanced", "precision", "recall"):
            raise ValueError(f"favor must be balanced, precision or recall, not {self.favor!r}")
        if self.fallback_below is not None and self.fallback_below < 0:
            raise ValueError("fallback_below must be None or a number of characters >= 0")
        if self.date_search not in _DATE_SEARCH:
            raise ValueError(f"date_search must be one of {sorted(_DATE_SEARCH)}")


def warm_up() -> None:
    """Pay extraction's one-time cost now instead of on the first page that needs it:
    dateparser's regexes of every locale (htmldate's extensive date search: ~1.4 s of regex
    compilation the first time a string matches no early locale, ~40 MB). The worker loader of
    local multi-worker runs calls it before forking (with pipeline/runtime/jt_stoplist.py, which
    builds trafilatura's merged jusText stoplist), so the workers share one copy instead of
    each building its own in the middle of the run. Results do not change: it is a cache."""
    from htmldate.extractors import get_external_parser

    get_external_parser().get_date_data("xq 3 zv 2020")  # no locale matches: all are loaded


def _doc_text(doc) -> str:
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def _menu_share(text: str) -> float:
    """Share of the text's characters in lines of fewer than 6 words: menus, link lists and
    tag clouds are mostly such lines, article text mostly is not."""
    lines = [line for line in text.splitlines() if line.strip()]
    total = sum(map(len, lines))
    short = sum(len(line) for line in lines if count_words(line) < _MENU_LINE_WORDS)
    return short / total if total else 0.0


def fallback_is_menu(first: str, full: str) -> bool:
    """True when the fallbacks' text is mostly short lines and longer than trafilatura's own
    short text: they took a menu or link list for the article (a city-hall page came out with
    1,202 words of site menu against ~100 of text). Then trafilatura's own text is kept."""
    if not first.strip() or len(full) <= len(first):
        return False
    return _menu_share(full) > _MENU_SHARE and _menu_share(full) > _menu_share(first) + 0.1


def needs_fallbacks(text: str, fallback_below: int) -> bool:
    """Whether trafilatura's fast-pass text calls for its fallbacks: shorter than
    ``fallback_below`` characters, or one line. One line is what trafilatura's baseline returns
    when its own extraction failed: the page's text joined, menus and all, which no paragraph
    of the page matches for the line filter to judge."""
    text = text.strip()
    return len(text) < fallback_below or "\n" not in text


def _trafilatura(tree, url: Optional[str], config: ExtractConfig):
    """trafilatura's fast pass, then its full pass with fallbacks when ``needs_fallbacks``,
    unless the fallbacks' text is a menu (``fallback_is_menu``)."""
    first = None
    if config.fast or config.fallback_below is not None:
        first = _bare_extraction(tree, url, config, fast=True)
        if config.fast or not needs_fallbacks(_doc_text(first), config.fallback_below):
            return first
    full = _bare_extraction(tree, url, config, fast=False)
    if first is not None and fallback_is_menu(_doc_text(first), _doc_text(full)):
        return first
    return _justext_rescue(tree, url, full)


def _justext_rescue(tree, url: Optional[str], doc):
    """jusText on the uncleaned page when trafilatura's text, fallbacks included, has no
    article-length line. trafilatura runs jusText on its cleaned tree only, and broken markup
    can put the whole article inside an element that cleaning removes (an unclosed sidebar
    <aside>: the text came out as the site slogan twice). Kept only if it has an article-length
    line and is not a menu (``fallback_is_menu``)."""
    from copy import deepcopy

    from trafilatura import external

    text = _doc_text(doc)
    if _is_article(text.splitlines()):
        return doc
    try:
        body = external.try_justext(deepcopy(tree), url, None)
    except (ValueError, TypeError, AttributeError):
        return doc
    rescued = "\n".join("".join(p.itertext()).strip() for p in body)
    if not _is_article(rescued.splitlines()) or fallback_is_menu(text, rescued):
        return doc
    return types.SimpleNamespace(text=rescued)


def _bare_extraction(tree, url: Optional[str], config: ExtractConfig, *, fast: bool):
    import trafilatura

    try:
        return trafilatura.bare_extraction(  # works on its own copy of the tree
            tree,
            url=url,
            fast=fast,
            favor_precision=config.favor == "precision",
            favor_recall=config.favor == "recall",
            include_comments=config.include_comments,
            include_tables=config.include_tables,
            deduplicate=False,  # trafilatura's cache is process-wide: dedup is our own stage
            with_metadata=False,  # our own pass, see html_metadata and _fallbacks
        )
    except (ValueError, TypeError, AttributeError):
        return None


def _truncate(text: str, max_chars: Optional[int]) -> str:
    if not max_chars or len(text) <= max_chars:
        return text
    cut = text.rfind("\n\n", 0, max_chars)
    return text[: cut if cut > 0 else max_chars].rstrip()


def _text(doc, config: ExtractConfig, title: Optional[str], tree) -> tuple:
    """Cleaned text, authors found in bylines inside it, and whether the text is an article;
    ``title`` for the "headline" rule, ``tree`` (the page) for the learned line filter."""
    cleaned = clean_lines(_doc_text(doc).splitlines(), title=title, rules=config.clean_rules)
    lines = cleaned.lines
    is_article = None
    model = load_model() if config.line_filter else None
    if model is not None:
        kept = model.select(lines, tree, title)
        # the filter may not turn a page with an article-length line into one without any
        # (a holiday-home page whose table rows it all dropped came out empty)
        if _is_article(kept):
            lines, is_article = kept, True
        elif _is_article(lines):
            is_article = True
        else:
            lines, is_article = kept, False
    full = "\n\n".join(lines)
    text = _truncate(full, config.max_chars)
    if is_article is None or len(text) != len(full):  # not judged yet, or cut
        is_article = _is_article(text.split("\n"))
    return text, cleaned.authors, is_article


def _is_article(lines) -> bool:
    return any(count_words(line) >= _MIN_SENTENCE_WORDS for line in lines)


def _published(meta: PageMeta, tree, url, run_date, config: ExtractConfig, search: bool) -> tuple:
    """(UTC instant, local day, source): the page's stated date, else htmldate's guess ("text")
    when ``search``."""
    if meta.published is not None or not config.metadata or not search:
        return meta.published, meta.published_day, meta.published_source
    from htmldate import find_date

    latest = (run_date or dt.date.today()).isoformat()
    found = None
    for extensive in _DATE_SEARCH[config.date_search]:
        try:
            found = find_date(
                tree, url=url, original_date=True, extensive_search=extensive, max_date=latest
            )
        except (ValueError, TypeError):
            found = None
        if found:
            break
    found = parse_timestamp(found, run_date=run_date)
    return (found, found.date(), "text") if found else (None, None, "none")


def _fallbacks(meta: PageMeta, tree, url, config: ExtractConfig) -> dict:
    """trafilatura's title, author and site-name heuristics, run only for fields still missing.

    The site name falls back to the host name (without ``www.``), as trafilatura's does.
    """
    from trafilatura import metadata as tm

    out = {}
    if not config.metadata:
        return out
    try:
        if not meta.title:
            out["title"] = tm.extract_title(tree)
        if not stated_people(meta, url):
            out["authors"], out["agencies"] = guessed_authors(meta, tree, url)
        if not meta.site_name:
            out["site_name"] = tm.extract_sitename(tree) or host_of(url)
    except (ValueError, TypeError, AttributeError, IndexError, RecursionError):
        pass
    return out


def _guessed_title_source(guess, tree) -> str:
    """Where trafilatura's title came from: "title" when it is (part of) the <title> tag,
    else "heading" (an h1/h2 or a headline-classed element)."""
    guess = _clean_str(guess)
    tag = tree.find(".//title")
    full = _clean_str(tag.text_content()) if tag is not None else None
    return "title" if guess and full and guess in full else "heading"


def _clean_str(value) -> Optional[str]:
    value = one_space(unescape(value)) if isinstance(value, str) else ""
    return value or None


def _site_guess(guess, title: Optional[str], url: Optional[str]) -> Optional[str]:
    """A site name, cleaned, unless it is the headline (then the host name)."""
    guess = _clean_str(guess)
    if guess and title and guess.casefold() == title.casefold():
        return host_of(url)
    return guess


def _site_name(meta: PageMeta, more: dict, title: Optional[str], url) -> Optional[str]:
    """The stated site name, else trafilatura's guess; either gives way to the host name when
    it is the headline (an og:site_name or application-name holding the article's title)."""
    named = meta.site_name if _clean_str(meta.site_name) else more.get("site_name")
    return _site_guess(named, title, url)


def extract_html(
    html: str,
    *,
    url: Optional[str] = None,
    run_date: Optional[dt.date] = None,
    config: ExtractConfig = ExtractConfig(),
    date_search: bool = True,
) -> Extracted:
    """Main text and metadata of one HTML page.

    Metadata the page states (JSON-LD, then meta tags, then the URL) wins over what trafilatura
    infers; trafilatura's guesses fill the gaps. A page with no main text has
    ``is_article=False``. ``date_search=False``: the page's text is not searched for a date
    (htmldate) when the page states none; the caller has one that wins over it.
    """
    tree = parse_html(html)
    if tree is None:
        return Extracted(is_article=False, canonical_url=normalize_canonical(None, url))
    meta = page_meta(tree, url=url, run_date=run_date)
    doc = _trafilatura(tree, url, config)  # works on its own copy of the tree
    # a saved page (no URL) is still of the host its canonical link names: its byline or site
    # name may be that host written out
    home = url or meta.canonical_url
    more = _fallbacks(meta, tree, home, config)
    published, published_day, date_source = _published(
        meta, tree, url, run_date, config, date_search
    )
    title = _clean_str(meta.title)
    title_source = meta.title_source if title else _guessed_title_source(more.get("title"), tree)
    title = title or _clean_str(more.get("title"))
    # trafilatura's guess may be the headline; a saved page's host is in its canonical link
    sites = site_keys(meta.site_name, url) | site_keys(None, meta.canonical_url)
    title, title_source = better_headline(title, tree, sites) or (title, title_source)
    text, byline_authors, is_article = _text(doc, config, title, tree)
    site_name = _site_name(meta, more, title, home)
    authors, author_source, agency = page_authors(meta, more, byline_authors, site_name, home)
    image = meta.image_url
    return Extracted(
        text=text,
        title=title,
        title_source=title_source if title else "none",
        authors=authors,
        author_source=author_source,
        source_agency=agency,
        published_at=published,
        published_date=published_day,
        modified_at=meta.modified,
        date_source=date_source,
        canonical_url=meta.canonical_url,
        site_name=site_name,
        description=_clean_str(meta.description),
        tags=meta.tags,
        image_url=urljoin(url or "", image) if image else None,
        is_article=is_article,
        language=meta.language,
    )
