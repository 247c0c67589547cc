"""Page metadata from a parsed HTML tree: JSON-LD, meta tags, canonical link, dates, authors."""

import dataclasses
import datetime as dt
import json
import re
import warnings
from collections.abc import Iterable
from typing import Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url

__all__ = [
    "PageMeta",
    "clean_authors",
    "date_from_url",
    "normalize_canonical",
    "page_meta",
    "parse_timestamp",
]

_EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.timezone.utc)
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|LiveBlogPosting)$")
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "date",
    "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created", "dcterms.date",
    "dcterms.issued", "sailthru.date", "parsely-pub-date", "article.published",
    "citation_publication_date", "datecreated", "originalpublicationdate", "date.available",
)  # fmt: skip
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "last-modified",
    "dcterms.modified", "dc.date.modified", "article.updated",
)  # fmt: skip
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)")
_ROLE_ONLY = re.compile(
    r"^((staff|senior|chief|political|foreign|news|sports?|business|deputy|special|our|guest)\s+)?"
    r"(writer|reporter|correspondent|editor|columnist|contributor|photographer|journalist|admin"
    r"|administrator|author|auteur|autor|autorin|redakteur|redakteurin|name|team|staff"
    r"|editorial|guest|anonymous|unknown)s?$",
    re.I,
)
_BY = re.compile(
    r"^\s*(by|von|par|por|di|door|written by|posted by|geschrieben von|verfasst von|autor"
    r"|author|auteur)[:\s]+",
    re.I,
)
_SPLIT_AUTHORS = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)


@dataclasses.dataclass(frozen=True)
class PageMeta:
    """Metadata the page states about itself (before any text extraction)."""

    title: Optional[str] = None
    authors: tuple = ()
    published: Optional[dt.datetime] = None
    published_source: str = "none"
    modified: Optional[dt.datetime] = None
    canonical_url: Optional[str] = None
    site_name: Optional[str] = None
    description: Optional[str] = None
    tags: tuple = ()
    image_url: Optional[str] = None
    language: Optional[str] = None
    page_type: Optional[str] = None


def parse_timestamp(value, *, run_date: Optional[dt.date] = None) -> Optional[dt.datetime]:
    """A timestamp as aware UTC; None when unparsable, before 1990 or after ``run_date``."""
    if not value or not isinstance(value, str) or not re.search(r"\d{4}", value):
        return None
    from dateutil import parser as dateparser

    text = value.strip()
    try:
        parsed = dateparser.isoparse(text)
    except (ValueError, OverflowError):
        try:
            with warnings.catch_warnings():  # unknown zone names ("CET") are read as UTC
                warnings.simplefilter("ignore")
                parsed = dateparser.parse(text, fuzzy=False)
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    parsed = parsed.astimezone(dt.timezone.utc)
    if parsed < _EARLIEST:
        return None
    if run_date is not None:
        if parsed > dt.datetime.combine(run_date, dt.time.max, tzinfo=dt.timezone.utc):
            return None
    return parsed


def date_from_url(url: Optional[str]) -> Optional[dt.datetime]:
    """A /YYYY/MM/DD/ date in a URL path, at midnight UTC."""
    match = _URL_DATE.search(urlsplit(url).path) if url else None
    if not match:
        return None
    try:
        return dt.datetime(*map(int, match.groups()), tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def clean_authors(values: Iterable[str]) -> tuple:
    """Author names without "By", roles, emails or URLs; split on and / , / ; / & / |."""
    out = []
    for value in values:
        if not value or not isinstance(value, str) or "http" in value or "@" in value:
            continue
        for name in _SPLIT_AUTHORS.split(_BY.sub("", value.strip())):
            name = re.sub(r"\s+", " ", _BY.sub("", name)).strip(" -–—:.·•")
            if _ROLE_ONLY.match(name) or re.search(r"\.\w", name) and " " not in name:
                continue  # a role, or a domain / user name such as "oe24.at"
            if 2 <= len(name) <= 60 and not name.isdigit() and len(name.split()) <= 5:
                out.append(name)
    return tuple(dict.fromkeys(out))


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


def _dates(ld: dict, meta: dict, url, run_date) -> tuple:
    published = parse_timestamp(_first_str(ld.get("datePublished")), run_date=run_date)
    source = "json-ld" if published else "none"
    if published is None:
        for key in _PUBLISHED_META:
            published = parse_timestamp((meta.get(key) or [None])[0], run_date=run_date)
            if published:
                source = "meta"
                break
    if published is None:
        published = date_from_url(url)
        if published and run_date and published.date() > run_date:
            published = None
        source = "url" if published else "none"
    modified = parse_timestamp(_first_str(ld.get("dateModified")), run_date=run_date)
    for key in _MODIFIED_META:
        modified = modified or parse_timestamp((meta.get(key) or [None])[0], run_date=run_date)
    return published, source, modified


def page_meta(tree, *, url: Optional[str] = None, run_date: Optional[dt.date] = None) -> PageMeta:
    """What the page's JSON-LD, meta tags and links say about it."""
    ld, meta = _article_ld(tree), _meta_tags(tree)

    def first(*keys):
        return next((meta[k][0] for k in keys if meta.get(k)), None)

    published, source, modified = _dates(ld, meta, url, run_date)
    canonical = tree.xpath('//link[contains(concat(" ", @rel, " "), " canonical ")]/@href')
    keywords = ld.get("keywords") or first("keywords", "news_keywords") or ""
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    tags = [t for t in meta.get("article:tag", []) + _names(keywords) if isinstance(t, str)]
    publisher = _names(ld.get("publisher"))
    return PageMeta(
        title=_first_str(ld.get("headline")) or first("og:title", "twitter:title"),
        authors=clean_authors(
            _names(ld.get("author"))
            or [a for a in meta.get("author", []) + meta.get("article:author", []) if " " in a]
        ),
        published=published,
        published_source=source,
        modified=modified,
        canonical_url=normalize_canonical(
            (canonical or [None])[0] or first("og:url") or _first_str(ld.get("url")), url
        ),
        site_name=first("og:site_name", "application-name") or (publisher or [None])[0],
        description=_first_str(ld.get("description")) or first("description", "og:description"),
        tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
        image_url=first("og:image", "twitter:image") or _first_str(ld.get("image")),
        language=(tree.get("lang") or first("og:locale") or "").strip() or None,
        page_type=first("og:type") or " ".join(_names(ld.get("@type"))) or None,
    )
