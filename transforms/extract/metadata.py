"""Page metadata from a parsed HTML tree: JSON-LD, meta tags, canonical link, dates, authors."""

import dataclasses
import datetime as dt
import functools
import html
import json
import re
from typing import Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url

from transforms.core.words import one_space
from transforms.extract.authors import byline_author, clean_authors, people_and_agencies
from transforms.extract.dates import date_from_url, local_day, page_dates, parse_timestamp
from transforms.extract.headings import page_h1s

__all__ = [
    "PageMeta",
    "clean_authors",
    "byline_author",
    "date_from_url",
    "local_day",
    "normalize_canonical",
    "page_meta",
    "parse_timestamp",
    "site_key",
    "site_keys",
    "split_tags",
    "unescape",
]

_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|LiveBlogPosting)$")
_ORGANISATION = re.compile(r"Organi[sz]ation|Corporation|\bNGO\b|NewsMedia|Brand|WebSite", re.I)
_PUBLISHER_META = ("dc.publisher", "dcterms.publisher", "publisher", "sailthru.publisher")


@dataclasses.dataclass(frozen=True)
class PageMeta:
    """Metadata the page states about itself (before any text extraction)."""

    title: Optional[str] = None
    title_source: str = "none"  # json-ld | meta | title
    authors: tuple = ()
    # json-ld | meta: where the stated authors or agencies came from ("json-ld" for a JSON-LD
    # author that is only an organisation too: then trafilatura's JSON-LD reading is not needed)
    author_source: str = "none"
    agencies: tuple = ()  # news agencies credited as authors ("AP", "Reuters")
    published: Optional[dt.datetime] = None
    published_day: Optional[dt.date] = None  # the day in the publisher's time zone
    published_source: str = "none"
    modified: Optional[dt.datetime] = None
    canonical_url: Optional[str] = None
    site_name: Optional[str] = None
    description: Optional[str] = None
    tags: tuple = ()
    image_url: Optional[str] = None
    language: Optional[str] = None
    page_type: Optional[str] = None


def normalize_canonical(candidate: Optional[str], url: Optional[str]) -> Optional[str]:
    """Absolute, courlan-normalised URL without tracking parameters or fragment.

    A canonical link that points to a site's home page while the page itself is deeper is a
    common template bug: then the page's own URL is used.
    """
    chosen = urljoin(url or "", candidate.strip()) if candidate else url
    if chosen and url and urlsplit(chosen).path.strip("/") == "" and urlsplit(url).path.strip("/"):
        chosen = url
    if not chosen or not urlsplit(chosen).scheme.startswith("http"):
        return None
    try:
        normal = normalize_url(chosen)
    except (ValueError, AttributeError):
        return None
    parts = urlsplit(normal)
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    # courlan drops a query part without "=" ("default.asp?4460", "story.php?123"), which is
    # often the page's only id: without it every page of such a site had one canonical URL.
    bare = [q for q in urlsplit(chosen).query.split("&") if q and "=" not in q]
    query = "&".join([parts.query] * bool(parts.query) + bare)
    return urlunsplit(parts._replace(query=query, fragment=fragment))


def _json_ld_objects(tree) -> list:
    objects = []
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text_content() or "", strict=False)
        except (ValueError, RecursionError):  # nested 100,000 deep: not metadata
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity"))
    return objects


