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
from lxml.etree import Element as _ELEMENT

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

_EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.timezone.utc)
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|LiveBlogPosting)$")
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "date",
    "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created", "dcterms.date",
    "dcterms.issued", "sailthru.date", "parsely-pub-date", "article.published",
    "citation_publication_date", "datecreated", "originalpublicationdate", "date.available",
)  # fmt: skip
_PUBLISHER_META = ("dc.publisher", "dcterms.publisher", "publisher", "sailthru.publisher")
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "last-modified",
    "dcterms.modified", "dc.date.modified", "article.updated",
)  # fmt: skip
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)")
_LOCALE_REGION = re.compile(r"^[a-z]{2,3}[-_]([a-z]{2})\b")
_GENERIC_CCTLDS = frozenset("io co tv me fm ai ly to cc ws".split())  # used as generic TLDs
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


_DOTTED_DAY_FIRST = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}\b")  # 10.12.2022: day first


def _stamp(value, run_date: Optional[dt.date]) -> Optional[dt.datetime]:
    """A timestamp as an aware datetime in the zone it names (UTC when none), within bounds."""
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
                parsed = dateparser.parse(text, dayfirst=bool(_DOTTED_DAY_FIRST.match(text)))
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    if parsed < _EARLIEST:
        return None
    if run_date is not None:
        if parsed > dt.datetime.combine(run_date, dt.time.max, tzinfo=dt.timezone.utc):
            return None
    return parsed


def parse_timestamp(value, *, run_date: Optional[dt.date] = None) -> Optional[dt.datetime]:
    """A timestamp as aware UTC; None when unparsable, before 1990 or after ``run_date``.

    Numeric dates written with dots (``10.12.2022``) are read day first, as everywhere they
    are used.
    """
    parsed = _stamp(value, run_date)
    return parsed.astimezone(dt.timezone.utc) if parsed else None


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


def _country(language: str, url: Optional[str]) -> Optional[str]:
    """The page's country: region of its locale (``es-AR``), else its country-code TLD."""
    match = _LOCALE_REGION.match(language.lower())
    if match:
        return match[1].upper()
    tld = (urlsplit(url).hostname or "").rsplit(".", 1)[-1] if url else ""
    return tld.upper() if len(tld) == 2 and tld not in _GENERIC_CCTLDS else None


def local_day(stamp: dt.datetime, country: Optional[str]) -> dt.date:
    """The calendar day of ``stamp`` where it was published.

    A stamp with an offset already names the publisher's clock. A UTC stamp ("Z", +00:00) is
    read in the main time zone of the page's country when that is known: 2022-05-04T00:44Z on a
    Brazilian page is the 3rd of May there.
    """
    if stamp.utcoffset() == dt.timedelta(0) and country:
        import pytz

        zones = pytz.country_timezones.get(country)
        if zones:
            return stamp.astimezone(pytz.timezone(zones[0])).date()
    return stamp.date()


def _dates(ld: dict, meta: dict, url, run_date, language: str) -> tuple:
    """(published UTC, published local day, source, modified UTC).

    Meta tags come before JSON-LD (as in htmldate); a URL day within one day of the stamp's
    names the publisher's calendar day and wins over a day computed from a time zone.
    """
    stamp, source = None, "none"
    for key in _PUBLISHED_META:
        stamp = _stamp((meta.get(key) or [None])[0], run_date)
        if stamp:
            source = "meta"
            break
    if stamp is None:
        stamp = _stamp(_first_str(ld.get("datePublished")), run_date)
        source = "json-ld" if stamp else "none"
    in_url = date_from_url(url)
    if in_url and run_date and in_url.date() > run_date:
        in_url = None
    if stamp is not None:
        day = local_day(stamp, _country(language, url))
        if in_url and abs((in_url.date() - day).days) <= 1:
            day = in_url.date()
        published = stamp.astimezone(dt.timezone.utc)
    else:
        published, day, source = in_url, in_url and in_url.date(), "url" if in_url else "none"
    modified = parse_timestamp(_first_str(ld.get("dateModified")), run_date=run_date)
    for key in _MODIFIED_META:
        modified = modified or parse_timestamp((meta.get(key) or [None])[0], run_date=run_date)
    return published, day, source, modified


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
    published, day, source, modified = _dates(ld, meta, url, run_date, language)
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


