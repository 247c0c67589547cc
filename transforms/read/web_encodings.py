"""The encodings a web document may declare: those of the WHATWG Encoding standard. Pure."""

import codecs
from typing import Optional

__all__ = ["web_codec"]

# The labels of the WHATWG Encoding standard (https://encoding.spec.whatwg.org/#names-and-labels),
# each as the Python codec that decodes as a browser does, less its "replacement" labels
# (ISO-2022-KR/CN, HZ) and x-user-defined (no Python codec). Python's registry knows many more
# names (punycode, idna, unicode_escape, EBCDIC cp037...), and a page that declared one was decoded
# with it: an error row, or ASCII text rewritten. A label names the codec a browser decodes with,
# not the narrower one it names: every Shift_JIS label is Windows-31J (cp932: ～ ∥ － ① 髙, which
# strict shift_jis reads as 〜 ‖ − or cannot read), ISO-8859-1 and ASCII are Windows-1252 (its
# quotes and € in 0x80-0x9F, C1 controls in ISO-8859-1), ISO-8859-9 is Windows-1254, TIS-620
# Windows-874, GB2312 and GBK are GB18030, EUC-KR is Windows-949, Big5 is Big5-HKSCS.
_WEB_LABELS = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 "
    "iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 "
    "iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 "
    "iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 "
    "iso_8859-5 iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 "
    "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 "
    "iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    # ISO-8859-8 and ISO-8859-8-I (logical order) decode alike.
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 "
    "iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 "
    "iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
    "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk "
    "gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 "
    "ksc5601 ksc_5601 windows-949",
    "utf-16-be": "unicodefffe utf-16be",
    "utf-16-le": "utf-16le",
    # WHATWG reads these as UTF-16LE; Python's utf-16 honours a byte-order mark, else reads LE.
    "utf-16": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16",
}
_CODEC_OF_LABEL = {
    label: codec for codec, labels in _WEB_LABELS.items() for label in labels.split()
}
# A name that is no WHATWG label but one of Python's for a web encoding ("latin-1", "utf_8",
# "euc_kr", "iso_8859_9": pages declare them) as the codec browsers decode it with: these were
# read before, and a browser reading its default Windows-1252 instead is seldom better.
_WIDER = {
    **{codec: codec for codec in _WEB_LABELS},
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}


def web_codec(name: str) -> Optional[str]:
    """Python's codec for a declared charset, as a browser decodes it, or None when it is no web
    encoding (or unknown)."""
    name = name.strip().lower()
    if codec := _CODEC_OF_LABEL.get(name):
        return codec
    try:
        return _WIDER.get(codecs.lookup(name).name)
    except LookupError:
        return None