_ENTITY = re.compile(r"&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.I)
# "›" as WordPress themes write it ("Headline › Site"); a bare "|" too ("NEWS WEB EASY|Headline"):
# a part is dropped only when it is the site, so a separator inside a headline costs nothing.
SITE_SEPARATOR = re.compile(r"\s+[–—·•»›:]\s+|\s*\|\s*|\s+-\s+|\s*::\s*")


def unescape(value: str) -> str:
    """HTML entities decoded, twice at most: JSON-LD strings carry them (``&#8211;``) and some
    sites escape twice (``&amp;#8211;``)."""
    for _ in range(2):
        if "&" not in value or not _ENTITY.search(value):
            break
        value = html.unescape(value)
    return value


def _names(value) -> list:
    if isinstance(value, str):
        return [unescape(value)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _first_str(value) -> Optional[str]:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("name")
    return unescape(value.strip()) if isinstance(value, str) and value.strip() else None


def _article_ld(tree) -> dict:
    """The JSON-LD object describing the article (or the first with a headline)."""
    objects = _json_ld_objects(tree)
    types = [(o, " ".join(_names(o.get("@type")))) for o in objects]
    for obj, kind in types:
        if any(_ARTICLE_TYPES.search(k) for k in kind.split()):
            return obj
    return next((o for o in objects if "headline" in o or "datePublished" in o), {})


def _meta_tags(tree) -> tuple:
    """(the meta tags' contents by property/name/itemprop, the first ``<meta
    http-equiv="content-language">``), in one pass over the meta tags. That http-equiv one is
    read apart from the other meta tags: the other http-equiv ones (last-modified, date,
    expires) are the server's, not the article's."""
    found, content_language = {}, None
    for node in tree.xpath("//meta[@content]"):
        equiv = node.get("http-equiv")
        if content_language is None and (equiv or "").strip().lower() == "content-language":
            content_language = node.get("content").split(",")[0].strip()
        key = node.get("property") or node.get("name") or node.get("itemprop") or ""
        if key == node.get("itemprop") and _of_nested_item(node):
            continue  # a cited work's authors (Springer's reference list): not the page's
        content = (node.get("content") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), []).append(content)
    # [@datetime] first: few elements have it, and libxml2 tests the predicates in this order
    for node in tree.xpath('//*[@datetime][@itemprop="datePublished" or @itemprop="dateModified"]'):
        found.setdefault(node.get("itemprop").lower(), []).append(node.get("datetime"))
    return found, content_language or ""


# Properties that make an item a thing the page cites, hosts or credits, not the page's own
# article: its authors, dates and descriptions are not the page's. The article itself is often an item inside the
# page's WebPage item (itemprop="mainEntity", Blogger's "blogPost", "hasPart"): those stay.
_SECONDARY_ITEMS = frozenset(
    "citation review reviews comment comments isbasedon isbasedonurl mentions about"
    " relatedlink significantlink subjectof workexample exampleofwork recipe video"
    " associatedmedia image thumbnail primaryimageofpage breadcrumb itemlistelement"
    " sharedcontent backstory"
    # a person's or publisher's item: its own description, url or dates are not the page's
    " author creator editor contributor publisher sourceorganization copyrightholder"
    " provider".split()
)


def _of_nested_item(node) -> bool:
    """Whether a microdata ``<meta itemprop>`` belongs to an item that the page cites or hosts
    (``<li itemprop="citation" itemscope>``: a reference, a review, a comment)."""
    item = next(node.iterancestors("*"), None)
    while item is not None and item.get("itemscope") is None:
        item = item.getparent()
    names = (item.get("itemprop") or "").casefold().split() if item is not None else ()
    return any(name.rsplit("/", 1)[-1] in _SECONDARY_ITEMS for name in names)


def _site_name(first, publishers: list) -> Optional[str]:
    """og:site_name and its kin; the JSON-LD publisher when it is longer (as trafilatura does:
    og:site_name is often a section or edition, "U.S." for Reuters)."""
    stated = first("og:site_name", "application-name", *_PUBLISHER_META)
    if not stated and (first("twitter:site") or "").startswith("@"):
        stated = first("twitter:site")[1:]
    publisher = next((p.strip() for p in publishers if p.strip() and "://" not in p), None)
    if publisher and (not stated or len(publisher) > len(stated)):
        return publisher
    return stated


def site_key(text: Optional[str]) -> str:
    return re.sub(r"\W+", "", (text or "").casefold())


def site_keys(site_name: Optional[str], url: Optional[str]) -> set:
    """Ways a page names its site: the site name, the host with and without its suffix."""
    host = (urlsplit(url).hostname or "") if url else ""
    host = re.sub(r"^(www|m)\.", "", host)
    keys = {site_key(site_name), site_key(host), site_key(host.rsplit(".", 1)[0])}
    return keys - {""}


def title_parts(value: str, exclude_keys: set) -> tuple:
    """(parts, kept): ``value``'s parts between site separators, stripped, and those of them whose
    ``site_key`` is not in ``exclude_keys``."""
    parts = [p.strip() for p in SITE_SEPARATOR.split(value) if p.strip()]
    return parts, [p for p in parts if site_key(p) not in exclude_keys]


def _names_site(part: str, removed: str, sites: set) -> bool:
    """``part`` is the site's own name ("BBC News" on bbc.com), shorter than the ``removed``
    og:site_name: that "site name" was the headline (a live page's "Brexit: what happens next")."""
    key = site_key(part)
    named = key in sites or any(len(s) >= 3 and key.startswith(s) for s in sites)
    return named and len(part.split()) < len(removed.split())


def _without_site_name(value: str, site_name: Optional[str], sites: set = frozenset()) -> str:
    """``value`` without a site name of several parts at its start or end ("Headline | AOC media -
    Analyse Opinion Critique"): split on separators, no one part of it is the site. Not when
    what would remain names the site (``sites``: its keys) in fewer words: the "site name" was
    the headline."""
    if not site_name or not SITE_SEPARATOR.search(site_name):
        return value
    name = re.escape(one_space(site_name))
    sep = SITE_SEPARATOR.pattern
    for pattern in (rf"^{name}(?:{sep})(?=\S)", rf"(?<=\S)(?:{sep}){name}$"):
        found = re.search(pattern, value, flags=re.I)
        if found:
            shorter = (value[: found.start()] + value[found.end() :]).strip()
            return value if _names_site(shorter, site_name, sites) else shorter
    return value


def _headline(value: Optional[str], sites: set, h1s=tuple) -> Optional[str]:
    """``value`` without its site-name part ("Headline | Site", "Site - Headline"); None when it
    is only the site name; the "site name" part when all else names the site in fewer words
    (``_names_site``). A part the page's h1 states is the headline ("Headline | Site |
    Slogan", "Headline - Section"); else the longest part that is not the site, or all of
    ``value`` when no part is the site (the separator then belongs to the headline).
    ``h1s``: a callable giving the page's h1 texts, called only when ``value`` has parts."""
    value = one_space(value or "")
    if not value or site_key(value) in sites:
        return None
    parts, kept = title_parts(value, sites)
    if len(parts) < 2:
        return value
    stated = {site_key(h) for h in h1s()} - {""}
    headline = next((p for p in kept if site_key(p) in stated), None)
    if headline:
        return headline
    if len(kept) == len(parts):
        return value
    removed = max((p for p in parts if p not in kept), key=len)
    if kept and all(_names_site(p, removed, sites) for p in kept):
        return removed  # og:site_name held the headline: "Brexit: what happens next | BBC News"
    return max(kept, key=len) if kept else None


def _title(ld: dict, first, tree, site_name, urls: tuple) -> tuple:
    """(title, source): the JSON-LD headline, else og:/twitter:title, without a site-name part.
    When one of them is only the site name (two Korean pages put it in the headline field),
    the <title> headline without its site-name part; otherwise None (trafilatura's heuristics
    then read <title> and <h1>). ``urls``: the page's and the canonical one it states (a saved
    file has only that one; a WARC of a mirror names the site's host there)."""
    sites = set().union(*(site_keys(site_name, u) for u in urls))
    h1s = functools.cache(lambda: tuple(page_h1s(tree)))  # needed only for a split value
    stated = False
    for source, value in (
        ("json-ld", _first_str(ld.get("headline"))),
        ("meta", first("og:title", "twitter:title")),
    ):
        found = (
            _headline(_without_site_name(value, site_name, sites), sites, h1s) if value else None
        )
        if found:
            return found, source
        stated = stated or bool(value)
    title_tag = tree.find(".//title")
    found = (
        _headline(
            _without_site_name(unescape(title_tag.text_content()), site_name, sites), sites, h1s
        )
        if stated and title_tag is not None
        else None
    )
    return (found, "title") if found else (None, "none")


def split_tags(values) -> tuple:
    """Tags split on commas once, stripped, first spelling of each kept: "a, b" and "a" and "b"
    give ("a", "b"), not the joined string beside its parts."""
    out = {}
    for value in values:
        if not isinstance(value, str):
            continue
        for tag in unescape(value).split(","):
            tag = one_space(tag)
            if tag and len(tag) <= 100:
                out.setdefault(tag.casefold(), tag)
    return tuple(out.values())


def _ld_authors(value) -> tuple:
    """JSON-LD authors as (names of people or of untyped authors, names of organisations): an
    author typed Organization (NewsMediaOrganization, Corporation...) is no person."""
    people, orgs = [], []
    for item in value if isinstance(value, list) else [value]:
        kind = " ".join(_names(item.get("@type"))) if isinstance(item, dict) else ""
        names = _names(item)
        if _ORGANISATION.search(kind):
            orgs += [one_space(n) for n in names if n.strip()]
        else:
            people += names
    return people, orgs


def _authors(ld: dict, meta: dict, host: str) -> tuple:
    """(people, agencies, source) from JSON-LD author, else meta author tags, else
    ``citation_author``; ``host``: the page's, a byline naming it is the site."""
    stated, orgs = _ld_authors(ld.get("author"))
    if stated or orgs:
        people, agencies = people_and_agencies(stated, host=host)
        return people, tuple(dict.fromkeys(agencies + tuple(orgs))), "json-ld"
    tagged = [a for a in meta.get("author", []) + meta.get("article:author", []) if " " in a]
    # Highwire Press tags (Google Scholar's): a paper's authors when nothing else names them
    tagged = tagged or [_surname_last(a) for a in meta.get("citation_author", []) if " " in a]
    people, agencies = people_and_agencies(tagged, host=host)
    return people, agencies, "meta" if people or agencies else "none"


def _surname_last(name: str) -> str:
    """A citation_author written "Vaswani, Ashish" (one comma: surname first) as one name."""
    surname, _, given = name.partition(",")
    return f"{given.strip()} {surname.strip()}" if name.count(",") == 1 and given.strip() else name


def page_meta(tree, *, url: Optional[str] = None, run_date: Optional[dt.date] = None) -> PageMeta:
    """What the page's JSON-LD, meta tags and links say about it."""
    ld, (meta, content_language) = _article_ld(tree), _meta_tags(tree)

    def first(*keys):
        return next((meta[k][0] for k in keys if meta.get(k)), None)

    language = (tree.get("lang") or first("og:locale", "content-language") or "").strip()
    language = language or content_language
    published, day, source, modified = page_dates(
        _first_str(ld.get("datePublished")),
        _first_str(ld.get("dateModified")),
        meta,
        url,
        run_date,
        language,
    )
    canonical = tree.xpath('//link[contains(concat(" ", @rel, " "), " canonical ")]/@href')
    canonical = normalize_canonical(
        (canonical or [None])[0] or first("og:url") or _first_str(ld.get("url")), url
    )
    keywords = ld.get("keywords") or first("keywords", "news_keywords") or ""
    tags = split_tags(meta.get("article:tag", []) + _names(keywords))
    site_name = _site_name(first, _names(ld.get("publisher")))
    # a page saved without its URL still names its host in its canonical link ("... | MDR.DE")
    title, title_source = _title(ld, first, tree, site_name, (url, canonical))
    people, agencies, author_source = _authors(
        ld, meta, urlsplit(url).hostname or "" if url else ""
    )
    return PageMeta(
        title=title,
        title_source=title_source,
        authors=people,
        author_source=author_source if people or agencies else "none",
        agencies=agencies,
        published=published,
        published_day=day,
        published_source=source,
        modified=modified,
        canonical_url=canonical,
        site_name=site_name,
        description=_first_str(ld.get("description")) or first("description", "og:description"),
        tags=tags,
        image_url=first("og:image", "twitter:image") or _first_str(ld.get("image")),
        language=language or None,
        page_type=first("og:type") or " ".join(_names(ld.get("@type"))) or None,
    )
