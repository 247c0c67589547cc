"""A headline in place of page furniture: a title that is a menu heading ("Hauptmenü",
"Navigation und Service"), a category or section name ("Allgemein", "Pressemitteilungen") or the
site's logo heading gives way to the page's headline, as its headings and <title> state it."""

import re
from typing import Optional

from transforms.core.words import count_words, one_space
from transforms.extract.headings import in_nav, node_text, words
from transforms.extract.metadata import site_key, title_parts, unescape

# A title of more words is taken as a headline whatever else the page says.
_FURNITURE_MAX_WORDS = 3
# The comment form's heading (WordPress "Write a Reply or Comment", "Leave a Reply"), which
# trafilatura may take for the headline of a page whose headline is a link in an h2.
_COMMENT_HEADING = re.compile(r"reply-title|comment-reply|comments-title|respond", re.I)


def _comment_form_heading(own: str, tree) -> bool:
    return any(
        words(node_text(h)) == own
        for h in tree.iter("h1", "h2", "h3", "h4")
        if _COMMENT_HEADING.search(f"{h.get('id') or ''} {h.get('class') or ''}")
    )


def better_headline(title: Optional[str], tree, sites: set) -> Optional[tuple]:
    """(headline, source) to use instead of ``title`` when ``title`` looks like page furniture,
    else None. ``sites``: keys of the site's names (``metadata.site_keys``).

    A title of at most three words is furniture when it is also a link's text on the page (menu
    entries, category links, the logo's home link) or is not in the <title> tag at all (a menu
    heading trafilatura took). It gives way to the longest h1/h2 outside navigation that the
    <title> tag holds (a headline stated twice), else, when the title is not in the <title> tag,
    to the <title> tag's longest part that is not the site and has more words than the title,
    unless the title is the page's h1 (a <title> that is the site's slogan says less).
    A short title with no such alternative (a post called "Gefällt mir") stays. The comment
    form's heading ("Write a Reply or Comment") is furniture whatever its length.
    """
    if not title:
        return None
    tag = tree.find(".//title")
    full = node_text(tag) if tag is not None else ""
    if not full:
        return None
    own, in_tag = words(title), words(full)
    comment = _comment_form_heading(own, tree)
    if count_words(title) > _FURNITURE_MAX_WORDS and not comment:
        return None
    in_title_tag = own in in_tag
    if in_title_tag and not any(words(node_text(a)) == own for a in tree.iter("a")):
        return None
    headings, site_headings = [], set(sites)
    for h in tree.iter("h1", "h2"):
        if in_nav(h):
            site_headings.add(site_key(node_text(h)))
        else:
            headings.append((h.tag, node_text(h)))
    stated = [
        h
        for _, h in headings
        if (comment or len(h) > len(title)) and words(h) in in_tag and site_key(h) not in sites
    ]
    if stated:
        return max(stated, key=len), "heading"
    if in_title_tag or any(level == "h1" and words(h) == own for level, h in headings):
        return None
    _, parts = title_parts(full, site_headings)
    best = max(parts, key=count_words, default="")
    if best and (comment or count_words(best) > count_words(title)):
        # lxml decodes entities once; as for the other title paths, a twice-escaped one too
        return one_space(unescape(best)), "title"
    return None
