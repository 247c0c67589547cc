"""JSON Feed 1.0 / 1.1 (jsonfeed.org) in the shape feedparser's feeds take in feed_parse."""

import json
from typing import Optional

from transforms.read.feed_text import author_name, http_url, plain_text, plain_title
from transforms.read.items import language_hint

__all__ = ["is_json_feed", "parse_json_feed"]


def is_json_feed(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b"jsonfeed.org" in data[:65536]


def _json_entry(item: dict, base: Optional[str]) -> dict:
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    names = [a.get("name") if isinstance(a, dict) else a for a in authors]
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    guid = item.get("id")
    return dict(
        guid=str(guid) if guid not in (None, "") else None,
        link=http_url(item.get("url"), base) or http_url(item.get("external_url"), base),
        title=plain_title(_str(item.get("title")), html_type=None),
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
    base = http_url(doc.get("home_page_url")) or base_url
    entries = [_json_entry(item, base) for item in items if isinstance(item, dict)]
    return {
        "version": "json" + str(doc["version"]).rstrip("/").rsplit("/", 1)[-1],
        "bozo": len(entries) != len(items),
        "error": None,
        "title": plain_text(_str(doc.get("title"))),
        "language": language_hint(doc.get("language")),
        "self_url": http_url(doc.get("feed_url")),
        "entries": entries,
    }


def _json_error(kind: str, message: str) -> dict:
    return {"version": "", "bozo": True, "error": (kind, message), "entries": []}
