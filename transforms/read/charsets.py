"""Text encodings a file does not state or states wrong: UTF-16 without a byte-order mark, and
pages that say UTF-8 while some or all of their bytes are in a legacy encoding (Windows-1252)."""

import codecs
import io
import re
import unicodedata
from typing import Optional

__all__ = [
    "UTF8Stream",
    "as_utf8",
    "bom_codec",
    "decode_not_utf8",
    "garbled_reading",
    "has_utf8_words",
    "utf16_without_bom",
]

_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_SAMPLE = 8192
_BLOCK = 1 << 16
# A UTF-16 text has a zero byte in at least this share of its code units (ASCII letters,
# digits, spaces, markup: even Cyrillic or Greek prose has its spaces and punctuation there)...
_MIN_ZERO_UNITS = 0.05
# ...and almost none in the other byte of each unit (U+0100, U+4E00: a low byte of zero).
_MAX_OTHER_ZEROS = 0.05
# Characters that no text holds (controls, unassigned, private use, lone surrogates): binary
# data read as UTF-16 is full of them.
_NOT_TEXT = {"Cc", "Cn", "Co", "Cs"}
_MAX_NOT_TEXT = 0.01
_TEXT_CONTROLS = "\t\n\r\f"
# A valid UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no surrogates).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_DETECT_BYTES = 200_000
# Alone amid UTF-8, these bytes are the start of a cut two-byte sequence (Latin-1 letters,
# U+0080-U+00FF), not the rare "Â" or "Ã" of a legacy encoding.
_CUT_LEADS = (b"\xc2", b"\xc3")
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# charset-normalizer's chaos on a text of a few words is noise: a reading this much more chaotic
# than the best may still be the one that reads as words.
_CHAOS_SLACK = 0.1
# Encodings charset-normalizer offers that no browser reads a page in (the WHATWG Encoding
# standard has none of them): DOS/OEM and EBCDIC code pages and a few rarities. An English page
# in Windows-1252 with a few accents ranked DOS Baltic (cp775) first and read "café" as "cafķ".
_NOT_WEB = frozenset(
    "cp037 cp273 cp424 cp437 cp500 cp720 cp737 cp775 cp850 cp852 cp855 cp856 cp857 cp858 cp860 "
    "cp861 cp862 cp863 cp864 cp865 cp869 cp875 cp1006 cp1026 cp1125 cp1140 hp-roman8 hz johab "
    "koi8-t kz1048 mac-greek mac-iceland mac-latin2 mac-turkish ptcp154 utf-7".split()
)
# A word of UTF-8: three or more multi-byte sequences standing between ASCII bytes (spaces,
# markup), as a title's words do; noise or a legacy encoding forms such runs inside longer
# runs of high bytes.
_UTF8_WORD = re.compile(
    rb"(?<![\x80-\xff])(?:" + _UTF8_MULTIBYTE.pattern + rb"){3,}(?![\x80-\xff])"
)
_MULTIBYTE_CODECS = ("euc_kr", "shift_jis", "euc_jp", "gbk", "big5")
_MAX_DAMAGE = 8
# What detection names when the part of a page it read holds no byte of another encoding.
_UTF8_READ = ("utf-8", "ascii")
_WESTERN_PUNCTUATION = "\u00a0€‘’‚“”„–—…«»‹›°·•™©®§¶±×¿¡£¥¢"


def bom_codec(data: bytes) -> Optional[str]:
    """``utf-16-le``/``utf-16-be`` when ``data`` starts with that byte-order mark, else None."""
    return next((codec for bom, codec in _UTF16_BOMS if data.startswith(bom)), None)


def _reads_as_text(head: bytes, codec: str) -> bool:
    text = codecs.getincrementaldecoder(codec)(errors="replace").decode(head, final=False)
    if not text:
        return False
    odd = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in _NOT_TEXT and ch not in _TEXT_CONTROLS)
    )
    return odd <= len(text) * _MAX_NOT_TEXT


