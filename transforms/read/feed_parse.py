"""Parse RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed into one Article per entry; OPML feed lists."""

import dataclasses
import datetime as dt
import html
import io
import json
import re
from typing import Optional, Union
from urllib.parse import urljoin, urlsplit

from transforms.core.dead_letters import clip_message, rejected_row
from transforms.core.record import Article, ErrorRow, RejectedRow, stable_id
from transforms.read.feed_boilerplate import strip_shared_blocks
from transforms.read.feed_text import (
    GUID_REF,
    author_name,
    clean_value,
    plain_text,
    safe_char_refs,
)
from transforms.read.items import language_hint

__all__ = [
    "FeedEntry",
    "entry_article",
    "explode_feed",
    "feed_html_document",
    "is_json_feed",
    "parse_json_feed",
    "parse_opml",
    "parse_xml_feed",
    "plain_text",
]

Item = Union[Article, RejectedRow, ErrorRow]
STAGE = "read"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


class FeedEntry(dict):
    """One entry, normalised across formats (plain dict, picklable): see ``_ENTRY_KEYS``."""


_ENTRY_KEYS = (
    "guid",
    "link",
    "title",
    "published",
    "authors",
    "tags",
    "summary",
    "content_html",
    "content_text",
    "language",
)


def _http_url(value, base: Optional[str] = None) -> Optional[str]:
    if not isinstance(value, str) or not value.strip():
        return None
    url = urljoin(base, value.strip()) if base else value.strip()
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc else None


def _iso(parsed) -> Optional[str]:
    if not parsed:
        return None
    try:
        return dt.datetime(*parsed[:6], tzinfo=dt.timezone.utc).isoformat()
    except (TypeError, ValueError):
        return None


# ---- XML feeds (feedparser) -------------------------------------------------------------------


def _xml_entry(e) -> FeedEntry:
    content_html = content_text = None
    best = 0
    for part in e.get("content") or ():
        value = part.get("value") or ""
        if len(value.strip()) <= best:
            continue
        best = len(value.strip())
        if (part.get("type") or "text/html").lower() in _HTML_TYPES:
            content_html, content_text = value, None
        else:
            content_html, content_text = None, value
    title = e.get("title")
    if (e.get("title_detail") or {}).get("type", "text/plain") in _HTML_TYPES:
        title = plain_text(title)
    names = [a.get("name") for a in e.get("authors") or () if isinstance(a, dict)]
    if e.get("author") and ("@" in e["author"] or not any(names)):
        names = [e["author"]]  # feedparser splits "mail (Name)" wrongly for some domains
    language = None
    for detail in (e.get("content") or [{}])[0], e.get("title_detail"), e.get("summary_detail"):
        language = language or language_hint((detail or {}).get("language"))
    guid = e.get("id") if isinstance(e.get("id"), str) else None
    link = e.get("link") or (guid if e.get("guidislink") else None)
    return FeedEntry(
        guid=guid,
        link=link,
        title=(title or "").strip() or None,
        published=_iso(e.get("published_parsed") or e.get("updated_parsed"))
        or e.get("published")
        or e.get("updated"),
        authors=tuple(dict.fromkeys(a for a in map(author_name, names) if a)),
        tags=tuple(dict.fromkeys(t.get("term").strip() for t in e.get("tags") or () if _term(t))),
        summary=e.get("summary"),
        content_html=content_html,
        content_text=content_text,
        language=language,
    )


def _term(tag) -> bool:
    return isinstance(tag, dict) and isinstance(tag.get("term"), str) and bool(tag["term"].strip())


def parse_xml_feed(data: bytes, *, base_url: Optional[str] = None, content_type: str = "") -> dict:
    """feedparser over the bytes: ``{version, bozo, error, title, language, self_url, entries}``.

    ``error`` is set (and ``entries`` empty) when nothing usable came out of the document.
    """
    import feedparser

    headers = {}
    if base_url:
        headers["content-location"] = base_url
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers or None)
    feed = parsed.get("feed") or {}
    bozo_exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    entries = [_xml_entry(e) for e in parsed.get("entries") or ()]
    version = parsed.get("version") or ""
    error = None
    if not entries and not version:
        if bozo_exc is not None:
            error = (type(bozo_exc).__name__, f"not a readable feed: {bozo_exc}")
        else:
            error = ("NotAFeed", "no RSS, Atom or RDF feed element in the document")
    self_url = next(
        (link.get("href") for link in feed.get("links") or () if link.get("rel") == "self"), None
    )
    return {
        "version": version,
        "bozo": bool(parsed.get("bozo")),
        "error": error,
        "title": plain_text(feed.get("title")),
        "language": language_hint(feed.get("language")),
        "self_url": _http_url(self_url),
        "entries": entries,
    }


