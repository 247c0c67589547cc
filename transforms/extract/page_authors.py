"""A page's authors: which of its sources (stated, trafilatura's meta-tag reading, the byline
element, bylines in the text) names its people, with the site and agencies kept apart."""

import re
from typing import Optional
from urllib.parse import urlsplit

from transforms.extract.author_site import name_key, not_the_site, people_and_site, word_runs
from transforms.extract.authors import byline_author, people_and_agencies
from transforms.extract.metadata import PageMeta

__all__ = ["guessed_authors", "host_of", "page_authors", "stated_people"]


def host_of(url: Optional[str]) -> Optional[str]:
    """The page's host without ``www.`` (or ``w3.``...), or None."""
    host = (urlsplit(url).hostname or "") if url else ""
    return re.sub(r"^(www|w\d+)\.", "", host) or None


def stated_people(meta: PageMeta, url) -> tuple:
    """The people among the authors the page states: not the site (a personal blog's JSON-LD
    author "janedoe" is its host's label), which leaves the next source to name the person."""
    return not_the_site(meta.authors, meta.site_name, host_of(url), stated=True)


def guessed_authors(meta: PageMeta, tree, url) -> tuple:
    """(people, agencies) of trafilatura's meta-tag reading, else of the byline element: the
    byline is read when the meta tags name no person (nothing, an agency, or the site as
    "janedoe.com" on Jane Doe's blog). Called when the page states no person: nothing, or only
    the site (``meta.authors`` all the site)."""
    from trafilatura import metadata as tm

    found = tm.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    if meta.author_source != "json-ld":
        # trafilatura splits a JSON-LD name on the ";" of a named entity it leaves escaped
        # ("Redacci&oacute;n" -> "Redacci; Oacute; N"); page_meta has read this author with
        # json.loads and html.unescape already
        found = tm.extract_meta_json(tree, found)
    host, known = host_of(url), meta.agencies
    people, agencies = people_and_agencies([found.author or ""], host=host, known=known)
    people, site = people_and_site(people, meta.site_name, host, stated=False)
    if people:
        return people, agencies + site
    agencies += site
    named = byline_author(tree) or ""
    people, more = people_and_agencies([named], host=host, known=known + agencies)
    # the byline element's spelling of an agency already named ("N-Land N-Land Redaktion",
    # "Vom Support Team" beside "Support Team") adds none
    named_keys = {name_key(a) for a in known + agencies}
    more = tuple(a for a in more if not named_keys & word_runs(a.split()))
    if (meta.authors or found.author) and not all(map(_full_name, people)):
        # The page or its meta tags signed as the site or an agency: the byline element is a
        # second guess, and on such pages it often holds a tag cloud or a label ("Speicher,
        # Photovoltaik", "Zuletzt geändert"): only full names count then (author_faults.py).
        people = ()
    return people, agencies + more


# Lowercase words a full name may hold: "Ana de la Cruz", "Ludwig van Beethoven".
_PARTICLES = frozenset("de la le du da di del della dos das van von der den ten ter bin al".split())


def _full_name(name: str) -> bool:
    """Two to four words, each capitalised (or a particle): "Jane Doe", not "Speicher" or
    "Alles über Lautsprecher"."""
    words = name.split()
    shaped = all(w[:1].isupper() or w in _PARTICLES for w in words)
    return 2 <= len(words) <= 4 and shaped and words[0][:1].isupper()


def page_authors(meta: PageMeta, more: dict, byline_authors: tuple, site_name, url) -> tuple:
    """(people, source, source_agency): what the page states, else ``more["authors"]`` (see
    ``guessed_authors``), else bylines found in the text; the site and agencies of all of them
    apart (author_site decides what is the site). Stated authors that are all the site give way
    to the next source; a personal site's owner is a person and no agency."""
    host = host_of(url)
    agencies = meta.agencies + tuple(more.get("agencies", ()))
    if stated_people(meta, url):
        people, source = meta.authors, meta.author_source
    elif more.get("authors"):
        people, source = more["authors"], "byline"
    else:
        people, source = byline_authors, "text" if byline_authors else "none"
    if people is not meta.authors:
        agencies += people_and_site(meta.authors, meta.site_name, host, stated=True)[1]
    stated = source in ("json-ld", "meta")
    people, site = people_and_site(people, site_name, host, stated=stated)
    keys = {name_key(p) for p in people}
    agency = "; ".join(dict.fromkeys(a for a in agencies + site if name_key(a) not in keys))
    return people, source if people else "none", agency or None
