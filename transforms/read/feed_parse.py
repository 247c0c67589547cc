"""Parse RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed into one Article per entry; OPML feed lists."""

import dataclasses
import datetime as dt
import html
import io
import re
from collections.abc import Iterator
from typing import Optional, Union

from transforms.core.dead_letters import clip_message, rejected_row
from transforms.core.record import Article, ErrorRow, RejectedRow, stable_id
from transforms.read.feed_boilerplate import strip_shared_blocks
from transforms.read.feed_chunks import feed_chunks
from transforms.read.feed_dates import localized_date
from transforms.read.feed_json import is_json_feed, parse_json_feed
from transforms.read.feed_text import (
    GUID_REF,
    author_name,
    clean_value,
    drop_foreign_charsets,
    http_url,
    markup_escaped_twice,
    plain_text,
    plain_title,
    safe_char_refs,
    undeclared_as_utf8,
)
from transforms.read.items import language_hint

__all__ = [
    "FeedEntry",
    "entry_article",
    "explode_feed",
    "feed_html_document",
    "is_json_feed",
    "iter_feed",
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


def _iso(parsed) -> Optional[str]:
    if not parsed:
        return None
    try:
        return dt.datetime(*parsed[:6], tzinfo=dt.timezone.utc).isoformat()
    except (TypeError, ValueError):
        return None


# ---- XML feeds (feedparser) -------------------------------------------------------------------


def _xml_entry(e, atom: bool) -> FeedEntry:
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
    # Atom declares a title's type; RSS does not, and feedparser's guess of "text/plain" leaves
    # markup it does not take for HTML (a lone "<br/>"): plain_title guesses again.
    html_type = (e.get("title_detail") or {}).get("type", "text/plain") in _HTML_TYPES
    title = plain_title(e.get("title"), html_type=html_type or (False if atom else None))
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
        title=title,
        published=_iso(e.get("published_parsed") or e.get("updated_parsed"))
        or localized_date(e.get("published") or e.get("updated"))
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
    version = parsed.get("version") or ""
    entries = [_xml_entry(e, version.startswith("atom")) for e in parsed.get("entries") or ()]
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
        "self_url": http_url(self_url),
        "home_url": http_url(feed.get("link")),
        "entries": entries,
    }


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
    link_base: Optional[str] = None,
) -> Item:
    """One entry as an Article: with ``raw`` when the feed carries the content, else to fetch.

    An entry with neither content, link nor summary is a RejectedRow (``empty``).
    """
    summary_html = markup_escaped_twice(entry.get("summary") or "")
    link = http_url(entry.get("link"), link_base)
    language = entry.get("language") or feed_language
    body, source = None, "page"
    if entry.get("content_html") and entry["content_html"].strip():
        body, source = markup_escaped_twice(entry["content_html"]), "feed_content"
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
        hint_description=_description(summary_html, body if source == "feed_content" else None),
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


_DESCRIPTION_CHARS = 1000


def _description(summary_html: str, body: Optional[str]) -> Optional[str]:
    """The summary as plain text, unless it repeats the feed's content (Atom copies content into
    summary). ``body``: the entry's content, None when the text is the summary itself (it stays
    the description: the feed calls it that). Clipped at a word boundary (with an ellipsis)
    past 1,000 characters, not inside a word."""
    text = plain_text(summary_html)
    if not text:
        return None
    if body and (body is summary_html or text == plain_text(body)):
        return None
    if len(text) <= _DESCRIPTION_CHARS:
        return text
    cut = text[: _DESCRIPTION_CHARS - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[-100:] else cut).rstrip(" ,;:") + "\u2026"


def _entry_refs(source: str, entries: list, first: int, seen: set) -> list[str]:
    """``<source>#guid=<id>`` (stable as the feed moves on), else ``#entry=<n>`` (``n`` counted
    from the feed's first entry, ``first`` being this list's); never repeated within a feed
    (``seen``: the refs given so far)."""
    refs = []
    for n, entry in enumerate(entries, first):
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


