"""The encodings a web document may declare: those of the WHATWG Encoding standard. Pure."""

import codecs
from typing import Optional

__all__ = ["web_codec"]

# The labels of the WHATWG Encoding standard (https://encoding.spec.whatwg.org/#names-and-labels),
# less its "replacement" ones (ISO-2022-KR/CN, HZ): the encodings a browser reads a page in.
# Python's registry knows many more names (punycode, idna, unicode_escape, EBCDIC cp037...), and
# a page that declared one was decoded with it: an error row, or ASCII text rewritten.
_WEB_LABELS = (
    "utf-8 utf8 866 cp866 ibm866 iso-8859-2 latin2 iso-8859-3 latin3 iso-8859-4 latin4 "
    "iso-8859-5 cyrillic iso-8859-6 arabic asmo-708 iso-8859-7 greek iso-8859-8 hebrew "
    "iso-8859-10 latin6 iso-8859-13 iso-8859-14 iso-8859-15 latin9 iso-8859-16 koi8-r koi8-u "
    "macintosh iso-8859-11 tis-620 windows-1250 windows-1251 windows-1252 ascii us-ascii "
    "iso-8859-1 latin1 l1 cp819 windows-1253 windows-1254 iso-8859-9 latin5 windows-1255 "
    "windows-1256 windows-1257 windows-1258 gbk gb2312 chinese gb18030 big5 big5-hkscs euc-jp "
    "iso-2022-jp shift_jis shift-jis sjis ms932 ms_kanji euc-kr korean ks_c_5601-1987 ksc5601 "
    "utf-16 utf-16le utf-16be"
).split()
# Web labels Python's registry does not know, as the codec it has for them.
_WEB_ALIASES = {
    "unicode-1-1-utf-8": "utf-8",
    "iso-8859-8-i": "iso8859-8",
    "koi8": "koi8-r",
    "koi8-ru": "koi8-u",
    "mac": "mac-roman",
    "x-mac-roman": "mac-roman",
    "windows-874": "cp874",
    "dos-874": "cp874",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-ukrainian": "mac-cyrillic",
    "x-gbk": "gbk",
    "cn-big5": "big5",
    "x-x-big5": "big5",
    "x-euc-jp": "euc_jp",
    "windows-31j": "cp932",
    "x-sjis": "shift_jis",
    "windows-949": "cp949",
    "unicode": "utf-16",
    "ucs-2": "utf-16",
}


def _lookup(name: str) -> Optional[str]:
    name = name.strip().lower()
    try:
        return codecs.lookup(_WEB_ALIASES.get(name, name)).name
    except LookupError:
        return None


_WEB_CODECS = frozenset(map(_lookup, [*_WEB_LABELS, *_WEB_ALIASES]))


def web_codec(name: str) -> Optional[str]:
    """Python's codec for a declared charset, or None when it is no web encoding (or unknown)."""
    codec = _lookup(name)
    return codec if codec in _WEB_CODECS else None
