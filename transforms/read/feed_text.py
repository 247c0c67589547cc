"""Text of feed fields: markup to plain text, author names without e-mail,
and characters no feed may carry into a row (NUL, lone surrogates, bad character references)."""

import html
import html.entities
import re
from typing import Optional
from urllib.parse import urljoin, urlsplit

__all__ = [
    "GUID_REF",
    "author_name",
    "clean_value",
    "drop_foreign_charsets",
    "http_url",
    "markup_escaped_twice",
    "undeclared_as_utf8",
    "plain_text",
    "plain_title",
    "safe_char_refs",
]

# A feed entry's ``source_ref`` is ``<feed>#guid=<its guid>`` (feed_parse makes it, http_state
# reads the guid back to tell entries that link one page apart).
GUID_REF = "#guid="

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_SPACE_PUNCT = re.compile(r" ([.,;:!?])(?=\s|$)")
_MAILTO = re.compile(r"(?:mailto:)?[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*", re.IGNORECASE)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|<\s*>|\[\s*\]")
_PLACEHOLDER_NAMES = frozenset({"unknown", "anonymous", "noreply", "no-reply", "admin", "none"})


def plain_text(value: Optional[str]) -> Optional[str]:
    """Markup removed, entities decoded, whitespace collapsed; None when nothing is left."""
    if not value:
        return None
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()
    text = _SPACE_PUNCT.sub(r"\1", text)
    return text or None


# The elements a title's markup is made of. Text is taken for markup when all its tags are of
# these and it has a closing tag, a <br> or an entity (feedparser's guess at RSS markup, which
# wants a closing tag or an entity): so "History of the <blink> tag" and "vector<int>" stay.
_TITLE_ELEMENT = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TITLE_TAGS = frozenset(
    "a abbr acronym b big br cite code del dfn em font i img ins kbd mark q s samp small span "
    "strike strong sub sup time tt u var p div".split()
)
_BREAKS = frozenset({"br", "p", "div"})


def _is_markup(text: str) -> bool:
    tags = [(close, name.lower()) for close, name in _TITLE_ELEMENT.findall(text)]
    if any(name not in _TITLE_TAGS for _, name in tags):
        return False
    if any(close or name == "br" for close, name in tags):
        return True
    return any(
        ref.startswith("&#") or ref[1:] in html.entities.html5 for ref in _ENTITY.findall(text)
    )


def _without_markup(text: str) -> str:
    def tag(m: "re.Match") -> str:
        return " " if m.group(2).lower() in _BREAKS else ""

    return html.unescape(_TITLE_ELEMENT.sub(tag, text))