def _parsed_chunks(data: bytes, base: Optional[str], content_type: str) -> Iterator[dict]:
    if is_json_feed(data):
        yield parse_json_feed(data, base_url=base)
        return
    data, content_type = drop_foreign_charsets(data, content_type)
    data = undeclared_as_utf8(data, content_type)
    for chunk in feed_chunks(data):  # a large feed a few thousand entries at a time
        yield parse_xml_feed(safe_char_refs(chunk), base_url=base, content_type=content_type)


def iter_feed(
    data: bytes,
    *,
    source_path: str,
    feed_url: Optional[str] = None,
    base_url: Optional[str] = None,
    content_type: str = "",
) -> Iterator[Item]:
    """Every entry of a feed document, in feed order: Articles, or RejectedRow for empty entries.

    A document with no usable feed in it is one ErrorRow naming the reason; an ill-formed
    (bozo) feed keeps every entry that could be read. A feed with no entries is one RejectedRow
    (``empty``) so the file is accounted for. A feed of many entries is parsed and yielded a
    chunk of entries at a time (``feed_chunks``), so memory does not grow with its length; its
    shared blocks are then found within each chunk.
    """
    base = base_url or feed_url
    if base is None and source_path.startswith(("http://", "https://")):
        base = source_path
    first, seen, head = 0, set(), None
    for parsed in _parsed_chunks(data, base, content_type):
        if parsed["error"]:
            yield _feed_error(source_path, len(data), *parsed["error"])
            return
        head = head or parsed  # every chunk carries the same feed header
        entries = [
            FeedEntry(e) for e in strip_shared_blocks([clean_value(e) for e in parsed["entries"]])
        ]
        refs = _entry_refs(source_path, entries, first, seen)
        first += len(entries)
        for entry, ref in zip(entries, refs):
            yield _entry_item(entry, ref, source_path, feed_url or head["self_url"], head)
    if first == 0 and head is not None:
        yield RejectedRow(
            doc_id=stable_id(source_path),
            stage=STAGE,
            reason="empty",
            detail=f"{head['version'] or 'feed'} with no entries",
            url=base,
            title=head.get("title"),
            language=None,
            word_count=0,
            source_path=source_path,
            source_ref=source_path,
        )


def _entry_item(entry: FeedEntry, ref: str, source_path: str, feed_url, head: dict) -> Item:
    try:
        return entry_article(
            entry,
            source_path=source_path,
            source_ref=ref,
            feed_url=feed_url or source_path,
            feed_language=head["language"],
            # A feed file read from disk has no URL of its own: an entry's relative link
            # ("/releases/tag/v3.9.0") is resolved against the feed's self or home link.
            link_base=head.get("self_url") or head.get("home_url"),
        )
    except Exception as exc:  # noqa: BLE001 - one bad entry is one row; the others go on
        row = _feed_error(ref, 0, type(exc).__name__, f"cannot read the entry: {exc}")
        return dataclasses.replace(row, source_path=source_path)


def explode_feed(data: bytes, *, source_path: str, **options) -> list[Item]:
    """:func:`iter_feed` as a list (``feed_url``, ``base_url``, ``content_type`` as there)."""
    return list(iter_feed(data, source_path=source_path, **options))


# ---- OPML ---------------------------------------------------------------------------------------


def parse_opml(data: bytes) -> list[str]:
    """The feed URLs (``xmlUrl`` of every outline, nested or not) of an OPML file, in order."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    root = etree.parse(io.BytesIO(data), parser).getroot()
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise ValueError("not an OPML document (no <opml> root element)")
    urls: dict = {}  # in order, each once: a list's ``in`` made 100,000 feeds take minutes
    for outline in root.iter("{*}outline", "outline"):
        url = http_url(outline.get("xmlUrl") or outline.get("xmlurl"))
        if url:
            urls.setdefault(url)
    return list(urls)