def utf16_without_bom(data: bytes, *, sample: int = _SAMPLE) -> Optional[str]:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` (no byte-order mark) is UTF-16 text: one
    byte of many code units is zero and the other almost never, and the start reads as text.
    None otherwise (binary data has zero bytes at both positions, or decodes to controls)."""
    head = data[: min(sample, len(data)) // 2 * 2]
    units = len(head) // 2
    if units < 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= max(1, units * _MIN_ZERO_UNITS) and other <= zeros * _MAX_OTHER_ZEROS:
            return codec if _reads_as_text(head, codec) else None
    return None


def as_utf8(data: bytes) -> tuple[bytes, Optional[str]]:
    """``data`` re-encoded as UTF-8 when it is UTF-16 (with or without a byte-order mark), and
    the codec it was in; else ``(data, None)``. For readers that parse bytes as UTF-8 (JSON
    lines, feeds); what UTF-16 cannot hold (a lone surrogate) becomes U+FFFD."""
    codec = bom_codec(data)
    if codec:
        data = data[2:]
    else:
        codec = utf16_without_bom(data)
    if not codec:
        return data, None
    return data.decode(codec, errors="replace").encode("utf-8"), codec


class UTF8Stream(io.RawIOBase):
    """The bytes of a ``codec`` stream (UTF-16, its byte-order mark already read) as UTF-8,
    decoded a block at a time, what ``as_utf8`` makes of the whole: a reader of UTF-8 lines
    reads a UTF-16 file of any size in bounded memory."""

    def __init__(self, raw, codec: str):
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        self._out = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._out and not self._done:
            block = self._raw.read(_BLOCK)
            self._done = not block
            self._out = self._decoder.decode(block, final=self._done).encode("utf-8")
        n = min(len(buffer), len(self._out))
        buffer[:n], self._out = self._out[:n], self._out[n:]
        return n


def _legacy_handler(codec: str) -> str:
    """The name of a decode error handler that reads the bytes UTF-8 cannot decode in
    ``codec`` (a single-byte encoding), registered once per codec."""
    name = f"newsbeam-stray-{codec}"
    try:
        codecs.lookup_error(name)
    except LookupError:

        def handler(exc: UnicodeDecodeError):
            bad = exc.object[exc.start : exc.end]
            if bad in _CUT_LEADS and bad.decode(codec, errors="replace") in "ÂÃ":
                return "\ufffd", exc.end  # "papierosÃ...": a UTF-8 sequence the site cut short
            return bad.decode(codec, errors="replace"), exc.end

        codecs.register_error(name, handler)
    return name


def _single_byte(codec: str) -> bool:
    """Whether ``codec`` is a legacy encoding of one character per byte (cp1252, koi8-r), whose
    bytes can stand stray amid UTF-8; UTF-8 and ASCII only make U+FFFD of the bytes they lack."""
    try:
        if codecs.lookup(codec).name in _UTF8_READ:
            return False
        return len(bytes(range(256)).decode(codec, errors="replace")) == 256
    except LookupError:
        return False


def _utf8_with_strays(codec: Optional[str]) -> bool:
    """Whether a page detected as ``codec`` can be UTF-8 with stray bytes of a single-byte
    encoding: nothing detected, a single-byte encoding, or UTF-8 or ASCII (detection read only
    the part of the page before its stray bytes)."""
    return codec is None or _single_byte(codec) or codecs.lookup(codec).name in _UTF8_READ


def _detect(data: bytes) -> Optional[str]:
    """charset-normalizer's best encoding for ``data``; Windows-1252 when it fits as well as the
    best (on a short Western text it ties with Windows-1250 and the like, which read è as č);
    but of the encodings as free of chaos, the one whose reading puts the fewest symbols inside
    words (a short Polish text in Windows-1252 reads "by³o", "¿e", "s¹")."""
    from charset_normalizer import from_bytes

    found = from_bytes(data[:_DETECT_BYTES])
    matches = [m for m in found if codecs.lookup(m.encoding).name not in _NOT_WEB] or list(found)
    if not matches:
        return None
    best = matches[0]  # ranked best first
    chosen = best.encoding
    for match in matches:
        fits = (match.chaos, -match.coherence) <= (best.chaos, -best.coherence)
        if fits and "cp1252" in match.could_be_from_charset:
            chosen = "cp1252"
            break
    sample = data[:_DETECT_BYTES]
    odd = _symbols_in_words(sample.decode(chosen, errors="replace"))
    for match in matches if odd else ():
        if match.chaos <= best.chaos + _CHAOS_SLACK and _single_byte(match.encoding):
            fewer = _symbols_in_words(sample.decode(match.encoding, errors="replace"))
            if fewer < odd:
                chosen, odd = match.encoding, fewer
    return chosen


def _symbols_in_words(text: str) -> int:
    """How many characters above ASCII that are neither letters nor punctuation a Western text
    uses stand next to a letter ("£" in "£ódŸ"), or inside a word for a superscript digit,
    which follows a unit ("m²") but never splits a word ("by³o")."""
    n = 0
    for m in _NON_ASCII.finditer(text):
        ch = m.group()
        if ch.isalpha() or ch in _WESTERN_PUNCTUATION:
            continue
        before = text[m.start() - 1 : m.start()].isalpha()
        after = text[m.end() : m.end() + 1].isalpha()
        n += (before and after) if unicodedata.category(ch) == "No" else (before or after)
    return n


def _western(legacy: bytes) -> bool:
    """Whether the bytes above ASCII read as Windows-1252 letters and punctuation standing alone
    or in pairs between ASCII letters, as in French, German, Spanish or English text: the few
    stray bytes of a mixed page are too few for detection. A word of Cyrillic or Greek in a
    single-byte encoding is a run of such bytes; Polish in Windows-1250 reads as ¹ and ³."""
    runs = _HIGH_RUN.findall(legacy)
    if not runs:
        return False
    if sum(len(run) for run in runs if len(run) > 2) > 0.02 * sum(len(run) for run in runs):
        return False
    chars = b"".join(runs).decode("cp1252", errors="replace")
    return all(ch.isalpha() or ch in _WESTERN_PUNCTUATION for ch in chars)


def _mixed(legacy: bytes, codec: str, multibyte: int) -> bool:
    """Whether valid UTF-8 sequences among bytes of a single-byte ``codec`` are UTF-8 text (a
    UTF-8 template around a Windows-1252 article) rather than chance: Windows-1252 text never
    forms them, Cyrillic or Greek text now and then (a capital letter and a quote)."""
    if not _single_byte(codec):
        return False
    return codec == "cp1252" or multibyte * 20 >= sum(1 for b in legacy if b > 0x7F)


def _mostly_utf8(legacy: bytes, multibyte: int) -> bool:
    """Whether valid UTF-8 sequences outnumber the bytes outside them (a UTF-8 text with a few
    stray bytes, which detection may not place), rather than noise where some pairs of bytes
    happen to be valid."""
    return multibyte >= sum(1 for b in legacy if b > 0x7F)


def has_utf8_words(data: bytes, codec: Optional[str] = None) -> bool:
    """Whether ``data``, text in the single-byte ``codec`` (if named), holds a word of UTF-8
    (three multi-byte sequences in a row between ASCII bytes, letters of one script: "Мост"),
    which the bytes of a single-byte encoding or noise do not form by chance (those of GB2312 or
    EUC-KR do); a UTF-8 title on a Windows-1251 page is
    read as UTF-8, not as "РњРѕСЃС‚"."""
    if codec is not None and not _single_byte(codec):
        return False
    return any(
        _is_word(m.group().decode("utf-8")) for m in _UTF8_WORD.finditer(data, 0, _DETECT_BYTES * 2)
    )


def _is_word(chars: str) -> bool:
    """Three or more letters of one script, quotes or dashes around them allowed ("«Мост»",
    "東京タワー"): chance sequences are symbols or letters of several scripts ("±×÷", "ѮߊҖ")."""
    core = chars.strip(_WESTERN_PUNCTUATION)
    if len(core) < 3 or not all(ch.isalpha() for ch in core):
        return False
    return len({_script(ch) for ch in core}) == 1


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "?").split()[0]
    return "CJK" if name.startswith(("CJK", "HIRAGANA", "KATAKANA")) else name


def _multibyte_with_damage(data: bytes) -> Optional[tuple[str, str]]:
    """``(text, codec)`` for a page in a multi-byte encoding (EUC-KR, Shift-JIS, GBK...) that a
    few bad bytes keep from decoding, which detection then cannot name: the codec detected once
    those bytes (at most ``_MAX_DAMAGE`` runs) are made ``?``, read with U+FFFD for them."""
    sample = data[:_DETECT_BYTES]
    for codec in _MULTIBYTE_CODECS:
        patched = sample
        for _ in range(_MAX_DAMAGE + 1):  # the last pass decodes after the last patch
            try:
                patched.decode(codec)
                break
            except UnicodeDecodeError as exc:
                patched = patched[: exc.start] + b"?" * (exc.end - exc.start) + patched[exc.end :]
        else:
            continue
        found = _detect(patched) if patched != sample else None
        if found and not _single_byte(found) and codecs.lookup(found).name not in _UTF8_READ:
            return data.decode(found, errors="replace"), codecs.lookup(found).name
    return None


# charset-normalizer's mess ratio of a text read in the Western charset its page declares: at
# most 0.031 for the 29 pages and feeds of the shared data read that way; 0.32 for a KOI8-R page
# that says ISO-8859-1 ("ðÏÇÏÄÁ × íÏÓË×Å"). Only a Western declaration is doubted: those two
# decode any bytes (servers send ISO-8859-1 by default), and on a short text the ratio is noise
# (correct Polish in ISO-8859-2 scores 0.34, its ISO-8859-3 misreading 0.13).
_GARBLED = 0.2
_WESTERN = ("iso8859-1", "cp1252", "iso8859-15")
_MESS_CHARS = 20_000


def garbled_reading(text: str, declared: str = "iso8859-1") -> bool:
    """Whether ``text``, bytes read in the Western charset ``declared``, reads as mojibake:
    then the declaration lies, and detection decides."""
    if text.isascii() or codecs.lookup(declared).name not in _WESTERN:
        return False
    from charset_normalizer.md import mess_ratio

    return mess_ratio(text[:_MESS_CHARS]) >= _GARBLED


def decode_not_utf8(data: bytes) -> Optional[tuple[str, str]]:
    """``(text, encoding)`` for bytes that are not valid UTF-8 (whatever they declare), or None
    when no encoding fits. A page that holds UTF-8 and stray bytes of a single-byte encoding (a
    UTF-8 template around a Windows-1252 article) is read part by part: UTF-8 where it is valid,
    the other bytes in the encoding detected on them alone (``utf-8+cp1252``). Else the whole
    is read in the detected encoding."""
    codec = _detect(data)
    legacy, multibyte = _UTF8_MULTIBYTE.subn(b" ", data[: _DETECT_BYTES * 2])
    damaged = None
    if multibyte and _utf8_with_strays(codec):
        stray = "cp1252" if _western(legacy) else _detect(legacy) or codec or "cp1252"
        stray = codecs.lookup(stray).name if _single_byte(stray) else "cp1252"
        mixed = _mixed(legacy, stray, multibyte) if codec else _mostly_utf8(legacy, multibyte)
        if not mixed and has_utf8_words(data):  # unless a damaged multi-byte page forms them
            damaged = None if codec else _multibyte_with_damage(data)
            mixed = codec is not None or damaged is None
        if mixed:
            return data.decode("utf-8", errors=_legacy_handler(stray)), f"utf-8+{stray}"
        codec = codec and stray
    if codec is None:
        return damaged or _multibyte_with_damage(data)  # found above, or not looked for yet
    codec = codecs.lookup(codec).name
    try:
        return data.decode(codec), codec
    except (UnicodeDecodeError, LookupError):
        if not _utf8_with_strays(codec) and not _mostly_utf8(legacy, multibyte):
            # A Shift-JIS or EUC-KR page with a damaged byte: read as UTF-8 it is all garbage.
            return data.decode(codec, errors="replace"), codec
        codec = codec if _single_byte(codec) else "cp1252"
        return data.decode("utf-8", errors=_legacy_handler(codec)), f"utf-8+{codec}"
