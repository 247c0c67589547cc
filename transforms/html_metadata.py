"""Page metadata from a parsed HTML tree: JSON-LD, meta tags, canonical link, dates, authors."""

import dataclasses
import datetime as dt
import json
import re
from typing import Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url

from transforms.page_authors import byline_author, clean_authors
from transforms.page_dates import date_from_url, local_day, page_dates, parse_timestamp

__all__ = [
    "PageMeta",
    "clean_authors",
    "byline_author",
    "date_from_url",
    "local_day",
    "normalize_canonical",
    "page_meta",
    "parse_timestamp",
]

_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|LiveBlogPosting)$")
_PUBLISHER_META = ("dc.publisher", "dcterms.publisher", "publisher", "sailthru.publisher")


@dataclasses.dataclass(frozen=True)
class PageMeta:
    """Metadata the page states about itself (before any text extraction)."""

    title: Optional[str] = None
    authors: tuple = ()
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
    return urlunsplit(parts._replace(fragment=fragment))


def _json_ld_objects(tree) -> list:
    objects = []
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text_content() or "", strict=False)
        except ValueError:
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


def _names(value) -> list:
    if isinstance(value, str):
        return [value]
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
    return value.strip() if isinstance(value, str) and value.strip() else None


def _article_ld(tree) -> dict:
    """The JSON-LD object describing the article (or the first with a headline)."""
    objects = _json_ld_objects(tree)
    types = [(o, " ".join(_names(o.get("@type")))) for o in objects]
    for obj, kind in types:
        if any(_ARTICLE_TYPES.search(k) for k in kind.split()):
            return obj
    return next((o for o in objects if "headline" in o or "datePublished" in o), {})


def _meta_tags(tree) -> dict:
    found = {}
    for node in tree.xpath("//meta[@content]"):
        key = node.get("property") or node.get("name") or node.get("itemprop") or ""
        content = (node.get("content") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), []).append(content)
    for node in tree.xpath('//*[@itemprop="datePublished" or @itemprop="dateModified"][@datetime]'):
        found.setdefault(node.get("itemprop").lower(), []).append(node.get("datetime"))
    return found


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


def page_meta(tree, *, url: Optional[str] = None, run_date: Optional[dt.date] = None) -> PageMeta:
    """What the page's JSON-LD, meta tags and links say about it."""
    ld, meta = _article_ld(tree), _meta_tags(tree)

    def first(*keys):
        return next((meta[k][0] for k in keys if meta.get(k)), None)

    language = (tree.get("lang") or first("og:locale") or "").strip()
    published, day, source, modified = page_dates(
        _first_str(ld.get("datePublished")),
        _first_str(ld.get("dateModified")),
        meta,
        url,
        run_date,
        language,
    )
    canonical = tree.xpath('//link[contains(concat(" ", @rel, " "), " canonical ")]/@href')
    keywords = ld.get("keywords") or first("keywords", "news_keywords") or ""
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    tags = [t for t in meta.get("article:tag", []) + _names(keywords) if isinstance(t, str)]
    return PageMeta(
        title=_first_str(ld.get("headline")) or first("og:title", "twitter:title"),
        authors=clean_authors(
            _names(ld.get("author"))
            or [a for a in meta.get("author", []) + meta.get("article:author", []) if " " in a]
        ),
        published=published,
        published_day=day,
        published_source=source,
        modified=modified,
        canonical_url=normalize_canonical(
            (canonical or [None])[0] or first("og:url") or _first_str(ld.get("url")), url
        ),
        site_name=_site_name(first, _names(ld.get("publisher"))),
        description=_first_str(ld.get("description")) or first("description", "og:description"),
        tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
        image_url=first("og:image", "twitter:image") or _first_str(ld.get("image")),
        language=language or None,
        page_type=first("og:type") or " ".join(_names(ld.get("@type"))) or None,
    )
