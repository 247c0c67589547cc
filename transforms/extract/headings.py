"""The page's own headings: h1/h2 outside navigation, menus, logos and sidebars, and the word
form the titles rules compare texts by (the metadata rules compare by ``metadata.site_key``)."""

import re

from transforms.core.words import one_space

# Headings of these are the site's (menus, logo, sidebar), not the article's; a <header> element
# is not among them: articles put their h1 in one.
_NAV_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|menu|breadcrumb|brand|logo|masthead|sidebar|widget)", re.I
)
_NAV_TAGS = frozenset({"nav", "footer", "aside"})


def words(text: str) -> str:
    """Lower-case words joined by single spaces, padded: " a b " is in " x a b y "."""
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


def in_nav(node) -> bool:
    for anc in node.iterancestors():
        if anc.tag in ("body", "html"):
            return False  # a body's classes name the page's layout ("has-sidebar")
        if anc.tag in _NAV_TAGS:
            return True
        if _NAV_CLASS.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return True
    return False


def node_text(node) -> str:
    return one_space(node.text_content())


def page_h1s(tree) -> list:
    """Texts of the h1 elements outside navigation."""
    return [node_text(h) for h in tree.iter("h1") if not in_nav(h)]