# ---- JSON Feed ----------------------------------------------------------------------------------


def is_json_feed(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b"jsonfeed.org" in data[:65536]


def _json_entry(item: dict, base: Optional[str]) -> FeedEntry:
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    names = [a.get("name") if isinstance(a, dict) else a for a in authors]
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    guid = item.get("id")
    return FeedEntry(
        guid=str(guid) if guid not in (None, "") else None,
        link=_http_url(item.get("url"), base) or _http_url(item.get("external_url"), base),
        title=_str(item.get("title")) and item["title"].strip(),
        published=_str(item.get("date_published")) or _str(item.get("date_modified")),
        authors=tuple(dict.fromkeys(a for a in map(author_name, names) if a)),
        tags=tuple(dict.fromkeys(t.strip() for t in tags if isinstance(t, str) and t.strip())),
        summary=_str(item.get("summary")),
        content_html=_str(item.get("content_html")),
        content_text=None if item.get("content_html") else _str(item.get("content_text")),
        language=language_hint(item.get("language")),
    )


def _str(value) -> Optional[str]:
    return value if isinstance(value, str) and value.strip() else None


def parse_json_feed(data: bytes, *, base_url: Optional[str] = None) -> dict:
    """A JSON Feed (1.0 / 1.1) in the same shape as :func:`parse_xml_feed`."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return _json_error("JSONDecodeError", f"not valid JSON: {exc}")
    if not isinstance(doc, dict) or "jsonfeed.org" not in str(doc.get("version", "")):
        return _json_error("NotAFeed", "JSON without a jsonfeed.org version")
    items = doc.get("items")
    if not isinstance(items, list):
        return _json_error("NotAFeed", "JSON Feed without an 'items' list")
    base = _http_url(doc.get("home_page_url")) or base_url
    entries = [_json_entry(item, base) for item in items if isinstance(item, dict)]
    return {
        "version": "json" + str(doc["version"]).rstrip("/").rsplit("/", 1)[-1],
        "bozo": len(entries) != len(items),
        "error": None,
        "title": plain_text(_str(doc.get("title"))),
        "language": language_hint(doc.get("language")),
        "self_url": _http_url(doc.get("feed_url")),
        "entries": entries,
    }


def _json_error(kind: str, message: str) -> dict:
    return {"version": "", "bozo": True, "error": (kind, message), "entries": []}


# ---- entries to articles ------------------------------------------------------------------------


def feed_html_document(title: Optional[str], body_html: str, *, language: Optional[str]) -> bytes:
    """A small UTF-8 HTML page around a feed entry's content, ready for decode and extraction."""
    lang = f' lang="{html.escape(language)}"' if language else ""
    head_title = f"<title>{html.escape(title)}</title>" if title else ""
    return (
        f'<!DOCTYPE html>\n<html{lang}><head><meta charset="utf-8">{head_title}</head>\n'
        f"<body><article>\n{body_html}\n</article></body></html>\n"
    ).encode()


def _text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def entry_article(
    entry: FeedEntry,
    *,
    source_path: str,
    source_ref: str,
    feed_url: Optional[str],
    feed_language: Optional[str],
) -> Item:
    """One entry as an Article: with ``raw`` when the feed carries the content, else to fetch.

    An entry with neither content, link nor summary is a RejectedRow (``empty``).
    """
    summary_html = entry.get("summary") or ""
    link = _http_url(entry.get("link"))
    language = entry.get("language") or feed_language
    body, source = None, "page"
    if entry.get("content_html") and entry["content_html"].strip():
        body, source = entry["content_html"], "feed_content"
    elif entry.get("content_text") and entry["content_text"].strip():
        body, source = _text_to_html(entry["content_text"]), "feed_content"
    elif not link and plain_text(summary_html):
        body, source = summary_html, "feed_summary"  # nothing to fetch: the summary is all
    article = Article(
        doc_id=stable_id(source_ref),
        source_path=source_path,
        source_ref=source_ref,
        source_format="feed",
        raw=feed_html_document(entry.get("title"), body, language=language) if body else None,
        url=link,
        feed_url=feed_url,
        hint_title=entry.get("title"),
        hint_published=entry.get("published"),
        hint_language=language,
        hint_authors=tuple(entry.get("authors") or ()),
        hint_tags=tuple(entry.get("tags") or ()),
        hint_description=_description(summary_html, body),
        entry_id=entry.get("guid"),
        content_type="html" if body else None,
        encoding="text/html; charset=utf-8" if body else None,
        text_source=source,
        # The page is fetched; its summary stands in when the fetch fails or finds no article.
        feed_text=summary_html if body is None and plain_text(summary_html) else None,
    )
    if body is None and link is None:
        return rejected_row(
            article,
            stage=STAGE,
            reason="empty",
            detail="feed entry with no content, no summary and no link",
        )
    return article


def _description(summary_html: str, body: Optional[str]) -> Optional[str]:
    """The summary as text, unless it is the body itself (Atom copies content into summary)."""
    if not summary_html or summary_html is body:
        return None
    text = plain_text(summary_html)
    if text and body and text == plain_text(body):
        return None
    return text[:1000] if text else None


def _entry_refs(source: str, entries: list) -> list[str]:
    """``<source>#guid=<id>`` (stable as the feed moves on), else ``#entry=<n>``; never repeated."""
    refs, seen = [], set()
    for n, entry in enumerate(entries):
        ref = f"{source}{GUID_REF}{entry['guid']}" if entry.get("guid") else f"{source}#entry={n}"
        if ref in seen:
            ref = f"{source}#entry={n}"
        seen.add(ref)
        refs.append(ref)
    return refs


def _feed_error(source: str, size: int, kind: str, message: str) -> ErrorRow:
    return ErrorRow(
        doc_id=stable_id(source),
        stage=STAGE,
        error_type=kind,
        error_message=clip_message(message),
        traceback="",
        url=source if source.startswith(("http://", "https://")) else None,
        source_path=source,
        source_ref=source,
        input_bytes=size,
    )


def explode_feed(
    data: bytes,
    *,
    source_path: str,
    feed_url: Optional[str] = None,
    base_url: Optional[str] = None,
    content_type: str = "",
) -> list[Item]:
    """Every entry of a feed document, in feed order: Articles, or RejectedRow for empty entries.

    A document with no usable feed in it is one ErrorRow naming the reason; an ill-formed
    (bozo) feed keeps every entry that could be read. A feed with no entries is one RejectedRow
    (``empty``) so the file is accounted for.
    """
    base = base_url or feed_url
    if base is None and source_path.startswith(("http://", "https://")):
        base = source_path
    if is_json_feed(data):
        parsed = parse_json_feed(data, base_url=base)
    else:
        parsed = parse_xml_feed(safe_char_refs(data), base_url=base, content_type=content_type)
    if parsed["error"]:
        return [_feed_error(source_path, len(data), *parsed["error"])]
    entries = [
        FeedEntry(e) for e in strip_shared_blocks([clean_value(e) for e in parsed["entries"]])
    ]
    feed_url = feed_url or parsed["self_url"] or source_path
    if not entries:
        return [
            RejectedRow(
                doc_id=stable_id(source_path),
                stage=STAGE,
                reason="empty",
                detail=f"{parsed['version'] or 'feed'} with no entries",
                url=base,
                title=parsed.get("title"),
                language=None,
                word_count=0,
                source_path=source_path,
                source_ref=source_path,
            )
        ]
    out = []
    for entry, ref in zip(entries, _entry_refs(source_path, entries)):
        try:
            out.append(
                entry_article(
                    entry,
                    source_path=source_path,
                    source_ref=ref,
                    feed_url=feed_url,
                    feed_language=parsed["language"],
                )
            )
        except Exception as exc:  # noqa: BLE001 - one bad entry is one row; the others go on
            row = _feed_error(ref, 0, type(exc).__name__, f"cannot read the entry: {exc}")
            out.append(dataclasses.replace(row, source_path=source_path))
    return out


# ---- OPML ---------------------------------------------------------------------------------------


def parse_opml(data: bytes) -> list[str]:
    """The feed URLs (``xmlUrl`` of every outline, nested or not) of an OPML file, in order."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    root = etree.parse(io.BytesIO(data), parser).getroot()
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise ValueError("not an OPML document (no <opml> root element)")
    urls = []
    for outline in root.iter("{*}outline", "outline"):
        url = _http_url(outline.get("xmlUrl") or outline.get("xmlurl"))
        if url and url not in urls:
            urls.append(url)
    return urls
