"""A headline in place of page furniture: a title that is a menu heading ("Hauptmenü",
"Navigation und Service"), a category or section name ("Allgemein", "Pressemitteilungen") or the
site's logo heading gives way to the page's headline, as its headings and <title> state it."""

import re
from typing import Optional

from transforms.core.words import count_words
from transforms.extract.metadata import SITE_SEPARATOR, site_key

# A title of more words is taken as a headline whatever else the page says.
_FURNITURE_MAX_WORDS = 3
# Headings of these are the site's (menus, logo, sidebar), not the article's; a <header> element
# is not among them: articles put their h1 in one.
_NAV_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|menu|breadcrumb|brand|logo|masthead|sidebar|widget)", re.I
)
_NAV_TAGS = frozenset({"nav", "footer", "aside"})


def _words(text: str) -> str:
    """Lower-case words joined by single spaces, padded: " a b " is in " x a b y "."""
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


def _in_nav(node) -> bool:
    for anc in node.iterancestors():
        if anc.tag in ("body", "html"):
            return False  # a body's classes name the page's layout ("has-sidebar")
        if anc.tag in _NAV_TAGS:
            return True
        if _NAV_CLASS.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return True
    return False


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.text_content()).strip()


def better_headline(title: Optional[str], tree, sites: set) -> Optional[tuple]:
    """(headline, source) to use instead of ``title`` when ``title`` looks like page furniture,
    else None. ``sites``: keys of the site's names (``metadata.site_keys``).

    A title of at most three words is furniture when it is also a link's text on the page (menu
    entries, category links, the logo's home link) or is not in the <title> tag at all (a menu
    heading trafilatura took). It gives way to the longest h1/h2 outside navigation that the
    <title> tag holds (a headline stated twice), else, when the title is not in the <title> tag,
    to the <title> tag's longest part that is not the site and has more words than the title,
    unless the title is the page's h1 (a <title> that is the site's slogan says less).
    A short title with no such alternative (a post called "Gefällt mir") stays.
    """
    if not title or count_words(title) > _FURNITURE_MAX_WORDS:
        return None
    tag = tree.find(".//title")
    full = _text(tag) if tag is not None else ""
    if not full:
        return None
    own, in_tag = _words(title), _words(full)
    in_title_tag = own in in_tag
    is_link = any(_words(_text(a)) == own for a in tree.iter("a"))
    if in_title_tag and not is_link:
        return None
    headings, site_headings = [], set(sites)
    for h in tree.iter("h1", "h2"):
        if _in_nav(h):
            site_headings.add(site_key(_text(h)))
        else:
            headings.append((h.tag, _text(h)))
    stated = [
        h
        for _, h in headings
        if len(h) > len(title) and _words(h) in in_tag and site_key(h) not in sites
    ]
    if stated:
        return max(stated, key=len), "heading"
    if in_title_tag or any(tag == "h1" and _words(h) == own for tag, h in headings):
        return None
    parts = [p.strip() for p in SITE_SEPARATOR.split(full) if p.strip()]
    parts = [p for p in parts if site_key(p) not in site_headings]
    best = max(parts, key=count_words, default="")
    if count_words(best) > count_words(title):
        return best, "title"
    return None