# trafilatura.metadata.extract_author's XPaths, checked in one pass over the tree without its
# deep copy: same answers on the 990 pages of benchmarks/extraction.py, several times cheaper.
_AUTHOR_HINT = re.compile(
    r"uthor|yline|byl|BBL|username|screenname|writer|channel-name|zuozhe|bianji|xiaobian"
    r"|submitted-by|posted-by|journalist-name"
)
_TIER1_TAGS = frozenset("a address div link p span strong".split())
_TIER2_TAGS = frozenset("a div h3 h4 p span".split())


def _author_tier(tag: str, a: dict) -> int:
    """1, 2 or 3 for the first of trafilatura's AUTHOR_XPATHS that matches, 0 for none."""
    if tag == "author" or tag in _TIER1_TAGS and (
        a["rel"] == "author" or a["id"] == "author" or a["class"] == "author"
        or a["itemprop"] == "author name" or a["data-testid"] in ("AuthorCard", "AuthorURL")
        or re.search("author-?name|AuthorName|authorName", a["class"])
    ):  # fmt: skip
        return 1
    if tag in _TIER2_TAGS and (
        a["class"] in ("byline", "username", "byl", "BBL") or "author" in a["itemprop"]
        or re.search("author|zuozhe|bianji|xiaobian", a["id"])
        or re.search(
            "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name",
            a["class"],
        )
    ):  # fmt: skip
        return 2
    if (
        "Byline" in a["data-component"] or "author" in a["itemprop"]
        or re.search("[Aa]uthor", a["id"])
        or re.search("[Aa]uthor|screenname|writer|[Bb]yline", a["class"])
    ):  # fmt: skip
        return 3
    return 0


_DISCARD_CLASS = re.compile(
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram"
    r"|article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_ATTRS = ("class", "id", "rel", "itemprop", "data-testid", "data-component")


def _attrs(elem) -> dict:
    return {key: elem.get(key) or "" for key in _ATTRS}


def _discarded(elem) -> bool:
    """trafilatura's AUTHOR_DISCARD_XPATHS: comments, sidebars, dates, figures, quotes..."""
    tag = elem.tag if isinstance(elem.tag, str) else ""
    if tag in ("time", "figure"):
        return True
    if tag not in ("a", "div", "section", "span"):
        return False
    a = _attrs(elem)
    return bool(
        a["id"] == "comments" or a["class"] in ("comments", "title", "date")
        or _DISCARD_ID.search(a["id"]) or _DISCARD_CLASS.search(a["class"])
        or "Figure" in a["data-component"]
    )  # fmt: skip


def _kept_text(elem, parts: list) -> None:
    if elem.text:
        parts.append(elem.text)
    for child in elem:
        if isinstance(child.tag, str) and not _discarded(child):
            _kept_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def byline_author(tree) -> Optional[str]:
    """The author named in the page's byline elements (trafilatura's extract_author rules)."""
    from trafilatura.metadata import normalize_authors

    tiers: dict = {1: [], 2: [], 3: []}
    for elem in tree.iter(_ELEMENT):
        values = elem.values()
        if values and _AUTHOR_HINT.search(" ".join(values)) or elem.tag == "author":
            tier = _author_tier(elem.tag, _attrs(elem))
            if tier:
                tiers[tier].append(elem)
    for elem in tiers[1] + tiers[2] + tiers[3]:
        if _discarded(elem) or any(_discarded(e) for e in elem.iterancestors()):
            continue
        parts: list = []
        _kept_text(elem, parts)
        text = " ".join(" ".join(parts).split())
        if 2 < len(text) < 120:
            return normalize_authors(None, text)
    return None
