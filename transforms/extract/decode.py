"""Decode raw bytes to text: BOM, declared charset (HTTP, meta, XML), UTF-8, then detection."""

import codecs
import dataclasses
import re
from typing import Optional

import apache_beam as beam

from transforms.core.dead_letters import apply_stage
from transforms.core.record import Article, valid_text
from transforms.core.stage_fn import StageFn
from transforms.read.charsets import (
    decode_not_utf8,
    garbled_reading,
    has_utf8_words,
    utf16_without_bom,
)
from transforms.read.magic import not_text_detail
from transforms.read.web_encodings import web_codec

__all__ = [
    "DecodeDocuments",
    "UndecodableError",
    "decode_bytes",
    "declared_charset",
    "looks_binary",
]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{1,400}charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)["']""", re.I)
# Control characters that never occur in text (everything below 0x20 except \t \n \f \r, and ESC).
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13, 27))
# Declarations that cannot be right here: UTF-16/32 without a byte-order mark or the zero bytes
# UTF-16 has was checked above, and UTF-8 was tried. (ASCII is read as Windows-1252, as browsers
# do; UTF-7 and UTF-32 are no web encodings: web_codec never names them.)
_NOT_DECLARABLE = ("utf-8", "utf-16")


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def looks_binary(data: bytes, *, sample: int = 8192) -> bool:
    """True when the start of ``data`` holds NUL bytes or many control characters."""
    head = data[:sample]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return controls / len(head) > 0.05


def declared_charset(data: bytes, *, header: Optional[str] = None) -> Optional[str]:
    """The charset the document declares: HTTP Content-Type, XML declaration or HTML meta."""
    if header:
        m = re.search(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", header, re.I)
        if m and (codec := web_codec(m.group(1))):
            return codec
    head = data[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        m = pattern.search(head)
        if m and (codec := web_codec(m.group(1).decode("ascii", "ignore"))):
            return codec
    return None


def decode_bytes(data: bytes, *, header: Optional[str] = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise UndecodableError for binary or undecodable input.

    Order: byte-order mark, UTF-16 by its zero bytes, valid UTF-8 holding non-ASCII text, the
    declared charset when the bytes decode with it, ASCII, then detection: a page that is
    partly UTF-8 and partly Windows-1252 (or another single-byte encoding) reads each part in
    its own (``utf-8+cp1252``, transforms/read/charsets.py). NUL characters (past the first
    8 KB a text may still hold some) are removed: they are never text.
    """
    text, encoding = _decode(data, header=header)
    return text.replace("\x00", ""), encoding


def _decode(data: bytes, *, header: Optional[str] = None) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), codec
    if utf16 := utf16_without_bom(data):
        return data.decode(utf16, errors="replace"), utf16
    if looks_binary(data):
        raise UndecodableError("binary content (NUL or control bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and not text.isascii():
        # Non-ASCII text that is valid UTF-8 is UTF-8 whatever a header says (servers send a
        # default ISO-8859-1); legacy text is practically never valid UTF-8.
        return text, "utf-8"
    declared = declared_charset(data, header=header)
    if text is None and declared and has_utf8_words(data, declared):
        declared = None  # a UTF-8 title in a page of another encoding: read part by part below
    if declared and not declared.startswith(_NOT_DECLARABLE):
        try:
            said = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration lies; fall through to UTF-8 and detection
        else:  # ISO-8859-1 decodes any bytes: a KOI8-R page that says it is reads as garbage
            return (garbled_reading(said, declared) and decode_not_utf8(data)) or (said, declared)
    if text is not None:
        return text, "utf-8"
    decoded = decode_not_utf8(data)
    if decoded is None:
        raise UndecodableError("no text encoding fits these bytes (binary or corrupt content)")
    return decoded


class _DecodeFn(StageFn):
    namespace = "decode"

    def process(self, article: Article):
        self.seen()
        if article.content is not None:  # already text (a JSON record, a feed entry's content)
            content = valid_text(article.content).replace("\x00", "")
            if content != article.content:
                article = dataclasses.replace(article, content=content)
            yield self.kept(article)
            return
        raw = article.raw or b""
        self.measure("input_bytes", len(raw))
        if detail := not_text_detail(raw):  # a WARC record labelled HTML whose body is a PDF
            yield self.reject(article, "not_html", detail)
            return
        text, encoding = decode_bytes(raw, header=article.encoding) if raw.strip() else ("", None)
        if not text.strip():
            yield self.reject(article, "empty", f"{len(raw)} bytes, no text")
            return
        yield self.kept(dataclasses.replace(article, raw=None, content=text, encoding=encoding))


class DecodeDocuments(beam.PTransform):
    """Bytes to text: StageOutputs(main=Article with ``content``, rejected, errors)."""

    def expand(self, articles):
        return apply_stage(articles, "Decode", _DecodeFn(), stage="decode")