def plain_title(value: Optional[str], *, html_type: Optional[bool]) -> Optional[str]:
    """A title as one line of plain text; None when empty. ``html_type``: the feed declares the
    title HTML (Atom ``type="html"``, or feedparser found RSS markup in it): markup removed and
    entities decoded, and again while what is left is still markup (HTML escaped twice: an RSS
    title's ``&amp;lt;a href=...&amp;gt;`` came out as ``<a href="...">``, OnRails.org).
    False: a text title (Atom ``type="text"``) keeps its ``<`` and ``&`` as written. None: the
    format says nothing (JSON Feed): HTML when it is markup. Runs of white space, line breaks
    included, become one space."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value
    if html_type or (html_type is None and _is_markup(text)):
        text = plain_text(text) or ""
        for _ in range(3):  # escaped twice, rarely three times; never a loop
            if not _is_markup(text):
                break
            text = _without_markup(text)
    return _SPACE.sub(" ", text).strip() or None


# HTML escaped once more than the feed field says: Reddit's RSS puts each post's body in its
# description as "&lt;!-- SC_OFF --&gt;&lt;div class=&quot;md&quot;&gt;&lt;p&gt;...", which
# reads as "<div class="md"><p>..." in the row's text. Markup a post shows as code (a
# tutorial's escaped "<p>Paragraph</p>") has no paragraph of prose, or sits in pre/code.
_ESCAPED_TAG = re.compile(
    r"&lt;/?(?:p|div|a|br|span|em|strong|b|i|u|ul|ol|li|blockquote|h[1-6])\b"
    r"(?:(?!&[lg]t;)[^<>]){0,500}?&gt;|&lt;!--[^<>]{0,200}?--&gt;",
    re.I,
)
_ESCAPED_PARAGRAPH = re.compile(r"&lt;p&gt;((?:(?!&lt;/?p&gt;)[^<>]){1,2000}?)&lt;/p&gt;", re.I)
_CODE_ELEMENT = re.compile(r"<(?:pre|code|tt|kbd|samp)\b", re.I)
_PROSE_WORDS = 8
# A field escaped twice opens with its escaped markup (after any real wrapper tags), or has
# no real tag at all; a blog's prose that writes "&lt;p&gt;...&lt;/p&gt;" inline to show the
# tag opens with its own text.
_REAL_TAG = re.compile(r"<[a-z!/]", re.I)
_LEADING_TAGS = re.compile(r"(?:\s|<[^<>]*>)*")


def _opens_escaped(body: str) -> bool:
    if not _REAL_TAG.search(body):
        return True
    return bool(_ESCAPED_TAG.match(body, _LEADING_TAGS.match(body).end()))


def markup_escaped_twice(body: str) -> str:
    """``body`` (a feed field's HTML) with its tags escaped twice made tags again, when it opens
    with escaped markup (or has no real tag), holds an escaped paragraph of prose (at least eight
    words) and no code element; else as is."""
    if "&lt;" not in body or _CODE_ELEMENT.search(body) or not _opens_escaped(body):
        return body
    prose = any(
        len(_ESCAPED_TAG.sub(" ", m.group(1)).split()) >= _PROSE_WORDS
        for m in _ESCAPED_PARAGRAPH.finditer(body)
    )
    return _ESCAPED_TAG.sub(lambda m: html.unescape(m.group(0)), body) if prose else body


def http_url(value, base: Optional[str] = None) -> Optional[str]:
    """``value`` as an absolute http(s) URL (resolved against ``base``), else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    url = urljoin(base, value.strip()) if base else value.strip()
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc else None


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def author_name(value) -> Optional[str]:
    """A person's name from a feed's author field: e-mail addresses removed in every form feeds
    use (``mail (Name)``, ``Name <mail>``, ``Name (mail)``, a bare address), placeholder names
    (Blogger's ``Unknown``) dropped; None when no name is left."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = _MAILTO.sub(" ", value)
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = text.strip(" \t\r\n,;:-|")
    if not _balanced(text):  # "Name) (mail": what feedparser makes of some author fields
        text = text.replace("(", " ").replace(")", " ")
    while len(text) > 1 and text[0] + text[-1] in ("()", "<>", "[]"):
        text = text[1:-1]
    text = _SPACE.sub(" ", text).strip(" ,;:-|")
    if not text or text.casefold() in _PLACEHOLDER_NAMES:
        return None
    return text


_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_UNSAFE_CHARS = re.compile("[\x00\ud800-\udfff]")


def _safe_ref(m: "re.Match") -> bytes:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    ok = 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
    return m.group(0) if ok else b"&#xFFFD;"


def safe_char_refs(data: bytes) -> bytes:
    """Character references to surrogates, NUL or beyond U+10FFFF (``&#xD800;``) become U+FFFD:
    the feed parser would fail on the whole document for one such entry."""
    return _CHAR_REF.sub(_safe_ref, data) if b"&#" in data else data


def clean_value(value):
    """NUL bytes removed and lone surrogates replaced, in every string of a parsed entry: one bad
    character must neither drop the entry nor fail the writer."""
    if isinstance(value, str):
        return _UNSAFE_CHARS.sub(lambda m: "" if m.group(0) == "\x00" else "\ufffd", value)
    if isinstance(value, dict):
        return {k: clean_value(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return type(value)(clean_value(v) for v in value)
    return value


_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=", re.IGNORECASE)
_XML_DECLARED = re.compile(
    rb"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["']([^"']*)["']""", re.IGNORECASE
)
_CHARSET_PARAM = re.compile(r"""\s*;?\s*charset\s*=\s*["']?([^;"'\s]*)["']?""", re.IGNORECASE)


def drop_foreign_charsets(data: bytes, content_type: str = "") -> tuple[bytes, str]:
    """``data`` and ``content_type`` less a declared encoding that is no web encoding (XML
    declaration, Content-Type charset): feedparser decodes with any codec Python knows, and a
    feed declaring ``punycode`` was an error row, EBCDIC ``cp037`` unreadable, ``unicode_escape``
    or ``hz`` rewrote its text. Such a feed is then read as one that declares nothing
    (``undeclared_as_utf8``), as its pages are (transforms/read/web_encodings.py). A web label
    is rewritten as the codec a browser decodes it with: feedparser knows no ``windows-874`` or
    ``x-sjis``, and reads ``iso-8859-1`` without Windows-1252's quotes."""
    from transforms.read.web_encodings import web_codec

    said = _CHARSET_PARAM.search(content_type)
    if said and not (codec := web_codec(said.group(1))):
        content_type = content_type[: said.start()] + content_type[said.end() :]
    elif said:
        content_type = content_type[: said.start(1)] + codec + content_type[said.end(1) :]
    declared = _XML_DECLARED.match(data[:512])
    if declared and not (codec := web_codec(declared.group(2).decode("ascii", "replace"))):
        data = declared.group(1) + data[declared.end() :]
    elif declared:
        data = data[: declared.start(2)] + codec.encode("ascii") + data[declared.end(2) :]
    return data, content_type


def undeclared_as_utf8(data: bytes, content_type: str = "") -> bytes:
    """A feed that declares no encoding (no byte-order mark, no ``encoding=`` in its XML
    declaration, no charset in its Content-Type) and is not UTF-8, re-encoded as UTF-8 from
    the encoding detected as a page's is: feedparser would read it as Windows-1252 (a Big5 or
    KOI8-R feed's titles came out as ``ëÁË ÐÅÒÅÖÉÔØ``, some entries not at all). Else ``data``."""
    from transforms.read.charsets import bom_codec, decode_not_utf8, utf16_without_bom

    if bom_codec(data) or "charset=" in content_type.lower() or _XML_ENCODING.match(data[:512]):
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    if utf16_without_bom(data):
        return data
    decoded = decode_not_utf8(data)
    return decoded[0].encode("utf-8") if decoded else data
